"""Missing word: a single-choice question whose options fill a gap in the text."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy
from wagtail import blocks

from .registry import register
from .single import SingleChoice, SingleChoiceKey


class MissingWordKey(SingleChoiceKey):
    text_after = blocks.TextBlock(label=gettext_lazy("Text after the gap"), required=False)


@register
class MissingWord(SingleChoice):
    name = "missing_word"
    label = gettext_lazy("Missing word")
    icon = "edit"
    block_class = MissingWordKey
    has_gap = True

    def present(self, shown, data: dict) -> None:
        shown.text_after = data.get("text_after", "")

    def review_text(self, text: str, data: dict) -> str:
        return f"{text} _____ {data.get('text_after', '')}".strip()

    def to_data(self, value) -> dict:
        return {**super().to_data(value), "text_after": value["text_after"]}

    def editor_value(self, data: dict) -> dict:
        return {**super().editor_value(data), "text_after": data.get("text_after", "")}

    def from_gift(self, question, text: Callable[[str], str]) -> dict:
        return {**super().from_gift(question, text), "text_after": text(question.text_after)}
