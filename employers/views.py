"""Employers' pages: staff consent, the roster, bulk verification, job roles and the training matrix.

Who may open each is decided in `employers/permissions.py`.
"""

from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from base.api import SafeWriter, csv_delimiter, local_date, spreadsheet_date
from certificates.api import MAX_BULK, Certificate, verify_many
from courses.api import CoursePage, JobRole
from people.api import Organization, organization_for, roles_in

from .dossier import (
    DossierError,
    SignedDossier,
    build_dossier,
    parse_request,
    record_generation,
    sign_dossier,
)
from .matrix import consenting_staff, course_titles, platform_role_courses, training_matrix
from .models import EmployerJobRole, StaffRoleAssignment
from .pdf import (
    bulk_status_labels,
    certificate_status_labels,
    render_dossier_pdf,
    render_matrix_pdf,
    roster_status_labels,
    status_labels,
)
from .permissions import DOSSIER_KINDS, can_bulk_verify, can_view_dossier, can_view_staff_records
from .services import link_employer, staff_roster, withdraw_consent
from .spreadsheets import MAX_UPLOAD_BYTES, csv_problem, decode_spreadsheet_text, is_header, sniff_dialect


def _csv_download(request, filename: str) -> tuple[HttpResponse, SafeWriter]:
    """A CSV download Russian Excel opens by double-click: a UTF-8 BOM and `;` (`?sep=comma` for `,`)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    choice = request.GET.get("sep") or request.POST.get("sep")
    return response, SafeWriter(response, delimiter=csv_delimiter(choice), bom=True)


def _employer(request, slug):
    return organization_for(request, slug, can_view_staff_records, kind=Organization.EMPLOYER)


def _parsed(value: str | None):
    """An ISO time from a verification result, as a datetime (None stays None)."""
    return datetime.fromisoformat(value) if value else None


class BulkVerifyForm(forms.Form):
    codes = forms.CharField(
        label=gettext_lazy("Certificate codes, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Or a CSV file (the first column holds the codes)"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        rows: list[str] = [line.strip() for line in cleaned.get("codes", "").splitlines() if line.strip()]
        upload = cleaned.get("file")
        if upload is not None:
            raw = upload.read(MAX_UPLOAD_BYTES + 1)
            if len(raw) > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1_000_000}
                )
            text = decode_spreadsheet_text(raw)
            if text is None:
                raise forms.ValidationError(
                    _("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV UTF-8.")
                )
            # newline="": the csv module's own reading of line ends (bare CRs, CRs inside quotes).
            reader = csv.reader(
                io.StringIO(text.replace("\x00", ""), newline=""), dialect=sniff_dialect(text)
            )
            try:
                column = [row[0].strip()[:200] for row in reader if row and row[0].strip()]
            except csv.Error as error:  # a cell over the csv module's limit, a broken quote
                raise forms.ValidationError(
                    _("The file could not be read as CSV (%(problem)s). Save it as CSV UTF-8.")
                    % {"problem": csv_problem(error)}
                ) from error
            if column and is_header(column[0]):
                column = column[1:]  # a heading such as "code" or "Код сертификата" is not a row to check
            rows += column
        if not rows:
            raise forms.ValidationError(_("Paste at least one code or choose a file."))
        if len(rows) > MAX_BULK:
            raise forms.ValidationError(_("At most %(max)s codes at a time.") % {"max": MAX_BULK})
        cleaned["rows"] = rows
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def bulk_verify(request, slug: str):
    organization = organization_for(request, slug, can_bulk_verify, kind=Organization.EMPLOYER)
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = verify_many(form.cleaned_data["rows"])
        reasons = dict(Certificate.REVOCATION_REASONS)
        if request.POST.get("format") == "csv":
            response, writer = _csv_download(request, "verification.csv")
            labels = bulk_status_labels()
            writer.writerow(
                [
                    _("Input"),
                    _("Code"),
                    _("Status"),
                    _("Holder"),
                    _("Course"),
                    _("Version"),
                    _("Valid until"),
                    _("Revoked on"),
                    _("Reason"),
                    _("Replaced by"),
                ]
            )
            for row in results:
                void = row["status"] in ("revoked", "superseded")
                writer.writerow(
                    [
                        row["input"],
                        row["code"] or "",
                        labels.get(row["status"], row["status"]),
                        row.get("holder", {}).get("name", ""),
                        row.get("course", {}).get("title", ""),
                        row.get("course", {}).get("version", ""),
                        "" if void else spreadsheet_date(_parsed(row.get("expires_at"))),
                        spreadsheet_date(_parsed(row.get("revoked_at"))),
                        reasons.get(row.get("revocation_reason") or "", ""),
                        row.get("superseded_by") or "",
                    ]
                )
            return response
        for row in results:  # dates for the page, in the reader's format
            row["expires_on"] = local_date(_parsed(row.get("expires_at")))
            row["revoked_on"] = local_date(_parsed(row.get("revoked_at")))
            row["reason"] = reasons.get(row.get("revocation_reason") or "", "")
    return render(
        request,
        "employers/bulk_verify.html",
        {"organization": organization, "form": form, "results": results},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_employers(request):
    """What I share with which employer; link one by name; withdraw at any time."""
    if request.method == "POST":
        organization = get_object_or_404(
            Organization, pk=request.POST.get("organization"), kind=Organization.EMPLOYER
        )
        if request.POST.get("action") == "withdraw":
            withdraw_consent(user=request.user, organization=organization)
            messages.success(
                request, _("%(name)s no longer sees your records.") % {"name": organization.name}
            )
        else:
            link_employer(user=request.user, organization=organization)
            messages.success(
                request,
                _("%(name)s now sees your certificates and course progress.") % {"name": organization.name},
            )
        return redirect("employers:employers")
    query = request.GET.get("q", "").strip()[:100]
    linked = list(
        Organization.objects.filter(
            staff_consents__user=request.user, staff_consents__withdrawn_at__isnull=True
        )
    )
    found = []
    if query:
        found = list(
            Organization.objects.filter(kind=Organization.EMPLOYER)
            .filter(models.Q(name_ru__icontains=query) | models.Q(name_en__icontains=query))
            .exclude(pk__in=[o.pk for o in linked])[:20]
        )
    return render(request, "employers/employers.html", {"linked": linked, "found": found, "query": query})


@login_required
@require_http_methods(["GET"])
def staff(request, slug: str):
    """The employer's roster: consenting staff, their certificates and statuses; CSV export."""
    organization = _employer(request, slug)
    within = request.GET.get("within", "")
    within_days = int(within) if within in ("30", "60", "90") else None
    roster = staff_roster(organization=organization, within_days=within_days)
    if request.GET.get("format") == "csv":
        response, writer = _csv_download(request, f"staff-{organization.slug}.csv")
        labels = roster_status_labels()
        writer.writerow(
            [
                _("Person"),
                _("Email address"),
                _("Code"),
                _("Course"),
                _("Version"),
                _("Status"),
                _("Valid until"),
                _("Current"),
            ]
        )
        for member in roster:
            if not member.courses:
                writer.writerow([member.user.full_name, member.user.email, "", "", "", "", "", ""])
            for line in member.courses:
                for certificate, status, current in [(line.certificate, line.status, True)] + [
                    (certificate, status, False) for certificate, status in line.history
                ]:
                    void = status in ("revoked", "superseded")
                    writer.writerow(
                        [
                            member.user.full_name,
                            member.user.email,
                            certificate.code,
                            line.title,
                            certificate.course_version,
                            labels[status],
                            "" if void else spreadsheet_date(certificate.expires_at),
                            _("yes") if current else _("no"),
                        ]
                    )
        return response
    return render(
        request,
        "employers/staff.html",
        {"organization": organization, "roster": roster, "within": within_days},
    )


