from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "base"
    verbose_name = _("Site")

    def ready(self):
        # Our PDFs draw only what the code passes them: ReportLab must never fetch a resource a text names
        # (an <img src> or a URL smuggled into a name), whatever the escaping upstream. No host and no URL
        # scheme is trusted for it to read from.
        from reportlab import rl_config

        rl_config.trustedHosts = None
        rl_config.trustedSchemes = []

        from . import admin_widgets

        admin_widgets.install()
        admin_widgets.install_translated_snippet_chooser()

        from . import pagecache

        pagecache.connect_signals()
