"""What of the page tree a person may see in the Wagtail admin: the one policy every admin screen reads.

Each university or training centre edits its own space (`courses.spaces`). Wagtail limits what an editor
may *change* to that space, but several admin screens list pages, workflows and tasks from the whole tree
(the page chooser, its search, the workflow reports, the page types report, the task chooser). The rule:

* a superuser sees everything;
* anyone else sees the pages Wagtail lets them explore (their permitted subtrees and the ancestors leading
  to them) and the live pages outside every publisher space (the home page, the glossary, the catalog:
  public anyway, and what lessons link to). Nothing inside another organisation's space, live or draft.

Read by `courses.wagtail_hooks` (page chooser, explorer, reports menu, site summary) and by
`courses.middleware.AdminScopeMiddleware` (admin views Wagtail offers no hook for).
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .models import ProviderPage

# Admin screens only superusers open: they list workflows, tasks, pages or the people who acted on them
# across every organisation (the site history's "user" filter names everyone who acted on any page an
# editor may see, the catalog included). An editor keeps the dashboard panels ("awaiting your review",
# "your pages in a workflow") and each own page's history.
SUPERUSER_NAMESPACES = ("wagtailadmin_workflows",)
SUPERUSER_VIEWS = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
}


def sees_everything(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def may_open_admin_view(user, view_name: str, namespace: str) -> bool:
    """Whether `user` may open the admin view named `view_name` (namespace:name) at all."""
    if sees_everything(user):
        return True
    return view_name not in SUPERUSER_VIEWS and namespace not in SUPERUSER_NAMESPACES


def in_a_space() -> Exists:
    """True for a page inside any publisher space (the space page itself included). One subquery."""
    return Exists(ProviderPage.objects.filter(path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen)))


def admin_visible_pages(user) -> QuerySet:
    """The pages `user` may see listed, searched or named anywhere in the admin (see the module docstring)."""
    if sees_everything(user):
        return Page.objects.all()
    if not user.is_active:
        return Page.objects.none()
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return Page.objects.filter(Q(pk__in=explorable.values("pk")) | Q(Q(live=True), ~in_a_space()))


def scope_pages(pages: QuerySet, user) -> QuerySet:
    """`pages` narrowed to those `user` may see in the admin."""
    if sees_everything(user):
        return pages
    return pages.filter(pk__in=admin_visible_pages(user).values("pk"))


def may_see_pages(user, page_ids) -> bool:
    """Whether every page in `page_ids` (ids of existing or missing pages) is one `user` may see."""
    ids = {int(pk) for pk in page_ids if str(pk).isdigit()}
    if not ids or sees_everything(user):
        return True
    # Missing pages are not hidden ones: Wagtail answers them with its own 404. One query.
    return not Page.objects.filter(pk__in=ids).exclude(pk__in=admin_visible_pages(user).values("pk")).exists()


def admin_visible_people(user, people: QuerySet) -> QuerySet:
    """`people` narrowed to those who own or edited a page `user` may see in the admin (the explorer's
    "Owner" and "Edited by" filters would otherwise name every university's staff)."""
    if sees_everything(user):
        return people
    from wagtail.models import PageLogEntry

    visible = admin_visible_pages(user).values("pk")
    owners = Page.objects.filter(pk__in=visible).order_by().values("owner_id")
    editors = (
        PageLogEntry.objects.filter(action="wagtail.edit", page_id__in=visible).order_by().values("user_id")
    )
    return people.filter(Q(pk__in=owners) | Q(pk__in=editors))


def scope_explorer_filters() -> None:
    """Narrow the people listed by the explorer's two filters; Wagtail 8 builds them from the whole tree and
    has no hook for it, so the filters' querysets are wrapped once at start-up (tests/courses/test_admin_scope
    fails if a Wagtail upgrade changes them)."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    for filterset in (PageFilterSet, GenericPageFilterSet):
        for name in ("owner", "edited_by"):
            declared = filterset.base_filters[name]
            original = declared.queryset
            if getattr(original, "scoped", False):
                continue

            def scoped(request, original=original):
                return admin_visible_people(request.user, original(request))

            scoped.scoped = True
            declared.queryset = scoped
