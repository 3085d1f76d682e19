"""The audit trail in the Wagtail admin: read-only, filtered, exportable. Nothing here can change an entry."""

from __future__ import annotations

import csv
from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import AuditEntry

MAX_EXPORT = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def may_see_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or AuditEntry.objects.visible_to(user).exists())


def _filtered(request):
    entries = AuditEntry.objects.visible_to(request.user)
    wanted = {
        "action": request.GET.get("action", "").strip()[:50],
        "actor": request.GET.get("actor", "").strip()[:254],
        "object": request.GET.get("object", "").strip()[:100],
        "since": request.GET.get("since", "").strip()[:10],
        "until": request.GET.get("until", "").strip()[:10],
    }
    if wanted["action"]:
        entries = entries.filter(action__startswith=wanted["action"])
    if wanted["actor"]:
        entries = entries.filter(actor__icontains=wanted["actor"])
    if wanted["object"]:
        entries = entries.filter(object_repr__icontains=wanted["object"])
    for key, lookup, moment in (("since", "at__gte", time.min), ("until", "at__lte", time.max)):
        day = parse_date(wanted[key]) if wanted[key] else None
        if day is not None:
            entries = entries.filter(**{lookup: timezone.make_aware(datetime.combine(day, moment))})
        else:
            wanted[key] = ""
    return entries.order_by("-id"), wanted


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def audit_log(request):
    if not may_see_audit(request.user):
        raise PermissionDenied
    entries, wanted = _filtered(request)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                "id",
                "at",
                "actor",
                "action",
                "object_type",
                "object_id",
                "object",
                "organization_id",
                "before",
                "after",
                "reason",
                "hash",
            ]
        )
        for entry in entries[:MAX_EXPORT].iterator(chunk_size=2000):
            writer.writerow(
                [
                    _cell(value)
                    for value in (
                        entry.pk,
                        entry.at.isoformat(),
                        entry.actor,
                        entry.action,
                        entry.object_type,
                        entry.object_id,
                        entry.object_repr,
                        entry.organization_id,
                        entry.before,
                        entry.after,
                        entry.reason,
                        entry.hash,
                    )
                ]
            )
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    query = urlencode({key: value for key, value in wanted.items() if value})
    return TemplateResponse(
        request,
        "audit/admin/log.html",
        {
            "page_obj": page,
            "wanted": wanted,
            "query": query,
            "actions": sorted(
                AuditEntry.objects.visible_to(request.user)
                .order_by()
                .values_list("action", flat=True)
                .distinct()
            ),
            "page_title": _("Audit trail"),
            "header_icon": "history",
        },
    )
