"""Learning's part of course pages: the trainee's progress in their context, and who may open a lesson."""

from wagtail import hooks

from courses.api import (
    PAGE_CONTEXT_HOOK,
    CourseIndexPage,
    CoursePage,
    LearningPathPage,
    LessonPage,
    ModulePage,
)
from people.api import uses_totp

from .services import (
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
