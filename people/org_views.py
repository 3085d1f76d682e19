"""Organisation pages for members: bulk certificate verification (employers) and API tokens (admins)."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from certificates.lookup import MAX_BULK, verify_many

from .models import ApiToken, Membership, Organization
from .tokens import create_token, revoke_token


def _organization_for(request, slug: str, roles: tuple[str, ...] | None = None) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    memberships = Membership.objects.filter(user=request.user, organization=organization)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    if not memberships.exists():
        raise PermissionDenied
    return organization


MAX_UPLOAD_BYTES = 2_000_000


def decode_spreadsheet_text(raw: bytes) -> str | None:
    """CSV bytes as text: UTF-8 (with or without a BOM), else Windows-1251 (what Russian Excel saves)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1251")
    except UnicodeDecodeError:
        return None


def sniff_dialect(text: str):
    """Comma, semicolon (what Russian Excel writes) or tab: whichever the file uses."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def is_header(cell: str) -> bool:
    """A first CSV cell naming the column rather than holding a code (it neither parses nor has digits)."""
    from certificates.codes import normalize_code

    return normalize_code(cell) is None and not any(character.isdigit() for character in cell)


def spreadsheet_safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (names are typed by users)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class SafeWriter:
    """csv.writer whose cells are made `spreadsheet_safe`."""

    def __init__(self, stream):
        self.writer = csv.writer(stream)

    def writerow(self, row) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])


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
            reader = csv.reader(io.StringIO(text), dialect=sniff_dialect(text))
            column = [row[0].strip() for row in reader if row and row[0].strip()]
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
    organization = _organization_for(request, slug)
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = verify_many(form.cleaned_data["rows"])
        if request.POST.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="verification.csv"'
            writer = SafeWriter(response)
            writer.writerow(["input", "code", "status", "holder", "course", "version", "expires_at"])
            for row in results:
                writer.writerow(
                    [
                        row["input"],
                        row["code"] or "",
                        row["status"],
                        row.get("holder", {}).get("name", ""),
                        row.get("course", {}).get("title", ""),
                        row.get("course", {}).get("version", ""),
                        row.get("expires_at") or "",
                    ]
                )
            return response
    return render(
        request, "people/bulk_verify.html", {"organization": organization, "form": form, "results": results}
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request, slug: str):
    organization = _organization_for(request, slug, roles=(Membership.ADMIN,))
    form = TokenForm(request.POST or None)
    plaintext = None
    if request.method == "POST" and form.is_valid():
        _token, plaintext = create_token(
            organization=organization, name=form.cleaned_data["name"], by=request.user
        )
        form = TokenForm()
    return render(
        request,
        "people/tokens.html",
        {
            "organization": organization,
            "form": form,
            "plaintext": plaintext,
            "tokens": ApiToken.objects.filter(organization=organization),
        },
    )


@login_required
@require_POST
def revoke(request, slug: str, token_id: int):
    organization = _organization_for(request, slug, roles=(Membership.ADMIN,))
    token = get_object_or_404(ApiToken, pk=token_id, organization=organization)
    revoke_token(token=token, by=request.user)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("people:tokens", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def my_employers(request):
    """What I share with which employer; link one by name; withdraw at any time."""
    from .services import link_employer, withdraw_consent

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
        return redirect("people:employers")
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
    return render(request, "people/employers.html", {"linked": linked, "found": found, "query": query})


@login_required
@require_http_methods(["GET"])
def staff(request, slug: str):
    """The employer's roster: consenting staff, their certificates and statuses; CSV export."""
    from .services import staff_roster

    organization = _organization_for(request, slug, roles=(Membership.HR, Membership.ADMIN))
    within = request.GET.get("within", "")
    within_days = int(within) if within in ("30", "60", "90") else None
    roster = staff_roster(organization=organization, within_days=within_days)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="staff-{organization.slug}.csv"'
        writer = SafeWriter(response)
        writer.writerow(["name", "email", "code", "course", "version", "status", "expires_at"])
        for member in roster:
            for certificate, status in member.certificates or [(None, "")]:
                writer.writerow(
                    [
                        member.user.full_name,
                        member.user.email,
                        certificate.code if certificate else "",
                        certificate.course_title_ru if certificate else "",
                        certificate.course_version if certificate else "",
                        status,
                        certificate.expires_at.date().isoformat()
                        if certificate and certificate.expires_at
                        else "",
                    ]
                )
        return response
    return render(
        request, "people/staff.html", {"organization": organization, "roster": roster, "within": within_days}
    )


@login_required
@require_http_methods(["GET"])
def members(request, slug: str):
    organization = _organization_for(request, slug, roles=(Membership.ADMIN,))
    rows = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "role")
    )
    return render(request, "people/members.html", {"organization": organization, "memberships": rows})


@login_required
@require_POST
def end_membership_view(request, slug: str, membership_id: int):
    """Leave (one's own membership) or remove (administrators, anyone's)."""
    from .services import LastAdministrator, end_membership

    organization = get_object_or_404(Organization, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organization=organization)
    own = membership.user_id == request.user.pk
    is_admin = Membership.objects.filter(
        user=request.user, organization=organization, role=Membership.ADMIN
    ).exists()
    if not own and not is_admin:
        raise PermissionDenied
    try:
        end_membership(membership=membership)
    except LastAdministrator:
        messages.error(request, _("An organisation needs at least one administrator. Appoint another first."))
    else:
        messages.success(request, _("The membership has ended."))
    if is_admin and not own:
        return redirect("people:members", slug=slug)
    return redirect("people:profile")


@login_required
@require_http_methods(["GET"])
def audit(request, slug: str):
    """The organisation's own part of the audit trail, for its administrators; CSV with ?format=csv."""
    from audit.api import csv_response, entries_of_organization, filtered, listing_context

    organization = _organization_for(request, slug, roles=(Membership.ADMIN,))
    entries = entries_of_organization(organization.pk)
    if request.GET.get("format") == "csv":
        return csv_response(filtered(entries, request.GET)[0], filename=f"audit-{organization.slug}.csv")
    return render(
        request, "people/audit.html", {"organization": organization, **listing_context(request, entries)}
    )
