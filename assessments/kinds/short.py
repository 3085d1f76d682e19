"""Short answer: typed text compared with the accepted answers, ignoring case and spacing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .base import (
    LEFT_OUT,
    MAX_TEXT,
    Grade,
    InvalidResponse,
    PostedQuestion,
    QuestionKeyBlock,
    QuestionKind,
    WeightedTexts,
    check_weights,
    fraction,
    normalize_text,
    percent_block,
)
from .registry import register


class ShortAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=gettext_lazy("Accepted answer"), max_length=500)
    weight = percent_block(default=100)
    feedback = blocks.CharBlock(label=gettext_lazy("Feedback"), required=False, max_length=500)


class ShortAnswerKey(QuestionKeyBlock):
    answers = blocks.ListBlock(ShortAnswerBlock(), label=gettext_lazy("Accepted answers"), min_num=1)


def typed_text(raw: dict, key: str) -> str:
    """A typed answer under `key`, stripped; InvalidResponse unless it is text of at most MAX_TEXT."""
    text = raw.get(key)
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise InvalidResponse(_("an answer is text of at most 500 characters"))
    return text.strip()


@register
class ShortAnswer(WeightedTexts, QuestionKind):
    items_key = "answers"
    name = "short"
    label = gettext_lazy("Short answer")
    icon = "pilcrow"
    block_class = ShortAnswerKey

    def validate_data(self, data: dict) -> None:
        answers = data.get("answers", [])
        if not answers or any(not normalize_text(answer["text"]) for answer in answers):
            raise ValueError(_("Give at least one accepted answer, none of them empty."))
        if max(check_weights(answers)) < 1:
            raise ValueError(_("One accepted answer must be worth 100%."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        return {"text": typed_text(raw, "text")}

    def grade(self, data: dict, response: dict) -> Grade:
        given = normalize_text(response["text"])
        best = max(
            (answer for answer in data["answers"] if normalize_text(answer["text"]) == given),
            key=lambda answer: float(answer["weight"]),
            default=None,
        )
        return (
            Grade(fraction(float(best["weight"])), best.get("feedback", "")) if best else Grade(fraction(0))
        )

    def from_form(self, posted: PostedQuestion):
        return {"text": posted.get()} if posted.get().strip() else LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [a["text"] for a in data["answers"] if float(a["weight"]) >= 1]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [response["text"]]
