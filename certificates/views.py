from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from .codes import normalize_code
from .credentials import credential_for, did_document, status_list
from .inspection import inspect_file
from .lookup import find_certificate, public_record, verified_certificate
from .models import PdfSigningCertificate
from .ratelimits import limited_response, too_many, too_many_uploads
from .signing import jwks
from .tasks import store_pdf
from .uploads import FIELD, MULTIPART_SLACK, BoundedMemoryUpload, declared_length


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
    try:
        handle = certificate.pdf.open("rb") if certificate.pdf else None
    except FileNotFoundError:  # the row names a file the storage lost: render it again, never a 500
        handle = None
    if handle is None:
        store_pdf(certificate)  # normally rendered at issuance; a missing file is made now
        handle = certificate.pdf.open("rb")
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@require_GET
def jwks_view(request):
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


def _upload_page(request, *, result=None, error=None, status=200):
    certificates = PdfSigningCertificate.objects.order_by("-created_at")
    context = {
        "result": result,
        "error": error,
        "limit_mb": settings.VERIFY_UPLOAD_MAX_BYTES // (1024 * 1024),
        "signing_certificates": certificates,
    }
    return render(request, "certificates/verify_upload.html", context, status=status)


@csrf_exempt  # checked in _checked_upload, once the upload handler is in place (Django's documented way)
@never_cache
def verify_upload(request):
    """Upload a certificate PDF or a credential file; every check is shown, nothing is stored."""
    _language(request)
    if request.method == "GET":
        return _upload_page(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if too_many_uploads(request):
        return limited_response(request)
    limit = settings.VERIFY_UPLOAD_MAX_BYTES
    too_large = _(
        "The file is larger than %(size)s MB. A certificate PDF is far smaller; nothing was read."
    ) % {"size": limit // (1024 * 1024)}
    if declared_length(request) > limit + MULTIPART_SLACK:
        # Refused before a byte of the body is read.
        return _upload_page(request, error=too_large, status=413)
    handler = BoundedMemoryUpload(request, limit=limit)
    request.upload_handlers = [handler]
    return _checked_upload(request, handler, too_large)


@csrf_protect
def _checked_upload(request, handler: BoundedMemoryUpload, too_large: str) -> HttpResponse:
    upload = request.FILES.get(FIELD)
    if handler.too_large:
        return _upload_page(request, error=too_large, status=413)
    if upload is None or upload.size == 0:
        return _upload_page(request, error=_("Choose a certificate PDF or a credential file."), status=400)
    result = inspect_file(upload.read())
    return _upload_page(request, result=result, status=200)


@require_GET
def pdf_signing_certificates(request):
    """Every certificate that ever signed a certificate PDF (PEM), newest first, to trust them by hand."""
    pem = "".join(row.pem for row in PdfSigningCertificate.objects.order_by("-created_at"))
    response = HttpResponse(pem, content_type="application/x-pem-file; charset=us-ascii")
    response["Cache-Control"] = "public, max-age=300"
    response["Content-Disposition"] = 'inline; filename="pdf-signing-certificates.pem"'
    return response


CREDENTIAL_TYPE = "application/vc+ld+json"


@require_GET
def verify_credential_file(request, code: str):
    """The certificate's Open Badges 3.0 credential (ADR 0021), to keep or add to a wallet; `?lang=en` for
    the English variant. A revoked or superseded certificate's credential is still served: its status list
    says it no longer counts."""
    if too_many(request):
        return limited_response(request, json=True)
    certificate = find_certificate(code)
    if certificate is None:
        return JsonResponse({"status": "not_found"}, status=404)
    language = "en" if request.GET.get("lang") == "en" else "ru"
    response = JsonResponse(
        credential_for(certificate, language),
        content_type=CREDENTIAL_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    suffix = "" if language == "ru" else f"-{language}"
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}{suffix}.json"'
    return response


@require_GET
def status_list_view(request, purpose: str, number: int):
    """A signed Bitstring Status List credential (revocation): public, briefly cached by clients."""
    document = status_list(number, purpose)
    if document is None:
        return JsonResponse({"status": "not_found"}, status=404)
    response = JsonResponse(document, content_type=CREDENTIAL_TYPE)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def did_view(request):
    """The platform's did:web document: every signing key, current and past, as a Multikey."""
    response = JsonResponse(did_document(), content_type="application/did+ld+json")
    response["Cache-Control"] = "public, max-age=300"
    return response