def _course_choices() -> list[tuple[str, str]]:
    """Every live course once (any language), titled in the current language where it can be."""
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
        return redirect("employers:job_roles", slug=slug)
    roles = EmployerJobRole.objects.filter(organization=organization).prefetch_related("assignments")
    return render(
        request, "employers/job_roles.html", {"organization": organization, "roles": roles, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_role_edit(request, slug: str, role_id: int):
    organization = _employer(request, slug)
    role = get_object_or_404(EmployerJobRole, pk=role_id, organization=organization)
    if request.method == "POST" and request.POST.get("action") == "delete":
        role.delete()
        messages.success(request, _("Job role %(name)s deleted.") % {"name": role.name})
        return redirect("employers:job_roles", slug=slug)
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
        return redirect("employers:job_roles", slug=slug)
    return render(
        request, "employers/job_role_edit.html", {"organization": organization, "role": role, "form": form}
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
        response, writer = _csv_download(request, f"training-matrix-{organization.slug}.csv")
        writer.writerow(
            [_("Job role"), _("Person"), _("Email address"), _("Course"), _("Status"), _("Certificate")]
            + [_("Valid until")]
        )
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
                            labels[cell.status],
                            certificate.code if certificate else "",
                            spreadsheet_date(certificate.expires_at) if certificate else "",
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
        "employers/matrix.html",
        {"organization": organization, "matrices": matrices, "within": within, "labels": labels},
    )


# --- The inspector dossier -------------------------------------------------------------------------------

SNAPSHOT_SECONDS = 3600  # the downloads offered under a preview are of that one generation for an hour
DOSSIER_FORMATS = ("json", "jws", "pdf")


def _dossier_organization(request, slug: str) -> Organization:
    """Employers and publishers have a dossier page (404 for other kinds); `can_view_dossier` decides who."""
    organization = get_object_or_404(Organization, slug=slug, kind__in=DOSSIER_KINDS)
    if not can_view_dossier(roles_in(request.user, organization), organization):
        raise PermissionDenied
    return organization


def _dossier_courses(organization: Organization) -> list[tuple[str, str]]:
    """The courses to choose from: every course for an employer, a publisher's own for a publisher."""
    if organization.kind == Organization.EMPLOYER:
        return _course_choices()
    keys = set(CoursePage.objects.filter(provider=organization).values_list("translation_key", flat=True))
    titles = course_titles(keys)
    return sorted(titles.items(), key=lambda item: item[1].casefold())


class DossierForm(forms.Form):
    course = forms.ChoiceField(label=gettext_lazy("Course"))
    version = forms.CharField(
        label=gettext_lazy("Version"),
        max_length=20,
        help_text=gettext_lazy("As printed on the certificates, e.g. 1.0."),
    )
    date = forms.DateField(
        label=gettext_lazy("Qualified on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", "—")] + _dossier_courses(organization)


def _snapshot_key(organization: Organization, snapshot: str) -> str:
    return f"employers:dossier:{organization.pk}:{snapshot}"


def _dossier_download(signed: SignedDossier, fmt: str, organization: Organization) -> HttpResponse:
    meta = signed.data["dossier"]
    name = f"dossier-{organization.slug}-{meta['as_of']}-v{meta['course']['version']}"
    name = "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in name)
    if fmt == "json":
        response = HttpResponse(signed.body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    elif fmt == "jws":
        response = HttpResponse(signed.jws, content_type="application/jose; charset=us-ascii")
        response["Content-Disposition"] = f'attachment; filename="{name}.jws"'
    else:
        response = HttpResponse(
            render_dossier_pdf(dossier=signed.data, fingerprint=signed.fingerprint),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["X-JWS-Signature"] = signed.jws
    response["X-JWS-SHA256"] = signed.fingerprint
    response["Cache-Control"] = "no-store"
    return response


def _bad_dossier_request(fmt: str, message: str) -> HttpResponse:
    if fmt == "json":
        return JsonResponse({"status": "bad_request", "message": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_http_methods(["GET"])
def dossier(request, slug: str):
    """Who was qualified on a course version on a date, with the evidence: a preview, JSON, JWS and PDF.

    `?course=<key>&version=<v>&date=<YYYY-MM-DD>&format=json|jws|pdf` downloads at once; without a format
    the page previews the dossier and offers the downloads of that same generation (`snapshot`), so the
    PDF's fingerprint matches the JSON and JWS downloaded with it.
    """
    organization = _dossier_organization(request, slug)
    fmt = request.GET.get("format", "")
    if fmt and fmt not in DOSSIER_FORMATS:
        return _bad_dossier_request("", _("Unknown format: use json, jws or pdf."))
    asked = any(request.GET.get(name) for name in ("course", "version", "date"))
    form = DossierForm(request.GET if asked else None, organization=organization)
    context = {"organization": organization, "form": form, "statuses": certificate_status_labels()}
    if not asked and not fmt:
        return render(request, "employers/dossier.html", context)
    snapshot = request.GET.get("snapshot", "")
    signed = cache.get(_snapshot_key(organization, snapshot)) if fmt and snapshot.isalnum() else None
    if signed is None:
        try:
            wanted = parse_request(request.GET)
            data = build_dossier(
                organization=organization,
                course_key=wanted.course_key,
                version=wanted.version,
                as_of=wanted.as_of,
            )
        except DossierError as error:
            if fmt:
                return _bad_dossier_request(fmt, str(error))
            context["error"] = str(error)
            return render(request, "employers/dossier.html", context, status=400)
        signed = sign_dossier(data)
        record_generation(signed, organization=organization, actor=request.user)
    if fmt:
        return _dossier_download(signed, fmt, organization)
    snapshot = secrets.token_hex(16)
    cache.set(_snapshot_key(organization, snapshot), signed, SNAPSHOT_SECONDS)
    query = request.GET.copy()
    query["snapshot"] = snapshot
    downloads = {}
    for name in DOSSIER_FORMATS:
        query["format"] = name
        downloads[name] = "?" + query.urlencode()
    context.update({"signed": signed, "dossier": signed.data, "downloads": downloads})
    return render(request, "employers/dossier.html", context)
