"""Keep publisher spaces and their groups in step with organisations and memberships."""

from __future__ import annotations

from audit.api import record


def organization_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not instance.is_publisher:
        return
    from .spaces import ensure_publisher_space, sync_member_groups

    ensure_publisher_space(instance)
    for membership in instance.memberships.select_related("user"):
        sync_member_groups(membership.user)


def membership_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from .spaces import sync_member_groups

    sync_member_groups(instance.user)


def page_published(sender, instance, revision=None, **kwargs) -> None:
    """Publishing is recorded with who approved it, the revision and the page's version label; a course's
    new version is recorded as minor or major (`record_version`)."""
    from .models import CoursePage
    from .services import record_version, settle_first_version
    from .spaces import organization_id_of

    if isinstance(instance, CoursePage):
        record_version(course=instance, by=getattr(revision, "user", None))
    else:
        settle_first_version(page=instance)

    record(
        "page.published",
        actor=getattr(revision, "user", None),
        target=instance,
        organization=organization_id_of(instance),
        after={
            "revision": getattr(revision, "pk", None),
            "title": instance.title,
            "locale": instance.locale.language_code,
            "version": getattr(instance, "version_label", None),
        },
    )


def page_unpublished(sender, instance, **kwargs) -> None:
    from .spaces import organization_id_of

    record(
        "page.unpublished",
        target=instance,
        organization=organization_id_of(instance),
        after={"title": instance.title, "locale": instance.locale.language_code},
    )
