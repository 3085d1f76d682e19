import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, packages
from .models import Assessment, Question, QuestionBank, TimeAccommodation
from .permissions import ScopedPolicy, scoped
from .services import record_assessment


class InUseColumn(Column):
    """Whether a question is still drawn: «в обращении», or «выведен 12.03.2026» (kept for past attempts)."""

    def get_value(self, instance):
        if instance.retired_at is None:
            return _("in use")
        retired_on = date_format(localtime(instance.retired_at), "SHORT_DATE_FORMAT")
        return _("retired %(date)s") % {"date": retired_on}


class QuestionFilterSet(WagtailFilterSet):
    retired = django_filters.BooleanFilter(
        field_name="retired_at", lookup_expr="isnull", exclude=True, label=_("Retired")
    )

    class Meta:
        model = Question
        fields = ["difficulty"]


class AnalysisColumn(Column):
    def get_value(self, instance):
        url = reverse("assessments_admin:analysis", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Item analysis"))


for _model in (QuestionBank, Question, Assessment):
    register_permission_policy(_model, ScopedPolicy(_model))


class ScopedChooseMixin:
    def get_object_list(self):
        return scoped(self.model_class, super().get_object_list(), self.request.user)


class ScopedChooseView(ScopedChooseMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return scoped(self.model_class, self.model_class.objects.all(), self.request.user).get(pk=pk)


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


def _scoped_view(view_class):
    """`view_class` whose object must be visible to the person asking (else: permission denied)."""

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            obj = super().get_object(*args, **kwargs)
            if not scoped(
                self.model, self.model._default_manager.filter(pk=obj.pk), self.request.user
            ).exists():
                raise PermissionDenied
            return obj

    Scoped.__name__ = f"Scoped{view_class.__name__}"
    return Scoped


# Every snippet view that shows or changes one object: edit, copy, delete, history, usage, inspect, previews,
# revisions, locking and workflow actions.
OBJECT_VIEWS = (
    "edit_view_class",
    "copy_view_class",
    "delete_view_class",
    "usage_view_class",
    "history_view_class",
    "inspect_view_class",
    "revisions_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "lock_view_class",
    "unlock_view_class",
    "workflow_action_view_class",
    "collect_workflow_action_data_view_class",
    "confirm_workflow_cancellation_view_class",
    "workflow_preview_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
)


class ScopedViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedChooserViewSet

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in OBJECT_VIEWS:
            view_class = getattr(cls, name, None)
            if view_class is not None:
                setattr(cls, name, _scoped_view(view_class))

    list_select_related: tuple[str, ...] = ()  # the foreign keys the listing shows, fetched with the rows

    def get_queryset(self, request):
        rows = self.model._default_manager.select_related(*self.list_select_related)
        return scoped(self.model, rows, request.user)


class QuestionBankViewSet(ScopedViewSet):
    model = QuestionBank
    icon = "folder-open-1"
    menu_label = _("Question banks")
    list_display = ["name", "organization"]
    list_select_related = ("organization",)
    search_fields = ["name", "owner"]


class QuestionViewSet(ScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = [
        "name",
        "bank",
        Column("kind_label", label=_("Type")),
        "category",
        InUseColumn("retired_at", label=_("Status of use")),
    ]
    list_select_related = ("bank", "current_version")  # the type column reads the current version
    filterset_class = QuestionFilterSet
    search_fields = ["name", "category"]


class AssessmentViewSet(ScopedViewSet):
    model = Assessment
    icon = "tasks"
    menu_label = _("Quizzes and exams")
    list_display = [
        "title",
        "page",
        BooleanColumn("is_final", label=capfirst(Assessment._meta.get_field("is_final").verbose_name)),
        "pass_mark",
        AnalysisColumn("analysis", label=_("Report")),
    ]
    list_select_related = ("page",)


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


# The audit trail keeps every change to a quiz's rules (pass mark, time, attempts, draw rules) with the
# state before and after, whoever makes it in the admin.
@hooks.register("before_edit_snippet")
def remember_rules(request, instance):
    if isinstance(instance, Assessment) and request.method == "POST":
        request._assessment_rules_before = instance.rules()


@hooks.register("after_edit_snippet")
def record_rule_change(request, instance):
    if isinstance(instance, Assessment):
        before = getattr(request, "_assessment_rules_before", None)
        after = Assessment.objects.get(pk=instance.pk).rules()
        if before != after:
            record_assessment("assessment.changed", instance, before=before, after=after)


@hooks.register("after_create_snippet")
def record_new_assessment(request, instance):
    if isinstance(instance, Assessment):
        record_assessment("assessment.created", instance, after=instance.rules())


# Course packages (courses.packages) read and import their question banks and quizzes through these.
hooks.register("course_package_read_bank", packages.read_bank)
hooks.register("course_package_import_quizzes", packages.import_quizzes)
