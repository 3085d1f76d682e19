"""Learning's part of course pages: the trainee's progress in their context, and who may open a lesson."""

from django.urls import reverse
from wagtail import hooks

from assessments.api import RESULT_CONTEXT_HOOK
from courses.api import (
    PAGE_CONTEXT_HOOK,
    CourseIndexPage,
    CoursePage,
    LearningPathPage,
    LessonPage,
    ModulePage,
)
from people.api import LOGIN_LANDING_HOOK, Landing, uses_totp

from .nextstep import attach_quizzes, next_step, result_step
from .services import (
    course_outline,
    course_page_context,
    learning_path_context,
    mark_progress,
    progress_summaries,
    sop_signature_meaning,
)
from .views import lesson_access


@hooks.register("before_serve_page")
def check_lesson_access(page, request, serve_args, serve_kwargs):
    if isinstance(page, LessonPage):
        return lesson_access(page, request)
    return None


@hooks.register(PAGE_CONTEXT_HOOK)
def trainee_progress(*, page, request, context: dict) -> dict:
    user = request.user
    if isinstance(page, CoursePage):
        return course_page_context(course=page, user=user, outline=context.get("outline"))
    if isinstance(page, (ModulePage, LessonPage)):
        outline = context.get("outline")
        added = {"outline": mark_progress(outline=outline, user=user) if outline else None}
        if outline is not None:
            # The outline lists each module's quiz and the final exam with the trainee's state, and an
            # enrolled trainee gets the next step (the lesson page shows it once the lesson is confirmed).
            final_exams = attach_quizzes(user=user, outline=outline)
            added["final_exams"] = final_exams
            if outline.enrolment is not None:
                place = {"lesson": page} if isinstance(page, LessonPage) else {"module": page}
                added["next_step"] = next_step(outline=outline, final_exams=final_exams, **place)
        if isinstance(page, LessonPage) and page.is_sop and user.is_authenticated:
            # Confirming an SOP is signed: the form shows what the signature means and asks for the secret.
            added["sop_meaning"] = sop_signature_meaning(page)
            added["signs_with_totp"] = uses_totp(user)
        return added
    if isinstance(page, CourseIndexPage):
        cards = context.get("cards") or []
        if user.is_authenticated and cards:
            summaries = progress_summaries(user=user, courses=cards)
            for card in cards:
                card.progress = summaries.get(card.translation_key)
        return {}
    if isinstance(page, LearningPathPage):
        return learning_path_context(courses=context.get("path_courses") or [], user=user)
    return {}


@hooks.register(RESULT_CONTEXT_HOOK)
def quiz_result_next_step(*, request, attempt, context: dict) -> dict:
    """A quiz or exam result: the next step (or another try and what to revisit), and "back" to the course
    outline, which lists the quiz. `journey_course` and `course_complete` are for certificates' hook."""
    # A module quiz sits on its module, the final exam on the course itself.
    course = CoursePage.objects.ancestor_of(attempt.assessment.page, inclusive=True).first()
    if course is None:
        return {}
    outline = course_outline(course=course, user=request.user)
    final_exams = attach_quizzes(user=request.user, outline=outline)
    return {
        "back_url": f"{course.url}#outline-heading",
        "next_step": result_step(outline=outline, final_exams=final_exams, attempt=attempt),
        "journey_course": course,
        "course_complete": bool(outline.enrolment and outline.enrolment.completed_at),
    }


@hooks.register(LOGIN_LANDING_HOOK)
def dashboard_landing(*, request, user):
    """A trainee starts from their dashboard: the course and lesson to continue are at its top."""
    return Landing.TRAINEE, reverse("learning:dashboard")
