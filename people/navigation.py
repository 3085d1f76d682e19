"""The organisation pages a person may open, for the header's "Organisation" menu, the profile and the
navigation on each organisation page.

Each link is decided by the rule its view enforces (`people/permissions.py` here; higher apps add theirs
through `ORGANIZATION_LINKS_HOOK`), so the navigation never offers a page that answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Membership, Organization
from .permissions import (
    ORGANIZATION_LINKS_HOOK,
    can_invite,
    can_manage_members,
    can_manage_tokens,
    can_view_audit,
    roles_in,
)


@dataclass
class OrganizationEntry:
    """One organisation in a person's menu: their memberships (one per role) and the pages they may open."""

    organization: Organization
    memberships: list[Membership] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def organization_links(organization: Organization, user) -> list[tuple[str, str]]:
    """The organisation pages this person may open, as (url, label): each app decides by its permissions."""
    roles = roles_in(user, organization)
    links: list[tuple[str, str]] = []
    for provide in hooks.get_hooks(ORGANIZATION_LINKS_HOOK):
        links += provide(organization=organization, roles=roles)
    slug = organization.slug
    if can_manage_members(roles, organization):
        links.append((reverse("people:members", args=[slug]), _("Members")))
    if can_invite(roles, organization):
        links.append((reverse("people:invite", args=[slug]), _("Invite people")))
    if can_manage_tokens(roles, organization):
        links.append((reverse("people:tokens", args=[slug]), _("API tokens")))
    if can_view_audit(roles, organization):
        links.append((reverse("people:audit", args=[slug]), _("Audit trail")))
    return links


def organization_menu(user) -> list[OrganizationEntry]:
    """Each organisation the person belongs to, once, with their memberships and links.

    One query whatever the number of organisations: the memberships come with their organisations, and
    the roles they give fill `roles_in`'s per-request cache so the link rules ask nothing more.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_organization_menu", None)
    if cached is not None:
        return cached
    entries: dict[int, OrganizationEntry] = {}
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name_ru", "organization_id", "role")
    )
    for membership in memberships:
        entry = entries.setdefault(
            membership.organization_id, OrganizationEntry(organization=membership.organization)
        )
        entry.memberships.append(membership)
    roles_cache = getattr(user, "_organization_roles", None)
    if roles_cache is None:
        roles_cache = user._organization_roles = {}
    for pk, entry in entries.items():
        roles_cache[pk] = {membership.role for membership in entry.memberships}
        entry.links = organization_links(entry.organization, user)
    user._organization_menu = list(entries.values())
    return user._organization_menu
