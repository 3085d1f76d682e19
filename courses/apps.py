from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from people.api import Membership, Organization

        from . import signals
        from .permissions import scope_explorer_filters

        scope_explorer_filters()

        post_save.connect(signals.organization_saved, sender=Organization, dispatch_uid="publisher_space")
        post_save.connect(signals.membership_changed, sender=Membership, dispatch_uid="space_groups_save")
        post_delete.connect(signals.membership_changed, sender=Membership, dispatch_uid="space_groups_delete")
        page_published.connect(signals.page_published, dispatch_uid="audit_page_published")
        page_unpublished.connect(signals.page_unpublished, dispatch_uid="audit_page_unpublished")
