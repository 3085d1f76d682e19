"""What other apps may use of people: organisations and memberships, the organisation permission policy,
API token authentication, and the news people sends.

Signals (receivers live in higher apps):
- `name_saved` (sender=User, user=): a person saved their profile (certificates issue what waited for a
  name and return how many).
- `staff_invitation_accepted` (sender=Invitation, user=, organization=): someone accepted an employer's
  invitation to share their training records (employers record the consent).

Electronic signatures (21 CFR 11.50/11.200): `sign(user=, secret=, meaning=, target=, request=None)` checks
the password (or TOTP code, with two-factor on) again and records a `Signature` on `target`; it raises
`SignatureRefused` (message for the signer) and records nothing when the secret is wrong. Call it inside the
transaction of the record being signed. `signatures_of(target)`; `uses_totp(user)` says which secret to ask.

Two-factor (ADR 0013): `requires_mfa(user)` says whether a person must use an authenticator app to reach
the admin and the organisation screens (people.mfa.MFARequiredMiddleware enforces it).

Consent to personal-data processing (152-FZ): `record_personal_data_consent(user=, language=None)` writes
an unchangeable `PersonalDataConsent` for the current wording (sign-up does it with the account).

Hook `LOGIN_LANDING_HOOK` ("people_login_landing"): a higher app offers where a person lands after signing
in with `fn(request=, user=) -> (rank, url) | None`; ranks are `Landing` (people/landing.py), highest wins.

The admin's language (people.admin_language): `set_admin_language(user, language, keep_choice=False)`
sets the person's Wagtail admin language (demo accounts, sign-up).

Hook `ORGANIZATION_LINKS_HOOK` ("people_organization_links"): a higher app adds links to an organisation's
navigation with `fn(organization=, roles=) -> list[tuple[url, label]]`, deciding by its own permissions.

Pages kept per person (ADR 0023, people.personal_cache): `mark_personal_page(page, request)` in
`before_serve_page` lets a signed-in person's whole answer be kept under their learning-state version;
`bump_learning_state(*user_ids)` makes every page kept for them stale (saves and deletions of the models in
`settings.PERSONAL_CACHE_DEPENDENCIES` do it by signal; a `QuerySet.update()` on them must call it).
"""

from .admin_language import set_admin_language
from .consent import record_personal_data_consent
from .landing import LOGIN_LANDING_HOOK, Landing
from .mfa import requires_mfa
from .models import ApiToken, Invitation, Membership, Organization, Signature, User
from .permissions import ORGANIZATION_LINKS_HOOK, organization_for, roles_in
from .personal_cache import bump_learning_state, mark_personal_page
from .signals import name_saved, staff_invitation_accepted
from .signatures import SignatureRefused, sign, signatures_of, signatures_of_many, uses_totp
from .tokens import authenticate_token

__all__ = [
    "LOGIN_LANDING_HOOK",
    "ORGANIZATION_LINKS_HOOK",
    "ApiToken",
    "Invitation",
    "Landing",
    "Membership",
    "Organization",
    "Signature",
    "SignatureRefused",
    "User",
    "authenticate_token",
    "bump_learning_state",
    "name_saved",
    "mark_personal_page",
    "organization_for",
    "record_personal_data_consent",
    "requires_mfa",
    "roles_in",
    "set_admin_language",
    "sign",
    "signatures_of",
    "signatures_of_many",
    "staff_invitation_accepted",
    "uses_totp",
]
