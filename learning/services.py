"""Enrolment, progress and completion: the one place that decides where a trainee stands in a course.

Completion of a course (every live lesson read and every quiz and exam passed) is decided here and announced
with `course_completed` (see `learning/api.py`); certificates listen to it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from assessments.api import Attempt, assessment_outcomes
from audit.api import record
from courses.api import (
    CourseOutline,
    CoursePage,
    LearningPathCourse,
    LearningPathPage,
    LessonPage,
    course_of,
    course_structure,
    percent,
    retraining_due,
)
from people.api import SignatureRefused, bump_learning_state, sign

from .models import Enrolment, LessonCompletion, LessonOpening, Retraining
from .nextstep import attach_quizzes, continue_step, outline_outcomes
from .signals import course_completed

if TYPE_CHECKING:
    from people.api import User


class NotEnrolled(Exception):
    """The trainee must enrol in the course before this."""


class NotOpened(Exception):
    """A lesson is confirmed as read only after the trainee has opened it."""


@dataclass(frozen=True)
class Requirement:
    kind: str
    met: bool
    done: int
    total: int


@dataclass(frozen=True)
class CompletionStatus:
    complete: bool
    requirements: tuple[Requirement, ...]

    @property
    def unmet(self) -> tuple[Requirement, ...]:
        return tuple(requirement for requirement in self.requirements if not requirement.met)


@dataclass(frozen=True)
class ProgressSummary:
    done: int
    total: int
    enrolled: bool
    completed: bool
    completed_version: str = ""

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def counted_done(self) -> int:
        """What counts towards a learning path: a completed course counts whole, whatever was added since."""
        return self.total if self.completed else self.done

    @property
    def unread_since_completion(self) -> int:
        """Lessons not read by a trainee who completed the course (added after): it stays complete."""
        return max(0, self.total - self.done) if self.completed else 0


def _is_trainee(user: User | None) -> bool:
    return bool(user and user.is_authenticated)


def mark_progress(*, outline: CourseOutline, user: User | None = None) -> CourseOutline:
    """Mark a course structure with the trainee's enrolment and completed lessons (two queries)."""
    if _is_trainee(user) and not outline.with_progress:
        key = outline.course.translation_key
        outline.enrolment = Enrolment.objects.active().filter(user=user, course_key=key).first()
        confirmed = list(
            LessonCompletion.objects.filter(user=user, course_key=key).values_list(
                "lesson_key", "course_version"
            )
        )
        done_keys = {lesson_key for lesson_key, _version in confirmed}
        # In a retraining, the changed modules' lessons count only when confirmed again on the new version.
        retraining = open_retraining(enrolment=outline.enrolment)
        outline.retraining = retraining
        if retraining is not None:
            again = {lesson_key for lesson_key, version in confirmed if version == retraining.to_version}
            for module in outline.modules:
                if str(module.page.translation_key) in retraining.module_keys:
                    for item in module.lessons:
                        item.done = item.key in again
                else:
                    for item in module.lessons:
                        item.done = item.key in done_keys
            outline.with_progress = True
            return outline
        for item in outline.lessons:
            item.done = item.key in done_keys
    outline.with_progress = True
    return outline


def course_outline(*, course: CoursePage, user: User | None = None) -> CourseOutline:
    """Modules and live lessons of a course in order, with the trainee's completions (four queries)."""
    return mark_progress(outline=course_structure(course=course), user=user)


def course_completion_status(
    *, user: User, course: CoursePage, outline: CourseOutline | None = None, outcomes: list | None = None
) -> CompletionStatus:
    """Whether a trainee has completed a course: every live lesson done and every quiz and exam passed."""
    outline = outline or course_outline(course=course, user=user)
    lessons = Requirement(
        kind="lessons",
        met=outline.total > 0 and outline.done == outline.total,
        done=outline.done,
        total=outline.total,
    )
    requirements = (lessons,)
    keys = [course.translation_key, *(module.page.translation_key for module in outline.modules)]
    # A module or course may carry its quiz in each language: passing any language version counts.
    by_page: dict[uuid.UUID, bool] = {}
    if outcomes is None:
        outcomes = assessment_outcomes(user=user, page_keys=keys)
    for outcome in outcomes:
        key = outcome.assessment.page.translation_key
        by_page[key] = by_page.get(key, False) or outcome.passed
    if by_page:
        passed = sum(by_page.values())
        requirements += (
            Requirement(kind="assessments", met=passed == len(by_page), done=passed, total=len(by_page)),
        )
    return CompletionStatus(complete=all(r.met for r in requirements), requirements=requirements)


