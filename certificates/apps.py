from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from learning.api import course_completed
        from people.api import name_saved

        from . import receivers
        from .models import Certificate

        course_completed.connect(receivers.course_completed, dispatch_uid="certificates_course_completed")
        name_saved.connect(receivers.name_saved, dispatch_uid="certificates_name_saved")
        post_save.connect(
            receivers.certificate_saved, sender=Certificate, dispatch_uid="certificates_status_list"
        )
