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
