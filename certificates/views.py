from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .codes import normalize_code
from .lookup import find_certificate, public_record, verified_certificate
from .ratelimits import limited_response, too_many
from .signing import jwks
from .tasks import store_pdf


def _language(request):
    """Verification pages live outside the language prefixes; `?lang=` chooses, else the browser does."""
    wanted = request.GET.get("lang")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted


@require_GET
@never_cache
def verify_form(request):
    _language(request)
    raw = request.GET.get("code")
    error = None
    if raw is not None:
        code = normalize_code(raw)
        if code is not None:
            target = reverse("certificates:verify_code", kwargs={"code": code})
            return redirect(f"{target}?lang={translation.get_language()}")
        error = _("This is not a certificate code. A code has 26 letters and digits, e.g. 7KQ2M-ZV9RT-…")
    return render(request, "certificates/verify_form.html", {"error": error, "raw": (raw or "")[:100]})


@require_GET
@never_cache
def verify_code(request, code: str):
    _language(request)
    if too_many(request):
        return limited_response(request)
    verified = verified_certificate(code)
    if verified is None:
        return render(request, "certificates/not_found.html", status=404)
    certificate = verified.certificate
    record = public_record(certificate, verified)
    return render(request, "certificates/verify.html", {"certificate": certificate, "record": record})


@require_GET
def verify_pdf(request, code: str):
    """The certificate PDF; 410 Gone for a revoked one."""
    _language(request)
    if too_many(request):
        return limited_response(request)
    certificate = find_certificate(code)
    if certificate is None:
        return render(request, "certificates/not_found.html", status=404)
    if certificate.revoked_at is not None:
        return render(request, "certificates/revoked_pdf.html", {"certificate": certificate}, status=410)
    if not certificate.pdf:
        store_pdf(certificate)  # normally rendered at issuance; a missing file is made now
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@require_GET
def jwks_view(request):
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response
