"""Grading of the eight question types, done on the server from a version's answer key."""

from decimal import Decimal

import pytest

from assessments.grading import InvalidResponse, clean_response, grade, normalize_text

SINGLE = {"choices": [{"text": "CD19", "weight": 1, "feedback": "Да"}, {"text": "BCMA", "weight": 0}]}
MULTIPLE = {
    "choices": [
        {"text": "a", "weight": 0.5},
        {"text": "b", "weight": 0.5},
        {"text": "c", "weight": -1},
        {"text": "d", "weight": 0},
    ]
}
SHORT = {"answers": [{"text": "Chain of identity", "weight": 1}, {"text": "COI", "weight": 0.5}]}
NUMERIC = {
    "answers": [
        {"value": 2017, "tolerance": 0, "low": None, "high": None, "weight": 1},
        {"value": 2017, "tolerance": 1, "low": None, "high": None, "weight": 0.5},
        {"value": None, "tolerance": 0, "low": 5, "high": 10, "weight": 0.25},
    ]
}
ORDERING = {"items": ["apheresis", "activation", "transduction", "expansion"]}
MATCHING = {
    "pairs": [
        {"left": "Kymriah", "right": "CD19"},
        {"left": "Abecma", "right": "BCMA"},
        {"left": "Carvykti", "right": "BCMA"},
        {"left": "", "right": "CD22"},
    ]
}


def score(kind, data, raw):
    return grade(kind, data, clean_response(kind, data, raw)).fraction


def test_single_choice_and_feedback():
    assert score("single", SINGLE, {"choice": 0}) == Decimal("1")
    assert score("single", SINGLE, {"choice": 1}) == Decimal("0")
    assert grade("single", SINGLE, {"choice": 0}).feedback == "Да"


@pytest.mark.parametrize(
    ("picked", "expected"),
    [([0, 1], "1"), ([0], "0.5"), ([0, 1, 2], "0"), ([2], "0"), ([0, 3], "0.5"), ([], "0")],
)
def test_multiple_choice_partial_credit_floored_at_zero(picked, expected):
    assert score("multiple", MULTIPLE, {"choices": picked}) == Decimal(expected)


def test_true_false():
    data = {"answer": False, "feedback_true": "Нет", "feedback_false": "Верно"}
    assert score("truefalse", data, {"value": False}) == 1
    assert score("truefalse", data, {"value": True}) == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [("chain of identity", "1"), ("  Chain   OF identity ", "1"), ("coi", "0.5"), ("coc", "0")],
)
def test_short_answer_ignores_case_and_spacing(given, expected):
    assert score("short", SHORT, {"text": given}) == Decimal(expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2017", "1"), ("2018", "0.5"), ("2 017", "1"), ("7,5", "0.25"), ("abc", "0"), ("nan", "0")],
)
def test_numeric_tolerance_ranges_and_several_answers(given, expected):
    assert score("numeric", NUMERIC, {"value": given}) == Decimal(expected)


def test_ordering_credits_steps_in_place():
    assert score("ordering", ORDERING, {"order": [0, 1, 2, 3]}) == 1
    assert score("ordering", ORDERING, {"order": [0, 1, 3, 2]}) == Decimal("0.5")
    assert score("ordering", ORDERING, {"order": [3, 2, 1, 0]}) == 0


def test_matching_with_a_distractor_and_a_shared_right_side():
    # right options: CD19 (0), BCMA (1), CD22 (2)
    assert score("matching", MATCHING, {"matches": {"0": 0, "1": 1, "2": 1}}) == 1
    assert score("matching", MATCHING, {"matches": {"0": 2, "1": 1}}) == Decimal("0.3333")


def test_missing_word_grades_like_single_choice():
    data = {**SINGLE, "text_after": "is the target."}
    assert score("missing_word", data, {"choice": 0}) == 1


def test_unanswered_scores_zero():
    assert grade("single", SINGLE, None).fraction == 0


@pytest.mark.parametrize(
    ("kind", "data", "raw"),
    [
        ("single", SINGLE, {"choice": 5}),
        ("single", SINGLE, {"choice": True}),
        ("single", SINGLE, {"choice": "0"}),
        ("multiple", MULTIPLE, {"choices": "0,1"}),
        ("multiple", MULTIPLE, {"choices": [0, 1, 2, 3, 0]}),
        ("truefalse", {"answer": True}, {"value": "true"}),
        ("short", SHORT, {"text": "x" * 501}),
        ("numeric", NUMERIC, {"value": 5}),
        ("ordering", ORDERING, {"order": [0, 0, 1, 2]}),
        ("ordering", ORDERING, {"order": [0, 1, 2]}),
        ("matching", MATCHING, {"matches": {"3": 0}}),
        ("matching", MATCHING, {"matches": {"0": 9}}),
        ("matching", MATCHING, {"matches": [0, 1]}),
        ("single", SINGLE, ["choice", 0]),
        # A NUL character: PostgreSQL's JSON cannot store it (found by tests/fuzz/test_quiz.py on PostgreSQL).
        ("short", SHORT, {"text": "COI\x00"}),
        ("numeric", NUMERIC, {"value": "\x00\x00"}),
    ],
)
def test_malformed_responses_are_refused(kind, data, raw):
    with pytest.raises(InvalidResponse):
        clean_response(kind, data, raw)


def test_normalize_text():
    assert normalize_text("  Цепочка\u00a0ИДЕНТИЧНОСТИ ") == "цепочка идентичности"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("−150", -150.0),
        ("–150", -150.0),
        ("-150", -150.0),
        ("352 000", 352000.0),
        ("1,5", 1.5),
        ("10\u202f000", 10000.0),
    ],
)
def test_typed_numbers_accept_the_minus_signs_and_spaces_people_type(typed, value):
    from assessments.grading import parse_number

    assert parse_number(typed) == value


def test_typed_number_that_is_not_a_number_is_refused():
    from assessments.grading import parse_number

    with pytest.raises(ValueError):
        parse_number("минус сто")
