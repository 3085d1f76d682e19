"""Records are evidence: the admin never deletes a page or snippet whose deletion would take records with it.

Graded attempts are protected in the database (`on_delete=PROTECT`), so deleting what holds them raises
`ProtectedError`. These hooks ask Django's deletion collector first — the same walk a delete would make,
through every cascade (a course page's modules, their quizzes, the attempts) — and refuse with a message
instead of a server error. Unpublishing stays possible: trainees no longer see the page, the records stay.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static


def protected_records(objects) -> str:
    """What deleting `objects` (pages with their subtrees) would take with it; '' if it keeps every record."""
    from wagtail.models import Page

    groups: dict[type, list] = {}  # the collector takes one model at a time
    for obj in objects:
        if isinstance(obj, Page):
            # The base rows are enough: deleting them cascades to each page's own table and on from there.
            groups.setdefault(Page, []).extend(Page.objects.descendant_of(obj, inclusive=True))
        else:
            groups.setdefault(type(obj), []).append(obj)
    if not groups:
        return ""
    collector = Collector(using=router.db_for_write(next(iter(groups))))
    try:
        for group in groups.values():
            collector.collect(group)
    except (ProtectedError, RestrictedError) as error:
        held = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        counts: dict[str, int] = {}
        for record in held:
            name = str(capfirst(record._meta.verbose_name_plural))
            counts[name] = counts.get(name, 0) + 1
        return ", ".join(f"{name}: {count}" for name, count in counts.items())
    return ""


def _refuse(request, objects, held: str):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    objects = list(objects)
    back = AdminURLFinder(request.user).get_edit_url(objects[0]) or reverse("wagtailadmin_home")
    titles = ", ".join(f"«{obj}»" for obj in list(objects)[:3])
    messages.error(
        request,
        _(
            "%(titles)s cannot be deleted: it holds training records (%(records)s), which are kept as "
            "evidence. Unpublish it instead: trainees will no longer see it and the records stay."
        )
        % {"titles": titles, "records": held},
    )
    return redirect(back)


@hooks.register("before_delete_page")
def keep_records_of_pages(request, page):
    held = protected_records([page])
    if held:
        return _refuse(request, [page], held)
    return None


@hooks.register("before_delete_snippet")
def keep_records_of_snippets(request, instances):
    held = protected_records(instances)
    if held:
        return _refuse(request, instances, held)
    return None


@hooks.register("before_bulk_action")
def keep_records_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    held = protected_records(objects)
    if held:
        return _refuse(request, objects, held)
    return None


@hooks.register("insert_global_admin_js")
def admin_widgets_without_inline_scripts():
    """Starts the admin's date and time pickers without inline scripts (base/static/base/admin-csp.js)."""
    return format_html('<script src="{}"></script>', versioned_static("base/admin-csp.js"))


@hooks.register("before_serve_page", order=-100)
def page_cache_marks_public_pages(page, request, serve_args, serve_kwargs):
    """A signed-out visitor's answer for a public page may be stored (base.pagecache, ADR 0018)."""
    from .pagecache import mark_cacheable

    mark_cacheable(page, request)
