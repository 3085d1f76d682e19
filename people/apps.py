from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("People")


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with an admin viewset that knows our email-login user model."""

    user_viewset = "people.viewsets.UserViewSet"
