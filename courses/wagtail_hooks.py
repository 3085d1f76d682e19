from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
