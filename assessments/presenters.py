"""What a trainee is shown of a question: text and options in the attempt's order, never the key.

Templates receive only these view models; a version's `data` (weights, accepted answers, the right order,
the right pairs, feedback) is never passed to them before the attempt is graded. Options are named by the
attempt question's random tokens, never by their index in the author's list (which is the key: authors
write the right answer first), and the trainee's saved answers are shown in the same tokens.
`answers_from_form` maps tokens back to indices; a value that is not one of this attempt's tokens is
refused. What each kind shows and reads back is its `QuestionKind`'s business (`assessments.kinds`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .grading import InvalidResponse
from .kinds import registry
from .kinds.base import LEFT_OUT, PostedQuestion
from .kinds.presented import Option, PresentedQuestion

if TYPE_CHECKING:
    from .models import AttemptQuestion


def _tokens(question: AttemptQuestion) -> dict[int, str]:
    """Author index → the token that stands for it in this attempt's form."""
    if len(question.option_tokens) != len(question.option_order):
        raise ValueError(f"attempt question {question.pk} has no option tokens (ensure_option_tokens)")
    return dict(zip(question.option_order, question.option_tokens, strict=True))


def present(question: AttemptQuestion) -> PresentedQuestion:
    version = question.version
    data = version.data
    kind = registry.get(version.kind)
    shown = PresentedQuestion(
        position=question.position,
        kind=kind.name,
        text=version.text,
        template=kind.template_name(),
        gap=kind.has_gap,
        flagged=question.flagged,
        needs_every_field=kind.needs_every_field,
    )
    kind.present(shown, data)
    texts = kind.option_texts(data)
    if not texts:
        shown.response = question.response
        return shown
    token = _tokens(question)
    shown.response = kind.shown_response(question.response, token) if question.response else question.response
    shown.options = [Option(token[index], texts[index]) for index in question.option_order]
    return shown


def answers_from_form(questions: list[AttemptQuestion], post) -> dict[str, dict | None]:
    """Turn the quiz form's fields into the answers `save_answers` takes; unanswered questions are left out.

    Option tokens become the author's indices again. A value that is not a token of this attempt's
    question (a forged or replayed value, or a page from before tokens) raises InvalidResponse.
    """
    answers: dict[str, dict | None] = {}
    for question in questions:
        kind = registry.get(question.version.kind)
        posted = PostedQuestion(
            name=f"q{question.position}",
            post=post,
            data=question.version.data,
            option=_option_reader(question),
            option_count=len(question.option_order),
        )
        answer = kind.from_form(posted)
        if answer is not LEFT_OUT:
            answers[str(question.position)] = answer
    return answers


FLAGS_SHOWN = "flags-shown"  # the form carries flag boxes: a question whose box is not ticked is unflagged
FLAG_FIELD = "flagged"  # one value per flagged question: "q<position>"


def flags_from_form(questions: list[AttemptQuestion], post) -> set[int] | None:
    """The positions the trainee flagged for review, or None when the form carries no flag boxes.

    A value that does not name a question of this attempt raises InvalidResponse.
    """
    if FLAGS_SHOWN not in post:
        return None
    positions = {f"q{question.position}": question.position for question in questions}
    flagged = set()
    for value in post.getlist(FLAG_FIELD):
        if value not in positions:
            raise InvalidResponse(_("a flag for a question that is not in this attempt; reload the page"))
        flagged.add(positions[value])
    return flagged


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
