"""The public verification API (django-ninja): GET /api/v1/certificates/<code>; and what other apps may use
of certificates (the model, code normalisation, bulk verification, the token authentication of the API).

Higher apps add their endpoints as django-ninja routers to `api` in `config/urls.py` (employers: /staff).
"""

from django.http import JsonResponse
from ninja import NinjaAPI, Schema, Status
from ninja.security import HttpBearer

from people.api import authenticate_token

from .codes import normalize_code
from .lookup import MAX_BULK, public_record, verified_certificate, verify_many
from .models import Certificate
from .pdf import register_fonts
from .ratelimits import limited_response, too_many
from .signing import jwks, sign_detached

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


class OrganizationToken(HttpBearer):
    """`Authorization: Bearer cart_…`: an organisation's API token (created by its administrators)."""

    def authenticate(self, request, token):
        found = authenticate_token(token)
        if found is not None:
            request.api_token = found
            return found
        return None


class CodesIn(Schema):
    codes: list[str]


@api.post(
    "/certificates/verify",
    auth=OrganizationToken(),
    summary="Verify many certificates (up to 1000 codes)",
    response={200: dict, 400: dict, 401: dict},
    tags=["certificates"],
)
def verify_certificates(request, payload: CodesIn):
    if len(payload.codes) > MAX_BULK:
        return Status(400, {"status": "too_many", "message": f"at most {MAX_BULK} codes per request"})
    return {"results": verify_many(payload.codes)}


# Registered after the bulk endpoint: its {path:code} pattern would otherwise catch /certificates/verify.
@api.get(
    "/certificates/{path:code}",
    summary="Verify a certificate",
    response={200: dict, 404: dict, 429: dict},
    tags=["certificates"],
)
def get_certificate(request, code: str):
    if too_many(request):
        return limited_response(request, json=True)
    verified = verified_certificate(code)
    if verified is None:
        return JsonResponse({"status": "not_found"}, status=404)
    return public_record(verified.certificate, verified)


__all__ = [
    "MAX_BULK",
    "Certificate",
    "OrganizationToken",
    "api",
    "normalize_code",
    "jwks",
    "register_fonts",
    "sign_detached",
    "verify_many",
]
