"""Where a trainee goes next in a course: the one rule behind every "next step" block.

A course is walked in order: each module's lessons, then its quiz, then the next module, and after the last
module the final exam; when everything is done, the certificate. The next step from a place (a lesson, a
quiz, the start of a module) is the first thing after it that is not done yet: an unread lesson, a quiz or
exam not passed. Something skipped earlier comes after that ("still to do"). A failed quiz asks for another
try (while attempts are left) and names the lessons to read again.

Quizzes come with the trainee's state (`QuizState`): not started, in progress, passed, failed, or failed with
no attempts left. Attempts in every language version of a quiz count together, as the attempt rules do.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from assessments.api import Assessment, assessment_outcomes
from base.api import cached_for_generation
from courses.api import CourseOutline

if TYPE_CHECKING:
    from people.api import User

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
PASSED = "passed"
FAILED = "failed"
EXHAUSTED = "exhausted"  # failed, and no attempts are left


@dataclass
class QuizState:
    """A module quiz or final exam in the active language, with the trainee's attempts at all its versions."""

    assessment: Assessment
    passed: bool = False
    best_percent: Decimal | None = None
    attempts: int = 0
    in_progress: bool = False

    @property
    def attempts_left(self) -> int | None:
        """None when attempts are unlimited."""
        limit = self.assessment.max_attempts
        return max(0, limit - self.attempts) if limit else None

    @property
    def state(self) -> str:
        if self.passed:
            return PASSED
        if self.in_progress:
            return IN_PROGRESS
        if self.attempts:
            return EXHAUSTED if self.attempts_left == 0 else FAILED
        return NOT_STARTED

    @property
    def url(self) -> str:
        return reverse("assessments:detail", args=[self.assessment.pk])


def outline_outcomes(*, user: User | None, outline: CourseOutline) -> list:
    """The trainee's outcomes at the course's quizzes and final exam (every language version; one query)."""
    keys = [outline.course.translation_key, *(module.page.translation_key for module in outline.modules)]
    return assessment_outcomes(user=user, page_keys=keys)


def quiz_states(
    *, user: User | None, outline: CourseOutline, outcomes: list | None = None
) -> dict[uuid.UUID, list[QuizState]]:
    """The quizzes and final exam of a course in the active language, keyed by the translation key of the
    page they belong to, with the trainee's attempts at every language version folded in (two queries)."""
    if outcomes is None:
        outcomes = outline_outcomes(user=user, outline=outline)
    outcomes = [o for o in outcomes if o.assessment.page.live]
    active = _active_locale_pk() if outcomes else None
    groups: dict[tuple, list] = {}
    for outcome in outcomes:
        page = outcome.assessment.page
        groups.setdefault((page.translation_key, outcome.assessment.is_final), []).append(outcome)
    by_page: dict[uuid.UUID, list[QuizState]] = {}
    for (page_key, _final), versions in groups.items():
        shown = [o for o in versions if o.assessment.page.locale_id == active] or versions[:1]
        scores = [o.best_percent for o in versions if o.best_percent is not None]
        for outcome in shown:
            by_page.setdefault(page_key, []).append(
                QuizState(
                    assessment=outcome.assessment,
                    passed=any(o.passed for o in versions),
                    best_percent=max(scores) if scores else None,
                    attempts=sum(o.attempts for o in versions),
                    in_progress=any(o.in_progress for o in versions),
                )
            )
    return by_page


def _active_locale_pk() -> int | None:
    """The active language's locale, once per publish generation (a locale's save starts a new one)."""

    def compute():
        try:
            return Locale.get_active().pk
        except Locale.DoesNotExist:
            return 0

    return cached_for_generation(("active-locale", get_language()), compute) or None


def attach_quizzes(
    *, user: User | None, outline: CourseOutline, outcomes: list | None = None
) -> list[QuizState]:
    """Put each module's quizzes on the outline (`module.quizzes`); returns the final exams."""
    states = quiz_states(user=user, outline=outline, outcomes=outcomes)
    for module in outline.modules:
        module.quizzes = states.get(module.page.translation_key, [])
    return states.get(outline.course.translation_key, [])


@dataclass(frozen=True)
class Step:
    """One thing to do in a course, in order."""

    kind: str  # "lesson" | "quiz" | "exam"
    module: object = None  # courses' ModuleItem (None for the final exam)
    lesson: object = None  # courses' LessonItem
    quiz: QuizState | None = None

    @property
    def done(self) -> bool:
        return self.lesson.done if self.lesson is not None else self.quiz.passed

    @property
    def url(self) -> str:
        return self.lesson.page.url if self.lesson is not None else self.quiz.url

    @property
    def title(self) -> str:
        return self.lesson.page.title if self.lesson is not None else self.quiz.assessment.title


@dataclass(frozen=True)
class NextStep:
    """What a "next step" block shows: a call to action with where it leads."""

    kind: str  # "lesson" | "module" | "quiz" | "exam" | "retry" | "exhausted" | "complete"
    url: str
    label: str
    title: str = ""
    state: str = ""
    note: str = ""
    revisit: tuple = field(default_factory=tuple)  # (title, url) of what to read again after a failed quiz


def course_steps(*, outline: CourseOutline, final_exams: list[QuizState]) -> list[Step]:
    steps: list[Step] = []
    for module in outline.modules:
        steps += [Step(kind="lesson", module=module, lesson=lesson) for lesson in module.lessons]
        steps += [Step(kind="quiz", module=module, quiz=quiz) for quiz in module.quizzes]
    steps += [Step(kind="exam", quiz=exam) for exam in final_exams]
    return steps


