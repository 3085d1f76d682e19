"""Admin: upload a zipped course package (the same validation and import as `import_course`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.api import Membership, Organization

from .packages import PackageError, import_package, read_package, unpack_zip

MAX_UPLOAD_BYTES = 10_000_000
SPACE_ROLES = (Membership.ADMIN, Membership.EDITOR, Membership.REVIEWER)


def publishers_for(user):
    return Organization.objects.publishers_of(user, roles=SPACE_ROLES)


def may_publish(user, organization) -> bool:
    """Only reviewers and administrators of the publisher (or superusers) skip the review by publishing."""
    return (
        user.is_superuser
        or Membership.objects.filter(
            user=user, organization=organization, role__in=(Membership.REVIEWER, Membership.ADMIN)
        ).exists()
    )


class PackageUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Course package (.zip)"))
    organization = forms.ModelChoiceField(label=gettext_lazy("Publisher"), queryset=None, empty_label=None)
    publish = forms.BooleanField(
        label=gettext_lazy("Publish new and changed pages"),
        required=False,
        help_text=gettext_lazy("Reviewers and administrators only; editors' imports stay drafts for review."),
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, import nothing"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = publishers_for(user)

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if cleaned.get("publish") and organization is not None and not may_publish(self.user, organization):
            self.add_error(
                "publish", _("Only reviewers and administrators of the publisher may publish directly.")
            )
        upload = cleaned.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("The file is larger than 10 MB."))
        return cleaned


def package_upload(request):
    if not publishers_for(request.user).exists():
        raise PermissionDenied
    form = PackageUploadForm(request.POST or None, request.FILES or None, user=request.user)
    problems, summary, spec = [], None, None
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            try:
                root = unpack_zip(form.cleaned_data["file"], Path(folder))
                spec = read_package(root)
                summary = import_package(
                    spec,
                    organization=form.cleaned_data["organization"],
                    publish=form.cleaned_data["publish"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except PackageError as error:
                problems = [str(problem) for problem in error.problems]
        if summary is not None and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Imported %(course)s: %(created)s new, %(revised)s revised, %(same)s pages unchanged.")
                % {
                    "course": spec.slug,
                    "created": len(summary.created),
                    "revised": len(summary.revised),
                    "same": summary.unchanged,
                },
            )
    return TemplateResponse(
        request,
        "courses/admin/package_upload.html",
        {
            "form": form,
            "problems": problems,
            "summary": summary,
            "dry_run": request.method == "POST" and form.is_valid() and form.cleaned_data["dry_run"],
            "page_title": _("Import a course package"),
            "header_icon": "upload",
        },
    )
