"""Admin screens beyond the snippet editors: item analysis (with CSV) and the GIFT upload."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.api import SafeWriter
from people.api import Organization

from .analysis import item_analysis
from .importer import ImportProblem, import_gift
from .models import Assessment, QuestionBank
from .permissions import scoped

MAX_GIFT_BYTES = 2 * 1024 * 1024


def _fmt(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


def analysis(request, assessment_id: int):
    if not request.user.has_perm("assessments.change_assessment"):
        raise PermissionDenied

    assessment = get_object_or_404(
        scoped(Assessment, Assessment.objects.all(), request.user), pk=assessment_id
    )
    stats = item_analysis(assessment)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="item-analysis-{assessment.pk}.csv"'
        writer = SafeWriter(response)  # question names are typed by authors
        writer.writerow(["question", "type", "attempts", "facility_index", "discrimination_index", "options"])
        for q in stats.questions:
            options = "; ".join(f"{choice}:{count}" for choice, count in q.options)
            writer.writerow([q.name, q.kind, q.attempts, _fmt(q.facility), _fmt(q.discrimination), options])
        writer.writerow([])
        writer.writerow(["attempts", stats.attempts])
        writer.writerow(["pass_rate", _fmt(stats.pass_rate)])
        writer.writerow(["mean", _fmt(stats.mean)])
        writer.writerow(["std_dev", _fmt(stats.std_dev)])
        writer.writerow(["cronbach_alpha", _fmt(stats.alpha, 3)])
        return response
    peak = max((count for _bucket, count in stats.histogram), default=0) or 1
    bars = [
        {
            "x": index * 44 + 30,
            "y": 170 - round(150 * count / peak),
            "label_y": 166 - round(150 * count / peak),
            "height": round(150 * count / peak),
            "count": count,
            "label": f"{bucket}–{bucket + 10}",
        }
        for index, (bucket, count) in enumerate(stats.histogram)
    ]
    return TemplateResponse(
        request,
        "assessments/admin/analysis.html",
        {
            "assessment": assessment,
            "stats": stats,
            "bars": bars,
            "page_title": _("Item analysis"),
            "header_icon": "table",
        },
    )


class GiftUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GIFT file (UTF-8)"))
    bank = forms.CharField(label=gettext_lazy("Question bank"), max_length=200)
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("The publisher that owns the bank; only its members will see it."),
    )
    skip_unsupported = forms.BooleanField(
        label=gettext_lazy("Skip essay and description items"), required=False
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, import nothing"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Organization.objects.publishers_of(user)
        if not user.is_superuser:
            self.fields["organization"].required = True
            self.fields["organization"].empty_label = None
        self.fields["organization"].queryset = choices


def gift_upload(request):
    if not request.user.has_perm("assessments.add_question"):
        raise PermissionDenied
    form = GiftUploadForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_GIFT_BYTES:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            organization = form.cleaned_data["organization"]
            try:
                source = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", _("%(name)s:0: the file is not UTF-8 text.") % {"name": upload.name})
            else:
                try:
                    report = import_gift(
                        source=source,
                        path=upload.name,
                        bank_name=form.cleaned_data["bank"],
                        owner=organization.slug if organization else "",
                        organization=organization,
                        skip_unsupported=form.cleaned_data["skip_unsupported"],
                        dry_run=form.cleaned_data["dry_run"],
                        # An editor's upload is proposed for review; a reviewer's takes effect.
                        as_draft=not request.user.has_perm("assessments.publish_question"),
                    )
                except ImportProblem as error:
                    form.add_error("file", str(error))
        if report is not None and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Imported %(count)s questions (%(new)s new, %(revised)s revised, %(same)s unchanged).")
                % {
                    "count": report.imported,
                    "new": report.created,
                    "revised": report.revised,
                    "same": report.unchanged,
                },
            )
            bank = QuestionBank.objects.get(
                name=form.cleaned_data["bank"], owner=organization.slug if organization else ""
            )
            return redirect(f"/admin/snippets/assessments/question/?bank={bank.pk}")
    return TemplateResponse(
        request,
        "assessments/admin/gift_upload.html",
        {
            "form": form,
            "report": report,
            "page_title": _("Import questions from GIFT"),
            "header_icon": "upload",
        },
    )
