from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "base"
    verbose_name = _("Site")

    def ready(self):
        from . import admin_widgets

        admin_widgets.install()
