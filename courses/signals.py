"""Keep publisher spaces and their groups in step with organisations and memberships."""

from __future__ import annotations


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
