from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.models import Locale, Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.api import LOGIN_LANDING_HOOK, Landing, Membership, mark_personal_page

from . import admin_views
from .catalog import catalog_context
from .models import (
    CourseIndexPage,
    CoursePage,
    JobRole,
    LearningPathPage,
    LessonPage,
    ModulePage,
    ProviderPage,
    Topic,
)
from .pagecontext import PAGE_CONTEXT_HOOK
from .permissions import SUPERUSER_VIEWS, may_see_pages, scope_pages, sees_everything
from .services import course_of, course_structure, localized_courses


class JobRoleViewSet(SnippetViewSet):
    model = JobRole
    icon = "user"
    menu_label = _("Job roles")
    list_display = ["code", "name_ru", "name_en"]
    ordering = ["sort_order"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["slug", "name_ru", "name_en"]


class CatalogViewSetGroup(SnippetViewSetGroup):
    items = (JobRoleViewSet, TopicViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Catalog")
    menu_name = "catalog"


register_snippet(CatalogViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "course-packages/",
            (
                [path("import/", admin_views.package_upload, name="package_upload")],
                "courses_admin",
                "courses_admin",
            ),
        )
    ]


class PackageMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.publishers_for(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_package_menu_item():
    return PackageMenuItem(
        _("Import a course package"), reverse("courses_admin:package_upload"), icon_name="upload", order=605
    )


# What an editor sees of the page tree in the admin: `courses.permissions` (and `courses.middleware` for the
# views Wagtail gives no hook).


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """The page chooser (browse and search) lists only pages the editor may see."""
    return scope_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    """The explorer and admin search list only pages the editor may see, under a page they may see."""
    if not may_see_pages(request.user, [parent_page.pk]):
        raise PermissionDenied
    return scope_pages(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_superuser_reports(request, menu_items):
    """Reports that list every organisation's workflows, tasks or pages are for superusers only."""
    if sees_everything(request.user):
        return
    hidden = {reverse(name) for name in SUPERUSER_VIEWS}
    menu_items[:] = [item for item in menu_items if item.url not in hidden]


def _scoped_bulk_action(action_class):
    """`action_class` (a page bulk action) that neither lists nor acts on pages the editor may not see."""

    class Scoped(action_class):
        def get_actionable_objects(self):
            objects, extra = super().get_actionable_objects()
            hidden = extra["items_with_no_access"]
            ids = [page.pk for page in [*objects, *hidden]]
            visible = set(
                scope_pages(Page.objects.filter(pk__in=ids), self.request.user).values_list("pk", flat=True)
            )
            return (
                [page for page in objects if page.pk in visible],
                {**extra, "items_with_no_access": [page for page in hidden if page.pk in visible]},
            )

    Scoped.__name__ = f"Scoped{action_class.__name__}"
    return Scoped


for _action_class in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    # After Wagtail's own (order 0): the registry keeps the last class for an action.
    hooks.register("register_bulk_action", _scoped_bulk_action(_action_class), order=1)


@hooks.register(PAGE_CONTEXT_HOOK, order=-100)
def course_page_structure(*, page, request, context: dict) -> dict:
    """What a course page shows anyone: catalog cards, a course's modules and lessons, a path's courses."""
    if isinstance(page, CourseIndexPage):
        return catalog_context(catalog=page, request=request)
    if isinstance(page, CoursePage):
        return {"outline": course_structure(course=page)}
    if isinstance(page, ModulePage):
        course = course_of(page)
        return {"course": course, "outline": course_structure(course=course) if course else None}
    if isinstance(page, LessonPage):
        # Set when serving (the learning app's access check builds it with the trainee's progress).
        outline = getattr(request, "course_outline", None)
        if outline is None:  # previews and direct renders
            course = course_of(page)
            outline = course_structure(course=course) if course else None
        return {"outline": outline}
    if isinstance(page, LearningPathPage):
        links = page.path_courses.order_by("sort_order").select_related("course")
        return {"path_courses": localized_courses([link.course for link in links if link.course.live])}
    return {}


@hooks.register(PAGE_CONTEXT_HOOK, order=100)
def place_in_course(*, page, request, context: dict) -> dict:
    """Where a module or lesson sits in its course (after progress has been marked on the outline)."""
    outline = context.get("outline")
    if isinstance(page, ModulePage):
        return {
            "module_item": next((m for m in outline.modules if m.page.pk == page.pk), None)
            if outline
            else None
        }
    if isinstance(page, LessonPage):
        previous, following = outline.neighbours(page) if outline else (None, None)
        current = (
            next((item for item in outline.lessons if item.page.pk == page.pk), None) if outline else None
        )
        return {"previous": previous, "following": following, "lesson_done": bool(current and current.done)}
    return {}


@hooks.register(LOGIN_LANDING_HOOK)
def publisher_landing(*, request, user):
    """A reviewer of a publisher starts from the admin dashboard, whose first panel lists the pages awaiting
    their review; an editor from their publisher space in the page explorer (in the active language)."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return None
    memberships = Membership.objects.filter(
        user=user,
        role__in=(Membership.REVIEWER, Membership.EDITOR),
        organization__publisher_space__isnull=False,
    )
    roles = dict(memberships.values_list("role", "organization"))
    if Membership.REVIEWER in roles:
        return Landing.REVIEWER, reverse("wagtailadmin_home")
    if Membership.EDITOR in roles:
        spaces = ProviderPage.objects.filter(organization_id=roles[Membership.EDITOR])
        space = spaces.filter(locale=Locale.get_active()).first() or spaces.first()
        return Landing.EDITOR, reverse("wagtailadmin_explore", args=[space.pk]) if space else reverse(
            "wagtailadmin_home"
        )
    return None


@hooks.register("before_serve_page")
def course_page_kept_per_person(page, request, serve_args, serve_kwargs):
    """A signed-in person's course page may be kept whole for them until their learning state, the header
    or a publish changes (people.personal_cache, ADR 0023). The course page writes nothing when shown (the
    lesson page records the visit, so it is never kept)."""
    if isinstance(page, CoursePage):
        mark_personal_page(page, request)
