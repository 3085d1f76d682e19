"""The employer's side of staff records: consent to share them, and the roster it allows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language

from audit.api import record
from certificates.api import Certificate
from people.api import Organization, bump_learning_state

from .models import EmployerConsent

if TYPE_CHECKING:
    from people.api import User

EXPIRING_DAYS = 30  # a valid certificate shows as expiring this close to its end, unless the roster asks


def link_employer(*, user: User, organization: Organization) -> EmployerConsent:
    """Share my certificates and progress with an employer (idempotent)."""
    if organization.kind != Organization.EMPLOYER:
        raise ValueError("only employers can be linked")
    try:
        with transaction.atomic():
            consent, created = EmployerConsent.objects.get_or_create(
                user=user, organization=organization, withdrawn_at__isnull=True
            )
            if created:
                record("consent.given", actor=user, target=consent, organization=organization)
    except IntegrityError:
        consent = EmployerConsent.objects.get(user=user, organization=organization, withdrawn_at__isnull=True)
    return consent


def withdraw_consent(*, user: User, organization: Organization) -> bool:
    """End an employer's access at once. Returns whether there was an active consent."""
    with transaction.atomic():
        withdrawn = EmployerConsent.objects.filter(
            user=user, organization=organization, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if withdrawn:
            record("consent.withdrawn", actor=user, target=user, organization=organization)
            bump_learning_state(user.pk)  # update() sends no post_save (pages kept per person, ADR 0023)
    return bool(withdrawn)


@dataclass
class CourseLine:
    """One course on a person's roster line: the certificate that counts now, and the older ones.

    `status` is the current certificate's status, or `expiring` for a valid one that expires within the
    roster's window (30 days unless asked otherwise). Void certificates (revoked, superseded) have no
    validity date to show: `shows_expiry` is false for them.
    """

    certificate: object
    status: str
    title: str = ""  # the course title in the current language
    history: list = field(default_factory=list)  # [(certificate, status)], newest first

    @property
    def shows_expiry(self) -> bool:
        return self.status in ("valid", "expiring", "expired") and self.certificate.expires_at is not None


@dataclass
class StaffMember:
    user: object
    certificates: list  # [(certificate, status)], newest first: every certificate, for exports and the API
    expiring: bool
    courses: list = field(default_factory=list)  # [CourseLine], one per course


VOID = ("revoked", "superseded")


def course_lines(certificates: list, *, now, horizon) -> list[CourseLine]:
    """One line per course: the valid certificate that lasts longest, else the newest that is not superseded
    (expired or revoked), else the newest; the others go to the line's history, newest first."""
    language = "en" if (get_language() or "ru").startswith("en") else "ru"
    by_course: dict[str, list] = {}
    for certificate, status in certificates:  # newest first
        by_course.setdefault(str(certificate.course_key), []).append((certificate, status))
    lines = []
    for held in by_course.values():
        valid = [item for item in held if item[1] == "valid"]
        if valid:
            current = max(valid, key=lambda item: (item[0].expires_at is None, item[0].expires_at or now))
        else:
            current = next((item for item in held if item[1] != "superseded"), held[0])
        certificate, status = current
        if status == "valid" and certificate.expires_at is not None and certificate.expires_at <= horizon:
            status = "expiring"
        lines.append(
            CourseLine(
                certificate=certificate,
                status=status,
                title=certificate.course_title(language),
                history=[item for item in held if item is not current],
            )
        )
    return sorted(lines, key=lambda line: (line.title.casefold(), line.certificate.pk))


def staff_roster(
    *, organization: Organization, within_days: int | None = None, now=None
) -> list[StaffMember]:
    """Consenting staff with their certificates (two queries, whatever the number of people)."""
    now = now or timezone.now()
    users = (
        get_user_model()
        .objects.filter(
            employer_consents__organization=organization, employer_consents__withdrawn_at__isnull=True
        )
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("superseded_by").order_by("-issued_at", "-pk"),
            )
        )
        .order_by("full_name", "email")
        .distinct()
    )
    horizon = now + timedelta(days=within_days) if within_days else None
    roster = []
    for user in users:
        certificates = [(c, c.status_at(now)) for c in user.certificates.all()]
        expiring = bool(horizon) and any(
            status == "valid" and c.expires_at and c.expires_at <= horizon for c, status in certificates
        )
        if within_days and not expiring:
            continue
        lines = course_lines(certificates, now=now, horizon=horizon or now + timedelta(days=EXPIRING_DAYS))
        roster.append(StaffMember(user=user, certificates=certificates, expiring=expiring, courses=lines))
    return roster
