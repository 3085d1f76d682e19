"""Thin views over learning/services.py: enrol, confirm a lesson as read, the dashboard, lesson access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from courses.api import CoursePage, LessonPage, course_of
from people.api import SignatureRefused

from .nextstep import attach_quizzes, next_step
from .services import (
    NotEnrolled,
    NotOpened,
    complete_lesson,
    course_outline,
    dashboard_context,
    enrol,
    record_visit,
    start_retraining,
)
from .signals import DASHBOARD_CONTEXT_HOOK

# The next steps a confirmed lesson leads straight to (the others are explained on the course page).
GO_ON_TO = ("lesson", "module", "quiz", "exam")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def enrol_view(request, page_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    _enrolment, created = enrol(user=request.user, course=course)
    if created:
        messages.success(request, _("You are enrolled. Welcome to the course!"))
    outline = course_outline(course=course, user=request.user)
    target = outline.resume_lesson()
    return redirect(target.page.url if target else course.url)


@login_required
@require_POST
def complete_lesson_view(request, page_id: int):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=page_id)
    secret = request.POST.get("secret", "")
    revision = request.POST.get("revision", "")
    try:
        result = complete_lesson(
            user=request.user,
            lesson=lesson,
            secret=secret,
            revision_id=int(revision)
            if revision.isascii() and revision.isdigit() and len(revision) < 12
            else None,
            request=request,
        )
    except SignatureRefused as refusal:  # an SOP lesson: wrong password or code, nothing was recorded
        message = str(refusal)
        if _wants_json(request):
            return JsonResponse(
                {"status": "signature_refused", "message": message}, status=403 if secret else 400
            )
        messages.error(request, message)
        return redirect(f"{lesson.url}#lesson-end")
    except NotOpened:
        message = _("Open the lesson and read it before confirming that you have read and understood it.")
        if _wants_json(request):
            return JsonResponse({"status": "not_opened", "message": message}, status=409)
        messages.error(request, message)
        return redirect(lesson.url)
    except NotEnrolled:
        course = course_of(lesson)
        if _wants_json(request):
            return JsonResponse({"status": "not_enrolled"}, status=403)
        return render(request, "learning/enrol_first.html", {"course": course, "lesson": lesson}, status=403)
    outline = result.outline
    if _wants_json(request):
        return JsonResponse(
            {
                "status": "completed",
                "done": outline.done,
                "total": outline.total,
                "percent": outline.percent,
                "course_complete": result.status.complete,
                # The same words as the progress bar's caption (courses/includes/progress.html).
                "progress_text": _("%(done)s of %(total)s lessons · %(percent)s%%")
                % {"done": outline.done, "total": outline.total, "percent": outline.percent},
            }
        )
    if result.course_just_completed:
        messages.success(request, _("Congratulations: you have completed every lesson of this course."))
        return redirect(outline.course.url)
    if result.created:
        messages.success(request, _("Lesson marked as complete."))
    # On to the next step: the next lesson, else the module quiz, the next module, the final exam.
    step = next_step(
        outline=outline, final_exams=attach_quizzes(user=request.user, outline=outline), lesson=lesson
    )
    return redirect(step.url if step.kind in GO_ON_TO else outline.course.url)


@login_required
@require_POST
def start_retraining_view(request, page_id: int):
    """Start retraining on the modules a major revision changed; then go to the first of their lessons."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=page_id)
    retraining = start_retraining(user=request.user, course=course)
    if retraining is None:
        messages.info(request, _("There is nothing to retrain on in this course."))
        return redirect(course.url)
    outline = course_outline(course=course, user=request.user)
    target = next((item for item in outline.lessons if not item.done), None)
    messages.success(request, _("Retraining started: read the changed modules again and pass their quizzes."))
    return redirect(target.page.url if target else course.url)


@login_required
@require_GET
def dashboard(request):
    context = dashboard_context(user=request.user)
    for provide in hooks.get_hooks(DASHBOARD_CONTEXT_HOOK):  # certificates add the trainee's certificates
        context.update(provide(request=request, context=context) or {})
    return render(request, "learning/dashboard.html", context)


def lesson_access(lesson: LessonPage, request):
    """Lesson access (Wagtail's `before_serve_page`): the first lesson of a course is public; the rest need
    sign-in and enrolment. Editors of the page and previews always see it. Returns a response to send
    instead of the lesson, or None to serve it.
    """
    course = course_of(lesson)
    outline = course_outline(course=course, user=request.user) if course else None
    request.course_outline = outline
    first = outline.first_lesson if outline else None
    is_open = getattr(request, "is_preview", False) or (first is not None and first.page.pk == lesson.pk)
    if outline and outline.enrolment:
        record_visit(enrolment=outline.enrolment, lesson=lesson)
    elif not is_open:
        if not request.user.is_authenticated:
            messages.info(request, _("Sign in and enrol in the course to read this lesson."))
            return redirect_to_login(request.get_full_path())
        if not lesson.permissions_for_user(request.user).can_edit():
            return render(
                request, "learning/enrol_first.html", {"course": course, "lesson": lesson}, status=403
            )
    return None