@transaction.atomic
def enrol(*, user: User, course: CoursePage) -> tuple[Enrolment, bool]:
    """Enrol a trainee in a course (every language version of it). Idempotent."""
    enrolment, created = Enrolment.objects.get_or_create(user=user, course_key=course.translation_key)
    if not created and enrolment.withdrawn_at is not None:
        enrolment.withdrawn_at = None
        enrolment.save(update_fields=["withdrawn_at"])
    return enrolment, created


@dataclass(frozen=True)
class LessonResult:
    created: bool
    outline: CourseOutline
    status: CompletionStatus
    course_just_completed: bool


def sop_signature_meaning(lesson: LessonPage) -> str:
    """What signing the confirmation of an SOP lesson means, in the active language: the signer sees these
    words above the password field and the signature records them (21 CFR 11.50)."""
    revision = lesson.live_revision
    published = revision.created_at if revision else (lesson.last_published_at or lesson.first_published_at)
    values = {
        "title": lesson.title,
        "reference": lesson.sop_reference,
        "date": date_format(timezone.localtime(published or timezone.now()), "DATE_FORMAT"),
    }
    if lesson.sop_reference:
        return (
            _("I confirm I have read and understood %(title)s (%(reference)s), revision of %(date)s") % values
        )
    return _("I confirm I have read and understood %(title)s, revision of %(date)s") % values


@transaction.atomic
def complete_lesson(
    *,
    user: User,
    lesson: LessonPage,
    via: str = "confirm",
    now=None,
    secret: str | None = None,
    revision_id: int | None = None,
    request=None,
) -> LessonResult:
    """Record that a trainee has read and understood a lesson; complete the course when that completes it.

    The lesson must have been opened by the trainee (`record_visit` notes it): the completion keeps when it
    was first opened and the seconds since it was last opened, as evidence of reading.

    The confirmation of an SOP lesson (`is_sop`) is an electronic signature: `secret` (the password, or the
    authenticator code with two-factor on) signs the new completion in this transaction. A wrong secret
    raises `SignatureRefused` and nothing is recorded. `revision_id`, the live revision the trainee read,
    refuses the signature when the procedure was revised since.
    """
    now = now or timezone.now()
    course = course_of(lesson)
    if course is None:
        raise NotEnrolled
    enrolment = (
        Enrolment.objects.active()
        .select_for_update()
        .filter(user=user, course_key=course.translation_key)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled
    opening = LessonOpening.objects.filter(user=user, lesson_key=lesson.translation_key).first()
    if opening is None:
        raise NotOpened
    seconds = max(0, int((now - opening.last_opened_at).total_seconds()))
    retraining = open_retraining(enrolment=enrolment)
    again = retraining is not None and str(lesson.get_parent().translation_key) in retraining.module_keys
    earlier = LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key)
    if again:
        earlier = earlier.filter(course_version=retraining.to_version)
    completion = earlier.first()
    created = completion is None
    if created:
        completion = LessonCompletion.objects.create(
            user=user,
            lesson_key=lesson.translation_key,
            course_key=course.translation_key,
            via=via,
            completed_at=now,
            opened_at=opening.first_opened_at,
            seconds_on_page=seconds,
            course_version=retraining.to_version if again else course.version_label,
        )
        after = {
            "lesson_key": completion.lesson_key,
            "via": via,
            "revision": lesson.live_revision_id,
            "opened_at": opening.first_opened_at,
            "seconds_on_page": seconds,
            "course_version": completion.course_version,
        }
        if lesson.is_sop:
            if revision_id is not None and revision_id != lesson.live_revision_id:
                raise SignatureRefused(
                    _(
                        "This procedure has been revised since you opened it. Read the current revision "
                        "and sign again. Nothing was signed."
                    )
                )
            signature = sign(
                user=user,
                secret=secret or "",
                meaning=sop_signature_meaning(lesson),
                target=completion,
                request=request,
            )
            completion.signature = signature
            completion.save(update_fields=["signature"])
            after["signature"] = signature.pk
        record("lesson.completed", actor=user, target=lesson, organization=course.provider_id, after=after)
    enrolment.last_lesson_key = lesson.translation_key
    enrolment.last_activity_at = now
    outline = course_outline(course=course, user=user)
    status = course_completion_status(user=user, course=course, outline=outline)
    if retraining is not None:
        enrolment.save(update_fields=["last_lesson_key", "last_activity_at"])
        done = finish_retraining(retraining=retraining, enrolment=enrolment, course=course, outline=outline)
        return LessonResult(created=created, outline=outline, status=status, course_just_completed=done)
    just_completed = status.complete and enrolment.completed_at is None
    if just_completed:
        enrolment.completed_at = now
        enrolment.completed_version = course.version_label
    enrolment.save(update_fields=["last_lesson_key", "last_activity_at", "completed_at", "completed_version"])
    if just_completed:
        on_course_completed(user=user, course=course)
    return LessonResult(created=created, outline=outline, status=status, course_just_completed=just_completed)


