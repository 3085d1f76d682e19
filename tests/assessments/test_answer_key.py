"""No answer key in the quiz page: a trainee who answers from what the page reveals scores at chance.

Before option values were made opaque per attempt, each option's value was its place in the author's list
and authors put the right answer first, so answering "0" everywhere passed module quizzes. These tests play
that trainee against the curriculum's real module banks, and look at every question type for anything in
the page that would let someone recover the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from statistics import mean

import pytest
import yaml
from bs4 import BeautifulSoup

from assessments.importer import import_gift
from assessments.models import Assessment, Attempt, AttemptQuestion, DrawRule, QuestionBank
from assessments.services import start_attempt
from tests.assessments.conftest import ALL_KINDS, make_bank, right_response

CONTENT = Path(__file__).resolve().parents[2] / "site" / "content"
MODULES = sorted(path.parent for path in CONTENT.glob("*/[0-9][0-9]-*/module.yaml"))
ROUNDS_PER_QUIZ = 3  # 12 module quizzes × 3 = 36 attempts per strategy


@pytest.fixture
def curriculum_quizzes(demo_course):
    """Each module's Russian bank of the platform curriculum, with a quiz of the module's own rules.

    Only the banks and quizzes are imported (not the lesson pages): what is measured is the questions.
    """
    quizzes = []
    for folder in MODULES:
        spec = yaml.safe_load((folder / "module.yaml").read_text(encoding="utf-8"))["quiz"]
        name = f"{folder.parent.name}/{folder.name}"
        import_gift(
            source=(folder / "questions.ru.gift").read_text(encoding="utf-8"), path=name, bank_name=name
        )
        quiz = Assessment.objects.create(title=name, page=demo_course, pass_mark=spec["pass_mark"])
        DrawRule.objects.create(assessment=quiz, bank=QuestionBank.objects.get(name=name), count=spec["draw"])
        quizzes.append(quiz)
    assert len(quizzes) == 13  # twelve modules and the Russian good-practice module of the second edition
    return quizzes


def _rank(value: str):
    """Ascending order of option values as a solver would sort them (numbers as numbers)."""
    return (0, int(value), "") if value.isascii() and value.isdigit() else (1, 0, value)


def solver_answers(html: str, strategy: str) -> dict:
    """The form a trainee who knows nothing posts, reading only the page.

    `lowest`: the lowest option value everywhere (value 0, values in ascending order, item i ↔ value i);
    `first`: the first option shown everywhere (and options in the order shown).
    """
    page = BeautifulSoup(html, "html.parser")
    # Text answers are left empty: "submit anyway" grades them as wrong (no confirmation step).
    post = {"sequence": page.select_one("input[name=sequence]")["value"], "submit_anyway": "1"}

    def ordered(values: list[str]) -> list[str]:
        return sorted(values, key=_rank) if strategy == "lowest" else values

    for fieldset in page.select(".quiz-question fieldset"):
        radios = fieldset.select("input[type=radio]")
        boxes = fieldset.select("input[type=checkbox]")
        selects = fieldset.select("select")
        if radios:
            values = [radio["value"] for radio in radios]
            post[radios[0]["name"]] = "true" if "true" in values else ordered(values)[0]
        elif boxes:
            post[boxes[0]["name"]] = ordered([box["value"] for box in boxes])[:2]
        elif selects:
            for index, select in enumerate(selects):
                values = ordered([option["value"] for option in select.select("option") if option["value"]])
                post[select["name"]] = values[index % len(values)]
    return post


def play(client, quiz, strategy: str) -> float:
    client.post(f"/ru/assessments/{quiz.pk}/start/")
    attempt = Attempt.objects.filter(assessment=quiz, status=Attempt.OPEN).get()
    html = client.get(f"/ru/attempts/{attempt.pk}/").content.decode()
    response = client.post(f"/ru/attempts/{attempt.pk}/submit/", solver_answers(html, strategy))
    assert response.status_code == 302, response.content[:500]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.SUBMITTED
    return float(attempt.percent)


@pytest.mark.django_db
@pytest.mark.parametrize("strategy", ["lowest", "first"])
def test_answering_by_option_value_or_position_alone_scores_at_chance(
    client, make_user, curriculum_quizzes, strategy
):
    client.force_login(make_user(email=f"{strategy}@example.org"))
    scores = [play(client, quiz, strategy) for quiz in curriculum_quizzes for _ in range(ROUNDS_PER_QUIZ)]
    assert len(scores) >= 30
    print(f"solver '{strategy}': mean {mean(scores):.1f} % over {len(scores)} attempts, best {max(scores)} %")
    assert mean(scores) < 40, f"{strategy}: mean {mean(scores):.1f} % over {len(scores)} attempts"
    assert not any(score >= 80 for score in scores), "a solver that knows nothing passed a module quiz"


def _option_values(html: str, position: int) -> list[str]:
    fieldset = BeautifulSoup(html, "html.parser").select_one(f"#question-{position} fieldset")
    values = [node["value"] for node in fieldset.select("input[type=radio], input[type=checkbox]")]
    first_select = fieldset.select_one("select")
    if first_select is not None:
        values += [option["value"] for option in first_select.select("option") if option["value"]]
    return values


@pytest.mark.django_db
@pytest.mark.parametrize("shuffle", [True, False])
def test_no_question_type_lets_the_page_reveal_its_key(client, make_user, demo_course, shuffle):
    """Rendered many times, the right option of every type is neither a value nor a place one can predict."""
    bank = make_bank("Все типы")
    quiz = Assessment.objects.create(
        title="Все типы", page=demo_course, pass_mark=50, shuffle_options=shuffle
    )
    DrawRule.objects.create(assessment=quiz, bank=bank, count=len(ALL_KINDS))
    right_values: dict[str, set[str]] = {kind: set() for kind in ALL_KINDS}
    right_places: dict[str, set[int]] = {kind: set() for kind in ALL_KINDS}
    seen_values: set[str] = set()
    for round_ in range(12):
        user = make_user(email=f"t{round_}@example.org")
        client.force_login(user)
        attempt, _created = start_attempt(user=user, assessment=quiz)
        html = client.get(f"/ru/attempts/{attempt.pk}/").content.decode()
        page = BeautifulSoup(html, "html.parser")
        values = [node["value"] for node in page.select(".quiz-question input[type=radio], option")]
        values += [node["value"] for node in page.select(".quiz-question input[type=checkbox]")]
        assert not [value for value in values if re.fullmatch(r"-?\d+", value)], "an option value is a number"
        for question in attempt.questions.select_related("version"):
            kind, values = question.version.kind, _option_values(html, question.position)
            if kind in ("truefalse", "short", "numeric"):
                continue
            assert not seen_values & set(values), "an option value repeats across attempts"
            seen_values |= set(values)
            right = _right_value(question, values)
            right_values[kind].add(right)
            right_places[kind].add(values.index(right))
    for kind in ("single", "multiple", "missing_word", "ordering", "matching"):
        assert len(right_values[kind]) == 12, f"{kind}: the right option's value repeats"
        if shuffle or kind in ("ordering", "matching"):
            assert len(right_places[kind]) > 1, f"{kind}: the right option is always shown in one place"


def _right_value(question: AttemptQuestion, values: list[str]) -> str:
    """The value (read from the page) of the option the key wants first: the one a solver must find."""
    key = right_response(question.version)
    tokens = dict(zip(question.option_order, question.option_tokens, strict=True))
    if "choice" in key:
        wanted = key["choice"]
    elif "choices" in key:
        wanted = key["choices"][0]
    elif "order" in key:
        wanted = key["order"][0]
    else:
        wanted = next(iter(key["matches"].values()))
    value = tokens[wanted]
    assert value in values
    return value


def _post(client, attempt, data):
    return client.post(f"/ru/attempts/{attempt.pk}/answers/", data, HTTP_ACCEPT="application/json")


@pytest.mark.django_db
def test_forged_or_replayed_option_values_are_refused_and_nothing_is_saved(client, trainee, every_kind_quiz):
    from tests.assessments.conftest import token

    client.force_login(trainee)
    attempt, _created = start_attempt(user=trainee, assessment=every_kind_quiz)
    single = attempt.questions.get(version__kind="single")
    other_user_attempt, _created = start_attempt(
        user=type(trainee).objects.create_user(email="other@example.org", password="x" * 12),
        assessment=every_kind_quiz,
    )
    replayed = token(other_user_attempt.questions.get(version__kind="single"), 0)
    for forged in ["0", "1", replayed, token(single, 0) + "x", ""]:
        response = _post(client, attempt, {"sequence": "0", f"q{single.position}": forged, "q99": ""})
        if forged == "":
            assert response.status_code == 200  # an empty value is "no answer", not an error
            continue
        assert response.status_code == 400, forged
        assert "нет в этой попытке" in response.json()["message"]
    attempt.refresh_from_db()
    assert attempt.questions.filter(response__isnull=False).count() == 0
    # The right token of this attempt is accepted and stored as the author's index.
    ok = _post(client, attempt, {"sequence": str(attempt.sequence), f"q{single.position}": token(single, 0)})
    assert ok.status_code == 200
    single.refresh_from_db()
    assert single.response == {"choice": 0}


@pytest.mark.django_db
def test_an_attempt_opened_before_tokens_keeps_its_answers_and_gets_tokens(client, trainee, every_kind_quiz):
    attempt, _created = start_attempt(user=trainee, assessment=every_kind_quiz)
    questions = {q.version.kind: q for q in attempt.questions.select_related("version")}
    # As an attempt opened by the earlier code was stored: no tokens, matching in the author's order,
    # answers saved against the author's indices.
    matching = questions["matching"]
    matching.option_order = sorted(matching.option_order)
    questions["single"].response = {"choice": 0}
    questions["ordering"].response = {"order": [1, 0, 2, 3]}
    for question in questions.values():
        question.option_tokens = []
    AttemptQuestion.objects.bulk_update(questions.values(), ["option_order", "option_tokens", "response"])
    client.force_login(trainee)

    # A page loaded before the change posts the author's indices: refused, the saved answers stay.
    stale = _post(client, attempt, {"sequence": "0", f"q{questions['single'].position}": "1"})
    assert stale.status_code == 400
    questions["single"].refresh_from_db()
    assert questions["single"].response == {"choice": 0}

    page = BeautifulSoup(client.get(f"/ru/attempts/{attempt.pk}/").content, "html.parser")
    for question in questions.values():
        question.refresh_from_db()
        assert len(question.option_tokens) == len(question.option_order)
    single = questions["single"]
    checked = page.select_one(f"#question-{single.position} input[checked]")
    assert checked["value"] == single.option_tokens[single.option_order.index(0)]
    ordering = questions["ordering"]
    first_slot = page.select_one(f"select[name=q{ordering.position}-slot1] option[selected]")
    assert first_slot["value"] == ordering.option_tokens[ordering.option_order.index(1)]
    submitted = client.post(f"/ru/attempts/{attempt.pk}/submit/", {"sequence": "0", "submit_anyway": "1"})
    assert submitted.status_code == 302
    single.refresh_from_db()
    assert single.fraction == 1
