"""Demo certificates for `load_demo`: the demo trainee holds one in each state (created once)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import Certificate
from .services import add_months, reissue_certificate
from .signing import sign


def _issue(*, user, course, version: str, issued_at) -> Certificate:
    certificate = Certificate(
        holder=user,
        course_key=course.translation_key,
        course=course,
        course_version=version,
        course_revision_id=course.live_revision_id,
        holder_name=user.full_name,
        holder_latin_name=user.latin_name,
        course_title_ru=course.title,
        course_title_en=course.get_translations().first().title
        if course.get_translations().exists()
        else course.title,
        issuer_name=course.provider,
        signatory_name=course.certificate_signatory_name,
        signatory_title=course.certificate_signatory_title,
        hours=course.estimated_hours,
        issued_at=issued_at,
        expires_at=add_months(issued_at, course.certificate_validity_months),
    )
    certificate.jws, certificate.key_id = sign(certificate.claims())
    certificate.save()
    return certificate


def load_certificate_demo(*, user, course, report) -> None:
    if Certificate.objects.filter(holder=user).exists():
        return
    now = timezone.now()
    _issue(user=user, course=course, version="0.9", issued_at=add_months(now, -26))  # expired
    revoked = _issue(user=user, course=course, version="0.8", issued_at=add_months(now, -6))
    revoked.revoke(reason="error", now=revoked.issued_at + timedelta(days=3))
    original = _issue(user=user, course=course, version=course.version_label, issued_at=add_months(now, -22))
    reissue_certificate(
        certificate=original
    )  # the original is superseded; the reissue is valid (expiring soon)
    report.add("demo certificates: valid, expired, revoked, superseded")
