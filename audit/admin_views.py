"""The audit trail in the Wagtail admin: read-only, filtered, exportable. Nothing here can change an entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .listing import csv_response, filtered, listing_context
from .models import AuditEntry


def may_see_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or AuditEntry.objects.visible_to(user).exists())


def audit_log(request):
    if not may_see_audit(request.user):
        raise PermissionDenied
    visible = AuditEntry.objects.visible_to(request.user)
    if request.GET.get("format") == "csv":
        return csv_response(filtered(visible, request.GET)[0])
    context = listing_context(request, visible)
    return TemplateResponse(
        request,
        "audit/admin/log.html",
        {**context, "page_title": _("Audit trail"), "header_icon": "history"},
    )
