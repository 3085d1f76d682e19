from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from assessments.api import attempt_finished

        from . import receivers

        attempt_finished.connect(receivers.attempt_finished, dispatch_uid="learning_attempt_finished")
