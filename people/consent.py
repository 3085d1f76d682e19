"""Consent to the processing of personal data at sign-up (Federal Law No. 152-FZ "On Personal Data")."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import PERSONAL_DATA_CONSENT_VERSION, PersonalDataConsent

# The statement a person agrees to; its SHA-256 in the language shown is stored with the consent.
CONSENT_TEXT = _(
    "I consent to the processing of my personal data (full name, email address, learning records and "
    "certificates) to keep my training records and to issue and verify my certificates, under Federal Law "
    "No. 152-FZ “On Personal Data”, as described in the privacy notice."
)


def consent_digest(language: str) -> str:
    """SHA-256 of the consent statement as shown in `language`."""
    with translation.override(language):
        return hashlib.sha256(str(CONSENT_TEXT).encode()).hexdigest()


@transaction.atomic
def record_personal_data_consent(*, user, language: str | None = None) -> PersonalDataConsent:
    """Record that `user` gave consent to the current wording, as shown in `language` (the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return PersonalDataConsent.objects.create(
        user=user,
        text_version=PERSONAL_DATA_CONSENT_VERSION,
        text_digest=consent_digest(language),
        language=language,
    )


def latest_consent(user) -> PersonalDataConsent | None:
    return PersonalDataConsent.objects.filter(user=user).order_by("-given_at", "-pk").first()
