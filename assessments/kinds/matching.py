"""Matching: each item is matched with one of the answers; left sides that are empty add distractors."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from .base import (
    LEFT_OUT,
    Grade,
    InvalidResponse,
    PostedQuestion,
    QuestionKeyBlock,
    QuestionKind,
    fraction,
    option_index,
    right_options,
)
from .presented import Option
from .registry import register


class MatchPairBlock(blocks.StructBlock):
    left = blocks.CharBlock(
        label=gettext_lazy("Item (empty for a distractor)"), required=False, max_length=300
    )
    right = blocks.CharBlock(label=gettext_lazy("Its match"), max_length=300)


class MatchingKey(QuestionKeyBlock):
    pairs = blocks.ListBlock(MatchPairBlock(), label=gettext_lazy("Pairs"), min_num=2)


@register
class Matching(QuestionKind):
    name = "matching"
    label = gettext_lazy("Matching")
    icon = "link"
    block_class = MatchingKey
    always_shuffled = True
    shuffle_when_tokenised = True

    def validate_data(self, data: dict) -> None:
        pairs = data.get("pairs", [])
        lefts = [pair["left"].strip() for pair in pairs if pair["left"].strip()]
        if len(lefts) < 2 or len(set(lefts)) != len(lefts):
            raise ValueError(_("Give at least two pairs, each with a different item."))
        if any(not pair["right"].strip() for pair in pairs):
            raise ValueError(_("Every pair needs its match."))

    def clean_response(self, data: dict, raw: dict) -> dict:
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
                cleaned[key] = option_index(value, size)
        return {"matches": cleaned}

    def grade(self, data: dict, response: dict) -> Grade:
        rights = right_options(data)
        real = [(str(i), pair) for i, pair in enumerate(data["pairs"]) if pair["left"]]
        correct = sum(
            1
            for key, pair in real
            if key in response["matches"] and rights[response["matches"][key]] == pair["right"]
        )
        return Grade(fraction(correct / len(real)))

    def option_texts(self, data: dict) -> list[str]:
        return right_options(data)

    def present(self, shown, data: dict) -> None:
        # Prompts are shown in the author's order and named by their index: the options carry the key.
        shown.prompts = [
            Option(index, pair["left"]) for index, pair in enumerate(data["pairs"]) if pair["left"]
        ]

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        return {"matches": {left: token[right] for left, right in response["matches"].items()}}

    def from_form(self, posted: PostedQuestion):
        matches = {}
        for left, pair in enumerate(posted.data["pairs"]):
            if pair["left"] and posted.get(f"-m{left}") != "":
                matches[str(left)] = posted.option(posted.get(f"-m{left}"))
        return {"matches": matches} if matches else LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [f"{pair['left']} → {pair['right']}" for pair in data["pairs"] if pair["left"]]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        rights = right_options(data)
        return [
            f"{data['pairs'][int(left)]['left']} → {rights[right]}"
            for left, right in response["matches"].items()
        ]

    def to_data(self, value) -> dict:
        return {"pairs": [{"left": p["left"], "right": p["right"]} for p in value["pairs"]]}

    def editor_value(self, data: dict) -> dict:
        return {"pairs": [{"left": p["left"], "right": p["right"]} for p in data["pairs"]]}

    def from_gift(self, question, text: Callable[[str], str]) -> dict:
        return {"pairs": [{"left": text(p.left), "right": text(p.right)} for p in question.pairs]}