@transaction.atomic
def update_course_completion(*, user: User, page: Page) -> bool:
    """Re-check completion of the course a page (course, module or lesson) belongs to; True if just completed.

    Called when something that counts towards completion changes, such as a passed quiz.
    """
    specific = page.specific
    course = specific if isinstance(specific, CoursePage) else course_of(specific)
    if course is None:
        return False
    enrolments = Enrolment.objects.active().select_for_update()
    enrolment = enrolments.filter(user=user, course_key=course.translation_key).first()
    retraining = open_retraining(enrolment=enrolment)
    if retraining is not None:
        outline = course_outline(course=course, user=user)
        return finish_retraining(retraining=retraining, enrolment=enrolment, course=course, outline=outline)
    if enrolment is None or enrolment.completed_at is not None:
        return False
    if not course_completion_status(user=user, course=course).complete:
        return False
    enrolment.completed_at = timezone.now()
    enrolment.completed_version = course.version_label
    enrolment.save(update_fields=["completed_at", "completed_version"])
    on_course_completed(user=user, course=course)
    return True


def on_course_completed(*, user: User, course: CoursePage) -> None:
    """Record the completion and announce it (`course_completed`): certificates issue theirs."""
    record(
        "course.completed",
        actor=user,
        target=course,
        organization=course.provider_id,
        after={"course_key": course.translation_key, "version": course.version_label},
    )
    course_completed.send(sender=Enrolment, user=user, course=course)


def retraining_needed(*, enrolment: Enrolment | None):
    """The major course version a completed enrolment must retrain for (None if none): a newer major."""
    if enrolment is None or not enrolment.completed_at:
        return None
    _due, version = retraining_due(
        course_key=enrolment.course_key, version_label=enrolment.completed_version or "1.0"
    )
    return version


def open_retraining(*, enrolment: Enrolment | None) -> Retraining | None:
    """The retraining a trainee has started and not finished in this course (no query unless completed)."""
    if enrolment is None or not enrolment.completed_at:
        return None
    return Retraining.objects.filter(
        user_id=enrolment.user_id, course_key=enrolment.course_key, completed_at__isnull=True
    ).first()


@transaction.atomic
def start_retraining(*, user: User, course: CoursePage) -> Retraining | None:
    """Start retraining on the modules a major revision changed (idempotent); None when none is needed."""
    enrolment = (
        Enrolment.objects.active()
        .select_for_update()
        .filter(user=user, course_key=course.translation_key)
        .first()
    )
    version = retraining_needed(enrolment=enrolment)
    if version is None:
        return None
    retraining, created = Retraining.objects.get_or_create(
        user=user,
        course_key=course.translation_key,
        to_version=version.label,
        defaults={"from_version": enrolment.completed_version, "module_keys": version.changed_module_keys},
    )
    if created:
        record(
            "retraining.started",
            actor=user,
            target=course,
            organization=course.provider_id,
            after={
                "from": retraining.from_version,
                "to": retraining.to_version,
                "modules": retraining.module_keys,
            },
        )
    return retraining


def finish_retraining(*, retraining: Retraining, enrolment: Enrolment, course: CoursePage, outline) -> bool:
    """Close a retraining once the changed modules' lessons are confirmed again and their quizzes passed again
    (after it started); the enrolment is then complete for the new version and the news goes out."""
    modules = [m for m in outline.modules if str(m.page.translation_key) in retraining.module_keys]
    if any(not item.done for module in modules for item in module.lessons):
        return False
    module_keys = [module.page.translation_key for module in modules]
    quizzes = {
        outcome.assessment.page.translation_key
        for outcome in assessment_outcomes(user=enrolment.user, page_keys=module_keys)
    }
    passed_again = set(
        Attempt.objects.filter(
            user_id=enrolment.user_id,
            assessment__page__translation_key__in=quizzes,
            passed=True,
            finished_at__gte=retraining.started_at,
        ).values_list("assessment__page__translation_key", flat=True)
    )
    if quizzes - passed_again:
        return False
    now = timezone.now()
    retraining.completed_at = now
    retraining.save(update_fields=["completed_at"])
    enrolment.completed_version = retraining.to_version
    enrolment.save(update_fields=["completed_version"])
    record(
        "retraining.completed",
        actor=enrolment.user,
        target=course,
        organization=course.provider_id,
        after={"from": retraining.from_version, "to": retraining.to_version},
    )
    course_completed.send(sender=Enrolment, user=enrolment.user, course=course)
    return True


