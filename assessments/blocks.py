"""The question editor: one StreamField block per question type, each producing a version's content.

Editors write weights in percent; versions store fractions. `to_version` and `from_version` convert both
ways, so questions imported from GIFT can be edited in the admin and edits become new versions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .grading import KINDS, validate_data

WEIGHT_LABEL = _("Weight (%)")


def _percent(default=0):
    return blocks.FloatBlock(label=WEIGHT_LABEL, default=default, min_value=-100, max_value=100)


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    weight = _percent()
    feedback = blocks.CharBlock(label=_("Feedback"), required=False, max_length=500)


class ShortAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Accepted answer"), max_length=500)
    weight = _percent(default=100)
    feedback = blocks.CharBlock(label=_("Feedback"), required=False, max_length=500)


class NumericAnswerBlock(blocks.StructBlock):
    value = blocks.FloatBlock(label=_("Value"), required=False)
    tolerance = blocks.FloatBlock(label=_("± tolerance"), required=False, default=0, min_value=0)
    low = blocks.FloatBlock(label=_("Or a range: from"), required=False)
    high = blocks.FloatBlock(label=_("to"), required=False)
    weight = _percent(default=100)
    feedback = blocks.CharBlock(label=_("Feedback"), required=False, max_length=500)


class MatchPairBlock(blocks.StructBlock):
    left = blocks.CharBlock(label=_("Item (empty for a distractor)"), required=False, max_length=300)
    right = blocks.CharBlock(label=_("Its match"), max_length=300)


class QuestionKeyBlock(blocks.StructBlock):
    """Fields every question type shares."""

    text = blocks.TextBlock(label=_("Question text"))
    general_feedback = blocks.TextBlock(
        label=_("General feedback"), required=False, help_text=_("Explains the answer; shown after grading.")
    )
    source_reference = blocks.CharBlock(label=_("Source id"), required=False, max_length=300)

    kind = ""

    def to_data(self, value) -> dict:
        raise NotImplementedError

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_data(self.kind, self.to_data(value))
        except ValueError as error:
            raise blocks.StructBlockValidationError(non_block_errors=ValidationError(str(error))) from error
        return value


def _choices(value) -> list[dict]:
    return [
        {"text": c["text"], "weight": round(c["weight"] / 100, 7), "feedback": c["feedback"]}
        for c in value["choices"]
    ]


class SingleChoiceKey(QuestionKeyBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers (one at 100%)"), min_num=2)
    kind = "single"

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def to_data(self, value):
        return {"choices": _choices(value)}


class MultipleChoiceKey(SingleChoiceKey):
    kind = "multiple"

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class MissingWordKey(SingleChoiceKey):
    text_after = blocks.TextBlock(label=_("Text after the gap"), required=False)
    kind = "missing_word"

    class Meta:
        icon = "edit"
        label = _("Missing word")

    def to_data(self, value):
        return {"choices": _choices(value), "text_after": value["text_after"]}


class TrueFalseKey(QuestionKeyBlock):
    answer = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    feedback_true = blocks.CharBlock(label=_("Feedback on answering 'true'"), required=False, max_length=500)
    feedback_false = blocks.CharBlock(
        label=_("Feedback on answering 'false'"), required=False, max_length=500
    )
    kind = "truefalse"

    class Meta:
        icon = "tick"
        label = _("True / false")

    def to_data(self, value):
        return {
            "answer": bool(value["answer"]),
            "feedback_true": value["feedback_true"],
            "feedback_false": value["feedback_false"],
        }


class ShortAnswerKey(QuestionKeyBlock):
    answers = blocks.ListBlock(ShortAnswerBlock(), label=_("Accepted answers"), min_num=1)
    kind = "short"

    class Meta:
        icon = "pilcrow"
        label = _("Short answer")

    def to_data(self, value):
        return {
            "answers": [
                {"text": a["text"], "weight": round(a["weight"] / 100, 7), "feedback": a["feedback"]}
                for a in value["answers"]
            ]
        }


class NumericKey(QuestionKeyBlock):
    answers = blocks.ListBlock(NumericAnswerBlock(), label=_("Graded answers"), min_num=1)
    kind = "numeric"

    class Meta:
        icon = "order"
        label = _("Numeric")

    def to_data(self, value):
        return {
            "answers": [
                {
                    "value": a["value"],
                    "tolerance": a["tolerance"] or 0,
                    "low": a["low"],
                    "high": a["high"],
                    "weight": round(a["weight"] / 100, 7),
                    "feedback": a["feedback"],
                }
                for a in value["answers"]
            ]
        }


class OrderingKey(QuestionKeyBlock):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Steps, in the right order"), min_num=2
    )
    kind = "ordering"

    class Meta:
        icon = "list-ol"
        label = _("Ordering")

    def to_data(self, value):
        return {"items": list(value["items"])}


class MatchingKey(QuestionKeyBlock):
    pairs = blocks.ListBlock(MatchPairBlock(), label=_("Pairs"), min_num=2)
    kind = "matching"

    class Meta:
        icon = "link"
        label = _("Matching")

    def to_data(self, value):
        return {"pairs": [{"left": p["left"], "right": p["right"]} for p in value["pairs"]]}


class QuestionKeyStream(blocks.StreamBlock):
    single = SingleChoiceKey()
    multiple = MultipleChoiceKey()
    truefalse = TrueFalseKey()
    short = ShortAnswerKey()
    numeric = NumericKey()
    ordering = OrderingKey()
    matching = MatchingKey()
    missing_word = MissingWordKey()

    class Meta:
        min_num = 1
        max_num = 1


assert set(QuestionKeyStream.base_blocks) == set(KINDS)


def to_version(stream_value) -> dict:
    """Version content (kind, text, data, feedback, source) from the editor's single block."""
    block = stream_value[0]
    value = block.value
    return {
        "kind": block.block_type,
        "text": value["text"],
        "text_format": "plain",
        "data": block.block.to_data(value),
        "general_feedback": value["general_feedback"],
        "source_reference": value["source_reference"],
    }


def from_version(version) -> list[dict]:
    """The editor's raw stream data for a version's content."""
    data, kind = version["data"], version["kind"]
    value = {
        "text": version["text"],
        "general_feedback": version.get("general_feedback", ""),
        "source_reference": version.get("source_reference", ""),
    }

    def percent(weight):
        return round(float(weight) * 100, 5)

    if kind in ("single", "multiple", "missing_word"):
        value["choices"] = [
            {"text": c["text"], "weight": percent(c["weight"]), "feedback": c.get("feedback", "")}
            for c in data["choices"]
        ]
        if kind == "missing_word":
            value["text_after"] = data.get("text_after", "")
    elif kind == "truefalse":
        value.update(
            answer=data["answer"],
            feedback_true=data.get("feedback_true", ""),
            feedback_false=data.get("feedback_false", ""),
        )
    elif kind == "short":
        value["answers"] = [
            {"text": a["text"], "weight": percent(a["weight"]), "feedback": a.get("feedback", "")}
            for a in data["answers"]
        ]
    elif kind == "numeric":
        value["answers"] = [
            {
                "value": a.get("value"),
                "tolerance": a.get("tolerance") or 0,
                "low": a.get("low"),
                "high": a.get("high"),
                "weight": percent(a["weight"]),
                "feedback": a.get("feedback", ""),
            }
            for a in data["answers"]
        ]
    elif kind == "ordering":
        value["items"] = list(data["items"])
    elif kind == "matching":
        value["pairs"] = [{"left": p["left"], "right": p["right"]} for p in data["pairs"]]
    return [{"type": kind, "value": value}]
