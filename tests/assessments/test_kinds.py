"""Question kinds are a registry: a new kind is one class, and the quiz works with it end to end.

The kind below is defined and registered inside the test, with no other file edited: its template is an
inline Template. It goes through the real attempt page, the posted form, grading and the result page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.template import engines

from assessments import grading
from assessments.gift import SUPPORTED_KINDS
from assessments.kinds import LEFT_OUT, QuestionKind, registry
from assessments.kinds.base import Grade, InvalidResponse, PostedQuestion, fraction, option_index
from assessments.models import (
    KIND_CHOICES,
    Assessment,
    Attempt,
    DrawRule,
    Question,
    QuestionBank,
    QuestionVersion,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "assessments" / "templates"

ODD_ONE_OUT_HTML = """{% for option in q.options %}
<div class="choice"><input type="radio" name="{{ q.name }}" id="{{ q.name }}-{{ option.value }}"
 value="{{ option.value }}"{% if option.value in q.chosen %} checked{% endif %}>
<label for="{{ q.name }}-{{ option.value }}">{{ option.text }}</label></div>
{% endfor %}"""


class OddOneOut(QuestionKind):
    """Pick the item that does not belong: {"items": [str, …], "odd": i}; response {"choice": i}."""

    name = "odd_one_out"
    label = "Odd one out"
    always_shuffled = True  # the author lists the odd item last: in that order it would be the key
    template = engines["django"].from_string(ODD_ONE_OUT_HTML)

    def validate_data(self, data: dict) -> None:
        if len(data.get("items", [])) < 3 or not 0 <= data.get("odd", -1) < len(data["items"]):
            raise ValueError("three items, one of them odd")

    def clean_response(self, data: dict, raw: dict) -> dict:
        return {"choice": option_index(raw.get("choice"), len(data["items"]))}

    def grade(self, data: dict, response: dict) -> Grade:
        return Grade(fraction(1.0 if response["choice"] == data["odd"] else 0.0), "")

    def option_texts(self, data: dict) -> list[str]:
        return list(data["items"])

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        return {"choice": token[response["choice"]]}

    def from_form(self, posted: PostedQuestion):
        return {"choice": posted.option(posted.get())} if posted.get() else LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [data["items"][data["odd"]]]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [data["items"][response["choice"]]]


DATA = {"items": ["Kymriah", "Yescarta", "Abecma", "Aspirin"], "odd": 3}


@pytest.fixture
def odd_one_out():
    registry.register(OddOneOut)
    yield registry.get("odd_one_out")
    registry.unregister("odd_one_out")


@pytest.fixture
def odd_quiz(odd_one_out, demo_course):
    bank = QuestionBank.objects.create(name="Лишнее")
    question = Question.objects.create(bank=bank, name="Лишний препарат", category="Тема/препараты")
    # Created directly: the model's choices are the built-in kinds (a kind added for real has a migration).
    version = QuestionVersion.objects.create(
        question=question, number=1, kind="odd_one_out", text="Что здесь лишнее?", data=DATA
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    quiz = Assessment.objects.create(
        title="Лишнее", page=demo_course, pass_mark=50, review_policy=Assessment.REVIEW_FULL
    )
    DrawRule.objects.create(assessment=quiz, bank=bank, count=1)
    return quiz


def test_the_registry_holds_the_built_in_kinds_in_the_models_order():
    assert registry.names() == grading.KINDS == tuple(name for name, _label in KIND_CHOICES)
    assert set(registry.names()) >= SUPPORTED_KINDS
    for name in registry.names():
        assert (TEMPLATES / "assessments" / "kinds" / f"{name}.html").exists(), name
    with pytest.raises(ValueError):
        registry.register(type(registry.get("single")))  # a name is registered once


def test_a_kind_defined_in_a_test_is_dispatched_to(odd_one_out):
    assert "odd_one_out" in registry.names()
    with pytest.raises(ValueError, match="three items"):
        grading.validate_data("odd_one_out", {"items": ["a", "b"], "odd": 0})
    grading.validate_data("odd_one_out", DATA)
    assert grading.clean_response("odd_one_out", DATA, {"choice": 3}) == {"choice": 3}
    with pytest.raises(InvalidResponse):
        grading.clean_response("odd_one_out", DATA, {"choice": 4})
    assert grading.grade("odd_one_out", DATA, {"choice": 3}).fraction == 1
    assert grading.grade("odd_one_out", DATA, {"choice": 0}).fraction == 0
    assert grading.grade("odd_one_out", DATA, None).fraction == 0


def test_unregistered_kinds_are_refused():
    with pytest.raises(InvalidResponse):
        grading.clean_response("odd_one_out", DATA, {"choice": 3})
    with pytest.raises(ValueError):
        grading.validate_data("odd_one_out", DATA)


@pytest.mark.django_db
def test_a_new_kind_goes_from_the_page_through_grading_to_the_review(client, make_user, odd_quiz):
    client.force_login(make_user())
    client.post(f"/ru/assessments/{odd_quiz.pk}/start/")
    attempt = Attempt.objects.get(assessment=odd_quiz, status=Attempt.OPEN)
    drawn = attempt.questions.get()
    assert sorted(drawn.option_order) == [0, 1, 2, 3] and len(set(drawn.option_tokens)) == 4

    # Presentation: the kind's fragment, options named by this attempt's tokens, nothing of the key.
    html = client.get(f"/ru/attempts/{attempt.pk}/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    radios = page.select("#question-1 input[type=radio]")
    assert sorted(radio["value"] for radio in radios) == sorted(drawn.option_tokens)
    assert not [radio["value"] for radio in radios if re.fullmatch(r"-?\d+", radio["value"])]
    assert '"odd"' not in html and "odd_one_out" not in html
    labels = {
        label.get_text(strip=True): label["for"].split("-", 1)[1]
        for label in page.select("#question-1 label")
    }
    assert set(labels) == set(DATA["items"])

    # A value that is not one of this attempt's tokens is refused, as for every kind.
    sequence = page.select_one("input[name=sequence]")["value"]
    forged = client.post(
        f"/ru/attempts/{attempt.pk}/submit/",
        {"sequence": sequence, "q1": "3"},
        HTTP_ACCEPT="application/json",
    )
    assert forged.status_code == 400 and forged.json()["status"] == "invalid"

    # Form → answer → grade: the token of the odd item, read back to its author index.
    submitted = client.post(
        f"/ru/attempts/{attempt.pk}/submit/", {"sequence": sequence, "q1": labels["Aspirin"]}
    )
    assert submitted.status_code == 302
    attempt.refresh_from_db()
    drawn.refresh_from_db()
    assert attempt.status == Attempt.SUBMITTED
    assert drawn.response == {"choice": 3}
    assert float(attempt.percent) == 100

    # Review: the kind describes the key and the answer.
    result = BeautifulSoup(client.get(f"/ru/attempts/{attempt.pk}/result/").content, "html.parser")
    item = result.select_one(".review-item")
    assert "review-right" in item["class"]
    assert "Что здесь лишнее?" in item.get_text()
    assert item.get_text().count("Aspirin") == 2  # the answer and the key
