"""True / false: a statement the trainee judges."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .base import LEFT_OUT, Grade, InvalidResponse, PostedQuestion, QuestionKeyBlock, QuestionKind, fraction
from .registry import register


class TrueFalseKey(QuestionKeyBlock):
    answer = blocks.BooleanBlock(label=gettext_lazy("The statement is true"), required=False)
    feedback_true = blocks.CharBlock(
        label=gettext_lazy("Feedback on answering 'true'"), required=False, max_length=500
    )
    feedback_false = blocks.CharBlock(
        label=gettext_lazy("Feedback on answering 'false'"), required=False, max_length=500
    )


@register
class TrueFalse(QuestionKind):
    name = "truefalse"
    label = gettext_lazy("True / false")
    icon = "tick"
    block_class = TrueFalseKey

    def validate_data(self, data: dict) -> None:
        if not isinstance(data.get("answer"), bool):
            raise ValueError(_("Say whether the statement is true."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        if not isinstance(raw.get("value"), bool):
            raise InvalidResponse(_("true or false"))
        return {"value": raw["value"]}

    def grade(self, data: dict, response: dict) -> Grade:
        right = response["value"] == data["answer"]
        feedback = data.get("feedback_true" if response["value"] else "feedback_false", "")
        return Grade(fraction(1.0 if right else 0.0), feedback)

    def from_form(self, posted: PostedQuestion):
        value = posted.get()
        if value in ("true", "false"):
            return {"value": value == "true"}
        if value:
            return {"value": value}  # refused by clean_response
        return LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [_("True") if data["answer"] else _("False")]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [_("True") if response["value"] else _("False")]

    def to_data(self, value) -> dict:
        return {
            "answer": bool(value["answer"]),
            "feedback_true": value["feedback_true"],
            "feedback_false": value["feedback_false"],
        }

    def editor_value(self, data: dict) -> dict:
        return {
            "answer": data["answer"],
            "feedback_true": data.get("feedback_true", ""),
            "feedback_false": data.get("feedback_false", ""),
        }

    def from_gift(self, question, text: Callable[[str], str]) -> dict:
        feedback = {c.text.lower(): text(c.feedback) for c in question.choices}
        return {
            "answer": bool(question.answer_true),
            "feedback_true": feedback.get("true", ""),
            "feedback_false": feedback.get("false", ""),
        }
