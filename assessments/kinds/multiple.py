"""Multiple choice: any options are ticked; their weights add up (some may be negative), floored at 0."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import LEFT_OUT, Grade, InvalidResponse, PostedQuestion, check_weights, fraction, option_index
from .registry import register
from .single import ChoiceKind


@register
class MultipleChoice(ChoiceKind):
    name = "multiple"
    label = gettext_lazy("Multiple choice")
    icon = "tasks"

    def validate_data(self, data: dict) -> None:
        if len(data.get("choices", [])) < 2:
            raise ValueError(_("Give at least two answers."))
        positive = sum(value for value in check_weights(data["choices"]) if value > 0)
        if abs(positive - 1) > 0.0001:
            raise ValueError(_("The weights of the right answers must add up to 100%."))

    def clean_response(self, data: dict, raw: dict) -> dict:
        choices = raw.get("choices")
        if not isinstance(choices, list) or len(choices) > len(data["choices"]):
            raise InvalidResponse(_("choices must be a list of options"))
        return {"choices": sorted({option_index(choice, len(data["choices"])) for choice in choices})}

    def grade(self, data: dict, response: dict) -> Grade:
        picked = [data["choices"][i] for i in response["choices"]]
        total = sum(float(choice["weight"]) for choice in picked)
        feedback = " ".join(choice.get("feedback", "") for choice in picked if choice.get("feedback"))
        return Grade(fraction(total), feedback)

    def shown_response(self, response: dict, token: dict[int, str]) -> dict:
        return {"choices": [token[index] for index in response["choices"]]}

    def from_form(self, posted: PostedQuestion):
        picked = posted.getlist()
        if picked:
            return {"choices": [posted.option(value) for value in picked]}
        if posted.has("-present"):
            return None  # every box unticked: no answer (clears an earlier one)
        return LEFT_OUT

    def describe_key(self, data: dict) -> list[str]:
        return [c["text"] for c in data["choices"] if float(c["weight"]) > 0]

    def describe_response(self, data: dict, response: dict) -> list[str]:
        return [data["choices"][index]["text"] for index in response["choices"]]
