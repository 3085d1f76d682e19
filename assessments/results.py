"""The result page's content, per the assessment's review policy. Only graded attempts get here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .grading import grade, right_options
from .models import Assessment, Attempt, QuestionVersion


def _number(value) -> str:
    return f"{float(value):g}"


def describe_key(version: QuestionVersion) -> list[str]:
    """The right answer in words, for review after grading."""
    data, kind = version.data, version.kind
    if kind in ("single", "missing_word"):
        return [c["text"] for c in data["choices"] if float(c["weight"]) >= 1]
    if kind == "multiple":
        return [c["text"] for c in data["choices"] if float(c["weight"]) > 0]
    if kind == "truefalse":
        return [_("True") if data["answer"] else _("False")]
    if kind == "short":
        return [a["text"] for a in data["answers"] if float(a["weight"]) >= 1]
    if kind == "numeric":
        shown = []
        for answer in data["answers"]:
            if float(answer["weight"]) < 1:
                continue
            if answer.get("low") is not None and answer.get("high") is not None:
                shown.append(f"{_number(answer['low'])} … {_number(answer['high'])}")
            elif float(answer.get("tolerance") or 0):
                shown.append(f"{_number(answer['value'])} ± {_number(answer['tolerance'])}")
            else:
                shown.append(_number(answer["value"]))
        return shown
    if kind == "ordering":
        return [f"{index}. {item}" for index, item in enumerate(data["items"], start=1)]
    if kind == "matching":
        return [f"{pair['left']} → {pair['right']}" for pair in data["pairs"] if pair["left"]]
    return []


def describe_response(version: QuestionVersion, response: dict | None) -> list[str]:
    """What the trainee answered, in words."""
    if not response:
        return []
    data, kind = version.data, version.kind
    if kind in ("single", "missing_word"):
        return [data["choices"][response["choice"]]["text"]]
    if kind == "multiple":
        return [data["choices"][index]["text"] for index in response["choices"]]
    if kind == "truefalse":
        return [_("True") if response["value"] else _("False")]
    if kind == "short":
        return [response["text"]]
    if kind == "numeric":
        return [response["value"]]
    if kind == "ordering":
        return [f"{place}. {data['items'][index]}" for place, index in enumerate(response["order"], start=1)]
    if kind == "matching":
        rights = right_options(data)
        return [
            f"{data['pairs'][int(left)]['left']} → {rights[right]}"
            for left, right in response["matches"].items()
        ]
    return []


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
                    text=f"{version.text} _____ {version.data.get('text_after', '')}".strip()
                    if version.kind == "missing_word"
                    else version.text,
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
