"""What other apps may use of the audit trail: one function to record an event, and the chain check.

Action names are `<object>.<verb>`: attempt.started|submitted|expired, lesson.completed, course.completed,
certificate.issued|revoked|reissued|rerendered, page.published|unpublished, question.revised,
assessment.created|changed, import.gift|package, token.created|revoked, membership.added|changed|removed,
consent.given|withdrawn, dossier.generated, admin.signed_in, authenticator.added|removed|reset (two-factor).
"""

from .listing import csv_response, filtered, listing_context
from .services import SYSTEM, ChainCheck, entries_of_organization, record, record_many, verify_chain

__all__ = [
    "SYSTEM",
    "ChainCheck",
    "csv_response",
    "entries_of_organization",
    "filtered",
    "listing_context",
    "record",
    "record_many",
    "verify_chain",
]
