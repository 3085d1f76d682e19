"""What other apps may use of employers (the demo), and its part of the HTTP API: GET /api/v1/staff and
GET /api/v1/dossier.

`staff_router` is added to the platform's API (`certificates.api.api`) in `config/urls.py`.
"""

from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router, Schema, Status

from certificates.api import OrganizationToken

from .dossier import (
    DOSSIER_FORMAT,
    DossierError,
    build_dossier,
    parse_request,
    record_generation,
    sign_dossier,
)
from .models import EmployerConsent, EmployerJobRole, StaffRoleAssignment
from .permissions import can_use_dossier_api, can_use_staff_api
from .services import link_employer, staff_roster, withdraw_consent

staff_router = Router()


@staff_router.get(
    "/staff",
    auth=OrganizationToken(),
    summary="The organisation's consenting staff with their certificates",
    response={200: dict, 401: dict, 403: dict},
    tags=["staff"],
)
def staff(request):
    organization = request.api_token.organization
    if not can_use_staff_api(organization):
        return Status(403, {"status": "forbidden", "message": "staff records are for employers"})
    roster = staff_roster(organization=organization)
    return {
        "staff": [
            {
                "name": member.user.full_name,
                "email": member.user.email,
                "certificates": [
                    _certificate_json(
                        certificate, status, current={line.certificate.pk for line in member.courses}
                    )
                    for certificate, status in member.certificates
                ],
            }
            for member in roster
        ]
    }


def _certificate_json(certificate, status: str, *, current: set) -> dict:
    """One certificate of the staff API: field names are a contract, so fields are only ever added."""
    successor = certificate.superseded_by
    return {
        "code": certificate.code,
        "status": status,
        "course": {"title": certificate.course_title(get_language()), "version": certificate.course_version},
        "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
        # Added for issue 15: whether it is the one that counts for its course, and why others do not.
        "current": certificate.pk in current,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revocation_reason or None,
        "superseded_by": successor.code if successor else None,
    }


class DossierQuery(Schema):
    course: str = ""
    version: str = ""
    date: str = ""


DOSSIER_DESCRIPTION = f"""Who was qualified on a course version on a date, with each person's
evidence (lessons confirmed with when they were opened and confirmed, seconds on the page and any e-signature;
the passed final exam attempt; the certificate and its status on that date). An employer's token sees its
consenting staff; a publisher's token sees everyone holding a certificate of its own course.

Query: `course` (the course's key, a UUID), `version` (as on the certificates), `date` (YYYY-MM-DD; judged at
the end of that day in the site's time zone).

The body is JSON of format `{DOSSIER_FORMAT}` (described in `employers/dossier.py`): `dossier` (metadata:
organisation, course title and key, version, `as_of`, `generated_at`, generator) and `people`. The
`X-JWS-Signature` header is a detached JWS (RFC 7515 Appendix F, `alg` EdDSA, with `kid`) over the exact bytes
of the body: put `BASE64URL(body)` between its two dots and check it against /.well-known/jwks.json.
`X-JWS-SHA256` is the fingerprint the PDF prints. A wrong or unknown course, version or date is a 400 with a
`message`.
"""


@staff_router.get(
    "/dossier",
    auth=OrganizationToken(),
    summary="Inspector dossier: who was qualified on a course version on a date, signed (detached JWS)",
    description=DOSSIER_DESCRIPTION,
    response={200: dict, 400: dict, 401: dict, 403: dict},
    tags=["dossier"],
    openapi_extra={
        "responses": {
            "200": {
                "headers": {
                    "X-JWS-Signature": {
                        "description": "Detached JWS (RFC 7515 App. F, EdDSA) of the body bytes",
                        "schema": {"type": "string"},
                    },
                    "X-JWS-SHA256": {
                        "description": "SHA-256 (hex) of the JWS, printed on the PDF",
                        "schema": {"type": "string"},
                    },
                }
            }
        }
    },
)
def dossier(request, params: Query[DossierQuery]):
    organization = request.api_token.organization
    if not can_use_dossier_api(organization):
        return Status(403, {"status": "forbidden", "message": "dossiers are for employers and publishers"})
    try:
        wanted = parse_request(params.model_dump())
        data = build_dossier(
            organization=organization,
            course_key=wanted.course_key,
            version=wanted.version,
            as_of=wanted.as_of,
        )
    except DossierError as error:
        return Status(400, {"status": "bad_request", "message": str(error)})
    signed = sign_dossier(data)
    record_generation(signed, organization=organization, target=request.api_token)
    response = HttpResponse(signed.body, content_type="application/json; charset=utf-8")
    response["X-JWS-Signature"] = signed.jws
    response["X-JWS-SHA256"] = signed.fingerprint
    response["Cache-Control"] = "no-store"
    return response


__all__ = [
    "EmployerConsent",
    "EmployerJobRole",
    "StaffRoleAssignment",
    "link_employer",
    "staff_roster",
    "staff_router",
    "withdraw_consent",
]
