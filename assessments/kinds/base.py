"""The interface every question kind implements, and the helpers the built-in kinds share.

A kind is one class with one method per concern (in the manner of wagtail.contrib.forms' FormBuilder):
checking an answer key, cleaning and grading a response, which options get opaque tokens and how they are
shuffled, reading the quiz form back into a response, describing key and response after grading, the
editor's block, the GIFT mapping and the template fragment. Code elsewhere looks a kind up by name in
`assessments.kinds.registry` and calls these methods; it never compares kind names.

The answer-key rule holds for every kind: what `present` puts in a `PresentedQuestion` is shown to the
trainee before grading, so it must never reveal the key (weights, accepted answers, the right order or
pairs, feedback). Options are named only by the attempt's random tokens, never by their author index.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

if TYPE_CHECKING:
    from django.http import QueryDict
    from django.utils.functional import Promise

    from ..gift import ParsedQuestion
    from .presented import PresentedQuestion

MAX_TEXT = 500


class InvalidResponse(ValueError):
    """The response does not fit the question (wrong shape, unknown option)."""


@dataclass(frozen=True)
class Grade:
    fraction: Decimal
    feedback: str = ""


def fraction(value: float) -> Decimal:
    """A score clamped to [0, 1] and rounded to four places."""
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


def option_index(value: Any, size: int) -> int:
    """`value` if it is an index into a list of `size` options, else InvalidResponse."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise InvalidResponse(_("unknown option"))
    return value


def check_weights(items: list[dict]) -> list[float]:
    """The weights of an answer key's items as floats; ValueError unless each is in [-1, 1]."""
    values = [float(item["weight"]) for item in items]
    if any(not -1 <= value <= 1 for value in values):
        raise ValueError(_("Weights must be between -100% and 100%."))
    return values


def number_text(value: Any) -> str:
    """A stored number as a reviewer reads it (no trailing zeros)."""
    return f"{float(value):g}"


# -- the editor ------------------------------------------------------------------------------------------

WEIGHT_LABEL = gettext_lazy("Weight (%)")


def percent_block(default: float = 0) -> blocks.FloatBlock:
    """An editor field for a weight in percent."""
    return blocks.FloatBlock(label=WEIGHT_LABEL, default=default, min_value=-100, max_value=100)


def from_percent(value: float) -> float:
    """An editor's percent as the stored fraction."""
    return round(value / 100, 7)


def to_percent(weight: Any) -> float:
    """A stored fraction as the editor's percent."""
    return round(float(weight) * 100, 5)


