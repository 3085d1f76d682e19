"""What other apps may use of employers (the demo), and its part of the HTTP API: GET /api/v1/staff.

`staff_router` is added to the platform's API (`certificates.api.api`) in `config/urls.py`.
"""

from django.utils.translation import get_language
from ninja import Router, Status

from certificates.api import OrganizationToken

from .models import EmployerConsent, EmployerJobRole, StaffRoleAssignment
from .permissions import can_use_staff_api
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
                    {
                        "code": certificate.code,
                        "status": status,
                        "course": {
                            "title": certificate.course_title(get_language()),
                            "version": certificate.course_version,
                        },
                        "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
                    }
                    for certificate, status in member.certificates
                ],
            }
            for member in roster
        ]
    }


__all__ = [
    "EmployerConsent",
    "EmployerJobRole",
    "StaffRoleAssignment",
    "link_employer",
    "staff_roster",
    "staff_router",
    "withdraw_consent",
]
