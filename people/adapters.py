from dataclasses import dataclass
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from .admin_language import set_admin_language
from .consent import record_personal_data_consent
from .landing import landing_url
from .mfa import enrolment_url, needs_enrolment, safe_next


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's email templates call `current_site`: our name in the active language, our domain."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Records the sign-up language and signs the account emails with the platform's own name."""

    def save_user(self, request, user, form, commit=True):
        language = translation.get_language() or settings.LANGUAGE_CODE
        user.preferred_language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # The consent to personal-data processing is written with the account, or neither is.
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit and form.cleaned_data.get("personal_data_consent"):
                record_personal_data_consent(user=user, language=user.preferred_language)
            if commit:
                # The admin, should they ever open it, speaks the language they signed up in.
                set_admin_language(user, user.preferred_language)
        return user

    def format_email_subject(self, subject: str) -> str:
        return f"[{gettext('CAR-T Academy')}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        identity = SiteIdentity(name=gettext("CAR-T Academy"), domain=urlparse(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": identity})

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        # Someone who must use two-factor and has no authenticator app yet sees the enrolment page first
        # (then goes on to where the sign-in was leading).
        response = super().post_login(request, user, redirect_url=redirect_url, **kwargs)
        if isinstance(response, HttpResponseRedirect) and needs_enrolment(user):
            response["Location"] = enrolment_url(safe_next(request, response.url))
        return response

    def get_login_redirect_url(self, request):
        # Someone who opened an invitation before having an account comes back to it after signing up,
        # verifying their address and signing in (the verification link loses the sign-up's `next`).
        pending = request.session.pop(PENDING_INVITATION, None)
        if pending and url_has_allowed_host_and_scheme(pending, allowed_hosts=None):
            return pending
        # Otherwise each person starts where their work is (people/landing.py); a `next` was honoured before.
        return landing_url(request, request.user) or super().get_login_redirect_url(request)


PENDING_INVITATION = "pending_invitation"