def completed_course_keys(*, user: User) -> list[uuid.UUID]:
    """The translation keys of the courses a trainee has completed (and not withdrawn from)."""
    return list(
        Enrolment.objects.active()
        .filter(user=user, completed_at__isnull=False)
        .values_list("course_key", flat=True)
    )


def record_visit(*, enrolment: Enrolment, lesson: LessonPage, now=None) -> None:
    """Remember the lesson a trainee is reading, for "continue where you left off", and that they opened
    it, for the read-and-understood confirmation (two UPDATEs; an INSERT the first time)."""
    now = now or timezone.now()
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson_key=lesson.translation_key, last_activity_at=now
    )
    enrolment.last_lesson_key = lesson.translation_key
    opened = LessonOpening.objects.filter(user_id=enrolment.user_id, lesson_key=lesson.translation_key)
    if not opened.update(last_opened_at=now):
        LessonOpening.objects.get_or_create(
            user_id=enrolment.user_id,
            lesson_key=lesson.translation_key,
            defaults={"course_key": enrolment.course_key, "first_opened_at": now, "last_opened_at": now},
        )
    # The course page's "continue where you left off" follows the visit: update() sends no post_save.
    bump_learning_state(enrolment.user_id)


def progress_summaries(*, user: User, courses: list[CoursePage]) -> dict[uuid.UUID, ProgressSummary]:
    """Progress in many courses at once, keyed by course translation_key (three queries at most)."""
    if not courses:
        return {}
    keys = {course.translation_key for course in courses}
    lesson_paths = (
        LessonPage.objects.live()
        .filter(reduce(or_, (Q(path__startswith=course.path) for course in courses)))
        .values_list("path", "translation_key")
    )
    course_by_prefix = {course.path: course.translation_key for course in courses}
    lessons_by_course: dict[uuid.UUID, set[uuid.UUID]] = {key: set() for key in keys}
    for path, lesson_key in lesson_paths:
        course_path = path[: len(path) - 2 * Page.steplen]
        if course_path in course_by_prefix:
            lessons_by_course[course_by_prefix[course_path]].add(lesson_key)
    enrolled: dict[uuid.UUID, Enrolment] = {}
    done: dict[uuid.UUID, set[uuid.UUID]] = {key: set() for key in keys}
    if _is_trainee(user):
        enrolled = {
            enrolment.course_key: enrolment
            for enrolment in Enrolment.objects.active().filter(user=user, course_key__in=keys)
        }
        for course_key, lesson_key in LessonCompletion.objects.filter(
            user=user, course_key__in=keys
        ).values_list("course_key", "lesson_key"):
            done[course_key].add(lesson_key)
    return {
        key: ProgressSummary(
            done=len(done[key] & lessons_by_course[key]),
            total=len(lessons_by_course[key]),
            enrolled=key in enrolled,
            completed=bool(key in enrolled and enrolled[key].completed_at),
            completed_version=enrolled[key].completed_version if key in enrolled else "",
        )
        for key in keys
    }


def course_page_context(*, course: CoursePage, user: User, outline: CourseOutline | None = None) -> dict:
    """The trainee's place in a course: progress, quizzes and exam with their outcomes, where to resume."""
    outline = mark_progress(outline=outline or course_structure(course=course), user=user)
    outcomes = outline_outcomes(user=user, outline=outline)  # once for the quiz states and the completion
    final_exams = attach_quizzes(user=user, outline=outline, outcomes=outcomes)
    pending = [q for m in outline.modules for q in m.quizzes if not q.passed]
    pending += [q for q in final_exams if not q.passed]
    return {
        "next_assessment": pending[0].assessment if pending and outline.done == outline.total else None,
        "final_exams": final_exams,
        "outline": outline,
        "enrolment": outline.enrolment,
        "resume": outline.resume_lesson() if outline.enrolment else None,
        "completion": _completion(user=user, course=course, outline=outline, outcomes=outcomes)
        if outline.enrolment
        else None,
        "retraining": _retraining(enrolment=outline.enrolment, outline=outline),
    }


