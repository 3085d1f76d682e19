"""Renewal reminders: 90, 60 and 30 days before expiry, each once, in the holder's language."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEntry
from certificates import reminders
from certificates.models import Certificate, RenewalReminder
from certificates.reminders import send_renewal_reminders, threshold_for
from certificates.services import issue_certificate, reissue_certificate
from certificates.tasks import send_renewal_reminders_task

T0 = datetime(2027, 1, 10, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_other_certificates_expire(db):
    """The demo's certificates expire at various dates; here only each test's own certificates do."""
    Certificate.objects.update(expires_at=None)


def certificate_for(user, course, *, expires_at) -> Certificate:
    certificate = issue_certificate(user=user, course=course, issued_at=T0 - timedelta(days=700)).certificate
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=expires_at)
    certificate.refresh_from_db()
    return certificate


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_the_tightest_threshold_reached_counts():
    expires = T0 + timedelta(days=100)
    assert threshold_for(expires, now=T0, thresholds=(90, 60, 30)) is None
    assert threshold_for(expires, now=T0 + timedelta(days=10), thresholds=(90, 60, 30)) == 90
    assert threshold_for(expires, now=T0 + timedelta(days=45), thresholds=(90, 60, 30)) == 60
    assert threshold_for(expires, now=T0 + timedelta(days=99), thresholds=(90, 60, 30)) == 30


@pytest.mark.django_db
def test_each_threshold_is_reminded_once_on_a_frozen_clock(trainee, demo_course):
    certificate = certificate_for(trainee, demo_course, expires_at=T0 + timedelta(days=100))
    sent_on = {}
    for day in range(0, 106):  # the daily job, every day until after expiry, twice a day
        with time_machine.travel(T0 + timedelta(days=day), tick=False):
            for _run in range(2):
                before = len(mail.outbox)
                send_renewal_reminders_task.enqueue()
                if len(mail.outbox) > before:
                    sent_on[day] = mail.outbox[-1]
    assert sorted(sent_on) == [10, 40, 70]  # 90, 60 and 30 days before
    assert len(mail.outbox) == 3
    rows = RenewalReminder.objects.filter(certificate=certificate)
    assert sorted(rows.values_list("days", flat=True)) == [30, 60, 90]
    assert all(row.sent_at is not None for row in rows)
    message = sent_on[10]
    assert message.to == [trainee.email]
    assert (
        certificate.code in message.body and f"http://testserver/verify/{certificate.code}/" in message.body
    )
    assert "http://testserver/ru/dashboard/" in message.body  # the dashboard link, in the holder's language
    # Russian by default: Django's Russian date and the project's Russian words.
    assert "апреля 2027" in message.subject + message.body
    assert in_language("ru", "Certificate code:") in message.body
    assert in_language("ru", "CAR-T Academy") in message.subject
    entries = AuditEntry.objects.filter(action="certificate.reminder_sent", object_id=str(certificate.pk))
    assert sorted(entry.after["days"] for entry in entries) == [30, 60, 90]
    assert {entry.actor for entry in entries} == {"system"}


@pytest.mark.django_db
def test_a_holder_who_prefers_english_reads_english(make_user, demo_course):
    holder = make_user(email="en@example.org", preferred_language="en")
    certificate_for(holder, demo_course, expires_at=T0 + timedelta(days=20))
    assert send_renewal_reminders(now=T0) == 1
    [message] = mail.outbox
    assert "Your certificate" in message.subject and "April" not in message.subject
    assert "Jan. 30, 2027" in message.subject
    assert "Certificate code:" in message.body and "http://testserver/en/dashboard/" in message.body


@pytest.mark.django_db
def test_a_certificate_first_seen_late_gets_one_reminder_not_three(trainee, demo_course):
    certificate = certificate_for(trainee, demo_course, expires_at=T0 + timedelta(days=20))
    assert send_renewal_reminders(now=T0) == 1
    assert send_renewal_reminders(now=T0 + timedelta(days=1)) == 0
    assert list(RenewalReminder.objects.filter(certificate=certificate).values_list("days", flat=True)) == [
        30
    ]


@pytest.mark.django_db
def test_revoked_superseded_expired_and_renewed_certificates_get_none(make_user, demo_course):
    soon = T0 + timedelta(days=20)
    revoked = certificate_for(make_user(email="revoked@example.org"), demo_course, expires_at=soon)
    revoked.revoke(reason="error")
    old = certificate_for(make_user(email="reissued@example.org"), demo_course, expires_at=soon)
    new = reissue_certificate(certificate=old)
    Certificate.objects.filter(pk=new.pk).update(expires_at=T0 + timedelta(days=800))
    certificate_for(make_user(email="expired@example.org"), demo_course, expires_at=T0 - timedelta(days=1))
    # Renewed: a newer certificate of the same course (another version) that lasts longer.
    renewed_holder = make_user(email="renewed@example.org")
    certificate_for(renewed_holder, demo_course, expires_at=soon)
    later = issue_certificate(user=renewed_holder, course=demo_course, version="99.0").certificate
    Certificate.objects.filter(pk=later.pk).update(expires_at=T0 + timedelta(days=700))
    never = issue_certificate(user=make_user(email="forever@example.org"), course=demo_course).certificate
    Certificate.objects.filter(pk=never.pk).update(expires_at=None)

    assert send_renewal_reminders(now=T0) == 0
    assert mail.outbox == [] and not RenewalReminder.objects.exists()
    # The control: an ordinary certificate in the same state is reminded.
    control = certificate_for(make_user(email="control@example.org"), demo_course, expires_at=soon)
    assert send_renewal_reminders(now=T0) == 1
    assert list(RenewalReminder.objects.values_list("certificate_id", flat=True)) == [control.pk]


@pytest.mark.django_db
def test_two_runs_at_the_same_moment_send_once(trainee, demo_course):
    """Worker B runs the whole job between worker A's look-up and A's claim: A then claims nothing."""
    certificate_for(trainee, demo_course, expires_at=T0 + timedelta(days=80))
    real = reminders.due_reminders
    raced = []

    def due_then_race(*, now):
        found = real(now=now)
        if not raced:
            raced.append("B")
            raced.append(send_renewal_reminders(now=now))  # the other worker, complete
        return found

    with mock.patch.object(reminders, "due_reminders", side_effect=due_then_race):
        assert send_renewal_reminders(now=T0) == 0
    assert raced == ["B", 1]
    assert len(mail.outbox) == 1 and RenewalReminder.objects.count() == 1


@pytest.mark.django_db
def test_a_failed_email_is_tried_again_next_time(trainee, demo_course):
    certificate_for(trainee, demo_course, expires_at=T0 + timedelta(days=80))
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        assert send_renewal_reminders(now=T0) == 0
    assert not RenewalReminder.objects.exists()
    assert send_renewal_reminders(now=T0 + timedelta(days=1)) == 1


def _queries_for(count: int, make_user, demo_course, prefix: str) -> int:
    for index in range(count):
        user = make_user(email=f"{prefix}{index}@example.org")
        certificate_for(user, demo_course, expires_at=T0 + timedelta(days=25 + index % 60))
    with CaptureQueriesContext(connection) as queries:
        sent = send_renewal_reminders(now=T0)
    assert sent == count
    return len(queries)


@pytest.mark.django_db
def test_the_reminder_job_queries_do_not_grow_with_certificates(make_user, demo_course):
    small = _queries_for(2, make_user, demo_course, "small")
    Certificate.objects.all().delete()
    mail.outbox.clear()
    large = _queries_for(12, make_user, demo_course, "large")
    assert small == large
