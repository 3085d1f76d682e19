"""What other apps may use of people: organisations and memberships, the organisation permission policy,
API token authentication, and the news people sends.

Signals (receivers live in higher apps):
- `name_saved` (sender=User, user=): a person saved their profile (certificates issue what waited for a
  name and return how many).
- `staff_invitation_accepted` (sender=Invitation, user=, organization=): someone accepted an employer's
  invitation to share their training records (employers record the consent).

Hook `ORGANIZATION_LINKS_HOOK` ("people_organization_links"): a higher app adds links to an organisation's
navigation with `fn(organization=, roles=) -> list[tuple[url, label]]`, deciding by its own permissions.
"""

from .models import ApiToken, Invitation, Membership, Organization, User
from .permissions import ORGANIZATION_LINKS_HOOK, organization_for, roles_in
from .signals import name_saved, staff_invitation_accepted
from .signatures import signatures_of, signatures_of_many
from .tokens import authenticate_token

__all__ = [
    "ORGANIZATION_LINKS_HOOK",
    "ApiToken",
    "Invitation",
    "Membership",
    "Organization",
    "User",
    "authenticate_token",
    "name_saved",
    "organization_for",
    "roles_in",
    "signatures_of",
    "signatures_of_many",
    "staff_invitation_accepted",
]
