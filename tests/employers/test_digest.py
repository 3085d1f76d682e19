"""The weekly digest to HR: consenting staff whose certificates expire within 30 days, once a week."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEntry
from certificates.models import Certificate
from certificates.services import issue_certificate
from employers.digest import send_expiry_digests, week_of
from employers.models import ExpiryDigest
from employers.services import withdraw_consent
from tests.factories import EmployerConsentFactory, MembershipFactory, OrganizationFactory, UserFactory

T0 = datetime(2027, 3, 1, 6, 0, tzinfo=UTC)  # a Monday, 09:00 in Moscow


@pytest.fixture(autouse=True)
def _no_other_certificates_expire(db):
    Certificate.objects.update(expires_at=None)


@pytest.fixture
def employer(db):
    organization = OrganizationFactory(slug="biofab", name_ru="БиоФаб", name_en="BioFab")
    hr = MembershipFactory(organization=organization, role="hr", user=UserFactory(email="hr@biofab.example"))
    hr_en = UserFactory(email="hr-en@biofab.example", preferred_language="en")
    MembershipFactory(organization=organization, role="hr", user=hr_en)
    MembershipFactory(organization=organization, role="admin", user=UserFactory(email="admin@biofab.example"))
    return organization, hr.user


def staff_with(organization, course, *, email, name, expires_at):
    user = UserFactory(email=email, full_name=name)
    EmployerConsentFactory(user=user, organization=organization)
    certificate = issue_certificate(user=user, course=course).certificate
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=expires_at)
    return user, certificate


def ours():
    return [m for m in mail.outbox if m.to[0].endswith("@biofab.example")]


@pytest.mark.django_db
def test_the_digest_lists_consenting_staff_expiring_within_30_days(employer, demo_course):
    organization, hr = employer
    _soon, soon_cert = staff_with(
        organization,
        demo_course,
        email="soon@x.example",
        name="Иван Петров",
        expires_at=T0 + timedelta(days=20),
    )
    staff_with(
        organization,
        demo_course,
        email="later@x.example",
        name="Пётр Далёкий",
        expires_at=T0 + timedelta(days=45),
    )
    gone, _ = staff_with(
        organization,
        demo_course,
        email="gone@x.example",
        name="Отозвавший Согласие",
        expires_at=T0 + timedelta(days=5),
    )
    withdraw_consent(user=gone, organization=organization)
    stranger = UserFactory(email="stranger@x.example", full_name="Чужой Сотрудник")
    Certificate.objects.filter(pk=issue_certificate(user=stranger, course=demo_course).certificate.pk).update(
        expires_at=T0 + timedelta(days=3)
    )

    send_expiry_digests(now=T0)
    messages = {m.to[0]: m for m in ours()}
    assert set(messages) == {"hr@biofab.example", "hr-en@biofab.example"}  # HR only, not the administrator
    ru = messages["hr@biofab.example"]
    assert "Иван Петров" in ru.body and soon_cert.code in ru.body
    assert "Пётр Далёкий" not in ru.body and "Отозвавший" not in ru.body and "Чужой" not in ru.body
    assert "http://testserver/ru/accounts/organizations/biofab/staff/" in ru.body
    assert "марта 2027" in ru.body  # 21 March, Django's Russian date
    with translation.override("ru"):
        assert gettext("The staff list:") in ru.body and gettext("CAR-T Academy") in ru.subject
    en = messages["hr-en@biofab.example"]
    assert "Introduction to CAR-T cell therapy" in en.body and "March 21, 2027" in en.body
    assert "http://testserver/en/accounts/organizations/biofab/staff/" in en.body
    digest = ExpiryDigest.objects.get(organization=organization)
    assert (digest.week, digest.staff, digest.recipients) == (week_of(T0), 1, 2) and digest.sent_at
    entry = AuditEntry.objects.get(action="employers.digest_sent", organization_id=organization.pk)
    assert entry.after["staff"] == 1 and entry.actor == "system"


@pytest.mark.django_db
def test_once_a_week(employer, demo_course):
    organization, _hr = employer
    staff_with(
        organization, demo_course, email="s@x.example", name="Иван Петров", expires_at=T0 + timedelta(days=20)
    )
    send_expiry_digests(now=T0)
    assert len(ours()) == 2
    send_expiry_digests(now=T0 + timedelta(hours=1))
    send_expiry_digests(now=T0 + timedelta(days=6))  # Sunday of the same week
    assert len(ours()) == 2
    send_expiry_digests(now=T0 + timedelta(days=7))  # next Monday: still expiring (13 days left)
    assert len(ours()) == 4
    assert ExpiryDigest.objects.filter(organization=organization).count() == 2


@pytest.mark.django_db
def test_a_week_with_nobody_expiring_sends_nothing(employer, demo_course):
    organization, _hr = employer
    staff_with(
        organization, demo_course, email="s@x.example", name="Иван Петров", expires_at=T0 + timedelta(days=90)
    )
    send_expiry_digests(now=T0)
    assert ours() == []
    assert not AuditEntry.objects.filter(
        action="employers.digest_sent", organization_id=organization.pk
    ).exists()


def test_the_week_starts_on_monday_in_moscow():
    sunday_night_utc = datetime(2027, 3, 7, 22, 0, tzinfo=UTC)  # already Monday 01:00 in Moscow
    assert week_of(sunday_night_utc).isoformat() == "2027-03-08"
    assert week_of(T0).isoformat() == "2027-03-01"
