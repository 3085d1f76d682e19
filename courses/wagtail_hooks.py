from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import JobRole, Topic


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
