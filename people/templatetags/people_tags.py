from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from people.permissions import (
    ORGANIZATION_LINKS_HOOK,
    can_invite,
    can_manage_members,
    can_manage_tokens,
    can_view_audit,
    roles_in,
)

register = template.Library()


@register.simple_tag
def org_roles(organization, user) -> set[str]:
    """The roles the signed-in person holds in an organisation."""
    return roles_in(user, organization)


@register.simple_tag
def organization_links(organization, user) -> list[tuple[str, str]]:
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
