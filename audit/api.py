"""What other apps may use of the audit trail: one function to record an event, and the chain check.

Action names are `<object>.<verb>`: attempt.started|submitted|expired, lesson.completed, course.completed,
certificate.issued|revoked|reissued|rerendered, page.published|unpublished, question.revised,
assessment.created|changed, import.gift|package, token.created|revoked, membership.added|changed|removed,
consent.given|withdrawn, admin.signed_in.
"""

from .services import SYSTEM, ChainCheck, record, verify_chain

__all__ = ["SYSTEM", "ChainCheck", "record", "verify_chain"]
