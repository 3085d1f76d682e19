"""What a trainee is shown of a question (the view models `assessments.presenters` builds, kinds fill in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Option:
    value: str | int  # an option's token; a matching prompt's index (prompts are shown in the author's order)
    text: str


@dataclass
class PresentedQuestion:
    position: int
    kind: str
    text: str
    template: Any = ""  # the kind's template fragment (a name or a Template)
    gap: bool = False  # the text has a gap before `text_after`
    text_after: str = ""
    options: list[Option] = field(default_factory=list)  # choices, ordering items, or matching right sides
    prompts: list[Option] = field(default_factory=list)  # matching left sides
    response: dict | None = None
    flagged: bool = False  # the trainee's own mark "come back to this"; not an answer
    needs_every_field: bool = False  # answered only once every field is filled (the navigator's rule)

    @property
    def name(self) -> str:
        return f"q{self.position}"

    @property
    def answered(self) -> bool:
        return self.response is not None

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
        value = (self.response or {}).get("value")
        return value if isinstance(value, bool) else None

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
