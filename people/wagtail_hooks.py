from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Membership, Organization, PersonalDataConsent
from .permissions import ViewOnlyPolicy


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


register_permission_policy(PersonalDataConsent, ViewOnlyPolicy(PersonalDataConsent))


class PersonalDataConsentViewSet(SnippetViewSet):
    """Consents given at sign-up, read-only: they are evidence (people.models.PersonalDataConsent)."""

    model = PersonalDataConsent
    icon = "doc-full"
    menu_label = _("Personal data consents")
    list_display = ["user", "given_at", "text_version", "language"]
    list_filter = ["text_version", "language"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(PersonalDataConsentViewSet)