def _completion(
    *, user: User, course: CoursePage, outline: CourseOutline, outcomes: list
) -> CompletionStatus:
    """Where the trainee stands; a completed enrolment stays complete for its version, whatever was added."""
    status = course_completion_status(user=user, course=course, outline=outline, outcomes=outcomes)
    if outline.enrolment.completed_at and not status.complete:
        return CompletionStatus(complete=True, requirements=status.requirements)
    return status


def _retraining(*, enrolment: Enrolment | None, outline: CourseOutline) -> dict | None:
    """After a major revision of a course the trainee completed: by when, and the modules that changed."""
    if enrolment is None or not enrolment.completed_at:
        return None
    due, version = retraining_due(
        course_key=outline.course.translation_key, version_label=enrolment.completed_version or "1.0"
    )
    if due is None:
        return None
    changed = set(version.changed_module_keys)
    return {
        "due": due,
        "version": version.label,
        "modules": [module for module in outline.modules if str(module.page.translation_key) in changed],
        "started": outline.retraining,
    }


def learning_path_context(*, courses: list[CoursePage], user: User) -> dict:
    """Progress along a learning path's courses (already in the active language)."""
    summaries = progress_summaries(user=user, courses=courses)
    items = [(course, summaries[course.translation_key]) for course in courses]
    done = sum(summary.counted_done for _course, summary in items)
    total = sum(summary.total for _course, summary in items)
    completed = sum(1 for _course, summary in items if summary.completed)
    return {"path_items": items, "path_percent": percent(done, total), "path_completed": completed}


# A learning path is the trainee's own once they follow it: they have taken two of its courses (or its only
# course). One shared course, such as the introduction every path starts with, chooses no path.
PATH_CHOSEN_AT = 2


def dashboard_context(*, user: User) -> dict:
    """The trainee's courses with progress, where to continue, and the learning paths they follow."""
    enrolments = list(Enrolment.objects.active().filter(user=user))
    keys = [enrolment.course_key for enrolment in enrolments]
    locale = Locale.get_active()
    by_key: dict[uuid.UUID, CoursePage] = {}
    for page in CoursePage.objects.live().filter(translation_key__in=keys).select_related("provider"):
        # Prefer the version in the active language; fall back to any live version.
        if page.translation_key not in by_key or page.locale_id == locale.pk:
            by_key[page.translation_key] = page
    courses = [by_key[key] for key in keys if key in by_key]

    links = list(
        LearningPathCourse.objects.filter(
            path__live=True, path__locale=locale, path__path_courses__course__translation_key__in=keys
        )
        .select_related("course", "path")
        .order_by("path__title", "path_id", "sort_order")
        .distinct()
    )
    summaries = progress_summaries(user=user, courses=courses + [link.course for link in links])
    paths: dict[int, tuple[LearningPathPage, list[ProgressSummary]]] = {}
    for link in links:
        paths.setdefault(link.path_id, (link.path, []))[1].append(summaries[link.course.translation_key])
    my_paths = [
        (path, percent(sum(s.counted_done for s in members), sum(s.total for s in members)), len(members))
        for path, members in paths.values()
        if sum(1 for s in members if s.enrolled) >= min(PATH_CHOSEN_AT, len(members))
    ]
    return {
        "continue_course": _continue(enrolments=enrolments, by_key=by_key, user=user),
        "my_courses": [(course, summaries[course.translation_key]) for course in courses],
        "my_paths": my_paths,
        # A finished course whose certificate waits for the holder's name (certificates issue it on save).
        "needs_name": not user.full_name.strip() and any(e.completed_at for e in enrolments),
    }


def _continue(*, enrolments: list[Enrolment], by_key: dict, user: User) -> dict | None:
    """The course the trainee worked on last and has not completed, with its next step (a fixed number of
    queries, however many courses: only that one course's outline is read)."""
    latest = next((e for e in enrolments if not e.completed_at and e.course_key in by_key), None)
    if latest is None:
        return None
    course = by_key[latest.course_key]
    outline = mark_progress(outline=course_structure(course=course), user=user)
    step = continue_step(outline=outline, final_exams=attach_quizzes(user=user, outline=outline))
    return {"course": course, "outline": outline, "step": step} if step else None
