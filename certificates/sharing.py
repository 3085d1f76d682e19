"""What a holder does with a certificate once earned: download the PDF, copy the verification link, add it
to a LinkedIn profile, share it on VK, download its Open Badges credential for a wallet. Plain links only:
no third-party script, image or request."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from .models import Certificate

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
VK_SHARE = "https://vk.com/share.php"


@dataclass(frozen=True)
class CertificateShare:
    code: str
    title: str
    verify_url: str
    pdf_url: str
    linkedin_url: str
    vk_url: str
    credential_url: str = ""  # the Open Badges 3.0 credential (ADR 0021), in the page's language


def verify_url(certificate: Certificate) -> str:
    """The public verification page (the stable, language-neutral address printed on the certificate)."""
    return f"{settings.SITE_URL}/verify/{certificate.code}/"


def linkedin_url(certificate: Certificate, *, title: str, url: str) -> str:
    """LinkedIn's "Add to profile" form for a certification, filled in."""
    issued = timezone.localtime(certificate.issued_at)
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": title,
        "organizationName": certificate.issuer_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
    }
    if certificate.expires_at:
        expires = timezone.localtime(certificate.expires_at)
        fields |= {"expirationYear": expires.year, "expirationMonth": expires.month}
    fields |= {"certUrl": url, "certId": certificate.code}
    return f"{LINKEDIN_ADD}?{urlencode(fields)}"


def share(certificate: Certificate, *, language: str | None = None) -> CertificateShare:
    """The links of a certificate's actions, titled in `language` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    title = certificate.course_title(language)
    credential = reverse("certificates:verify_credential", args=[certificate.code])
    url = verify_url(certificate)
    return CertificateShare(
        code=certificate.code,
        title=title,
        verify_url=url,
        pdf_url=reverse("certificates:verify_pdf", args=[certificate.code]),
        linkedin_url=linkedin_url(certificate, title=title, url=url),
        vk_url=f"{VK_SHARE}?{urlencode({'url': url})}",
        credential_url=f"{credential}?lang=en" if language == "en" else credential,
    )
