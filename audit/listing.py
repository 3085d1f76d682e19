"""Reading the audit trail: filters, a page of entries, CSV (the admin screen and organisation pages)."""

from __future__ import annotations

import csv
from datetime import datetime, time

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import urlencode

MAX_EXPORT = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filtered(entries, params):
    """`entries` narrowed by the filters in `params` (a QueryDict); returns them and the filters applied."""
    wanted = {
        "action": params.get("action", "").strip()[:50],
        "actor": params.get("actor", "").strip()[:254],
        "object": params.get("object", "").strip()[:100],
        "since": params.get("since", "").strip()[:10],
        "until": params.get("until", "").strip()[:10],
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


def csv_response(entries, filename: str = "audit-log.csv") -> HttpResponse:
    """The entries as CSV (UTF-8 with BOM for spreadsheets; formula-looking cells prefixed with ')."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        ["id", "at", "actor", "action", "object_type", "object_id", "object", "organization_id"]
        + ["before", "after", "reason", "hash"]
    )
    for entry in entries[:MAX_EXPORT].iterator(chunk_size=2000):
        row = (entry.pk, entry.at.isoformat(), entry.actor, entry.action, entry.object_type, entry.object_id)
        row += (entry.object_repr, entry.organization_id, entry.before, entry.after, entry.reason, entry.hash)
        writer.writerow([_cell(value) for value in row])
    return response


def listing_context(request, scope) -> dict:
    """Filters, one page of the entries in `scope` and the actions to choose from, for an audit listing."""
    entries, wanted = filtered(scope, request.GET)
    return {
        "page_obj": Paginator(entries, 50).get_page(request.GET.get("p")),
        "wanted": wanted,
        "query": urlencode({key: value for key, value in wanted.items() if value}),
        "actions": sorted(scope.order_by().values_list("action", flat=True).distinct()),
    }
