"""The result page's content, per the assessment's review policy. Only graded attempts get here.

What each policy shows after grading (passed or not; nothing of it before):

- score: the verdict and the score;
- topics: also the topics to revisit, each a link to the lesson (and section) it is taught in;
- wrong: also, per question, whether it was right and what the trainee answered;
- full: also the right answer, the feedback on the trainee's choice, the explanation and its sources.

A topic's lesson is found by the sources its question's explanation cites (`[S15]`, the source ids a
course package uses): the first lesson under the assessment's page (module or course) citing one of them,
and the section heading above that citation. A question citing nothing the lessons cite links to the
module (or course) page itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from courses.api import CITATION, LessonPage, sections_citing

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


SOURCE_ID = re.compile(r"\bS\d+[a-z]?\b")


@dataclass
class Topic:
    """A topic to revisit: where it is taught (a lesson and its section), or the module page."""

    name: str
    url: str
    lesson: str = ""
    section: str = ""


def _cited(version: QuestionVersion) -> list[str]:
    ids = CITATION.findall(version.general_feedback) + SOURCE_ID.findall(version.source_reference)
    return list(dict.fromkeys(ids))


def _section_url(url: str, section: str) -> str:
    """The lesson's address scrolled to the section's heading (a text fragment, ignored where unsupported)."""
    if not section:
        return url
    return f"{url}#:~:text={quote(section, safe='').replace('-', '%2D')}"


def _where_taught(page) -> dict[str, tuple[LessonPage, str]]:
    """Source id → the first lesson under `page` citing it, and the heading above the citation."""
    found: dict[str, tuple[LessonPage, str]] = {}
    for lesson in LessonPage.objects.live().descendant_of(page).order_by("path"):
        for source, (_anchor, heading) in sections_citing(lesson).items():
            found.setdefault(source, (lesson, heading))
    return found


def topics_to_revisit(assessment: Assessment, questions: list) -> list[Topic]:
    """The topics of the questions not fully right, in the order asked, each linked to where it is taught."""
    page = assessment.page.specific
    taught: dict[str, tuple[LessonPage, str]] | None = None
    topics: dict[str, Topic] = {}
    for question in questions:
        version = question.version
        if float(question.fraction or 0) >= 1:
            continue
        name = version.question.category.rsplit("/", 1)[-1].strip() or version.question.name
        if name in topics:
            continue
        if taught is None:
            taught = _where_taught(page)  # read once, and only for a result with something to revisit
        place = next((taught[source] for source in _cited(version) if source in taught), None)
        if place is None:
            topics[name] = Topic(name=name, url=page.url)
        else:
            lesson, section = place
            topics[name] = Topic(
                name=name, url=_section_url(lesson.url, section), lesson=lesson.title, section=section
            )
    return list(topics.values())


def attempt_review(attempt: Attempt) -> dict:
    assessment = attempt.assessment
    policy = assessment.review_policy
    questions = list(attempt.questions.select_related("version", "version__question").order_by("position"))
    full = policy == Assessment.REVIEW_FULL
    items = []
    for question in questions:
        version = question.version
        fraction = float(question.fraction or 0)
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
        "topics": topics_to_revisit(assessment, questions) if policy != Assessment.REVIEW_SCORE else [],
        "back_url": assessment.page.specific.url,
    }
