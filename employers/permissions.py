"""Who may use the employer's tools: the one policy read by employers' views, the API, the navigation and the
authorization matrix test.

The staff roster, training matrix and job roles show people's training records: only HR and
administrators of an employer see them. Bulk verification shows only what the public verify page shows,
so any member of an employer may use it.
"""

from __future__ import annotations

from people.api import Membership, Organization

RECORD_ROLES = frozenset({Membership.HR, Membership.ADMIN})


def can_view_staff_records(roles: set[str], organization: Organization) -> bool:
    """The roster, the training matrix and job roles (they show consenting staff's records)."""
    return organization.kind == Organization.EMPLOYER and bool(RECORD_ROLES & roles)


def can_bulk_verify(roles: set[str], organization: Organization) -> bool:
    return organization.kind == Organization.EMPLOYER and bool(roles)


def can_use_staff_api(organization: Organization) -> bool:
    """An API token's organisation may read its consenting staff (tokens are issued to employers only)."""
    return organization.kind == Organization.EMPLOYER
