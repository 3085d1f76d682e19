"""Who may use the employer's tools: the one policy read by employers' views, the API, the navigation and the
authorization matrix test.

The staff roster, training matrix and job roles show people's training records: only HR and
administrators of an employer see them. Bulk verification shows only what the public verify page shows,
so any member of an employer may use it.

The inspector dossier (who was qualified on a course version on a date, with the evidence) is for HR and
administrators of an employer, about its consenting staff, and for administrators and reviewers of a
university or training centre, about its own courses (everyone holding one of their certificates).
"""

from __future__ import annotations

from people.api import Membership, Organization

RECORD_ROLES = frozenset({Membership.HR, Membership.ADMIN})
PUBLISHER_DOSSIER_ROLES = frozenset({Membership.ADMIN, Membership.REVIEWER})
DOSSIER_KINDS = (Organization.EMPLOYER, Organization.UNIVERSITY)


def can_view_staff_records(roles: set[str], organization: Organization) -> bool:
    """The roster, the training matrix and job roles (they show consenting staff's records)."""
    return organization.kind == Organization.EMPLOYER and bool(RECORD_ROLES & roles)


def can_bulk_verify(roles: set[str], organization: Organization) -> bool:
    return organization.kind == Organization.EMPLOYER and bool(roles)


def can_use_staff_api(organization: Organization) -> bool:
    """An API token's organisation may read its consenting staff (tokens are issued to employers only)."""
    return organization.kind == Organization.EMPLOYER


def can_view_dossier(roles: set[str], organization: Organization) -> bool:
    """The inspector dossier: an employer's HR and administrators; a publisher's administrators, reviewers."""
    if organization.kind == Organization.EMPLOYER:
        return bool(RECORD_ROLES & roles)
    if organization.kind == Organization.UNIVERSITY:
        return bool(PUBLISHER_DOSSIER_ROLES & roles)
    return False


def can_use_dossier_api(organization: Organization) -> bool:
    """An API token's organisation may read dossiers: an employer (its staff) or a publisher (its courses)."""
    return organization.kind in DOSSIER_KINDS
