"""Taking a quiz over HTTP: the answer key never leaves the server, bad input gets clear answers."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from assessments.models import Assessment, Attempt
from assessments.services import start_attempt
from tests.assessments.conftest import ALL_KINDS, token

KEY_MARKERS = [
    "FEEDBACK-RIGHT",
    "FEEDBACK-WRONG",
    "TF-RIGHT",
    "TF-WRONG",
    "GENERAL-",
    "SECRETSHORT",
    "4242",
    "weight",
    "correct",
    "answer_true",
    "is_correct",
]


def attempt_url(attempt, part=""):
    return f"/ru/attempts/{attempt.pk}/{part}"


def form_answers(attempt):
    """Right answers for every question, as the quiz form posts them."""
    post = {"sequence": str(attempt.sequence)}
    for question in attempt.questions.select_related("version"):
        kind, data, name = question.version.kind, question.version.data, f"q{question.position}"
        if kind in ("single", "missing_word"):
            post[name] = token(question, next(i for i, c in enumerate(data["choices"]) if c["weight"] == 1))
        elif kind == "multiple":
            post[name] = [token(question, i) for i, c in enumerate(data["choices"]) if c["weight"] > 0]
        elif kind == "truefalse":
            post[name] = "true" if data["answer"] else "false"
        elif kind == "short":
            post[name] = data["answers"][0]["text"]
        elif kind == "numeric":
            post[name] = str(data["answers"][0]["value"])
        elif kind == "ordering":
            for slot in range(len(data["items"])):
                post[f"{name}-slot{slot + 1}"] = token(question, slot)
        elif kind == "matching":
            rights = list(dict.fromkeys(pair["right"] for pair in data["pairs"]))
            for index, pair in enumerate(data["pairs"]):
                if pair["left"]:
                    post[f"{name}-m{index}"] = token(question, rights.index(pair["right"]))
    return post


@pytest.mark.django_db
def test_no_answer_key_reaches_the_trainee(client, trainee, every_kind_quiz):
    client.force_login(trainee)
    response = client.post(f"/ru/assessments/{every_kind_quiz.pk}/start/")
    attempt = Attempt.objects.get(user=trainee)
    assert response["Location"] == attempt_url(attempt)
    html = client.get(attempt_url(attempt)).content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select(".quiz-question")) == len(ALL_KINDS)
    for marker in KEY_MARKERS:
        assert marker not in html, marker
    # The ordering question never starts in the right order.
    ordering = attempt.questions.get(version__kind="ordering")
    assert ordering.option_order != sorted(ordering.option_order)
    # JSON answers carry no key either.
    saved = client.post(
        attempt_url(attempt, "answers/"), {"sequence": "0", "q1": "0"}, HTTP_ACCEPT="application/json"
    )
    body = saved.content.decode()
    assert saved.status_code in (200, 400)
    for marker in KEY_MARKERS:
        assert marker not in body, marker


@pytest.mark.django_db
def test_take_a_quiz_autosave_reload_submit_and_review(client, trainee, every_kind_quiz):
    client.force_login(trainee)
    client.post(f"/ru/assessments/{every_kind_quiz.pk}/start/")
    attempt = Attempt.objects.get(user=trainee)
    answers = form_answers(attempt)
    saved = client.post(attempt_url(attempt, "answers/"), answers, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200 and json.loads(saved.content)["sequence"] == 1
    # Reload: the answers are kept in the form.
    page = BeautifulSoup(client.get(attempt_url(attempt)).content, "html.parser")
    assert page.select_one('input[name="sequence"]')["value"] == "1"
    short = attempt.questions.get(version__kind="short").position
    assert page.select_one(f'input[name="q{short}"]')["value"] == "SECRETSHORT"  # the trainee's own answer
    submitted = client.post(attempt_url(attempt, "submit/"), {"sequence": "1"})
    assert submitted["Location"] == attempt_url(attempt, "result/")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.SUBMITTED and attempt.percent == 100
    result = client.get(attempt_url(attempt, "result/")).content.decode()
    assert "Тест пройден" in result or "Сдан" in result or "✓" in result
    assert "GENERAL-single" in result  # full review shows explanations after grading
    # A repeated submit changes nothing and answers 409.
    again = client.post(attempt_url(attempt, "submit/"), {"sequence": "1"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 409 and json.loads(again.content)["status"] == "stale"


@pytest.mark.django_db
def test_score_only_policy_hides_the_answers(client, trainee, every_kind_quiz):
    every_kind_quiz.review_policy = Assessment.REVIEW_SCORE
    every_kind_quiz.save()
    client.force_login(trainee)
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    client.post(attempt_url(attempt, "submit/"), {"sequence": "0", "submit_anyway": "1"})
    result = client.get(attempt_url(attempt, "result/")).content.decode()
    assert "0%" in result
    assert "GENERAL-" not in result and "CD19" not in result


@pytest.mark.django_db
def test_topics_policy_lists_what_to_revisit(client, trainee, every_kind_quiz):
    every_kind_quiz.review_policy = Assessment.REVIEW_TOPICS
    every_kind_quiz.save()
    client.force_login(trainee)
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    client.post(attempt_url(attempt, "submit/"), {"sequence": "0", "submit_anyway": "1"})
    page = BeautifulSoup(client.get(attempt_url(attempt, "result/")).content, "html.parser")
    topics = [li.text for li in page.select("h2 + ul li")]
    assert "ordering" in topics and "GENERAL-" not in page.text


@pytest.mark.django_db
def test_someone_elses_attempt_is_a_404(client, trainee, make_user, every_kind_quiz):
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    client.force_login(make_user(email="intruder@example.org"))
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.post(attempt_url(attempt, "submit/"), {"sequence": "0"}).status_code == 404
    assert client.post(attempt_url(attempt, "answers/"), {"sequence": "0"}).status_code == 404
    assert client.get(attempt_url(attempt, "result/")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        {"sequence": "0", "SINGLE": "99"},
        {"sequence": "0", "SINGLE": "abc"},
        {"sequence": "0", "TF": "maybe"},
        {"sequence": "x"},
        {},
    ],
)
def test_malformed_answers_are_400_and_change_nothing(client, trainee, every_kind_quiz, post):
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    positions = {q.version.kind: q.position for q in attempt.questions.select_related("version")}
    names = {"SINGLE": f"q{positions['single']}", "TF": f"q{positions['truefalse']}"}
    post = {names.get(key, key): value for key, value in post.items()}
    client.force_login(trainee)
    response = client.post(attempt_url(attempt, "answers/"), post, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.sequence == 0 and attempt.questions.filter(response__isnull=False).count() == 0


@pytest.mark.django_db
def test_starting_beyond_max_attempts_or_inside_cooldown_is_explained(client, trainee, every_kind_quiz):
    every_kind_quiz.cooldown_minutes = 60
    every_kind_quiz.max_attempts = 1
    every_kind_quiz.save()
    client.force_login(trainee)
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    client.post(attempt_url(attempt, "submit/"), {"sequence": "0", "submit_anyway": "1"})
    page = client.get(f"/ru/assessments/{every_kind_quiz.pk}/").content.decode()
    assert "Вы использовали все попытки (1)" in page
    every_kind_quiz.max_attempts = None
    every_kind_quiz.save()
    page = client.get(f"/ru/assessments/{every_kind_quiz.pk}/").content.decode()
    assert re.search(r"Повторить попытку можно через \d+ мин", page)
    refused = client.post(f"/ru/assessments/{every_kind_quiz.pk}/start/", follow=True)
    assert re.search(r"Повторить попытку можно через \d+ мин", refused.content.decode())
    assert Attempt.objects.filter(user=trainee).count() == 1


@pytest.mark.django_db
def test_demo_course_shows_its_quiz_and_exam(client, trainee, demo_course):
    client.force_login(trainee)
    page = BeautifulSoup(client.get(demo_course.url).content, "html.parser")
    assert page.select_one(".outline-quiz a").text == "Тест по модулю «Что такое CAR-T-препарат»"
    assert page.select_one(".final-exam a").text == "Итоговый экзамен"


@pytest.mark.django_db
@pytest.mark.parametrize("sequence", ["²", "٣", "99999999999999999999"])
def test_odd_sequence_numbers_are_400(client, trainee, every_kind_quiz, sequence):
    """Found by hypothesis: Unicode digits passed str.isdigit() and broke int()."""
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    client.force_login(trainee)
    response = client.post(
        attempt_url(attempt, "answers/"), {"sequence": sequence}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
