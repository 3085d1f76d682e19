"""The employer's side of staff records: consent to share them, and the roster it allows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from audit.api import record
from certificates.api import Certificate
from people.api import Organization

from .models import EmployerConsent

if TYPE_CHECKING:
    from people.api import User


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
    return bool(withdrawn)


@dataclass
class StaffMember:
    user: object
    certificates: list
    expiring: bool


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
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_at")))
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
        roster.append(StaffMember(user=user, certificates=certificates, expiring=expiring))
    return roster
