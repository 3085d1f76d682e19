"""Read and understood, signed (21 CFR 11.50/11.200): confirming an SOP lesson is an electronic signature."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEntry
from courses.models import LessonPage
from learning.models import LessonCompletion
from learning.services import complete_lesson, enrol, record_visit, sop_signature_meaning
from people.api import SignatureRefused
from people.models import Signature
from tests.factories import PASSWORD


def url(name, language="ru", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def ru(text: str) -> str:
    """The Russian the trainee sees (computed, so the test holds before and after the catalogues are made)."""
    with translation.override("ru"):
        return gettext(text)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # wrong passwords count towards the signer's limit
    yield
    cache.clear()


@pytest.fixture
def sop_lesson(demo_lessons):
    lesson = demo_lessons[0]
    LessonPage.objects.filter(pk=lesson.pk).update(is_sop=True, sop_reference="СОП-ПР-004 ред. 3")
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def reading(client, trainee, demo_course, sop_lesson):
    """The trainee, enrolled and signed in, has opened the SOP lesson."""
    enrol(user=trainee, course=demo_course)
    client.force_login(trainee)
    client.get(sop_lesson.url)
    return client


def _nothing_recorded(audit_before: int) -> None:
    assert not LessonCompletion.objects.exists()
    assert not Signature.objects.exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_the_sop_form_shows_the_meaning_and_asks_for_the_password(reading, sop_lesson):
    page = BeautifulSoup(reading.get(sop_lesson.url).content, "html.parser")
    form = page.select_one(".lesson-end form")
    meaning = form.select_one("[data-signature-meaning]").text.strip()
    with translation.override("ru"):
        assert meaning == sop_signature_meaning(sop_lesson)
    assert f"{sop_lesson.title} (СОП-ПР-004 ред. 3)" in meaning
    assert form.select_one("label[for=sop-secret]").text.strip() == ru("Your password")
    assert form.select_one("input[name=secret]")["type"] == "password"
    assert form.select_one("input[name=revision]")["value"] == str(sop_lesson.live_revision_id)


@pytest.mark.django_db
def test_with_two_factor_on_the_form_asks_for_the_authenticator_code(reading, trainee, sop_lesson):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(trainee, "JBSWY3DPEHPK3PXP")
    page = BeautifulSoup(reading.get(sop_lesson.url).content, "html.parser")
    label = page.select_one(".lesson-end label[for=sop-secret]").text.strip()
    assert label == ru("Code from your authenticator app")
    assert page.select_one(".lesson-end input[name=secret]")["autocomplete"] == "one-time-code"


@pytest.mark.django_db
def test_ordinary_lessons_ask_for_no_signature(reading, demo_lessons):
    page = BeautifulSoup(reading.get(demo_lessons[1].url).content, "html.parser")
    assert not page.select("input[name=secret]") and not page.select("[data-signature-meaning]")


@pytest.mark.django_db
def test_a_wrong_password_records_nothing_and_says_why(reading, sop_lesson):
    before = AuditEntry.objects.count()
    complete = url("learning:complete_lesson", page_id=sop_lesson.pk)
    response = reading.post(complete, {"secret": "not-my-password"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(sop_lesson.url)
    assert ru("The password is not right. Nothing was signed.") in response.content.decode()
    _nothing_recorded(before)
    refused = reading.post(complete, {"secret": "nope"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403
    assert json.loads(refused.content)["status"] == "signature_refused"
    missing = reading.post(complete, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400 and json.loads(missing.content)["message"]
    _nothing_recorded(before)


@pytest.mark.django_db
def test_the_right_password_signs_the_completion(reading, trainee, sop_lesson):
    complete = url("learning:complete_lesson", page_id=sop_lesson.pk)
    response = reading.post(complete, {"secret": PASSWORD, "revision": sop_lesson.live_revision_id})
    assert response.status_code == 302
    completion = LessonCompletion.objects.get(user=trainee)
    signature = completion.signature
    assert signature is not None and signature.signer == trainee
    assert (signature.object_type, signature.object_id) == ("learning.LessonCompletion", str(completion.pk))
    shown = signature.manifestation()
    assert shown["signer"] == "Анна Смирнова"
    assert shown["time_zone"] and shown["signed_at"][-6] in "+-"
    with translation.override("ru"):
        assert shown["meaning"] == sop_signature_meaning(sop_lesson)
    assert "СОП-ПР-004 ред. 3" in shown["meaning"]
    entry = AuditEntry.objects.filter(action="lesson.completed").latest("pk")
    assert entry.after["signature"] == signature.pk


@pytest.mark.django_db
def test_a_procedure_revised_since_it_was_opened_is_not_signed(reading, trainee, sop_lesson):
    complete = url("learning:complete_lesson", page_id=sop_lesson.pk)
    stale = sop_lesson.live_revision_id - 1
    response = reading.post(complete, {"secret": PASSWORD, "revision": stale}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and json.loads(response.content)["message"] == ru(
        "This procedure has been revised since you opened it. Read the current revision and sign again. "
        "Nothing was signed."
    )
    assert not LessonCompletion.objects.exists() and not Signature.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_without_the_secret_and_ordinary_lessons_need_none(
    trainee, demo_course, demo_lessons, sop_lesson
):
    enrolment, _ = enrol(user=trainee, course=demo_course)
    for lesson in demo_lessons[:2]:
        record_visit(enrolment=enrolment, lesson=lesson)
    with pytest.raises(SignatureRefused):
        complete_lesson(user=trainee, lesson=sop_lesson)
    assert not LessonCompletion.objects.exists()
    ordinary = complete_lesson(user=trainee, lesson=demo_lessons[1])
    assert ordinary.created and LessonCompletion.objects.get().signature is None
    assert complete_lesson(user=trainee, lesson=sop_lesson, secret=PASSWORD).created


@pytest.mark.django_db
def test_the_meaning_is_in_the_signers_language(sop_lesson):
    with translation.override("en"):
        meaning = sop_signature_meaning(sop_lesson)
    assert meaning.startswith(f"I confirm I have read and understood {sop_lesson.title} (СОП-ПР-004 ред. 3)")
    assert ", revision of " in meaning
