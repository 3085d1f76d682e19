"""Two-factor authentication for privileged people (ADR 0013).

Who must have it is decided here, once: `requires_mfa(user)`. Superusers, `is_staff` users, anyone who may
open the Wagtail admin (`wagtailadmin.access_admin`: editors and reviewers get it from their publisher
space) and members holding one of `settings.MFA_REQUIRED_ROLES` in any organisation.

`MFARequiredMiddleware` keeps such a person, until they have an authenticator app (allauth.mfa TOTP),
out of the admin and the organisation screens: a GET is sent to the enrolment page (`people:mfa_required`),
anything else is refused (403), so nothing can be changed. The enrolment page hands over to allauth's own
activation and recovery-code pages; `MFAAdapter` refuses to turn off the last authenticator app of
someone who needs it.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import Membership

# The places a person who needs two-factor may not reach without it: every admin URL, and every
# organisation screen in any language (`/<lang>/accounts/organizations/<slug>/…`).
PROTECTED_PATHS = re.compile(r"^/(admin/|[a-z]{2}(?:-[a-z]+)?/accounts/organizations/)")
# Where the enrolment page remembers where the person was going, until the recovery codes are seen.
NEXT_SESSION_KEY = "mfa_enrolment_next"  # read by site/templates/mfa/recovery_codes/index.html


def requires_mfa(user) -> bool:
    """Whether this person must use two-factor authentication (the one rule; see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or user.has_perm("wagtailadmin.access_admin")
        or Membership.objects.filter(user=user, role__in=settings.MFA_REQUIRED_ROLES).exists()
    )


def has_totp(user) -> bool:
    """Whether the person has an active authenticator app."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def needs_enrolment(user) -> bool:
    """A person who must use two-factor and has no authenticator app yet."""
    return requires_mfa(user) and not has_totp(user)


def safe_next(request, target: str | None) -> str | None:
    """`target` when it is a path on this site, else None."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def enrolment_url(next_url: str | None = None) -> str:
    url = reverse("people:mfa_required")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class MFARequiredMiddleware:
    """Sends a signed-in person who needs two-factor and has none from the admin and the organisation
    screens to the enrolment page (GET), and refuses anything else there (403). Goes after allauth's
    AccountMiddleware; every other page (the enrolment page, allauth's two-factor pages, logout, the
    public site) stays open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            PROTECTED_PATHS.match(request.path_info)
            and request.user.is_authenticated
            and needs_enrolment(request.user)
        ):
            if request.method not in ("GET", "HEAD"):
                raise PermissionDenied(_("Set up two-factor authentication first."))
            return HttpResponseRedirect(enrolment_url(request.get_full_path()))
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa's adapter: the last authenticator app of someone who needs two-factor stays on."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor authentication, so the authenticator app cannot be turned off."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type != Authenticator.Type.TOTP or not requires_mfa(authenticator.user):
            return super().can_delete_authenticator(authenticator)
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type=Authenticator.Type.TOTP)
        return others.exclude(pk=authenticator.pk).exists()
