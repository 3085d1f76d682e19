"""The trainee's whole journey on the small demo course, at 1280 px and at 375 px: sign-up with consent,
enrol, lessons, the module quiz, the final exam and the certificate, following each page's "next step".

Every click that is not an answer (a quiz answer, a form field, the consent box) is counted: at most 12.
Screenshots go to $SCREENSHOT_DIR (default: a temporary folder), one sub-folder per width.
"""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Assessment, Attempt
from courses.models import CoursePage, LessonPage
from demo.loader import DEMO_PASSWORD
from tests.browser.test_quiz import answer

# Passing a final exam issues the certificate inside the request in the tests (immediate tasks): the
# credential and the signed PDF are made before the result page answers, slower on a loaded machine.
RESULT_TIMEOUT = 20_000

MAX_CLICKS = 12
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="journey-"))


class Journey:
    """A browser session that counts the clicks it makes (answers are typed, ticked or chosen by keyboard)."""

    def __init__(self, session, width: int):
        self.s = session
        self.page = session.page
        self.clicks: list[str] = []
        session.folder = SCREENSHOT_DIR / f"journey-{width}px"
        session.folder.mkdir(parents=True, exist_ok=True)

    def click(self, locator, why: str) -> None:
        expect(locator).to_be_visible()
        locator.click()
        self.clicks.append(why)

    def follow_next_step(self, kind: str) -> str:
        """Follow the page's "next step" link (of this kind); returns where it led."""
        block = self.page.locator(f'[data-next-step="{kind}"]')
        expect(block).to_be_visible()
        link = block.locator("[data-next-step-link]")
        target = link.get_attribute("href")
        self.click(link, f"next step: {kind}")
        expect(self.page).to_have_url(re.compile(re.escape(target) + "$"))
        return target

    def take_quiz(self, assessment: Assessment, *, secret: str | None = None) -> None:
        """Start, answer every question (so no unanswered warning), sign if asked, submit."""
        self.click(self.page.get_by_role("button", name="Начать"), f"start {assessment.title}")
        attempt = Attempt.objects.get(assessment=assessment, status=Attempt.OPEN)
        questions = list(attempt.questions.select_related("version").order_by("position"))
        expect(self.page.locator(".quiz-question")).to_have_count(len(questions))
        for question in questions[:-1]:
            answer(self.page, question)
        # attempt.js saves answers as they change; a submit that overtakes a save on its way is refused as
        # stale (409). Wait, by events rather than timers, for the save after the last answer to land and
        # for the page to hold the sequence the server gave it.
        autosave = f"/attempts/{attempt.pk}/answers/"
        with self.page.expect_response(lambda response: autosave in response.url):
            answer(self.page, questions[-1])
        attempt.refresh_from_db()
        expect(self.page.locator("input[name=sequence]")).to_have_value(str(attempt.sequence))
        if secret is not None:
            self.page.locator("[data-exam-signature] input[name=secret]").fill(secret)
        self.s.shot(f"{assessment.pk}-answered")
        self.click(
            self.page.get_by_role("button", name="Отправить на проверку"), f"submit {assessment.title}"
        )
        expect(self.page.locator(".result-verdict")).to_contain_text("Сдано", timeout=RESULT_TIMEOUT)


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)], ids=["desktop", "phone"])
def test_sign_up_to_certificate_following_next_steps(session_factory, width, height):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    exam = Assessment.objects.get(title="Итоговый экзамен")
    assert len(lessons) == 3 and lessons[2].is_sop
    email = f"journey-{width}@example.org"
    j = Journey(session_factory(f"{width}", viewport={"width": width, "height": height}), width)
    page = j.page

    # 1. A visitor finds the course and creates an account from it (with consent to data processing).
    j.s.goto(course.url)
    j.s.shot("course-anonymous")
    j.click(
        page.locator(f'.course-action a[href^="/ru/accounts/signup/?next={course.url}"]'), "create account"
    )
    page.get_by_role("textbox", name="Адрес электронной почты").fill(email)
    page.get_by_label("ФИО для сертификатов").fill("Анна Журнева")
    page.get_by_label("Пароль", exact=False).first.fill(DEMO_PASSWORD)
    page.locator('input[name="password2"]').fill(DEMO_PASSWORD)
    page.locator('input[name="personal_data_consent"]').check()  # an answer to the consent question
    j.s.shot("signup")
    j.click(page.locator("form.form button[type=submit]"), "sign up")
    expect(page).to_have_url(re.compile(r"/ru/accounts/confirm-email/$"))

    # 2. The verification link, opened in the same browser, signs in and returns to the course.
    link = re.search(r"https?://\S+/ru/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    j.click(page.locator("main form button[type=submit]"), "confirm address")
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    j.s.shot("course-signed-in")

    # 3. Enrol: straight to the first lesson. Each confirmation leads to the next step by itself.
    j.click(page.get_by_role("button", name="Записаться на курс"), "enrol")
    expect(page).to_have_url(re.compile(re.escape(lessons[0].url) + "$"))
    for lesson, then in ((lessons[0], lessons[1].url), (lessons[1], f"/ru/assessments/{quiz.pk}/")):
        j.s.shot(f"lesson-{lesson.slug}")
        j.click(page.get_by_role("button", name="Я прочитал(а) и понял(а)"), f"confirm {lesson.slug}")
        expect(page).to_have_url(re.compile(re.escape(then) + "$"))

    # 4. The module quiz; its result offers the next module.
    j.take_quiz(quiz)
    expect(page.locator("[data-back-to-course]")).to_have_attribute("href", f"{course.url}#outline-heading")
    j.s.shot("quiz-passed")
    assert j.follow_next_step("module") == lessons[2].url

    # 5. The last lesson is an SOP: signed with the password; then the final exam.
    page.locator(".lesson-end input[name=secret]").fill(DEMO_PASSWORD)
    j.click(page.get_by_role("button", name="Я прочитал(а) и понял(а)"), "sign the SOP lesson")
    expect(page).to_have_url(re.compile(rf"/ru/assessments/{exam.pk}/$"))
    j.take_quiz(exam, secret=DEMO_PASSWORD)

    # 6. The certificate moment: code, PDF, copy link, LinkedIn and VK, with nothing fetched from outside.
    moment = page.locator("[data-certificate-moment]")
    expect(moment).to_be_visible()
    code = moment.locator("[data-certificate-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z-]{20,}", code)
    expect(moment.locator("[data-certificate-pdf]")).to_have_attribute("href", f"/verify/{code}/pdf")
    expect(moment.get_by_role("button", name=re.compile("Скопировать|Copy"))).to_be_visible()
    expect(moment.locator("[data-verify-link]")).to_have_text(re.compile(rf"/verify/{code}/$"))
    linkedin = moment.locator("[data-share=linkedin]").get_attribute("href")
    assert linkedin.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&")
    assert f"certId={code}" in linkedin
    assert moment.locator("[data-share=vk]").get_attribute("href").startswith("https://vk.com/share.php?url=")
    j.s.shot("certificate")
    pdf = j.s.context.request.get(j.s.base_url + f"/verify/{code}/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert j.s.outside_requests() == []

    print(f"{width}px: {len(j.clicks)} clicks: {', '.join(j.clicks)}")
    assert len(j.clicks) <= MAX_CLICKS, j.clicks
