"""What other apps may use of learning: enrolment and progress, and the news of a completed course.

`course_completed` is sent (inside the transaction that records it) when a trainee completes a course:
`sender` is the `Enrolment` class, `user` the trainee, `course` the `CoursePage`. Certificates listen to it
and issue; learning never imports them.

`complete_lesson` signs the confirmation of an SOP lesson (it takes the signer's `secret` and raises
`people.api.SignatureRefused` when it is wrong, recording nothing).

`DASHBOARD_CONTEXT_HOOK` ("learning_dashboard_context"): a higher app that shows something on the trainee's
dashboard registers `fn(request=, context=) -> dict` with `wagtail.hooks.register`.
"""

from .models import Enrolment, LessonCompletion, LessonOpening
from .services import (
    CompletionStatus,
    NotEnrolled,
    NotOpened,
    ProgressSummary,
    complete_lesson,
    completed_course_keys,
    course_completion_status,
    course_outline,
    enrol,
    progress_summaries,
    record_visit,
    sop_signature_meaning,
)
from .signals import DASHBOARD_CONTEXT_HOOK, course_completed

__all__ = [
    "DASHBOARD_CONTEXT_HOOK",
    "CompletionStatus",
    "Enrolment",
    "LessonCompletion",
    "LessonOpening",
    "NotEnrolled",
    "NotOpened",
    "ProgressSummary",
    "complete_lesson",
    "completed_course_keys",
    "course_completed",
    "course_completion_status",
    "course_outline",
    "enrol",
    "progress_summaries",
    "record_visit",
    "sop_signature_meaning",
]
