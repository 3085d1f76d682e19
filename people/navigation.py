"""The organisation pages a person may open, for the header's "Organisation" menu, the profile and the
navigation on each organisation page.

Each link is decided by the rule its view enforces (`people/permissions.py` here; higher apps add theirs
through `ORGANIZATION_LINKS_HOOK`), so the navigation never offers a page that answers 403.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
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


# The header's part for a signed-in person ------------------------------------------------------------

HEADER_VERSION_KEY = "people:header-version"
HEADER_TIMEOUT = 5 * 60  # seconds; any change of roles, groups or permissions ends it at once


def header_version() -> str:
    token = cache.get(HEADER_VERSION_KEY)
    if token is None:
        cache.add(HEADER_VERSION_KEY, uuid.uuid4().hex, None)
        token = cache.get(HEADER_VERSION_KEY)
    return token


def bump_header_version(*args, **kwargs) -> None:
    """Every person's cached header is stale: a membership, organisation, group, permission or account
    changed (now and again on commit, so nothing read before the commit survives it)."""
    if kwargs.get("raw"):
        return
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a sign-in (django.contrib.auth.update_last_login) changes nobody's header
    if kwargs.get("action", "post_").startswith("post_"):
        cache.set(HEADER_VERSION_KEY, uuid.uuid4().hex, None)
        transaction.on_commit(lambda: cache.set(HEADER_VERSION_KEY, uuid.uuid4().hex, None))


def header_menu(user) -> dict:
    """What the header shows a signed-in person of their roles: whether they may open the admin, and each
    organisation where they may open a page (its name and links, in the active language). Kept per person
    for a few minutes; a change of memberships, organisations, groups, permissions or the account itself
    starts over for everyone (`connect_header_signals`). No query on a hit."""
    if not getattr(user, "is_authenticated", False):
        return {"admin": False, "organizations": []}
    key = f"people:header:{header_version()}:{user.pk}:{translation.get_language()}"
    menu = cache.get(key)
    if menu is None:
        menu = {
            "admin": user.has_perm("wagtailadmin.access_admin"),
            "organizations": [
                {"name": str(entry.organization.name), "links": list(entry.links)}
                for entry in organization_menu(user)
                if entry.links
            ],
        }
        cache.set(key, menu, HEADER_TIMEOUT)
    return menu


def connect_header_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    for model in (Membership, Organization, Group, Permission, user_model):
        post_save.connect(bump_header_version, sender=model, dispatch_uid=f"header_saved_{model._meta.label}")
        post_delete.connect(
            bump_header_version, sender=model, dispatch_uid=f"header_deleted_{model._meta.label}"
        )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            bump_header_version, sender=through, dispatch_uid=f"header_m2m_{through._meta.label}"
        )
