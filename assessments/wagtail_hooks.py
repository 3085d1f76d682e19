from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Assessment, Question, QuestionBank, TimeAccommodation


class AnalysisColumn(Column):
    def get_value(self, instance):
        url = reverse("assessments_admin:analysis", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Item analysis"))


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-1"
    menu_label = _("Question banks")
    list_display = ["name", "owner"]
    search_fields = ["name", "owner"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["name", "bank", "kind", "category"]
    list_filter = ["bank", "difficulty"]
    search_fields = ["name", "category"]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Quizzes and exams")
    list_display = ["title", "page", "is_final", "pass_mark", AnalysisColumn("analysis", label=_("Report"))]


class TimeAccommodationViewSet(SnippetViewSet):
    model = TimeAccommodation
    icon = "time"
    menu_label = _("Time accommodations")


class AssessmentsGroup(SnippetViewSetGroup):
    items = (AssessmentViewSet, QuestionBankViewSet, QuestionViewSet, TimeAccommodationViewSet)
    menu_icon = "tasks"
    menu_label = _("Assessments")
    menu_name = "assessments"


register_snippet(AssessmentsGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "assessments/",
            (
                [
                    path("<int:assessment_id>/analysis/", admin_views.analysis, name="analysis"),
                    path("import-gift/", admin_views.gift_upload, name="gift_upload"),
                ],
                "assessments_admin",
                "assessments_admin",
            ),
        )
    ]


class GiftMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assessments.add_question")


@hooks.register("register_admin_menu_item")
def register_gift_menu_item():
    return GiftMenuItem(
        _("Import GIFT"), reverse("assessments_admin:gift_upload"), icon_name="upload", order=610
    )
