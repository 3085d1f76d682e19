from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Membership, Organization


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name_ru", "name_en", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_ru", "name_en", "slug"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]


class OrganizationsGroup(SnippetViewSetGroup):
    items = (OrganizationViewSet, MembershipViewSet)
    menu_icon = "site"
    menu_label = _("Organisations")
    menu_name = "organisations"


register_snippet(OrganizationsGroup)
