"""Framework events the audit trail records itself: sign-ins of people who can open the admin."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in


def admin_signed_in(sender, request, user, **kwargs) -> None:
    if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        from .services import record

        record("admin.signed_in", actor=user, target=user)


def connect() -> None:
    user_logged_in.connect(admin_signed_in, dispatch_uid="audit_admin_signed_in")
