"""Employers' links in an organisation's navigation, decided by `employers/permissions.py`."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from people.api import LOGIN_LANDING_HOOK, ORGANIZATION_LINKS_HOOK, Landing, Membership, Organization

from .permissions import can_bulk_verify, can_view_dossier, can_view_staff_records


@hooks.register(ORGANIZATION_LINKS_HOOK)
def employer_links(*, organization, roles: set[str]) -> list[tuple[str, str]]:
    links = []
    if can_view_staff_records(roles, organization):
        links += [
            (reverse("employers:staff", args=[organization.slug]), _("Staff")),
            (reverse("employers:matrix", args=[organization.slug]), _("Training matrix")),
            (reverse("employers:job_roles", args=[organization.slug]), _("Job roles")),
        ]
    if can_view_dossier(roles, organization):
        links.append((reverse("employers:dossier", args=[organization.slug]), _("Inspector dossier")))
    if can_bulk_verify(roles, organization):
        links.append((reverse("employers:bulk_verify", args=[organization.slug]), _("Verify certificates")))
    return links


@hooks.register(LOGIN_LANDING_HOOK)
def training_matrix_landing(*, request, user):
    """HR and administrators of an employer start from its training matrix (the first such organisation)."""
    roles: dict[Organization, set[str]] = {}
    memberships = Membership.objects.filter(user=user, organization__kind=Organization.EMPLOYER)
    for membership in memberships.select_related("organization").order_by("organization__name_ru", "pk"):
        roles.setdefault(membership.organization, set()).add(membership.role)
    for organization, held in roles.items():
        if can_view_staff_records(held, organization):
            return Landing.ORGANIZATION, reverse("employers:matrix", args=[organization.slug])
    return None
