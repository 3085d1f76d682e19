"""Employers' job roles and training matrix (HR and administrators of the employer)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .matrix import consenting_staff, platform_role_courses, training_matrix
from .matrix_pdf import render_matrix_pdf, status_labels
from .models import EmployerJobRole, Membership, Organization, StaffRoleAssignment
from .org_views import SafeWriter, _organization_for

MANAGERS = (Membership.HR, Membership.ADMIN)


def _employer(request, slug):
    organization = _organization_for(request, slug, roles=MANAGERS)
    if organization.kind != Organization.EMPLOYER:
        from django.http import Http404

        raise Http404
    return organization


def _course_choices() -> list[tuple[str, str]]:
    """Every live course once (any language), titled in the current language where it can be."""
    from courses.models import CoursePage

    from .matrix import course_titles

    keys = set(CoursePage.objects.live().values_list("translation_key", flat=True))
    titles = course_titles(keys)
    return sorted(((key, title) for key, title in titles.items()), key=lambda item: item[1].casefold())


class JobRoleForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    based_on = forms.ModelChoiceField(
        label=gettext_lazy("Start from the platform's learning path"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("(none)"),
        help_text=gettext_lazy("When no course is ticked, the path's courses are used."),
    )
    courses = forms.MultipleChoiceField(
        label=gettext_lazy("Required courses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    staff = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Staff in this role"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organization, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import JobRole

        self.organization = organization
        self.role = role
        self.fields["based_on"].queryset = JobRole.objects.all()
        self.fields["courses"].choices = _course_choices()
        self.fields["staff"].queryset = consenting_staff(organization).order_by("full_name", "email")
        self.fields["staff"].label_from_instance = lambda user: (
            f"{user.full_name or user.email} ({user.email})"
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = EmployerJobRole.objects.filter(organization=self.organization, name=name)
        if self.role is not None:
            clash = clash.exclude(pk=self.role.pk)
        if clash.exists():
            raise forms.ValidationError(_("You already have a job role with this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        courses = cleaned.get("courses") or []
        if not courses and cleaned.get("based_on") is not None:
            courses = platform_role_courses(cleaned["based_on"])
        cleaned["course_keys"] = list(dict.fromkeys(courses))
        return cleaned

    @transaction.atomic
    def save(self) -> EmployerJobRole:
        role = self.role or EmployerJobRole(organization=self.organization)
        role.name = self.cleaned_data["name"]
        role.based_on = self.cleaned_data.get("based_on") or role.based_on
        role.course_keys = self.cleaned_data["course_keys"]
        role.save()
        wanted = {user.pk for user in self.cleaned_data["staff"]}
        role.assignments.exclude(user_id__in=wanted).delete()
        have = set(role.assignments.values_list("user_id", flat=True))
        StaffRoleAssignment.objects.bulk_create(
            [StaffRoleAssignment(role=role, user_id=user_id) for user_id in wanted - have]
        )
        return role


@login_required
@require_http_methods(["GET", "POST"])
def job_roles(request, slug: str):
    organization = _employer(request, slug)
    form = JobRoleForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        role = form.save()
        messages.success(request, _("Job role %(name)s saved.") % {"name": role.name})
        return redirect("people:job_roles", slug=slug)
    roles = EmployerJobRole.objects.filter(organization=organization).prefetch_related("assignments")
    return render(
        request, "people/job_roles.html", {"organization": organization, "roles": roles, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_role_edit(request, slug: str, role_id: int):
    organization = _employer(request, slug)
    role = get_object_or_404(EmployerJobRole, pk=role_id, organization=organization)
    if request.method == "POST" and request.POST.get("action") == "delete":
        role.delete()
        messages.success(request, _("Job role %(name)s deleted.") % {"name": role.name})
        return redirect("people:job_roles", slug=slug)
    initial = {
        "name": role.name,
        "based_on": role.based_on,
        "courses": role.course_keys,
        "staff": list(consenting_staff(organization).filter(job_roles__role=role)),
    }
    form = JobRoleForm(request.POST or None, organization=organization, role=role, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Job role %(name)s saved.") % {"name": role.name})
        return redirect("people:job_roles", slug=slug)
    return render(
        request, "people/job_role_edit.html", {"organization": organization, "role": role, "form": form}
    )


def _within(request) -> int:
    value = request.GET.get("within", "30")
    return int(value) if value in ("30", "60", "90") else 30


@login_required
@require_http_methods(["GET"])
def matrix(request, slug: str):
    organization = _employer(request, slug)
    within = _within(request)
    matrices = training_matrix(organization=organization, within_days=within)
    labels = status_labels()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="training-matrix-{organization.slug}.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read the Cyrillic right
        writer = SafeWriter(response)
        writer.writerow(["role", "name", "email", "course", "status", "certificate", "expires_at"])
        for item in matrices:
            for row in item.rows:
                for (_key, title), cell in zip(item.courses, row.cells, strict=True):
                    certificate = cell.certificate
                    writer.writerow(
                        [
                            item.role.name,
                            row.user.full_name,
                            row.user.email,
                            title,
                            cell.status,
                            certificate.code if certificate else "",
                            certificate.expires_at.date().isoformat()
                            if certificate and certificate.expires_at
                            else "",
                        ]
                    )
        return response
    if request.GET.get("format") == "pdf":
        pdf = render_matrix_pdf(organization=organization, matrices=matrices, within_days=within)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="training-matrix-{organization.slug}.pdf"'
        return response
    return render(
        request,
        "people/matrix.html",
        {"organization": organization, "matrices": matrices, "within": within, "labels": labels},
    )
