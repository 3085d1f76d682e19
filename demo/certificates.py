"""Demo certificates for `load_demo`: the demo trainee holds one in each state (created once)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from certificates.models import Certificate
from certificates.services import add_months, issue_certificate, reissue_certificate


def load_certificate_demo(*, user, course, report) -> None:
    if Certificate.objects.filter(holder=user).exists():
        return
    now = timezone.now()
    issue_certificate(user=user, course=course, version="0.9", issued_at=add_months(now, -26))  # expired
    revoked = issue_certificate(
        user=user, course=course, version="0.8", issued_at=add_months(now, -6)
    ).certificate
    revoked.revoke(reason="error", now=revoked.issued_at + timedelta(days=3))
    original = issue_certificate(user=user, course=course, issued_at=add_months(now, -22)).certificate
    reissue_certificate(
        certificate=original
    )  # the original is superseded; the reissue is valid (expiring soon)
    report.add("demo certificates: valid, expired, revoked, superseded")
