"""From exam to certificate: pass the final exam, find and download the certificate, verify it, revoke it."""

import io
import re

import pypdf
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.models import Assessment
from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from demo.loader import DEMO_PASSWORD
from learning.services import enrol
from tests.assessments.conftest import pass_attempt
from tests.browser.test_quiz import answer
from tests.conftest import read_lesson

# Passing a final exam issues the certificate inside the request in the tests (immediate tasks): the
# credential and the signed PDF are made before the result page answers, slower on a loaded machine.
RESULT_TIMEOUT = 20_000


def sign_in(s, email: str, next_path: str):
    s.goto(f"/ru/accounts/login/?next={next_path}")
    s.page.get_by_label("Адрес электронной почты").fill(email)
    s.page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    s.page.locator("form.form button[type=submit]").click()
    enter_two_factor_code(s, email)
    # Signed in only once the last form's answer has come: a goto before it would cancel that navigation
    # (and with it, perhaps, the sign-in itself), leaving the next page to the login form.
    expect(s.page).not_to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"), timeout=30_000)


def enter_two_factor_code(s, email: str):
    """People with an authenticator app (the privileged demo accounts, `with_totp` users) are asked for its
    code after the password: type the code the app shows now."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache

    from tests.factories import totp_code

    authenticator = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    expect(s.page).to_have_url(re.compile(r"/ru/accounts/2fa/authenticate/$"))
    cache.clear()  # allauth takes each code once per account: an earlier test may have used this one
    s.page.locator("input[name=code]").fill(totp_code(decrypt(authenticator.data["secret"])))
    s.page.get_by_role("button", name="Войти").click()


def test_exam_certificate_dashboard_pdf_verify_and_revoke(session_factory, make_user):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    user = make_user(email="graduate@example.org", password=DEMO_PASSWORD, full_name="Ирина Соколова")
    enrol(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        read_lesson(user=user, lesson=lesson, secret=DEMO_PASSWORD)  # the last lesson is an SOP
    pass_attempt(user, Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»"))
    exam = Assessment.objects.get(title="Итоговый экзамен")

    # 1. The trainee passes the final exam in the browser.
    s = session_factory()
    sign_in(s, "graduate@example.org", f"/ru/assessments/{exam.pk}/")
    s.page.get_by_role("button", name="Начать").click()
    expect(s.page.locator(".quiz-question")).to_have_count(6)
    attempt = exam.attempts.get(user=user)
    for question in attempt.questions.select_related("version").order_by("position"):
        answer(s.page, question)
    # Submitting the final exam is an electronic signature: a wrong password keeps the attempt open.
    signature_box = s.page.locator("[data-exam-signature]")
    expect(signature_box.locator("[data-signature-meaning]")).to_be_visible()
    signature_box.locator("input[name=secret]").fill("not-my-password")
    s.page.get_by_role("button", name="Отправить на проверку").click()
    expect(s.page).to_have_url(re.compile(rf"/ru/attempts/{attempt.pk}/$"))
    expect(s.page.locator(".messages .message-error")).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.percent is None
    s.shot("exam-signature-refused")
    s.page.locator("[data-exam-signature] input[name=secret]").fill(DEMO_PASSWORD)
    s.page.get_by_role("button", name="Отправить на проверку").click()
    expect(s.page.locator(".result-verdict")).to_contain_text("Сдано", timeout=RESULT_TIMEOUT)
    s.shot("exam-passed")
    attempt.refresh_from_db()
    assert attempt.signature is not None and attempt.signature.signer == user

    # 2. The certificate is on the dashboard; its PDF downloads.
    s.goto("/ru/dashboard/")
    card = s.page.locator(".certificate-card.status-valid")
    expect(card).to_contain_text("Введение в CAR-T-клеточную терапию")
    s.shot("dashboard-certificate")
    certificate = Certificate.objects.get(holder=user)
    with s.page.expect_download() as download_info:
        card.get_by_role("link", name="Скачать PDF").evaluate("a => a.setAttribute('download', '')")
        card.get_by_role("link", name="Скачать PDF").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - a temporary download
    text = " ".join(pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert certificate.code in text and "Ирина Соколова" in text

    # 3. An anonymous visitor opens the address the QR code holds.
    visitor = session_factory("visitor")
    # The QR code holds SITE_URL + this path (decoded in tests/certificates/test_pdf.py).
    visitor.goto(f"/verify/{certificate.code}/?lang=ru")
    expect(visitor.page.locator(".verdict")).to_contain_text("Действителен")
    expect(visitor.page.locator(".verify-details")).to_contain_text("Ирина Соколова")
    expect(visitor.page.locator("[data-exam-signed]")).to_be_visible()
    assert certificate.exam_signed_at == attempt.signature.signed_at
    visitor.shot("verify-valid")

    # 4. An administrator revokes it in the admin; the public page says so.
    admin = session_factory("admin")
    sign_in(admin, "admin@cart-academy.example", f"/admin/certificates/{certificate.pk}/")
    expect(admin.page.locator("body")).to_contain_text(certificate.code)
    admin.page.locator("#id_reason").select_option("error")
    admin.page.locator("form[action$='/revoke/'] button").click()
    expect(admin.page.locator(".messages, body").first).to_contain_text(re.compile("revoked|отозван", re.I))
    admin.shot("admin-revoked")
    visitor.page.reload()
    expect(visitor.page.locator(".verdict")).to_contain_text("Отозван")
    visitor.shot("verify-revoked")
    assert re.search("Выдан по ошибке", visitor.page.content())
    assert s.outside_requests() == [] and visitor.outside_requests() == []
    assert get_user_model().objects.filter(email="graduate@example.org").exists()
