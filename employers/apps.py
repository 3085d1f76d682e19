from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        from people.api import staff_invitation_accepted

        from . import receivers

        staff_invitation_accepted.connect(
            receivers.staff_invitation_accepted, dispatch_uid="employers_consent"
        )
