"""What a trainee is shown of a question: text and options in the attempt's order, never the key.

Templates and JSON receive only these view models; a version's `data` (weights, accepted answers, the
right order, the right pairs, feedback) is never passed to them before the attempt is graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .grading import right_options
from .models import AttemptQuestion


@dataclass(frozen=True)
class Option:
    value: int
    text: str


@dataclass
class PresentedQuestion:
    position: int
    kind: str
    text: str
    text_after: str = ""
    options: list[Option] = field(default_factory=list)  # choices, ordering items, or matching right sides
    prompts: list[Option] = field(default_factory=list)  # matching left sides
    response: dict | None = None

    @property
    def name(self) -> str:
        return f"q{self.position}"

    # Helpers for templates: what the trainee has already answered.
    @property
    def chosen(self) -> set[int]:
        if not self.response:
            return set()
        if "choice" in self.response:
            return {self.response["choice"]}
        return set(self.response.get("choices", []))

    @property
    def text_value(self) -> str:
        if not self.response:
            return ""
        return self.response.get("text", self.response.get("value", ""))

    @property
    def truth(self) -> bool | None:
        return self.response.get("value") if self.response and self.kind == "truefalse" else None

    @property
    def slots(self) -> list[tuple[int, int | None]]:
        """Ordering: (slot number, item placed there) for each position."""
        order = (self.response or {}).get("order") or []
        return [
            (slot, order[slot - 1] if slot - 1 < len(order) else None)
            for slot in range(1, len(self.options) + 1)
        ]

    @property
    def matches(self) -> list[tuple[Option, int | None]]:
        chosen = (self.response or {}).get("matches", {})
        return [(prompt, chosen.get(str(prompt.value))) for prompt in self.prompts]

    def as_json(self) -> dict:
        return {
            "position": self.position,
            "kind": self.kind,
            "text": self.text,
            "text_after": self.text_after,
            "options": [{"value": option.value, "text": option.text} for option in self.options],
            "prompts": [{"value": prompt.value, "text": prompt.text} for prompt in self.prompts],
            "response": self.response,
        }


def present(question: AttemptQuestion) -> PresentedQuestion:
    version = question.version
    data = version.data
    kind = version.kind
    shown = PresentedQuestion(
        position=question.position, kind=kind, text=version.text, response=question.response
    )
    order = question.option_order
    if kind in ("single", "multiple", "missing_word"):
        shown.options = [Option(index, data["choices"][index]["text"]) for index in order]
        shown.text_after = data.get("text_after", "") if kind == "missing_word" else ""
    elif kind == "ordering":
        shown.options = [Option(index, data["items"][index]) for index in order]
    elif kind == "matching":
        rights = right_options(data)
        shown.options = [Option(index, rights[index]) for index in order]
        shown.prompts = [
            Option(index, pair["left"]) for index, pair in enumerate(data["pairs"]) if pair["left"]
        ]
    return shown


def answers_from_form(questions: list[AttemptQuestion], post) -> dict[str, dict | None]:
    """Turn the quiz form's fields into the answers `save_answers` takes; unanswered questions are left out.

    Values that are not numbers are passed on as they are, for `clean_response` to refuse.
    """

    def number(value):
        return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value

    answers: dict[str, dict | None] = {}
    for question in questions:
        kind = question.version.kind
        name = f"q{question.position}"
        key = str(question.position)
        if kind in ("single", "missing_word"):
            if post.get(name, "") != "":
                answers[key] = {"choice": number(post.get(name))}
        elif kind == "multiple":
            picked = post.getlist(name)
            if picked:
                answers[key] = {"choices": [number(value) for value in picked]}
            elif f"{name}-present" in post:
                answers[key] = None  # every box unticked: no answer (clears an earlier one)
        elif kind == "truefalse":
            if post.get(name) in ("true", "false"):
                answers[key] = {"value": post.get(name) == "true"}
            elif post.get(name):
                answers[key] = {"value": post.get(name)}
        elif kind == "short":
            if post.get(name, "").strip():
                answers[key] = {"text": post.get(name)}
        elif kind == "numeric":
            if post.get(name, "").strip():
                answers[key] = {"value": post.get(name)}
        elif kind == "ordering":
            size = len(question.option_order)
            slots = [post.get(f"{name}-slot{slot}", "") for slot in range(1, size + 1)]
            if all(slots):  # an order is an answer only once every step has its place
                answers[key] = {"order": [number(value) for value in slots]}
        elif kind == "matching":
            matches = {}
            data = question.version.data
            for index, pair in enumerate(data["pairs"]):
                if pair["left"] and post.get(f"{name}-m{index}", "") != "":
                    matches[str(index)] = number(post.get(f"{name}-m{index}"))
            if matches:
                answers[key] = {"matches": matches}
    return answers
