"""The result page's content, per the assessment's review policy. Only graded attempts get here."""

from __future__ import annotations

from dataclasses import dataclass

from .grading import grade
from .kinds import registry
from .models import Assessment, Attempt, QuestionVersion


def describe_key(version: QuestionVersion) -> list[str]:
    """The right answer in words, for review after grading."""
    return registry.get(version.kind).describe_key(version.data)


def describe_response(version: QuestionVersion, response: dict | None) -> list[str]:
    """What the trainee answered, in words."""
    if not response:
        return []
    return registry.get(version.kind).describe_response(version.data, response)


@dataclass
class ReviewItem:
    position: int
    text: str
    fraction: float
    answered: list[str]
    key: list[str]
    feedback: str
    general_feedback: str
    source: str

    @property
    def state(self) -> str:
        return "right" if self.fraction >= 1 else "partial" if self.fraction > 0 else "wrong"


def attempt_review(attempt: Attempt) -> dict:
    assessment = attempt.assessment
    policy = assessment.review_policy
    questions = list(attempt.questions.select_related("version", "version__question").order_by("position"))
    full = policy == Assessment.REVIEW_FULL
    items = []
    topics: list[str] = []
    for question in questions:
        version = question.version
        fraction = float(question.fraction or 0)
        if fraction < 1:
            topic = version.question.category.rsplit("/", 1)[-1].strip() or version.question.name
            if topic not in topics:
                topics.append(topic)
        if policy in (Assessment.REVIEW_WRONG, Assessment.REVIEW_FULL):
            items.append(
                ReviewItem(
                    position=question.position,
                    text=registry.get(version.kind).review_text(version.text, version.data),
                    fraction=fraction,
                    answered=describe_response(version, question.response),
                    key=describe_key(version) if full else [],
                    feedback=grade(version.kind, version.data, question.response).feedback if full else "",
                    general_feedback=version.general_feedback if full else "",
                    source=version.source_reference if full else "",
                )
            )
    return {
        "attempt": attempt,
        "assessment": assessment,
        "policy": policy,
        "items": items,
        "topics": topics if policy != Assessment.REVIEW_SCORE else [],
        "back_url": assessment.page.specific.url,
    }
