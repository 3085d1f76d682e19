"""The public verification API (django-ninja): GET /api/v1/certificates/<code>."""

from django.http import JsonResponse
from ninja import NinjaAPI

from .lookup import find_certificate, public_record
from .ratelimits import limited_response, too_many

api = NinjaAPI(
    title="CAR-T Academy certificates",
    version="1",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load scripts from a CDN; the schema is at /api/v1/openapi.json
    description=(
        "Verify certificates. Every answer carries proof.jws, a compact JWS (EdDSA, Ed25519) over the "
        "certificate's claims, checkable against /.well-known/jwks.json with any JOSE library."
    ),
)


@api.get(
    "/certificates/{path:code}",
    summary="Verify a certificate",
    response={200: dict, 404: dict, 429: dict},
    tags=["certificates"],
)
def get_certificate(request, code: str):
    if too_many(request):
        return limited_response(request, json=True)
    certificate = find_certificate(code)
    if certificate is None:
        return JsonResponse({"status": "not_found"}, status=404)
    return public_record(certificate, request=request)
