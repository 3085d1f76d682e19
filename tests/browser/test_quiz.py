"""A trainee takes a quiz with every question type using only the keyboard, reloads, submits, reviews."""

import re

from playwright.sync_api import expect

from assessments.models import Assessment, Attempt, DrawRule
from courses.models import CoursePage
from demo.loader import DEMO_PASSWORD
from tests.assessments.conftest import make_bank, token


def keyboard_select(page, select_id: str, wanted_value: str) -> None:
    """Choose an option of a <select> with arrow keys only."""
    select = page.locator(f"#{select_id}")
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    select.focus()
    page.keyboard.press("Home")
    for _ in range(values.index(wanted_value)):
        page.keyboard.press("ArrowDown")
    expect(select).to_have_value(wanted_value)


def answer(page, question) -> None:
    kind, data, pos = question.version.kind, question.version.data, question.position
    if kind in ("single", "missing_word"):
        right = max(range(len(data["choices"])), key=lambda i: data["choices"][i]["weight"])
        page.locator(f"#q{pos}-{token(question, right)}").focus()
        page.keyboard.press("Space")
    elif kind == "multiple":
        for index, choice in enumerate(data["choices"]):
            if choice["weight"] > 0:
                page.locator(f"#q{pos}-{token(question, index)}").focus()
                page.keyboard.press("Space")
    elif kind == "truefalse":
        page.locator(f"#q{pos}-{'true' if data['answer'] else 'false'}").focus()
        page.keyboard.press("Space")
    elif kind in ("short", "numeric"):
        field = page.locator(f"input[name=q{pos}]")
        field.focus()
        page.keyboard.type(
            data["answers"][0]["text"] if kind == "short" else str(data["answers"][0]["value"])
        )
    elif kind == "ordering":
        for slot in range(len(data["items"])):
            keyboard_select(page, f"q{pos}-slot{slot + 1}", token(question, slot))
    elif kind == "matching":
        rights = list(dict.fromkeys(pair["right"] for pair in data["pairs"]))
        for index, pair in enumerate(data["pairs"]):
            if pair["left"]:
                keyboard_select(page, f"q{pos}-m{index}", token(question, rights.index(pair["right"])))


def test_keyboard_only_quiz_with_every_question_type(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    quiz = Assessment.objects.create(
        title="Все типы вопросов", page=course, pass_mark=80, time_limit_minutes=30, review_policy="full"
    )
    DrawRule.objects.create(assessment=quiz, bank=make_bank("Все типы"), count=8)

    s = session_factory()
    page = s.page
    s.goto(f"/ru/accounts/login/?next=/ru/assessments/{quiz.pk}/")
    page.get_by_label("Адрес электронной почты").focus()
    page.keyboard.type("trainee@cart-academy.example")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Все типы вопросов")
    s.shot("quiz-landing")
    page.get_by_role("button", name="Начать").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".quiz-question")).to_have_count(8)
    attempt = Attempt.objects.get(assessment=quiz)
    questions = list(attempt.questions.select_related("version").order_by("position"))
    s.shot("quiz-start")

    for question in questions[:4]:
        answer(page, question)
    page.keyboard.press("Tab")  # leave the last field so its change is saved
    expect(page.locator("[data-save-status]")).to_have_text("Все ответы сохранены.")
    s.shot("half-answered")

    page.reload()  # as after a lost connection: the saved answers come back
    expect(page.locator(".quiz-question")).to_have_count(8)
    attempt.refresh_from_db()
    saved = {q.position for q in attempt.questions.filter(response__isnull=False)}
    assert saved == {q.position for q in questions[:4]}
    s.shot("after-reload")

    for question in questions[4:]:
        answer(page, question)
    s.shot("all-answered")
    page.get_by_role("button", name="Отправить на проверку").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/ru/attempts/{attempt.pk}/result/$"))
    expect(page.locator(".result-verdict")).to_contain_text("Сдано")
    expect(page.locator(".result-score")).to_contain_text("100%")
    expect(page.locator(".review-item.review-right")).to_have_count(8)
    s.shot("result")
    assert s.outside_requests() == []
