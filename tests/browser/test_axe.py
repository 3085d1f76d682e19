"""axe-core (bundled by axe-playwright-python, no network) on the pages each kind of user reaches, in both
languages, at 1280 px and 375 px: no serious or critical violation.

The pages checked are printed and written to `axe-pages.json` in $SCREENSHOT_DIR (default: a temporary
folder); a failure lists each violation's id, impact, the elements (CSS targets) and axe's help URL.
"""

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale

from assessments.models import Assessment, DrawRule
from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from learning.services import enrol
from tests.assessments.conftest import make_bank
from tests.browser.test_certificates import sign_in

WIDTHS = (1280, 375)
BLOCKING = ("serious", "critical")
AXE = Axe()
# /verify/ pages have no language prefix: they answer in the browser's language.
BROWSER_LOCALE = {"ru": "ru-RU", "en": "en-GB"}


def report_dir() -> Path:
    folder = os.environ.get("SCREENSHOT_DIR") or os.path.join(tempfile.gettempdir(), "cart-screenshots")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def blocking_violations(page) -> list[dict]:
    results = AXE.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


class Checker:
    """Runs axe on each page at every width and keeps what it found."""

    def __init__(self, language: str):
        self.language = language
        self.checked: list[dict] = []
        self.failures: list[str] = []

    def check(self, s, label: str, path: str | None = None):
        if path is not None:
            response = s.goto(path)
            assert response is not None and response.status < 400, (
                f"{label}: {path} answers {response.status}"
            )
        expect(s.page.locator("html")).to_have_attribute("lang", self.language)
        for width in WIDTHS:
            s.page.set_viewport_size({"width": width, "height": 900 if width > 600 else 740})
            found = blocking_violations(s.page)
            url = s.page.url.removeprefix(s.base_url)
            self.checked.append({"page": label, "url": url, "width": width, "violations": len(found)})
            for violation in found:
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                self.failures.append(
                    f"[{self.language} {width}px] {label} {url}: {violation['id']} ({violation['impact']}) "
                    f"on {targets} — {violation['helpUrl']}"
                )

    def record(self):
        path = report_dir() / f"axe-pages-{self.language}.json"
        path.write_text(json.dumps(self.checked, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\naxe checked {len(self.checked)} page views in {self.language} (report: {path}):")
        for row in self.checked:
            print(
                f"  {row['width']:>4}px {row['page']:<16} {row['url']} — {row['violations']} serious/critical"
            )


def localized(page, language: str):
    return page.get_translation(Locale.objects.get(language_code=language))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_serious_or_critical_axe_violations(session_factory, language):
    course_ru = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    course = localized(course_ru, language)
    lesson = localized(LessonPage.objects.descendant_of(course_ru).live().order_by("path").first(), language)
    quiz = Assessment.objects.create(
        title="Проверка доступности", page=course_ru, pass_mark=50, review_policy="full"
    )
    DrawRule.objects.create(assessment=quiz, bank=make_bank("Доступность"), count=8)
    held = {
        c.status_at(): c.code
        for c in Certificate.objects.filter(holder__email="trainee@cart-academy.example")
    }
    with translation.override(language):
        urls = {
            "catalog": reverse("courses:catalog"),
            "verify valid": reverse("certificates:verify_code", args=[held["valid"]]),
            "verify revoked": reverse("certificates:verify_code", args=[held["revoked"]]),
            "sign-up": reverse("account_signup"),
            "login": reverse("account_login"),
            "quiz": reverse("assessments:detail", args=[quiz.pk]),
            "dashboard": reverse("learning:dashboard"),
            "profile": reverse("people:profile"),
            "matrix": reverse("employers:matrix", args=["demo-employer"]),
            "roster": reverse("employers:staff", args=["demo-employer"]),
            "bulk verify": reverse("employers:bulk_verify", args=["demo-employer"]),
        }
    axe = Checker(language)

    visitor = session_factory(f"visitor-{language}", locale=BROWSER_LOCALE[language])
    axe.check(visitor, "home", f"/{language}/")
    for label in ("catalog", "verify valid", "verify revoked", "sign-up", "login"):
        axe.check(visitor, label, urls[label])
    axe.check(visitor, "course", course.get_url())
    axe.check(visitor, "lesson", lesson.get_url())

    enrol(user=_trainee(), course=course_ru)
    trainee = session_factory(f"trainee-{language}", locale=BROWSER_LOCALE[language])
    sign_in(trainee, "trainee@cart-academy.example", urls["dashboard"])
    axe.check(trainee, "dashboard", urls["dashboard"])
    axe.check(trainee, "lesson enrolled", lesson.get_url())
    axe.check(trainee, "quiz", urls["quiz"])
    trainee.page.locator(f"form[action$='/assessments/{quiz.pk}/start/'] button[type=submit]").click()
    expect(trainee.page.locator(".quiz-question")).to_have_count(8)
    axe.check(trainee, "quiz attempt")
    trainee.page.locator("button[data-submit]").click()
    anyway = trainee.page.locator("dialog button[name=submit_anyway]")  # nothing was answered: it asks first
    expect(anyway).to_be_visible()
    axe.check(trainee, "quiz unanswered-questions warning")
    anyway.click()
    expect(trainee.page).to_have_url(re.compile(r"/attempts/\d+/result/$"))
    axe.check(trainee, "quiz result")

    hr = session_factory(f"hr-{language}", locale=BROWSER_LOCALE[language])
    sign_in(hr, "hr@employer.example", urls["profile"])
    for label in ("profile", "matrix", "roster", "bulk verify"):
        axe.check(hr, label, urls[label])
    hr.page.set_viewport_size({"width": 1280, "height": 900})
    hr.page.locator("header details.org-menu > summary").click()
    axe.check(hr, "organisation menu")

    axe.record()
    assert axe.failures == [], "axe found serious or critical violations:\n" + "\n".join(axe.failures)


def _trainee():
    from people.models import User

    return User.objects.get(email="trainee@cart-academy.example")
