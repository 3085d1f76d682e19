"""Fuzzing the quiz form: autosave and submit with the attempt's own field names and option tokens mixed
with hostile values, as a form post and as JSON-answered requests."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import Attempt
from assessments.services import start_attempt

from .counting import fuzz_test
from .strategies import hostile_int_text, hostile_text

# A posted value: one the form itself offers for that name, or something hostile.
field_values = st.one_of(st.none(), hostile_text(60), hostile_int_text())


def form_fields(client, attempt) -> dict[str, list[str]]:
    """The quiz form's field names and the values it offers for each (option tokens, numbers, order)."""
    page = BeautifulSoup(client.get(f"/ru/attempts/{attempt.pk}/").content, "html.parser")
    fields: dict[str, list[str]] = {}
    for element in page.select("form input[name], form select[name], form textarea[name]"):
        values = fields.setdefault(element["name"], [])
        if element.name == "select":
            values.extend(option.get("value", "") for option in element.select("option"))
        elif element.get("value") is not None:
            values.append(element["value"])
    fields.pop("csrfmiddlewaretoken", None)
    return fields


# One posted field: which of the form's names (by index), and the value: one the form offers for that name
# (by index) or a hostile one. Indices, not the names and tokens themselves, are drawn, so the same choices
# give the same kind of post on any attempt (tokens are random per attempt) and Hypothesis can replay them.
posted_fields = st.lists(
    st.tuples(
        st.integers(0, 63), st.one_of(st.integers(0, 63), field_values.filter(lambda v: v is not None))
    ),
    max_size=14,
)
extra_fields = st.dictionaries(hostile_text(20), st.lists(hostile_text(20), max_size=2), max_size=3)
sequences = st.one_of(st.none(), st.none(), st.none(), hostile_int_text())  # None: the right one


def build_payload(fields: dict[str, list[str]], sequence: int, picks, extra, posted_sequence) -> dict:
    names = sorted(name for name in fields if name != "sequence")
    payload: dict[str, list[str]] = {}
    for name_index, value in picks:
        name = names[name_index % len(names)]
        offered = fields[name]
        if isinstance(value, int):
            value = offered[value % len(offered)] if offered else str(value)
        payload.setdefault(name, []).append(value)
    for name, values in extra.items():
        payload.setdefault(name, values)
    payload["sequence"] = [str(sequence) if posted_sequence is None else posted_sequence]
    return payload


def post(client, url: str, payload: dict, as_json: bool):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(url, payload, **headers)


@pytest.fixture
def quiz_client(client, trainee):
    client.force_login(trainee)
    return client


@pytest.mark.django_db
@fuzz_test(examples=200)
@given(picks=posted_fields, extra=extra_fields, posted_sequence=sequences, as_json=st.booleans())
def test_quiz_autosave_answers_any_form_clearly(
    quiz_client, trainee, every_kind_quiz, fuzz, picks, extra, posted_sequence, as_json
):
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)  # saving keeps the one attempt open
    if fuzz.state.get("attempt") != attempt.pk:
        fuzz.state.update(attempt=attempt.pk, fields=form_fields(quiz_client, attempt))
    payload = build_payload(fuzz.state["fields"], attempt.sequence, picks, extra, posted_sequence)
    before = Attempt.objects.get(pk=attempt.pk)
    response = fuzz.check(
        post(quiz_client, f"/ru/attempts/{attempt.pk}/answers/", payload, as_json),
        allowed=(200, 302, 400, 409),
    )
    after = Attempt.objects.get(pk=attempt.pk)
    assert after.status == Attempt.OPEN  # saving never finishes an attempt
    if response.status_code >= 400:  # refused: nothing saved
        assert after.sequence == before.sequence
        if as_json and response["Content-Type"] == "application/json":
            # (a body Django cannot parse at all, such as a field name over its 1024-byte header limit,
            # gets Django's own plain 400 before the view runs)
            assert json.loads(response.content)["status"] in ("invalid", "stale", "closed")


@pytest.mark.django_db
@fuzz_test(examples=150)
@given(picks=posted_fields, extra=extra_fields, posted_sequence=sequences, as_json=st.booleans())
def test_quiz_submit_answers_any_form_clearly(
    quiz_client, trainee, every_kind_quiz, fuzz, picks, extra, posted_sequence, as_json
):
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)  # the open one, or a new one
    if fuzz.state.get("attempt") != attempt.pk:
        fuzz.state.update(attempt=attempt.pk, fields=form_fields(quiz_client, attempt))
    payload = build_payload(fuzz.state["fields"], attempt.sequence, picks, extra, posted_sequence)
    response = fuzz.check(
        post(quiz_client, f"/ru/attempts/{attempt.pk}/submit/", payload, as_json),
        allowed=(200, 302, 400, 409),
    )
    after = Attempt.objects.get(pk=attempt.pk)
    # Graded: JSON with the result, or a redirect to the result page. Refused: a 4xx, or (a form post) a
    # redirect back to the attempt with a message saying why.
    # A form post with questions unanswered or flagged (and no "submit anyway") gets the confirmation step:
    # a 200 page, answers saved, nothing graded.
    asked = not as_json and response.status_code == 200
    graded = (as_json and response.status_code == 200) or response.get("Location", "").endswith("/result/")
    if asked:
        assert after.status == Attempt.OPEN and after.percent is None
        assert b"data-confirm-submit" in response.content
    if graded:
        assert after.status == Attempt.SUBMITTED and after.percent is not None
        if as_json:
            assert json.loads(response.content)["status"] == Attempt.SUBMITTED
    else:
        assert after.status == Attempt.OPEN and after.percent is None
        if response.status_code == 302:
            assert response["Location"] == f"/ru/attempts/{attempt.pk}/"
            assert list(get_messages(response.wsgi_request)), "refused without saying why"
