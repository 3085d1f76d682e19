"""What a trainee is shown of a question: text and options in the attempt's order, never the key.

Templates receive only these view models; a version's `data` (weights, accepted answers, the right order,
the right pairs, feedback) is never passed to them before the attempt is graded. Options are named by the
attempt question's random tokens, never by their index in the author's list (which is the key: authors
write the right answer first), and the trainee's saved answers are shown in the same tokens.
`answers_from_form` maps tokens back to indices; a value that is not one of this attempt's tokens is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .grading import InvalidResponse, right_options
from .models import AttemptQuestion

OPTION_KINDS = ("single", "multiple", "missing_word", "ordering", "matching")


@dataclass(frozen=True)
class Option:
    value: str | int  # an option's token; a matching prompt's index (prompts are shown in the author's order)
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
    def chosen(self) -> set[str]:
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
    def slots(self) -> list[tuple[int, str | None]]:
        """Ordering: (slot number, item placed there) for each position."""
        order = (self.response or {}).get("order") or []
        return [
            (slot, order[slot - 1] if slot - 1 < len(order) else None)
            for slot in range(1, len(self.options) + 1)
        ]

    @property
    def matches(self) -> list[tuple[Option, str | None]]:
        chosen = (self.response or {}).get("matches", {})
        return [(prompt, chosen.get(str(prompt.value))) for prompt in self.prompts]


def _tokens(question: AttemptQuestion) -> dict[int, str]:
    """Author index → the token that stands for it in this attempt's form."""
    if len(question.option_tokens) != len(question.option_order):
        raise ValueError(f"attempt question {question.pk} has no option tokens (ensure_option_tokens)")
    return dict(zip(question.option_order, question.option_tokens, strict=True))


def _shown_response(response: dict | None, token: dict[int, str]) -> dict | None:
    """A saved answer with each option index replaced by its token."""
    if not response:
        return response
    if "choice" in response:
        return {"choice": token[response["choice"]]}
    if "choices" in response:
        return {"choices": [token[index] for index in response["choices"]]}
    if "order" in response:
        return {"order": [token[index] for index in response["order"]]}
    if "matches" in response:
        return {"matches": {left: token[right] for left, right in response["matches"].items()}}
    return response


def present(question: AttemptQuestion) -> PresentedQuestion:
    version = question.version
    data = version.data
    kind = version.kind
    shown = PresentedQuestion(position=question.position, kind=kind, text=version.text)
    if kind not in OPTION_KINDS:
        shown.response = question.response
        return shown
    token = _tokens(question)
    shown.response = _shown_response(question.response, token)
    if kind in ("single", "multiple", "missing_word"):
        texts = [choice["text"] for choice in data["choices"]]
        shown.text_after = data.get("text_after", "") if kind == "missing_word" else ""
    elif kind == "ordering":
        texts = list(data["items"])
    else:
        texts = right_options(data)
        shown.prompts = [
            Option(index, pair["left"]) for index, pair in enumerate(data["pairs"]) if pair["left"]
        ]
    shown.options = [Option(token[index], texts[index]) for index in question.option_order]
    return shown


def answers_from_form(questions: list[AttemptQuestion], post) -> dict[str, dict | None]:
    """Turn the quiz form's fields into the answers `save_answers` takes; unanswered questions are left out.

    Option tokens become the author's indices again. A value that is not a token of this attempt's
    question (a forged or replayed value, or a page from before tokens) raises InvalidResponse.
    """
    answers: dict[str, dict | None] = {}
    for question in questions:
        kind = question.version.kind
        name = f"q{question.position}"
        key = str(question.position)
        index = _option_reader(question)
        if kind in ("single", "missing_word"):
            if post.get(name, "") != "":
                answers[key] = {"choice": index(post.get(name))}
        elif kind == "multiple":
            picked = post.getlist(name)
            if picked:
                answers[key] = {"choices": [index(value) for value in picked]}
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
                answers[key] = {"order": [index(value) for value in slots]}
        elif kind == "matching":
            matches = {}
            data = question.version.data
            for left, pair in enumerate(data["pairs"]):
                if pair["left"] and post.get(f"{name}-m{left}", "") != "":
                    matches[str(left)] = index(post.get(f"{name}-m{left}"))
            if matches:
                answers[key] = {"matches": matches}
    return answers


def _option_reader(question: AttemptQuestion):
    """A function from a posted option value to the author's index; refuses values that are not tokens."""
    index_of: dict[str, int] = {}  # empty for a question that has no tokens yet: every value is refused
    if len(question.option_tokens) == len(question.option_order):
        index_of = dict(zip(question.option_tokens, question.option_order, strict=True))

    def index(value) -> int:
        if value not in index_of:
            raise InvalidResponse(_("an option that is not in this attempt; reload the page"))
        return index_of[value]

    return index
