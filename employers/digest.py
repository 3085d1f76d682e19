"""The weekly digest to an employer's HR members: consenting staff whose certificates expire soon.

Once per organisation and week (`ExpiryDigest`, unique on both, is inserted before anything is sent). Only
staff who share their records with the organisation (an active `EmployerConsent`) are listed, only valid
certificates expiring within settings.EMPLOYER_DIGEST_DAYS, and a week with nobody to list sends nothing.
Each HR member reads it in their own language.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from audit.api import SYSTEM, record
from people.api import Membership, Organization

from .models import ExpiryDigest
from .services import staff_roster

logger = logging.getLogger(__name__)


def week_of(moment: datetime) -> date:
    """The Monday of the moment's week, in the platform's time zone."""
    day = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return day - timedelta(days=day.weekday())


def expiring_staff(*, organization: Organization, now: datetime) -> list[tuple[object, list]]:
    """[(person, [certificate, …])]: consenting staff and their valid certificates expiring soon."""
    horizon = now + timedelta(days=settings.EMPLOYER_DIGEST_DAYS)
    rows = []
    for member in staff_roster(organization=organization, within_days=settings.EMPLOYER_DIGEST_DAYS, now=now):
        certificates = sorted(
            (
                certificate
                for certificate, status in member.certificates
                if status == "valid" and certificate.expires_at and certificate.expires_at <= horizon
            ),
            key=lambda certificate: certificate.expires_at,
        )
        if certificates:
            rows.append((member.user, certificates))
    return rows


def digest_email(*, organization: Organization, recipient, staff: list, week: date) -> EmailMultiAlternatives:
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        language = translation.get_language()
        context = {
            "organization": organization.name,
            "days": settings.EMPLOYER_DIGEST_DAYS,
            "week": week,
            "staff": [
                {
                    "name": person.full_name or person.email,
                    "certificates": [
                        {"title": c.course_title(language), "expires": c.expires_at, "code": c.code}
                        for c in certificates
                    ],
                }
                for person, certificates in staff
            ],
            "staff_url": settings.SITE_URL + reverse("employers:staff", args=[organization.slug]),
        }
        subject = render_to_string("employers/email/digest_subject.txt", context).strip()
        body = render_to_string("employers/email/digest_message.txt", context)
    return EmailMultiAlternatives(subject, body, to=[recipient.email])


def send_expiry_digests(*, now: datetime | None = None) -> int:
    """Send this week's digests not yet sent; returns how many organisations got one."""
    now = now or timezone.now()
    week = week_of(now)
    organizations = (
        Organization.objects.filter(
            kind=Organization.EMPLOYER,
            staff_consents__withdrawn_at__isnull=True,
            memberships__role=Membership.HR,
        )
        .exclude(expiry_digests__week=week)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for organization in organizations:
        try:
            with transaction.atomic():
                digest = ExpiryDigest.objects.create(organization=organization, week=week, created_at=now)
        except IntegrityError:
            continue  # another worker has this organisation's digest for the week
        staff = expiring_staff(organization=organization, now=now)
        recipients = [
            membership.user
            for membership in Membership.objects.filter(
                organization=organization, role=Membership.HR, user__is_active=True
            ).select_related("user")
        ]
        if staff:
            try:
                for recipient in recipients:
                    digest_email(
                        organization=organization, recipient=recipient, staff=staff, week=week
                    ).send()
            except Exception:
                logger.exception("expiry digest for %s failed", organization.slug)
                digest.delete()  # the next run this week tries again
                continue
        digest.sent_at = timezone.now() if staff and recipients else None
        digest.recipients = len(recipients) if staff else 0
        digest.staff = len(staff)
        digest.save(update_fields=["sent_at", "recipients", "staff"])
        if digest.sent_at:
            record(
                "employers.digest_sent",
                actor=SYSTEM,
                target=digest,
                organization=organization,
                after={"week": week.isoformat(), "staff": len(staff), "recipients": len(recipients)},
            )
            sent += 1
    return sent
