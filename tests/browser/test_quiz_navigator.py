"""On a phone (375 px): the question navigator follows the answers and flags, flags survive a reload, and
submitting with questions left open asks first in a dialog."""

import re

from playwright.sync_api import expect

from assessments.models import Assessment, Attempt, DrawRule
from courses.models import CoursePage
from tests.assessments.conftest import make_bank
from tests.browser.test_certificates import sign_in
from tests.browser.test_quiz import answer

PHONE = {"viewport": {"width": 375, "height": 740}}


def test_navigator_flags_and_the_unanswered_warning_on_a_phone(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    quiz = Assessment.objects.create(title="Навигатор", page=course, pass_mark=50, review_policy="full")
    bank = make_bank("Навигатор", kinds=("single", "truefalse", "short", "numeric"))
    DrawRule.objects.create(assessment=quiz, bank=bank, count=4)

    s = session_factory(**PHONE)
    page = s.page
    sign_in(s, "trainee@cart-academy.example", f"/ru/assessments/{quiz.pk}/")
    page.get_by_role("button", name="Начать").click()
    expect(page.locator(".quiz-question")).to_have_count(4)
    attempt = Attempt.objects.get(assessment=quiz)
    questions = list(attempt.questions.select_related("version").order_by("position"))
    nav = page.locator("[data-quiz-nav]")
    items = nav.locator("a[data-nav]")
    expect(items).to_have_count(4)
    expect(nav.locator(".is-answered")).to_have_count(0)
    expect(nav.locator("[data-answered-count]")).to_have_text(re.compile(r"\D 0 \D+ 4$"))
    for index in range(4):  # a finger-sized target each, on one phone screen
        box = items.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44 and box["x"] + box["width"] <= 375

    # Answering question 1 marks it in the navigator at once; the count follows.
    answer(page, questions[0])
    expect(items.nth(0)).to_have_class(re.compile(r"\bis-answered\b"))
    expect(nav.locator("[data-answered-count]")).to_have_text(re.compile(r"\D 1 \D+ 4$"))
    # Flag question 2: the navigator shows it, the autosave keeps it, a reload shows it again.
    page.locator("#flag-2").check()
    expect(items.nth(1)).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(page.locator("[data-save-status]")).to_have_text("Все ответы сохранены.")
    s.shot("answered-and-flagged")
    page.reload()
    expect(items.nth(1)).to_have_class(re.compile(r"\bis-flagged\b"))
    expect(items.nth(0)).to_have_class(re.compile(r"\bis-answered\b"))
    expect(page.locator("#flag-2")).to_be_checked()
    assert list(attempt.questions.filter(flagged=True).values_list("position", flat=True)) == [2]

    # Jumping: the link goes to the question and puts the keyboard in it.
    items.nth(3).click()
    expect(page).to_have_url(re.compile(r"#question-4$"))
    expect(page.locator("#question-4 input:focus")).to_have_count(1)

    # Submitting with questions 2–4 unanswered and 2 flagged asks first.
    page.get_by_role("button", name="Отправить на проверку").click()
    dialog = page.locator("dialog[data-submit-dialog]")
    expect(dialog).to_be_visible()
    unanswered = dialog.locator("[data-dialog-unanswered] li:visible")
    expect(unanswered).to_have_count(3)
    expect(unanswered.first).to_have_text(re.compile(r"2$"))
    expect(dialog.locator("[data-dialog-flagged] li:visible")).to_have_count(1)
    s.shot("dialog")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    dialog.locator("[data-dialog-return]").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#question-2 input:focus")).to_have_count(1)
    attempt.refresh_from_db()
    assert attempt.is_open  # returning grades nothing

    # "Submit anyway" grades what was answered.
    page.get_by_role("button", name="Отправить на проверку").click()
    dialog.locator("button[name=submit_anyway]").click()
    expect(page).to_have_url(re.compile(rf"/ru/attempts/{attempt.pk}/result/$"))
    expect(page.locator(".review-item")).to_have_count(4)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.SUBMITTED and attempt.percent == 25
    s.shot("result")
    assert s.outside_requests() == []
