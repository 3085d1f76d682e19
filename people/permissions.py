"""Who may do what in an organisation: the one policy read by people's views, templates and tests.

Each rule takes the roles a person holds in the organisation (`roles_in`) and the organisation itself.
Higher apps (employers) keep their own rules in their `permissions.py` and add their links to the
organisation's navigation through the `ORGANIZATION_LINKS_HOOK` (see `people/api.py`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Membership, Organization

ORGANIZATION_LINKS_HOOK = "people_organization_links"


def roles_in(user, organization: Organization) -> set[str]:
    """The roles a signed-in person holds in an organisation (none for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_organization_roles", None)
    if cache is None:
        cache = user._organization_roles = {}
    if organization.pk not in cache:
        cache[organization.pk] = set(
            Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True)
        )
    return cache[organization.pk]


def can_manage_members(roles: set[str], organization: Organization) -> bool:
    return Membership.ADMIN in roles


def can_invite(roles: set[str], organization: Organization) -> bool:
    return Membership.ADMIN in roles or (
        Membership.HR in roles and organization.kind == Organization.EMPLOYER
    )


def can_manage_tokens(roles: set[str], organization: Organization) -> bool:
    return Membership.ADMIN in roles and organization.kind == Organization.EMPLOYER


def can_view_audit(roles: set[str], organization: Organization) -> bool:
    return Membership.ADMIN in roles


def is_member(roles: set[str], organization: Organization) -> bool:
    return bool(roles)


def organization_for(request, slug: str, rule=is_member, *, kind: str | None = None) -> Organization:
    """The organisation named in the URL, when `rule` allows the signed-in person; else 404/403.

    With `kind`, an organisation of another kind has no such page (404).
    """
    filters = {"kind": kind} if kind else {}
    organization = get_object_or_404(Organization, slug=slug, **filters)
    if not rule(roles_in(request.user, organization), organization):
        raise PermissionDenied
    return organization


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Evidence the admin shows and never changes (consents): only viewing is granted, even to superusers."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
