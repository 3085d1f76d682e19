"""Submitting a final exam is an electronic signature (21 CFR 11.50/11.200), a claim of the certificate."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext

from assessments.models import Assessment, Attempt
from assessments.services import (
    exam_signature_meaning,
    finish_overdue_attempts,
    start_attempt,
    submit_attempt,
)
from audit.models import AuditEntry
from certificates.models import Certificate
from certificates.signing import verify
from learning.services import enrol
from people.api import SignatureRefused
from people.models import Signature
from tests.assessments.conftest import pass_attempt
from tests.assessments.test_views import attempt_url, form_answers
from tests.conftest import read_lesson
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # wrong passwords count towards the signer's limit
    yield
    cache.clear()


def ru(text: str) -> str:
    with translation.override("ru"):
        return gettext(text)


@pytest.fixture
def exam_attempt(client, trainee, demo_course, demo_lessons):
    """The trainee has read every lesson, passed the module quiz and started the final exam."""
    enrol(user=trainee, course=demo_course)
    for lesson in demo_lessons:
        read_lesson(user=trainee, lesson=lesson)
    pass_attempt(trainee, Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»"))
    client.force_login(trainee)
    exam = Assessment.objects.get(title="Итоговый экзамен")
    client.post(f"/ru/assessments/{exam.pk}/start/")
    return exam.attempts.get(user=trainee)


def _attempt_records() -> int:
    return AuditEntry.objects.filter(action__startswith="attempt.").count()


def test_the_exam_form_shows_the_meaning_and_asks_for_the_password(client, exam_attempt):
    page = BeautifulSoup(client.get(attempt_url(exam_attempt)).content, "html.parser")
    box = page.select_one("form [data-exam-signature]")
    with translation.override("ru"):
        assert box.select_one("[data-signature-meaning]").text.strip() == exam_signature_meaning()
    assert box.select_one("label[for=exam-secret]").text.strip() == ru("Your password")
    assert box.select_one("input[name=secret]")["type"] == "password"


def test_a_module_quiz_asks_for_no_signature(client, trainee, every_kind_quiz):
    client.force_login(trainee)
    client.post(f"/ru/assessments/{every_kind_quiz.pk}/start/")
    attempt = every_kind_quiz.attempts.get(user=trainee)
    page = BeautifulSoup(client.get(attempt_url(attempt)).content, "html.parser")
    assert not page.select("input[name=secret]") and not page.select("[data-exam-signature]")


def test_a_wrong_password_leaves_the_attempt_open_and_nothing_graded(client, trainee, exam_attempt):
    records, signatures = _attempt_records(), Signature.objects.count()
    post = {**form_answers(exam_attempt), "secret": "not-my-password"}
    response = client.post(attempt_url(exam_attempt, "submit/"), post, follow=True)
    assert response.redirect_chain[-1][0] == attempt_url(exam_attempt)
    assert ru("The password is not right. Nothing was signed.") in response.content.decode()
    exam_attempt.refresh_from_db()
    assert exam_attempt.status == Attempt.OPEN and exam_attempt.percent is None
    assert exam_attempt.signature is None and exam_attempt.finished_at is None
    assert (_attempt_records(), Signature.objects.count()) == (records, signatures)
    assert not Certificate.objects.filter(holder=trainee).exists()
    # The answers are kept (as a save keeps them), so the trainee only types the password again.
    assert all(q.response is not None for q in exam_attempt.questions.all())
    refused = client.post(
        attempt_url(exam_attempt, "submit/"),
        {"sequence": str(exam_attempt.sequence), "secret": "still-wrong"},
        HTTP_ACCEPT="application/json",
    )
    data = json.loads(refused.content)
    assert refused.status_code == 403 and data["status"] == "signature_refused" and data["message"]
    missing = client.post(
        attempt_url(exam_attempt, "submit/"),
        {"sequence": str(data["sequence"])},
        HTTP_ACCEPT="application/json",
    )
    assert missing.status_code == 400 and json.loads(missing.content)["status"] == "signature_refused"
    exam_attempt.refresh_from_db()
    assert exam_attempt.status == Attempt.OPEN and Signature.objects.count() == signatures


def test_the_right_password_grades_signs_and_the_certificate_carries_the_signature_time(
    client, trainee, exam_attempt
):
    post = {**form_answers(exam_attempt), "secret": PASSWORD}
    response = client.post(attempt_url(exam_attempt, "submit/"), post)
    assert response["Location"] == attempt_url(exam_attempt, "result/")
    exam_attempt.refresh_from_db()
    assert exam_attempt.status == Attempt.SUBMITTED and exam_attempt.passed
    signature = exam_attempt.signature
    assert (signature.object_type, signature.object_id) == ("assessments.Attempt", str(exam_attempt.pk))
    shown = signature.manifestation()
    assert shown["signer"] == "Анна Смирнова" and shown["method"] == "password"
    assert shown["time_zone"] and shown["signed_at"][-6] in "+-"
    with translation.override("ru"):
        assert shown["meaning"] == exam_signature_meaning()
    entry = AuditEntry.objects.filter(action="attempt.submitted", object_id=str(exam_attempt.pk)).get()
    assert entry.after["signed"] is True and entry.after["signature"] == signature.pk

    certificate = Certificate.objects.get(holder=trainee)
    assert certificate.exam_signed_at == signature.signed_at
    assert verify(certificate.jws).claims["exam_signed_at"] == signature.signed_at.isoformat()
    data = json.loads(client.get(f"/api/v1/certificates/{certificate.code}").content)
    assert data["exam_signed_at"] == signature.signed_at.isoformat()
    assert data["signature_valid"] is True and data["record_altered"] == []
    page = BeautifulSoup(client.get(f"/verify/{certificate.code}/?lang=en").content, "html.parser")
    assert "Exam signed" in page.select_one(".verify-details").text
    assert page.select_one("[data-exam-signed]")


def test_tampering_with_the_exam_signature_time_shows_record_altered(client, trainee, exam_attempt):
    client.post(attempt_url(exam_attempt, "submit/"), {**form_answers(exam_attempt), "secret": PASSWORD})
    certificate = Certificate.objects.get(holder=trainee)
    earlier = certificate.exam_signed_at - timedelta(days=2)
    Certificate.objects.filter(pk=certificate.pk).update(exam_signed_at=earlier)  # behind the app's back
    data = json.loads(client.get(f"/api/v1/certificates/{certificate.code}").content)
    assert data["signature_valid"] is False and data["record_altered"] == ["exam_signed_at"]
    english = client.get(f"/verify/{certificate.code}/?lang=en").content.decode()
    assert "Record altered" in english and "has not been altered" not in english


def test_no_one_can_sign_someone_elses_exam(client, trainee, make_user, exam_attempt):
    other = make_user(email="intruder@example.org", password="intruder-password-1")
    client.force_login(other)
    post = {**form_answers(exam_attempt), "secret": "intruder-password-1"}
    assert client.post(attempt_url(exam_attempt, "submit/"), post).status_code == 404
    # Not through the service either: the attempt's own trainee signs, with their own secret only.
    with pytest.raises(SignatureRefused):
        submit_attempt(
            attempt=exam_attempt, answers={}, sequence=exam_attempt.sequence, secret="intruder-password-1"
        )
    exam_attempt.refresh_from_db()
    assert exam_attempt.status == Attempt.OPEN and exam_attempt.signature is None
    assert not Signature.objects.filter(signer=other).exists()
    assert not Signature.objects.filter(object_type="assessments.Attempt").exists()


def test_an_exam_closed_at_its_deadline_is_recorded_unsigned(trainee, demo_course):
    exam = Assessment.objects.get(title="Итоговый экзамен")
    attempt, _ = start_attempt(user=trainee, assessment=exam, now=timezone.now() - timedelta(days=1))
    assert attempt.deadline is not None
    assert finish_overdue_attempts() == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.EXPIRED and attempt.signature is None
    entry = AuditEntry.objects.get(action="attempt.expired", object_id=str(attempt.pk))
    assert entry.after["signed"] is False and entry.after["signature"] is None
