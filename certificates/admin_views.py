"""Staff screens in the Wagtail admin: find certificates, revoke, reissue after a correction, re-render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.api import record

from .models import Certificate
from .services import MissingName, reissue_certificate
from .tasks import render_certificate

STATUS_FILTERS = {
    "valid": lambda qs, now: qs.valid(now),
    "expired": lambda qs, now: qs.filter(
        revoked_at__isnull=True, superseded_at__isnull=True, expires_at__lte=now
    ),
    "revoked": lambda qs, now: qs.filter(revoked_at__isnull=False),
    "superseded": lambda qs, now: qs.filter(revoked_at__isnull=True, superseded_at__isnull=False),
}


def _require(request, action: str) -> None:
    if not request.user.has_perm(f"certificates.{action}_certificate"):
        raise PermissionDenied


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=Certificate.REVOCATION_REASONS)


def certificate_list(request):
    _require(request, "view")
    now = timezone.now()
    certificates = Certificate.objects.select_related("holder").order_by("-issued_at")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        certificates = certificates.filter(
            Q(code__icontains=query)
            | Q(holder_name__icontains=query)
            | Q(holder__email__icontains=query)
            | Q(course_title_ru__icontains=query)
            | Q(course_title_en__icontains=query)
        )
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        certificates = STATUS_FILTERS[status](certificates, now)
    page = Paginator(certificates, 50).get_page(request.GET.get("p"))
    labels = dict(Certificate.STATUSES)
    rows = [(certificate, labels[certificate.status_at(now)]) for certificate in page.object_list]
    return TemplateResponse(
        request,
        "certificates/admin/list.html",
        {
            "page_obj": page,
            "rows": rows,
            "query": query,
            "status": status,
            "statuses": Certificate.STATUSES,
            "page_title": _("Certificates"),
            "header_icon": "doc-full",
        },
    )


def certificate_detail(request, pk: int):
    _require(request, "view")
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "superseded_by"), pk=pk)
    return TemplateResponse(
        request,
        "certificates/admin/detail.html",
        {
            "certificate": certificate,
            "status": dict(Certificate.STATUSES)[certificate.status],
            "revoke_form": RevokeForm(),
            "page_title": certificate.code,
            "header_icon": "doc-full",
        },
    )


@require_POST
def revoke(request, pk: int):
    _require(request, "change")
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        certificate.revoke(reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, _("Certificate %(code)s has been revoked.") % {"code": certificate.code})
    else:
        messages.error(request, _("Choose a reason for revoking."))
    return redirect("certificates_admin:detail", pk=pk)


@require_POST
def reissue(request, pk: int):
    _require(request, "add")
    certificate = get_object_or_404(Certificate, pk=pk)
    if certificate.revoked_at is not None:
        messages.error(request, _("A revoked certificate cannot be reissued."))
        return redirect("certificates_admin:detail", pk=pk)
    try:
        replacement = reissue_certificate(certificate=certificate, by=request.user)
    except MissingName:
        messages.error(request, _("The holder has no name on certificates yet."))
        return redirect("certificates_admin:detail", pk=pk)
    messages.success(
        request,
        _("Reissued as %(new)s with the holder's current name; %(old)s is now superseded.")
        % {"new": replacement.code, "old": certificate.code},
    )
    return redirect("certificates_admin:detail", pk=replacement.pk)


@require_POST
def regenerate(request, pk: int):
    _require(request, "change")
    certificate = get_object_or_404(Certificate, pk=pk)
    record("certificate.rerendered", actor=request.user, target=certificate)
    render_certificate.enqueue(certificate.pk)
    messages.success(request, _("The PDF is being rendered again."))
    return redirect("certificates_admin:detail", pk=pk)
