"""Renewal reminders: a holder hears, in their language, 90, 60 and 30 days before a certificate expires.

Each (certificate, threshold) is reminded at most once: the `RenewalReminder` row is inserted before the
email is sent, under a unique constraint, so a second run of the job (or a second worker running it at the
same moment) finds nothing left to send. A certificate first seen late (the job did not run, or it was
issued with a short validity) gets one reminder, for the tightest threshold it has passed, not all of them.
Revoked, superseded and expired certificates get none, nor one the holder has already renewed (a newer valid
certificate of the same course that expires later). The job's queries do not grow with the number of
certificates.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from audit.api import SYSTEM, record_many

from .models import Certificate, RenewalReminder

logger = logging.getLogger(__name__)


def threshold_for(expires_at: datetime, *, now: datetime, thresholds=None) -> int | None:
    """The tightest reminder threshold (in days) the certificate has reached, or None."""
    left = expires_at - now
    passed = [
        days for days in (thresholds or settings.CERTIFICATE_REMINDER_DAYS) if left <= timedelta(days=days)
    ]
    return min(passed) if passed else None


def due_reminders(*, now: datetime) -> list[RenewalReminder]:
    """Unsaved reminders for every certificate that has reached a threshold it was not reminded at (two
    queries)."""
    horizon = now + timedelta(days=max(settings.CERTIFICATE_REMINDER_DAYS))
    renewed = Certificate.objects.filter(
        holder_id=OuterRef("holder_id"),
        course_key=OuterRef("course_key"),
        revoked_at__isnull=True,
        superseded_at__isnull=True,
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=OuterRef("expires_at")))
    candidates = list(
        Certificate.objects.filter(
            revoked_at__isnull=True,
            superseded_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=horizon,
        )
        .exclude(Exists(renewed))
        .only("pk", "expires_at")
    )
    sent = set(
        RenewalReminder.objects.filter(certificate__in=[c.pk for c in candidates]).values_list(
            "certificate_id", "days"
        )
    )
    due = []
    for certificate in candidates:
        days = threshold_for(certificate.expires_at, now=now)
        if days is not None and (certificate.pk, days) not in sent:
            due.append(RenewalReminder(certificate_id=certificate.pk, days=days, created_at=now))
    return due


def reminder_email(reminder: RenewalReminder) -> EmailMultiAlternatives:
    certificate = reminder.certificate
    holder = certificate.holder
    with translation.override(holder.preferred_language or settings.LANGUAGE_CODE):
        language = translation.get_language()
        context = {
            "certificate": certificate,
            "name": certificate.holder_name,
            "title": certificate.course_title(language),
            "expires": certificate.expires_at,
            "days": reminder.days,
            "verify_url": f"{settings.SITE_URL}/verify/{certificate.code}/",
            "dashboard_url": settings.SITE_URL + reverse("learning:dashboard"),
        }
        subject = render_to_string("certificates/email/renewal_subject.txt", context).strip()
        body = render_to_string("certificates/email/renewal_message.txt", context)
    return EmailMultiAlternatives(subject, body, to=[holder.email])


def send_renewal_reminders(*, now: datetime | None = None) -> int:
    """Send the reminders that are due; returns how many went out."""
    now = now or timezone.now()
    due = due_reminders(now=now)
    if not due:
        return 0
    batch = uuid.uuid4()
    for reminder in due:
        reminder.batch = batch
    # The claim: rows another run inserted first are skipped here and keep that run's batch.
    RenewalReminder.objects.bulk_create(due, ignore_conflicts=True)
    claimed = list(
        RenewalReminder.objects.filter(batch=batch).select_related("certificate__holder").order_by("pk")
    )
    sent, failed = [], []
    for reminder in claimed:
        try:
            reminder_email(reminder).send()
        except Exception:  # one bad address must not stop the others; the claim is released for next time
            logger.exception("renewal reminder for certificate %s failed", reminder.certificate.code)
            failed.append(reminder.pk)
        else:
            sent.append(reminder)
    if failed:
        RenewalReminder.objects.filter(pk__in=failed).delete()
    if sent:
        RenewalReminder.objects.filter(pk__in=[r.pk for r in sent]).update(sent_at=timezone.now())
        record_many(
            "certificate.reminder_sent",
            [
                {
                    "target": reminder.certificate,
                    "after": {
                        "days": reminder.days,
                        "expires_at": reminder.certificate.expires_at.isoformat(),
                    },
                }
                for reminder in sent
            ],
            actor=SYSTEM,
        )
    return len(sent)
