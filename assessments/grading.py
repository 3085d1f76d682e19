"""Server-side grading of every question type: pure functions of a question version's data and a response.

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

import math
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

KINDS = ("single", "multiple", "truefalse", "short", "numeric", "ordering", "matching", "missing_word")
MAX_TEXT = 500


class InvalidResponse(ValueError):
    """The response does not fit the question (wrong shape, unknown option)."""


@dataclass(frozen=True)
class Grade:
    fraction: Decimal
    feedback: str = ""


def _fraction(value: float) -> Decimal:
    value = min(1.0, max(0.0, value))
    return Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def normalize_text(value: str) -> str:
    """Case- and whitespace-insensitive form used to compare short answers."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def parse_number(value: str) -> float:
    """A typed number: spaces (also thin and no-break) ignored, comma or point, any minus sign (−, –, -)."""
    cleaned = value.strip()
    for space in (" ", "\u00a0", "\u202f", "\u2009"):
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace(",", ".").replace("\u2212", "-").replace("\u2013", "-")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def right_options(data: dict) -> list[str]:
    """The distinct right-hand sides of a matching question (the options a trainee picks from)."""
    seen: list[str] = []
    for pair in data["pairs"]:
        if pair["right"] not in seen:
            seen.append(pair["right"])
    return seen


