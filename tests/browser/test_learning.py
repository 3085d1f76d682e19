"""Learning in the browser: browse the catalog, read, enrol, complete lessons, see progress, resume."""

import re

from playwright.sync_api import expect

from assessments.models import Assessment
from courses.models import CoursePage, LessonPage
from demo.loader import DEMO_PASSWORD
from learning.models import LessonCompletion

TRAINEE = "trainee@cart-academy.example"


def sign_in(s, next_path: str):
    s.goto(f"/ru/accounts/login/?next={next_path}")
    s.page.get_by_label("Адрес электронной почты").fill(TRAINEE)
    s.page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    s.page.locator("form.form button[type=submit]").click()
    expect(s.page).to_have_url(re.compile(re.escape(next_path) + "$"))


def test_anonymous_visitor_browses_the_catalog_and_reads_the_first_lesson(session_factory):
    s = session_factory()
    s.goto("/ru/")
    s.page.locator(".main-nav").get_by_role("link", name="Курсы").click()
    expect(s.page).to_have_url(re.compile(r"/ru/kursy/$"))
    expect(s.page.locator(".course-card")).to_have_count(1)
    s.shot("catalog")
    s.page.get_by_label("Должностная роль").select_option("qc")
    s.page.get_by_role("button", name="Показать курсы").click()
    expect(s.page).to_have_url(re.compile(r"role=qc"))
    expect(s.page.locator(".course-card")).to_have_count(1)
    s.page.locator(".course-card h3 a").click()
    expect(s.page.locator("h1")).to_have_text(CoursePage.objects.get(slug="vvedenie-v-car-t").title)
    s.shot("course-overview")
    s.page.get_by_role("link", name="Прочитать первый урок бесплатно").click()
    expect(s.page.locator(".lesson h1")).to_be_visible()
    expect(s.page.locator(".lesson-end")).to_contain_text("Создать учётную запись")
    s.shot("first-lesson")
    # The second lesson is closed to visitors: it leads to sign-in.
    s.page.locator(".lesson-nav a[rel=next]").click()
    expect(s.page).to_have_url(re.compile(r"/ru/accounts/login/\?next="))
    assert s.outside_requests() == []


def test_trainee_enrols_completes_lessons_and_resumes(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    s = session_factory()
    sign_in(s, course.url)
    progress = s.page.locator(".course-action .progress")

    s.page.get_by_role("button", name="Записаться на курс").click()
    expect(s.page).to_have_url(re.compile(re.escape(lessons[0].url) + "$"))
    s.page.wait_for_load_state("networkidle")
    assert not LessonCompletion.objects.exists(), "opening a lesson must not complete it"
    s.shot("enrolled-first-lesson")

    # Reaching the end of the lesson does not complete it: the trainee confirms having read it.
    s.page.locator("#lesson-end").scroll_into_view_if_needed()
    s.page.wait_for_load_state("networkidle")
    assert not LessonCompletion.objects.exists(), "scrolling to the end must not complete a lesson"
    s.page.get_by_role("button", name="Я прочитал(а) и понял(а)").click()
    expect(s.page).to_have_url(re.compile(re.escape(lessons[1].url) + "$"))
    expect(s.page.locator(".lesson-sidebar .progress")).to_have_attribute("aria-valuenow", "33")
    s.shot("lesson-1-read-and-understood")
    completion = LessonCompletion.objects.get(lesson_key=lessons[0].translation_key)
    assert completion.via == "confirm" and completion.seconds_on_page is not None

    s.goto(course.url)
    expect(progress).to_have_attribute("aria-valuenow", "33")
    s.shot("course-progress-33")

    # Leave for the dashboard, then come back: "continue" leads to lesson 2.
    s.goto("/ru/dashboard/")
    expect(s.page.locator("#my-courses + .dashboard-list .progress")).to_have_attribute("aria-valuenow", "33")
    s.shot("dashboard-33")
    s.page.locator("#my-courses + .dashboard-list").get_by_role("link", name="Продолжить").click()
    s.page.get_by_role("link", name="Продолжить с того места, где вы остановились").click()
    expect(s.page).to_have_url(re.compile(re.escape(lessons[1].url) + "$"))

    # Without JavaScript the button works the same.
    nojs = session_factory("no-javascript", java_script_enabled=False)
    sign_in(nojs, lessons[1].url)
    nojs.page.get_by_role("button", name="Я прочитал(а) и понял(а)").click()
    # The last lesson of the module leads on to the module's quiz (the next step).
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    expect(nojs.page).to_have_url(re.compile(rf"/ru/assessments/{quiz.pk}/$"))
    expect(nojs.page.locator(".messages")).to_contain_text("Урок отмечен как пройденный")
    nojs.shot("lesson-2-completed-without-js")
    nojs.goto(lessons[2].url)
    # The third lesson is an SOP: confirming it is an electronic signature with the password.
    signature = nojs.page.locator(".lesson-end [data-signature-meaning]")
    expect(signature).to_contain_text("СОП-ПР-004 ред. 3")
    nojs.page.locator(".lesson-end input[name=secret]").fill("not-my-password")
    nojs.page.get_by_role("button", name="Я прочитал(а) и понял(а)").click()
    expect(nojs.page.locator(".messages .message-error")).to_be_visible()
    assert not LessonCompletion.objects.filter(lesson_key=lessons[2].translation_key).exists()
    nojs.shot("sop-lesson-wrong-password")
    nojs.page.locator(".lesson-end input[name=secret]").fill(DEMO_PASSWORD)
    nojs.page.get_by_role("button", name="Я прочитал(а) и понял(а)").click()
    # The quiz skipped before comes before the final exam.
    expect(nojs.page).to_have_url(re.compile(rf"/ru/assessments/{quiz.pk}/$"))
    nojs.goto(course.url)
    signed = LessonCompletion.objects.get(lesson_key=lessons[2].translation_key).signature
    assert signed is not None and "СОП-ПР-004 ред. 3" in signed.meaning
    expect(nojs.page.locator(".course-action .progress")).to_have_attribute("aria-valuenow", "100")
    # Lessons done; the course still asks for its module quiz and final exam.
    expect(nojs.page.locator(".final-exam")).to_contain_text("Итоговый экзамен")
    expect(nojs.page.locator(".done-badge")).to_have_count(0)
    nojs.shot("lessons-completed")

    s.goto("/ru/dashboard/")
    expect(s.page.locator("#my-courses + .dashboard-list .progress")).to_have_attribute(
        "aria-valuenow", "100"
    )
    s.shot("dashboard-100")
    assert s.outside_requests() == [] and nojs.outside_requests() == []
