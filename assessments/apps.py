from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from wagtail.signals import published, unpublished

        from .models import Assessment

        published.connect(_assessment_published, sender=Assessment, dispatch_uid="audit_assessment_published")
        unpublished.connect(
            _assessment_unpublished, sender=Assessment, dispatch_uid="audit_assessment_unpublished"
        )


def _assessment_published(sender, instance, revision=None, **kwargs) -> None:
    """A reviewed change takes effect: the trail keeps the live rules before and after, who drafted the
    change and (as the actor) who published it."""
    from .services import record_assessment

    record_assessment(
        "assessment.published",
        instance,
        before=getattr(instance, "_rules_before", None),
        after={
            **instance.rules(),
            "revision": getattr(revision, "pk", None),
            "author": getattr(getattr(revision, "user", None), "email", None),  # who drafted it
        },
    )


def _assessment_unpublished(sender, instance, **kwargs) -> None:
    from .services import record_assessment

    record_assessment("assessment.unpublished", instance)
