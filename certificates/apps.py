from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from courses.api import CourseVersion
        from learning.api import course_completed
        from people.api import name_saved

        from . import receivers, verification
        from .models import Certificate, SigningKey

        course_completed.connect(receivers.course_completed, dispatch_uid="certificates_course_completed")
        name_saved.connect(receivers.name_saved, dispatch_uid="certificates_name_saved")
        post_save.connect(
            receivers.certificate_saved, sender=Certificate, dispatch_uid="certificates_status_list"
        )
        # The verification cache forgets a certificate on any change to it; everything when the signing keys
        # or a course's versions change (ADR 0019).
        changed, everything = verification.certificate_changed, verification.keys_or_versions_changed
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(changed, sender=Certificate, dispatch_uid=f"verify_{name}")
            signal.connect(everything, sender=SigningKey, dispatch_uid=f"verify_keys_{name}")
            signal.connect(everything, sender=CourseVersion, dispatch_uid=f"verify_versions_{name}")
        deleting = verification.certificate_deleting
        pre_delete.connect(deleting, sender=Certificate, dispatch_uid="verify_deleting")
