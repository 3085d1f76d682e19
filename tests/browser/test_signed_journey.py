"""The signed training record, end to end: a trainee signs an SOP lesson and the final exam in the browser and
gets the certificate; the employer's HR downloads the inspector dossier, whose detached JWS verifies against
the platform's published keys."""

import base64
import json
import re
import urllib.request
from urllib.parse import urljoin

import jwt
from playwright.sync_api import expect

from assessments.models import Assessment
from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from demo.loader import DEMO_PASSWORD
from employers.services import link_employer
from learning.models import LessonCompletion
from learning.services import enrol
from people.models import Organization
from tests.assessments.conftest import pass_attempt
from tests.browser.test_certificates import sign_in
from tests.browser.test_quiz import answer
from tests.conftest import read_lesson

# Passing a final exam issues the certificate inside the request in the tests (immediate tasks): the
# credential and the signed PDF are made before the result page answers, slower on a loaded machine.
RESULT_TIMEOUT = 20_000


def test_trainee_signs_sop_and_exam_and_the_employer_gets_a_verifiable_dossier(session_factory, make_user):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    user = make_user(email="operator2@example.org", password=DEMO_PASSWORD, full_name="Пётр Операторов")
    enrol(user=user, course=course)
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    sop = next(lesson for lesson in lessons if lesson.is_sop)
    for lesson in lessons:
        if lesson.pk != sop.pk:
            read_lesson(user=user, lesson=lesson)

    # 1. The trainee reads the SOP and signs it with their password.
    s = session_factory()
    sign_in(s, user.email, sop.url)
    expect(s.page.locator(".lesson-end [data-signature-meaning]")).to_contain_text(sop.sop_reference)
    s.page.locator(".lesson-end input[name=secret]").fill(DEMO_PASSWORD)
    s.page.get_by_role("button", name="Я прочитал(а) и понял(а)").click()
    expect(s.page).to_have_url(re.compile(r"/ru/assessments/\d+/$"))  # the next step: the module's quiz
    s.shot("sop-signed")
    completion = LessonCompletion.objects.get(user=user, lesson_key=sop.translation_key)
    assert completion.signature.printed_name == "Пётр Операторов"

    # 2. The module quiz (service), then the final exam in the browser, signed on submission.
    pass_attempt(user, Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»"))
    exam = Assessment.objects.get(title="Итоговый экзамен")
    s.goto(f"/ru/assessments/{exam.pk}/")
    s.page.get_by_role("button", name="Начать").click()
    # The attempt page gives the options their tokens as it renders: read the questions once it has.
    expect(s.page.locator(".quiz-question").first).to_be_visible()
    attempt = exam.attempts.get(user=user)
    for question in attempt.questions.select_related("version").order_by("position"):
        answer(s.page, question)
    s.page.locator("[data-exam-signature] input[name=secret]").fill(DEMO_PASSWORD)
    s.page.get_by_role("button", name="Отправить на проверку").click()
    expect(s.page.locator(".result-verdict")).to_contain_text("Сдано", timeout=RESULT_TIMEOUT)
    s.goto("/ru/dashboard/")
    expect(s.page.locator(".certificate-card.status-valid")).to_contain_text("Введение в CAR-T")
    s.shot("certificate")
    certificate = Certificate.objects.get(holder=user)
    attempt.refresh_from_db()
    assert certificate.exam_signed_at == attempt.signature.signed_at

    # 3. The trainee shares their records with the employer; its HR downloads the dossier.
    employer = Organization.objects.get(slug="demo-employer")
    link_employer(user=user, organization=employer)
    hr = session_factory("hr")
    path = f"/ru/accounts/organizations/{employer.slug}/dossier/"
    sign_in(hr, "hr@employer.example", path)
    hr.page.locator("select[name=course]").select_option(str(course.translation_key))
    hr.page.locator("input[name=version]").fill(certificate.course_version)
    hr.page.locator("input[name=date]").fill(certificate.issued_at.date().isoformat())
    hr.page.get_by_role("button", name="Показать досье").click()
    expect(hr.page.locator("main")).to_contain_text("Пётр Операторов")
    hr.shot("dossier")
    links = {
        name: hr.page.get_by_role("link", name=label).get_attribute("href")
        for name, label in (("json", "Скачать JSON"), ("jws", "Скачать подпись (JWS)"))
    }
    payload = hr.page.request.get(urljoin(hr.page.url, links["json"])).body()
    detached = hr.page.request.get(urljoin(hr.page.url, links["jws"])).text().strip()
    dossier = json.loads(payload)
    (person,) = [p for p in dossier["people"] if p["name"] == "Пётр Операторов"]
    assert person["qualified"] and person["certificate"]["code"] == certificate.code
    assert any(lesson.get("signatures") for lesson in person["lessons"])

    # 4. Anyone can check it with a JOSE library against the published keys.
    with urllib.request.urlopen(hr.base_url + "/.well-known/jwks.json") as response:  # noqa: S310 - live server
        keys = json.load(response)["keys"]
    header_b64, empty, signature_b64 = detached.split(".")
    assert empty == ""
    compact = f"{header_b64}.{base64.urlsafe_b64encode(payload).rstrip(b'=').decode()}.{signature_b64}"
    kid = jwt.get_unverified_header(compact)["kid"]
    key = jwt.PyJWK.from_dict(next(k for k in keys if k["kid"] == kid))
    assert json.loads(jwt.api_jws.decode(compact, key=key.key, algorithms=["EdDSA"])) == dossier
    tampered = payload.replace("Пётр".encode(), "Павел".encode())
    forged = f"{header_b64}.{base64.urlsafe_b64encode(tampered).rstrip(b'=').decode()}.{signature_b64}"
    try:
        jwt.api_jws.decode(forged, key=key.key, algorithms=["EdDSA"])
    except jwt.InvalidSignatureError:
        pass
    else:
        raise AssertionError("a changed dossier must not verify")
    assert s.outside_requests() == [] and hr.outside_requests() == []
