"""The main journeys and the Wagtail admin work under the Content-Security-Policy: no violation on any page.

Violations are collected two ways in every frame (the admin preview is an iframe): a
`securitypolicyviolation` listener added before any page script runs, and Chromium's console messages
("Refused to …" / "Content Security Policy").
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from certificates.models import Certificate
from courses.models import CourseIndexPage, CoursePage, LessonPage
from demo.loader import DEMO_PASSWORD
from tests.browser.test_certificates import enter_two_factor_code
from tests.browser.test_quiz import answer

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


class CspWatch:
    """Collects the CSP violations of one browser session, from the event listener and the console."""

    def __init__(self, session):
        self.session = session
        self.violations: list[dict] = []
        session.context.expose_function("__reportCspViolation", self._report)
        session.context.add_init_script(LISTENER)
        session.page.on("console", self._console)

    def _report(self, violation: dict):
        self.violations.append(violation)

    def _console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.violations.append({"page": self.session.page.url, "console": message.text})

    def visit(self, path: str, *, expect_text: str | None = None):
        response = self.session.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert "Content-Security-Policy" in {name.title() for name in response.headers}, path
        if expect_text:
            expect(self.session.page.locator("body")).to_contain_text(expect_text)
        self.session.page.wait_for_load_state("load")
        # One round trip through the page: every listener call made so far has reached Python.
        self.session.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")


def sign_in(s, email: str, next_path: str):
    s.goto(f"/ru/accounts/login/?next={next_path}")
    s.page.get_by_label("Адрес электронной почты").fill(email)
    s.page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    s.page.locator("form.form button[type=submit]").click()
    enter_two_factor_code(s, email)  # the admin account has an authenticator app
    expect(s.page).not_to_have_url(re.compile(r"/accounts/(login|2fa)/"))


def test_the_listener_reports_a_violation(session_factory):
    """The collector is not blind: an inline script added to a page is refused and reported."""
    s = session_factory()
    watch = CspWatch(s)
    watch.visit("/ru/")
    # An inline script element: refused by script-src 'self'.
    s.page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true;";
          document.head.appendChild(script);
        }"""
    )
    s.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    assert s.page.evaluate("() => window.injected === undefined")
    assert any(v.get("directive", "").startswith("script-src") for v in watch.violations), watch.violations


def test_trainee_journey_has_no_csp_violation(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lesson = LessonPage.objects.descendant_of(course).live().order_by("path").first()
    catalog = CourseIndexPage.objects.get(locale__language_code="ru")
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    certificate = next(
        c
        for c in Certificate.objects.filter(holder__email="trainee@cart-academy.example")
        if c.status_at() == "valid"
    )

    visitor = session_factory("visitor")
    anonymous = CspWatch(visitor)
    anonymous.visit("/ru/", expect_text="CAR-T")
    anonymous.visit(catalog.url, expect_text="Введение в CAR-T")
    anonymous.visit(course.url, expect_text=course.title)
    anonymous.visit(lesson.url, expect_text=lesson.title)
    anonymous.visit("/verify/?lang=ru")
    anonymous.visit(f"/verify/{certificate.code}/?lang=ru", expect_text="Действителен")
    assert anonymous.violations == []

    s = session_factory("trainee")
    watch = CspWatch(s)
    sign_in(s, "trainee@cart-academy.example", "/ru/dashboard/")
    watch.visit("/ru/dashboard/")
    watch.visit(course.url, expect_text=course.title)
    watch.visit(lesson.url, expect_text=lesson.title)
    watch.visit(f"/ru/assessments/{quiz.pk}/", expect_text=quiz.title)
    s.page.get_by_role("button", name="Начать").click()
    expect(s.page.locator(".quiz-question").first).to_be_visible()
    # attempt.js saves an answer through fetch (connect-src 'self').
    attempt = quiz.attempts.get(user__email="trainee@cart-academy.example", finished_at__isnull=True)
    answer(s.page, attempt.questions.select_related("version").order_by("position").first())
    s.page.keyboard.press("Tab")
    expect(s.page.locator("[data-save-status]")).not_to_be_empty()
    s.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    assert watch.violations == []
    assert visitor.outside_requests() == [] and s.outside_requests() == []


@pytest.fixture
def admin_session(session_factory):
    s = session_factory("admin")
    watch = CspWatch(s)
    sign_in(s, "admin@cart-academy.example", "/admin/")
    return s, watch


def test_wagtail_admin_has_no_csp_violation(admin_session):
    s, watch = admin_session
    lesson = LessonPage.objects.filter(locale__language_code="ru").live().order_by("path").first()
    exam = Assessment.objects.get(title="Итоговый экзамен")

    watch.visit("/admin/")
    # The page listing's date filter: Wagtail's date picker, started by admin-csp.js (no inline script).
    watch.visit("/admin/pages/")
    date_from = s.page.locator("#id_latest_revision_created_at_0")
    date_from.evaluate("input => jQuery(input).datetimepicker('show')")
    expect(s.page.locator(".xdsoft_datetimepicker:visible").first).to_be_visible()

    watch.visit(f"/admin/pages/{lesson.pk}/edit/", expect_text=lesson.title)
    # The live preview: an iframe of the same origin (frame-ancestors 'self' for that response only).
    s.page.locator("[data-side-panel-toggle='preview']").click()
    expect(s.page.frame_locator("#w-preview-iframe").locator("body")).to_contain_text(lesson.title)
    s.shot("preview")

    # The page chooser, from the site settings' privacy page field.
    watch.visit("/admin/settings/base/sitesettings/")
    chooser = s.page.locator("#id_privacy_page-chooser")
    if "blank" not in (chooser.get_attribute("class") or ""):  # a page is chosen: "Choose another page"
        chooser.locator(".w-dropdown__toggle").click()
    chooser.locator("[data-chooser-action-choose]:visible").click()
    expect(s.page.locator(".modal-content")).to_contain_text("Академия CAR-T")
    s.shot("page-chooser")

    # An InlinePanel: a form added in the browser starts its snippet chooser, which opens its modal.
    watch.visit(f"/admin/snippets/assessments/assessment/edit/{exam.pk}/", expect_text=exam.title)
    before = s.page.locator("[id^='id_draw_rules-'][id$='-bank-chooser']:visible").count()
    s.page.locator("#id_draw_rules-ADD").click()
    added = s.page.locator("[id^='id_draw_rules-'][id$='-bank-chooser']:visible")
    expect(added).to_have_count(before + 1)
    added.last.locator("[data-chooser-action-choose]:visible").click()
    expect(s.page.locator(".modal-content")).to_be_visible()
    s.shot("inline-panel-chooser")

    # Reports and listings.
    for path in (
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        f"/admin/assessments/{exam.pk}/analysis/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
    ):
        watch.visit(path)
    s.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    assert watch.violations == []
    assert s.outside_requests() == []
