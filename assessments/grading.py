"""Server-side grading of every question type: pure functions of a question version's data and a response.

Each function looks the kind up in `assessments.kinds.registry` and calls its method; the rules are there.

A question version's `data` (JSON) holds the answer key; a response is what the trainee sent, already
checked by `clean_response`. Scores are fractions in [0, 1]. Nothing here touches the database.

Data and response shapes, per kind:

=============  ===========================================================  ==============================
kind           data                                                         response
=============  ===========================================================  ==============================
single         {"choices": [{"text", "weight", "feedback"}]}                {"choice": i}
missing_word   as single, plus {"text_after"}                               {"choice": i}
multiple       as single; weights may be negative; score floored at 0       {"choices": [i, …]}
truefalse      {"answer": bool, "feedback_true", "feedback_false"}          {"value": bool}
short          {"answers": [{"text", "weight", "feedback"}]}                {"text": str}
numeric        {"answers": [{"value", "tolerance", "low", "high",           {"value": str}
               "weight", "feedback"}]}
ordering       {"items": [str, …]} in the right order                       {"order": [i, …]}
matching       {"pairs": [{"left", "right"}]}; left "" is a distractor      {"matches": {"i": j, …}}
=============  ===========================================================  ==============================
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .kinds import registry
from .kinds.base import MAX_TEXT, Grade, InvalidResponse, normalize_text, parse_number, right_options
from .kinds.base import fraction as _fraction

__all__ = [
    "KINDS",
    "MAX_TEXT",
    "Grade",
    "InvalidResponse",
    "clean_response",
    "grade",
    "normalize_text",
    "parse_number",
    "right_options",
    "validate_data",
]

#: The built-in kinds, in the model's order (kinds registered later, e.g. in tests, are in the registry only).
KINDS = registry.names()


def clean_response(kind: str, data: dict, raw) -> dict:
    """Check a response's shape against the question and return it in canonical form."""
    if not isinstance(raw, dict):
        raise InvalidResponse(_("a response is an object"))
    try:
        question_kind = registry.get(kind)
    except registry.UnknownKind:
        raise InvalidResponse(f"unknown question kind {kind!r}") from None
    cleaned = question_kind.clean_response(data, raw)
    if _has_nul(cleaned):
        # A NUL character is never typed on purpose, and PostgreSQL's JSON cannot store one.
        raise InvalidResponse(_("an answer contains a character that cannot be saved (NUL)"))
    return cleaned


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def validate_data(kind: str, data: dict) -> None:
    """Check an answer key is gradable; raise ValueError with a message for the editor."""
    try:
        question_kind = registry.get(kind)
    except registry.UnknownKind:
        raise ValueError(_("Unknown question type.")) from None
    question_kind.validate_data(data)


def grade(kind: str, data: dict, response: dict | None) -> Grade:
    """Grade a cleaned response (None means unanswered, which scores 0)."""
    if response is None:
        return Grade(_fraction(0))
    try:
        question_kind = registry.get(kind)
    except registry.UnknownKind:
        raise InvalidResponse(f"unknown question kind {kind!r}") from None
    return question_kind.grade(data, response)