def _index(value, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise InvalidResponse(_("unknown option"))
    return value


def clean_response(kind: str, data: dict, raw) -> dict:
    """Check a response's shape against the question and return it in canonical form."""
    if not isinstance(raw, dict):
        raise InvalidResponse(_("a response is an object"))
    if kind in ("single", "missing_word"):
        return {"choice": _index(raw.get("choice"), len(data["choices"]))}
    if kind == "multiple":
        choices = raw.get("choices")
        if not isinstance(choices, list) or len(choices) > len(data["choices"]):
            raise InvalidResponse(_("choices must be a list of options"))
        return {"choices": sorted({_index(choice, len(data["choices"])) for choice in choices})}
    if kind == "truefalse":
        if not isinstance(raw.get("value"), bool):
            raise InvalidResponse(_("true or false"))
        return {"value": raw["value"]}
    if kind in ("short", "numeric"):
        text = raw.get("text" if kind == "short" else "value")
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise InvalidResponse(_("an answer is text of at most 500 characters"))
        return {"text": text.strip()} if kind == "short" else {"value": text.strip()}
    if kind == "ordering":
        order = raw.get("order")
        size = len(data["items"])
        if not isinstance(order, list) or sorted(_index(i, size) for i in order) != list(range(size)):
            raise InvalidResponse(_("the order must list every step once"))
        return {"order": list(order)}
    if kind == "matching":
        matches = raw.get("matches")
        lefts = [i for i, pair in enumerate(data["pairs"]) if pair["left"]]
        size = len(right_options(data))
        if not isinstance(matches, dict):
            raise InvalidResponse(_("matches must be an object"))
        cleaned = {}
        for key, value in matches.items():
            if not isinstance(key, str) or not (key.isascii() and key.isdigit()) or int(key) not in lefts:
                raise InvalidResponse(_("unknown item"))
            if value is not None:
                cleaned[key] = _index(value, size)
        return {"matches": cleaned}
    raise InvalidResponse(f"unknown question kind {kind!r}")


def validate_data(kind: str, data: dict) -> None:
    """Check an answer key is gradable; raise ValueError with a message for the editor."""

    def weights(items):
        values = [float(item["weight"]) for item in items]
        if any(not -1 <= value <= 1 for value in values):
            raise ValueError(_("Weights must be between -100% and 100%."))
        return values

    if kind in ("single", "missing_word"):
        if len(data.get("choices", [])) < 2:
            raise ValueError(_("Give at least two answers."))
        if max(weights(data["choices"])) < 1:
            raise ValueError(_("One answer must be worth 100%."))
    elif kind == "multiple":
        if len(data.get("choices", [])) < 2:
            raise ValueError(_("Give at least two answers."))
        positive = sum(value for value in weights(data["choices"]) if value > 0)
        if abs(positive - 1) > 0.0001:
            raise ValueError(_("The weights of the right answers must add up to 100%."))
    elif kind == "truefalse":
        if not isinstance(data.get("answer"), bool):
            raise ValueError(_("Say whether the statement is true."))
    elif kind == "short":
        answers = data.get("answers", [])
        if not answers or any(not normalize_text(answer["text"]) for answer in answers):
            raise ValueError(_("Give at least one accepted answer, none of them empty."))
        if max(weights(answers)) < 1:
            raise ValueError(_("One accepted answer must be worth 100%."))
    elif kind == "numeric":
        answers = data.get("answers", [])
        if not answers:
            raise ValueError(_("Give at least one graded answer."))
        for answer in answers:
            has_range = answer.get("low") is not None and answer.get("high") is not None
            if not has_range and answer.get("value") is None:
                raise ValueError(_("Each numeric answer needs a value or a range."))
            if has_range and float(answer["low"]) > float(answer["high"]):
                raise ValueError(_("A range must go from the lower to the higher number."))
        if max(weights(answers)) < 1:
            raise ValueError(_("One graded answer must be worth 100%."))
    elif kind == "ordering":
        items = [item.strip() for item in data.get("items", [])]
        if len(items) < 2 or len(set(items)) != len(items) or not all(items):
            raise ValueError(_("Give at least two different steps."))
    elif kind == "matching":
        pairs = data.get("pairs", [])
        lefts = [pair["left"].strip() for pair in pairs if pair["left"].strip()]
        if len(lefts) < 2 or len(set(lefts)) != len(lefts):
            raise ValueError(_("Give at least two pairs, each with a different item."))
        if any(not pair["right"].strip() for pair in pairs):
            raise ValueError(_("Every pair needs its match."))
    else:
        raise ValueError(_("Unknown question type."))


def grade(kind: str, data: dict, response: dict | None) -> Grade:
    """Grade a cleaned response (None means unanswered, which scores 0)."""
    if response is None:
        return Grade(_fraction(0))
    if kind in ("single", "missing_word"):
        choice = data["choices"][response["choice"]]
        return Grade(_fraction(float(choice["weight"])), choice.get("feedback", ""))
    if kind == "multiple":
        picked = [data["choices"][i] for i in response["choices"]]
        total = sum(float(choice["weight"]) for choice in picked)
        feedback = " ".join(choice.get("feedback", "") for choice in picked if choice.get("feedback"))
        return Grade(_fraction(total), feedback)
    if kind == "truefalse":
        right = response["value"] == data["answer"]
        feedback = data.get("feedback_true" if response["value"] else "feedback_false", "")
        return Grade(_fraction(1.0 if right else 0.0), feedback)
    if kind == "short":
        given = normalize_text(response["text"])
        best = max(
            (answer for answer in data["answers"] if normalize_text(answer["text"]) == given),
            key=lambda answer: float(answer["weight"]),
            default=None,
        )
        return (
            Grade(_fraction(float(best["weight"])), best.get("feedback", "")) if best else Grade(_fraction(0))
        )
    if kind == "numeric":
        try:
            value = parse_number(response["value"])
        except ValueError:
            return Grade(_fraction(0))
        matching = [answer for answer in data["answers"] if _numeric_match(answer, value)]
        best = max(matching, key=lambda answer: float(answer["weight"]), default=None)
        return (
            Grade(_fraction(float(best["weight"])), best.get("feedback", "")) if best else Grade(_fraction(0))
        )
    if kind == "ordering":
        order = response["order"]
        in_place = sum(1 for position, item in enumerate(order) if item == position)
        return Grade(_fraction(in_place / len(order)))
    if kind == "matching":
        rights = right_options(data)
        real = [(str(i), pair) for i, pair in enumerate(data["pairs"]) if pair["left"]]
        correct = sum(
            1
            for key, pair in real
            if key in response["matches"] and rights[response["matches"][key]] == pair["right"]
        )
        return Grade(_fraction(correct / len(real)))
    raise InvalidResponse(f"unknown question kind {kind!r}")


def _numeric_match(answer: dict, value: float) -> bool:
    if answer.get("low") is not None and answer.get("high") is not None:
        return float(answer["low"]) <= value <= float(answer["high"])
    tolerance = float(answer.get("tolerance") or 0)
    return abs(value - float(answer["value"])) <= tolerance + 1e-9