class QuestionKeyBlock(blocks.StructBlock):
    """Fields every question kind's editor block shares; its name in the stream is the kind's name."""

    text = blocks.TextBlock(label=gettext_lazy("Question text"))
    general_feedback = blocks.TextBlock(
        label=gettext_lazy("General feedback"),
        required=False,
        help_text=gettext_lazy("Explains the answer; shown after grading."),
    )
    source_reference = blocks.CharBlock(label=gettext_lazy("Source id"), required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        from .registry import get

        kind = get(self.name)
        try:
            kind.validate_data(kind.to_data(value))
        except ValueError as error:
            raise blocks.StructBlockValidationError(non_block_errors=ValidationError(str(error))) from error
        return value


# -- the quiz form ---------------------------------------------------------------------------------------


class _LeftOut:
    """No answer in the form for a question: any answer saved before is kept."""

    def __repr__(self) -> str:
        return "LEFT_OUT"


LEFT_OUT = _LeftOut()


@dataclass(frozen=True)
class PostedQuestion:
    """One question's fields in a posted quiz form; `option` maps a posted token to the author's index."""

    name: str  # the question's field name, "q<position>"
    post: QueryDict
    data: dict
    option: Callable[[Any], int]  # raises InvalidResponse for a value that is not this attempt's token
    option_count: int

    def get(self, suffix: str = "", default: str = "") -> str:
        return self.post.get(f"{self.name}{suffix}", default)

    def getlist(self, suffix: str = "") -> list[str]:
        return self.post.getlist(f"{self.name}{suffix}")

    def has(self, suffix: str) -> bool:
        return f"{self.name}{suffix}" in self.post


# -- the kind --------------------------------------------------------------------------------------------


class QuestionKind:
    """A question type; subclass it, set `name` and `label`, override what differs, and `register` it.

    Data and responses are JSON: `data` is a version's answer key, a response what the trainee sent,
    in the author's indices (never tokens) once cleaned.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str | Promise] = ""
    #: The editor's StreamField block (None: questions of this kind are not edited in the admin).
    block_class: ClassVar[type[QuestionKeyBlock] | None] = None
    icon: ClassVar[str] = "help"
    #: Options follow the assessment's "shuffle options" setting (else they are shown in the author's order).
    follows_shuffle_setting: ClassVar[bool] = False
    #: Options are always shuffled: in the author's order they would be the key.
    always_shuffled: ClassVar[bool] = False
    #: An attempt opened before options had tokens showed them in the author's order: shuffle when tokenised.
    shuffle_when_tokenised: ClassVar[bool] = False
    #: A response is {"choice": i}: item analysis counts how often each option was picked.
    counts_picked_option: ClassVar[bool] = False
    #: The form's answer counts only once every field of the question is filled (an order: every step placed).
    needs_every_field: ClassVar[bool] = False
    #: The question text has a gap (text, "_____", text_after).
    has_gap: ClassVar[bool] = False
    #: The template fragment (a name or a Template); by default assessments/kinds/<name>.html.
    template: ClassVar[Any] = None

    def __repr__(self) -> str:
        return f"<question kind {self.name}>"

    # -- answer key and responses ------------------------------------------------------------------------

    def validate_data(self, data: dict) -> None:
        """Check an answer key is gradable; raise ValueError with a message for the editor."""
        raise NotImplementedError

    def clean_response(self, data: dict, raw: dict) -> dict:
        """Check a response's shape (`raw` is a dict) and return it in canonical form, or InvalidResponse."""
        raise NotImplementedError

    def grade(self, data: dict, response: dict) -> Grade:
        """Grade a cleaned response."""
        raise NotImplementedError

    # -- presentation ------------------------------------------------------------------------------------

    def option_texts(self, data: dict) -> list[str]:
        """The texts of the options the trainee picks from, by author index; each gets a token per attempt."""
        return []

    def option_order(self, data: dict, rng: random.Random, shuffle: bool) -> list[int]:
        """The order options are shown in, as indices into the author's list."""
        order = list(range(len(self.option_texts(data))))
        if order and (self.always_shuffled or (shuffle and self.follows_shuffle_setting)):
            rng.shuffle(order)
        return order

    def present(self, shown: PresentedQuestion, data: dict) -> None:
        """Add what else the trainee sees to `shown` (options are already there). Never any of the key."""

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        """A saved response as the form shows it: each option index replaced by its token."""
        return response

    def from_form(self, posted: PostedQuestion) -> dict | None | _LeftOut:
        """The posted response (tokens back to author indices): a dict, None to clear it, or LEFT_OUT."""
        raise NotImplementedError

    def template_name(self) -> Any:
        return self.template or f"assessments/kinds/{self.name}.html"

    # -- review after grading ----------------------------------------------------------------------------

    def review_text(self, text: str, data: dict) -> str:
        """The question's text on the result page."""
        return text

    def describe_key(self, data: dict) -> list[str]:
        """The right answer in words."""
        return []

    def describe_response(self, data: dict, response: dict) -> list[str]:
        """What the trainee answered, in words."""
        return []

    # -- editor ------------------------------------------------------------------------------------------

    def editor_block(self) -> QuestionKeyBlock | None:
        """A new instance of the editor block, labelled with the kind's label and icon."""
        if self.block_class is None:
            return None
        block = self.block_class()
        # As options of the block's Meta, not constructor arguments, which migrations would freeze.
        block.meta.label = block.label = self.label
        block.meta.icon = self.icon
        return block

    def to_data(self, value: Any) -> dict:
        """The answer key from the editor block's value (weights in percent become fractions)."""
        raise NotImplementedError

    def editor_value(self, data: dict) -> dict:
        """The editor block's kind-specific fields for an answer key."""
        raise NotImplementedError

    # -- GIFT --------------------------------------------------------------------------------------------

    def from_gift(self, question: ParsedQuestion, text: Callable[[str], str]) -> dict:
        """The answer key of a parsed GIFT question; `text` converts a GIFT string to plain text."""
        raise NotImplementedError(f"{self.name} questions have no GIFT form")


class WeightedTexts:
    """Editor and GIFT mapping for kinds whose data is a list of {text, weight, feedback} under `items_key`
    (choices, accepted short answers). Put before `QuestionKind` in the bases."""

    items_key = "choices"

    def to_data(self, value: Any) -> dict:
        return {
            self.items_key: [
                {"text": item["text"], "weight": from_percent(item["weight"]), "feedback": item["feedback"]}
                for item in value[self.items_key]
            ]
        }

    def editor_value(self, data: dict) -> dict:
        return {
            self.items_key: [
                {
                    "text": item["text"],
                    "weight": to_percent(item["weight"]),
                    "feedback": item.get("feedback", ""),
                }
                for item in data[self.items_key]
            ]
        }

    def from_gift(self, question: ParsedQuestion, text: Callable[[str], str]) -> dict:
        return {
            self.items_key: [
                {"text": text(c.text), "weight": c.weight, "feedback": text(c.feedback)}
                for c in question.choices
            ]
        }
