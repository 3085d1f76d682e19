from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Membership

        post_save.connect(_membership_saved, sender=Membership, dispatch_uid="audit_membership_saved")
        post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="audit_membership_deleted")

        from .navigation import connect_header_signals

        connect_header_signals()

        from .personal_cache import connect_signals

        connect_signals()  # pages kept per person follow their learning state (ADR 0023)

        from allauth.mfa import signals as mfa_signals

        for signal, action in (
            (mfa_signals.authenticator_added, "authenticator.added"),
            (mfa_signals.authenticator_removed, "authenticator.removed"),
            (mfa_signals.authenticator_reset, "authenticator.reset"),
        ):
            signal.connect(_authenticator_event(action), weak=False, dispatch_uid=f"audit_{action}")


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with an admin viewset that knows our email-login user model."""

    user_viewset = "people.viewsets.UserViewSet"


def _membership_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """Every role given (by an invitation, an administrator, the admin) is in the audit trail."""
    if raw:
        return
    from audit.api import record

    action = "membership.added" if created else "membership.changed"
    record(action, target=instance, organization=instance.organization_id, after=_membership(instance))


def _membership_deleted(sender, instance, **kwargs) -> None:
    from audit.api import record

    record(
        "membership.removed",
        target=instance,
        organization=instance.organization_id,
        before=_membership(instance),
    )


def _membership(instance) -> dict:
    return {"user": instance.user_id, "email": instance.user.email, "role": instance.role}


def _authenticator_event(action: str):
    """A receiver recording two-factor changes (an authenticator app or recovery codes added, removed,
    renewed) on the person's account in the audit trail."""

    def receiver(sender, request, user, authenticator, **kwargs) -> None:
        from audit.api import record

        record(action, actor=user, target=user, after={"type": authenticator.type, "email": user.email})

    return receiver
