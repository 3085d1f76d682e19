from django import template

from people.models import Membership

register = template.Library()


@register.simple_tag
def org_roles(organization, user) -> set[str]:
    """The roles the signed-in person holds in an organisation (for showing only the pages they may open)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True))
