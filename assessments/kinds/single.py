"""Single choice: one option is picked; its weight is the score. The base of the other choice kinds."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .base import (
    LEFT_OUT,
    Grade,
    PostedQuestion,
    QuestionKeyBlock,
    QuestionKind,
    WeightedTexts,
    check_weights,
    fraction,
    option_index,
    percent_block,
)
from .registry import register


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=gettext_lazy("Answer"), max_length=500)
    weight = percent_block()
    feedback = blocks.CharBlock(label=gettext_lazy("Feedback"), required=False, max_length=500)


class SingleChoiceKey(QuestionKeyBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=gettext_lazy("Answers (one at 100%)"), min_num=2)


class ChoiceKind(WeightedTexts, QuestionKind):
    """Kinds whose key is {"choices": [{"text", "weight", "feedback"}]}, shown as tokens in shuffled order."""

    block_class = SingleChoiceKey
    follows_shuffle_setting = True

    def option_texts(self, data: dict) -> list[str]:
        return [choice["text"] for choice in data["choices"]]


@register
class SingleChoice(ChoiceKind):
    name = "single"
    label = gettext_lazy("Single choice")
    icon = "radio-full"
    counts_picked_option = True

    def validate_data(self, data: dict) -> None:
        if len(data.get("choices", [])) < 2:
            raise ValueError(_("Give at least two answers."))
        if max(check_weights(data["choices"])) < 1:
            raise ValueError(_("One answer must be worth 100%."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        return {"choice": option_index(raw.get("choice"), len(data["choices"]))}

    def grade(self, data: dict, response: dict) -> Grade:
        choice = data["choices"][response["choice"]]
        return Grade(fraction(float(choice["weight"])), choice.get("feedback", ""))

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        return {"choice": token[response["choice"]]}

    def from_form(self, posted: PostedQuestion):
        if posted.get() == "":
            return LEFT_OUT
        return {"choice": posted.option(posted.get())}

    def describe_key(self, data: dict) -> list[str]:
        return [c["text"] for c in data["choices"] if float(c["weight"]) >= 1]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [data["choices"][response["choice"]]["text"]]
