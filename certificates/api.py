"""The public verification API (django-ninja): GET /api/v1/certificates/<code>; and what other apps may use
of certificates (the model, code normalisation, bulk verification, the token authentication of the API).

Higher apps add their endpoints as django-ninja routers to `api` in `config/urls.py` (employers: /staff).
"""

from django.http import JsonResponse
from django.utils.translation import get_language
from ninja import NinjaAPI, Schema, Status
from ninja.security import HttpBearer

from people.api import authenticate_token

from .codes import normalize_code
from .credentials import CredentialVerdict, credential_for, verify_credential
from .lookup import MAX_BULK, public_record, verified_certificate, verify_many
from .middleware import VerificationAnswer
from .models import Certificate
from .pdf import register_fonts
from .ratelimits import limited_response, too_many
from .signing import jwks, sign_detached

CREDENTIAL_DOC = (
    "The certificate as an Open Badges 3.0 verifiable credential (W3C VC 2.0, `OpenBadgeCredential`), with a "
    "Data Integrity proof (`eddsa-rdfc-2022`) by the platform's did:web key (/.well-known/did.json) and a "
    "`BitstringStatusListEntry` (revocation; a revoked or superseded certificate has its bit set)."
)


class CertificatesApi(NinjaAPI):
    """The platform API; its OpenAPI document also describes the public credential files outside /api/v1."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        credential = {"application/vc+ld+json": {"schema": {"type": "object"}}}
        schema["paths"]["/verify/{code}/credential.json"] = {
            "get": {
                "operationId": "certificates_credential_file",
                "summary": "Download a certificate's Open Badges 3.0 credential",
                "description": CREDENTIAL_DOC + " `lang=en` gives the English variant (Russian by default).",
                "tags": ["credentials"],
                "parameters": [
                    {"in": "path", "name": "code", "required": True, "schema": {"type": "string"}},
                    {"in": "query", "name": "lang", "required": False, "schema": {"enum": ["ru", "en"]}},
                ],
                "responses": {
                    "200": {"description": "The signed OpenBadgeCredential", "content": credential},
                    "404": {"description": 'Unknown or malformed code: {"status": "not_found"}'},
                    "429": {"description": "Too many requests (see Retry-After)"},
                },
            }
        }
        schema["paths"]["/credentials/status/{purpose}/{number}"] = {
            "get": {
                "operationId": "certificates_status_list",
                "summary": "A signed Bitstring Status List credential",
                "description": "GZIP + multibase base64url `encodedList`, 131072 bits; purpose `revocation`.",
                "tags": ["credentials"],
                "parameters": [
                    {"in": "path", "name": "purpose", "required": True, "schema": {"enum": ["revocation"]}},
                    {"in": "path", "name": "number", "required": True, "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {"description": "The BitstringStatusListCredential", "content": credential},
                    "404": {"description": "No such list"},
                },
            }
        }
        schema["paths"]["/.well-known/did.json"] = {
            "get": {
                "operationId": "platform_did_document",
                "summary": "The platform's did:web document (every signing key as a Multikey)",
                "tags": ["credentials"],
                "responses": {"200": {"description": "DID document"}},
            }
        }
        return schema


api = CertificatesApi(
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
    description=(
        "Status, holder, course, issuer, dates, `proof.jws` (compact JWS over the claims) and `credential`: "
        + CREDENTIAL_DOC
    ),
    response={200: dict, 404: dict, 429: dict},
    tags=["certificates"],
)
def get_certificate(request, code: str):
    if too_many(request):
        return limited_response(request, json=True)
    verified = verified_certificate(code)
    if verified is None:
        return JsonResponse({"status": "not_found"}, status=404)
    record = public_record(verified.certificate, verified)
    if verified.stamp is not None:  # VerificationAnswerMiddleware keeps the finished body (ADR 0024)
        certificate = verified.certificate
        request.verification_answer = VerificationAnswer(
            code=certificate.code,
            language=get_language(),
            stamp=verified.stamp,
            until=certificate.expires_at if record["status"] == Certificate.VALID else None,
        )
    return record


__all__ = [
    "MAX_BULK",
    "Certificate",
    "CredentialVerdict",
    "OrganizationToken",
    "api",
    "credential_for",
    "normalize_code",
    "jwks",
    "register_fonts",
    "sign_detached",
    "verify_credential",
    "verify_many",
]
