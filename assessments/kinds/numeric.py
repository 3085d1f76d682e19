"""Numeric: a typed number graded against values with a tolerance, or ranges."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .base import (
    LEFT_OUT,
    Grade,
    PostedQuestion,
    QuestionKeyBlock,
    QuestionKind,
    check_weights,
    fraction,
    from_percent,
    number_text,
    parse_number,
    percent_block,
    to_percent,
)
from .registry import register
from .short import typed_text


class NumericAnswerBlock(blocks.StructBlock):
    value = blocks.FloatBlock(label=gettext_lazy("Value"), required=False)
    tolerance = blocks.FloatBlock(label=gettext_lazy("± tolerance"), required=False, default=0, min_value=0)
    low = blocks.FloatBlock(label=gettext_lazy("Or a range: from"), required=False)
    high = blocks.FloatBlock(label=gettext_lazy("to"), required=False)
    weight = percent_block(default=100)
    feedback = blocks.CharBlock(label=gettext_lazy("Feedback"), required=False, max_length=500)


class NumericKey(QuestionKeyBlock):
    answers = blocks.ListBlock(NumericAnswerBlock(), label=gettext_lazy("Graded answers"), min_num=1)


def _is_range(answer: dict) -> bool:
    return answer.get("low") is not None and answer.get("high") is not None


def _matches(answer: dict, value: float) -> bool:
    if _is_range(answer):
        return float(answer["low"]) <= value <= float(answer["high"])
    tolerance = float(answer.get("tolerance") or 0)
    return abs(value - float(answer["value"])) <= tolerance + 1e-9


@register
class Numeric(QuestionKind):
    name = "numeric"
    label = gettext_lazy("Numeric")
    icon = "order"
    block_class = NumericKey

    def validate_data(self, data: dict) -> None:
        answers = data.get("answers", [])
        if not answers:
            raise ValueError(_("Give at least one graded answer."))
        for answer in answers:
            if not _is_range(answer) and answer.get("value") is None:
                raise ValueError(_("Each numeric answer needs a value or a range."))
            if _is_range(answer) and float(answer["low"]) > float(answer["high"]):
                raise ValueError(_("A range must go from the lower to the higher number."))
        if max(check_weights(answers)) < 1:
            raise ValueError(_("One graded answer must be worth 100%."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        return {"value": typed_text(raw, "value")}

    def grade(self, data: dict, response: dict) -> Grade:
        try:
            value = parse_number(response["value"])
        except ValueError:
            return Grade(fraction(0))
        matching = [answer for answer in data["answers"] if _matches(answer, value)]
        best = max(matching, key=lambda answer: float(answer["weight"]), default=None)
        return (
            Grade(fraction(float(best["weight"])), best.get("feedback", "")) if best else Grade(fraction(0))
        )

    def from_form(self, posted: PostedQuestion):
        return {"value": posted.get()} if posted.get().strip() else LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        shown = []
        for answer in data["answers"]:
            if float(answer["weight"]) < 1:
                continue
            if _is_range(answer):
                shown.append(f"{number_text(answer['low'])} … {number_text(answer['high'])}")
            elif float(answer.get("tolerance") or 0):
                shown.append(f"{number_text(answer['value'])} ± {number_text(answer['tolerance'])}")
            else:
                shown.append(number_text(answer["value"]))
        return shown

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [response["value"]]

    def to_data(self, value) -> dict:
        return {
            "answers": [
                {
                    "value": a["value"],
                    "tolerance": a["tolerance"] or 0,
                    "low": a["low"],
                    "high": a["high"],
                    "weight": from_percent(a["weight"]),
                    "feedback": a["feedback"],
                }
                for a in value["answers"]
            ]
        }

    def editor_value(self, data: dict) -> dict:
        return {
            "answers": [
                {
                    "value": a.get("value"),
                    "tolerance": a.get("tolerance") or 0,
                    "low": a.get("low"),
                    "high": a.get("high"),
                    "weight": to_percent(a["weight"]),
                    "feedback": a.get("feedback", ""),
                }
                for a in data["answers"]
            ]
        }

    def from_gift(self, question, text: Callable[[str], str]) -> dict:
        return {
            "answers": [
                {
                    "value": a.value,
                    "tolerance": a.tolerance,
                    "low": a.low,
                    "high": a.high,
                    "weight": a.weight,
                    "feedback": text(a.feedback),
                }
                for a in question.numeric
            ]
        }
