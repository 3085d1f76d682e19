"""Ordering: the trainee puts steps in order; each step in its right place scores a share."""

from __future__ import annotations

import random
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
)
from .registry import register


class OrderingKey(QuestionKeyBlock):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=gettext_lazy("Steps, in the right order"), min_num=2
    )


@register
class Ordering(QuestionKind):
    name = "ordering"
    label = gettext_lazy("Ordering")
    icon = "list-ol"
    block_class = OrderingKey
    always_shuffled = True
    needs_every_field = True

    def validate_data(self, data: dict) -> None:
        items = [item.strip() for item in data.get("items", [])]
        if len(items) < 2 or len(set(items)) != len(items) or not all(items):
            raise ValueError(_("Give at least two different steps."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        order = raw.get("order")
        size = len(data["items"])
        if not isinstance(order, list) or sorted(option_index(i, size) for i in order) != list(range(size)):
            raise InvalidResponse(_("the order must list every step once"))
        return {"order": list(order)}

    def grade(self, data: dict, response: dict) -> Grade:
        order = response["order"]
        in_place = sum(1 for position, item in enumerate(order) if item == position)
        return Grade(fraction(in_place / len(order)))

    def option_texts(self, data: dict) -> list[str]:
        return list(data["items"])

    def option_order(self, data: dict, rng: random.Random, shuffle: bool) -> list[int]:
        """Always shuffled, and never shown already solved."""
        size = len(data["items"])
        order = list(range(size))
        while size > 1 and order == list(range(size)):
            rng.shuffle(order)
        return order

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        return {"order": [token[index] for index in response["order"]]}

    def from_form(self, posted: PostedQuestion):
        slots = [posted.get(f"-slot{slot}") for slot in range(1, posted.option_count + 1)]
        if all(slots):  # an order is an answer only once every step has its place
            return {"order": [posted.option(value) for value in slots]}
        return LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [f"{index}. {item}" for index, item in enumerate(data["items"], start=1)]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [f"{place}. {data['items'][index]}" for place, index in enumerate(response["order"], start=1)]

    def to_data(self, value) -> dict:
        return {"items": list(value["items"])}

    def editor_value(self, data: dict) -> dict:
        return {"items": list(data["items"])}

    def from_gift(self, question, text: Callable[[str], str]) -> dict:
        return {"items": [text(item) for item in question.items]}
