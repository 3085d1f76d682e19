"""Memberships of organisations."""

from __future__ import annotations

from django.db import transaction


class LastAdministrator(Exception):
    """An organisation keeps at least one administrator."""


@transaction.atomic
def end_membership(*, membership) -> None:
    """A member leaves, or an administrator removes them; the last administrator cannot go."""
    from .models import Membership

    if membership.role == Membership.ADMIN:
        admins = Membership.objects.select_for_update().filter(
            organization=membership.organization, role=Membership.ADMIN
        )
        if admins.count() <= 1:
            raise LastAdministrator
    membership.delete()
