from django import template

from people import navigation
from people.permissions import roles_in

register = template.Library()


@register.simple_tag
def org_roles(organization, user) -> set[str]:
    """The roles the signed-in person holds in an organisation."""
    return roles_in(user, organization)


@register.simple_tag
def organization_links(organization, user) -> list[tuple[str, str]]:
    """The organisation pages this person may open, as (url, label): each app decides by its permissions."""
    return navigation.organization_links(organization, user)


@register.simple_tag
def organization_menu(user, with_links_only=False) -> list[navigation.OrganizationEntry]:
    """Each organisation the person belongs to, once, with the pages they may open there (one query);
    `with_links_only` leaves out those where they may open none."""
    entries = navigation.organization_menu(user)
    return [entry for entry in entries if entry.links] if with_links_only else entries


@register.simple_tag
def header_menu(user) -> dict:
    """The header's admin link and organisation menu for this person (cached per person, no query on a hit):
    `{"admin": bool, "organizations": [{"name": …, "links": [(url, label), …]}, …]}`."""
    return navigation.header_menu(user)