def _same_quiz(quiz: QuizState, assessment: Assessment) -> bool:
    """The step of this assessment, or of its version in another language."""
    return quiz.assessment.pk == assessment.pk or (
        quiz.assessment.is_final == assessment.is_final
        and quiz.assessment.page.translation_key == assessment.page.translation_key
    )


def _position(steps: list[Step], *, lesson=None, assessment=None, module=None) -> int:
    """The index of the place the trainee is at (-1: before the first step)."""
    for index, step in enumerate(steps):
        if lesson is not None and step.lesson is not None and step.lesson.page.pk == lesson.pk:
            return index
        if assessment is not None and step.quiz is not None and _same_quiz(step.quiz, assessment):
            return index
        if module is not None and step.module is not None and step.module.page.pk == module.pk:
            return index - 1  # a module page: its own first lesson is the next step
    return -1


def _quiz_label(quiz: QuizState, *, final: bool) -> str:
    state = quiz.state
    if state == IN_PROGRESS:
        return _("Continue the final exam") if final else _("Continue the module quiz")
    if state in (FAILED, EXHAUSTED):
        return _("Try the final exam again") if final else _("Try the module quiz again")
    return _("Take the final exam") if final else _("Take the module quiz")


def _exhausted(quiz: QuizState, outline: CourseOutline) -> NextStep:
    return NextStep(
        kind="exhausted",
        url=outline.course.url,
        label=_("Back to the course"),
        title=quiz.assessment.title,
        state=EXHAUSTED,
        note=_("You have used every attempt at %(title)s. Contact your training provider to go on.")
        % {"title": quiz.assessment.title},
    )


def next_step(
    *,
    outline: CourseOutline,
    final_exams: list[QuizState],
    lesson=None,
    assessment: Assessment | None = None,
    module=None,
) -> NextStep:
    """The next step from a lesson, a quiz or exam, or the start of a module (none of them: the course's
    first step not done). Quizzes must be on the outline (`attach_quizzes`)."""
    steps = course_steps(outline=outline, final_exams=final_exams)
    here = _position(steps, lesson=lesson, assessment=assessment, module=module)
    current = steps[here].module if 0 <= here < len(steps) else None
    if module is not None:  # on a module page, its own lessons are not "the next module"
        current = next((item for item in outline.modules if item.page.pk == module.pk), None)
    ahead = steps[here + 1 :]
    behind = steps[: here + 1]
    step = next((s for s in ahead if not s.done), None)
    wrapped = False
    if step is None or step.kind == "exam":  # the final exam comes after everything skipped before it
        earlier = next((s for s in behind if not s.done), None)
        if earlier is not None:
            step, wrapped = earlier, True
    if step is None:
        return NextStep(
            kind="complete",
            url=reverse("learning:dashboard") + "#my-certificates",
            label=_("See your certificate"),
            title=outline.course.title,
            note=_("You have completed every lesson, quiz and exam of this course."),
        )
    if step.quiz is not None and step.quiz.state == EXHAUSTED:
        return _exhausted(step.quiz, outline)
    if wrapped:
        return NextStep(
            kind=step.kind,
            url=step.url,
            label=_("Still to do: %(title)s") % {"title": step.title},
            title=step.title,
            state=step.quiz.state if step.quiz else "",
        )
    if step.kind == "lesson":
        if current is not None and step.module is not current:
            return NextStep(
                kind="module",
                url=step.url,
                label=_("Next module: %(title)s") % {"title": step.module.page.title},
                title=step.title,
            )
        return NextStep(kind="lesson", url=step.url, label=_("Next lesson"), title=step.title)
    return NextStep(
        kind=step.kind,
        url=step.url,
        label=_quiz_label(step.quiz, final=step.kind == "exam"),
        title=step.title,
        state=step.quiz.state,
    )


def result_step(*, outline: CourseOutline, final_exams: list[QuizState], attempt) -> NextStep:
    """After a graded attempt: on a pass, the next step; on a fail, another try and what to read again."""
    if attempt.passed:
        return next_step(outline=outline, final_exams=final_exams, assessment=attempt.assessment)
    steps = course_steps(outline=outline, final_exams=final_exams)
    here = _position(steps, assessment=attempt.assessment)
    quiz = steps[here].quiz if here >= 0 else None
    if quiz is None:
        return next_step(outline=outline, final_exams=final_exams)
    if quiz.state == EXHAUSTED:
        return _exhausted(quiz, outline)
    module = steps[here].module
    if module is not None:
        revisit = tuple((item.page.title, item.page.url) for item in module.lessons)
    else:
        revisit = tuple((item.page.title, item.page.url) for item in outline.modules)
    left = quiz.attempts_left
    return NextStep(
        kind="retry",
        url=quiz.url,
        label=_("Try again"),
        title=quiz.assessment.title,
        state=quiz.state,
        note=(
            _("Attempts left: %(count)s.") % {"count": left}
            if left is not None
            else _("You may try as many times as you need.")
        ),
        revisit=revisit,
    )


def continue_step(*, outline: CourseOutline, final_exams: list[QuizState]) -> NextStep | None:
    """Where to continue a course from the dashboard: the lesson to resume, else the quiz or exam due."""
    resume = outline.resume_lesson()
    if resume is not None and not resume.done:
        label = _("Continue where you left off") if outline.done else _("Start the course")
        return NextStep(kind="lesson", url=resume.page.url, label=label, title=resume.page.title)
    step = next_step(outline=outline, final_exams=final_exams)
    return None if step.kind == "complete" else step
