"""Thin views over courses/services.py: enrol, complete a lesson, the dashboard, search, lesson access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from .catalog import clean_query
from .models import CourseIndexPage, CoursePage, LessonPage
from .search import search_pages
from .services import (
    NotEnrolled,
    NotOpened,
    complete_lesson,
    course_of,
    course_outline,
    dashboard_context,
    enrol,
    record_visit,
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
def catalog(request):
    """A stable address for the catalog in the active language (`courses:catalog`)."""
    page = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if page is None:
        page = CourseIndexPage.objects.live().first()
    if page is None:
        raise Http404(_("The course catalog has not been published yet."))
    return HttpResponseRedirect(page.url)


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
    try:
        result = complete_lesson(user=request.user, lesson=lesson)
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
        return render(request, "courses/enrol_first.html", {"course": course, "lesson": lesson}, status=403)
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
    _previous, following = outline.neighbours(lesson)
    if result.created:
        messages.success(request, _("Lesson marked as complete."))
    return redirect(following.page.url if following else outline.course.url)


@login_required
@require_GET
def dashboard(request):
    from certificates.services import certificates_for_holder

    context = dashboard_context(user=request.user)
    context["my_certificates"] = certificates_for_holder(user=request.user)
    context["renewals"] = [held for held in context["my_certificates"] if held.renewal_due]
    return render(request, "courses/dashboard.html", context)


@require_GET
def search(request):
    query, notice = clean_query(request.GET.get("q"))
    results = search_pages(query=query) if query else []
    page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {"query": query, "notice": notice, "page_obj": page_obj, "results": page_obj.object_list},
    )


def serve_lesson(lesson: LessonPage, request, serve, *args, **kwargs):
    """Lesson access: the first lesson of a course is public; the rest need sign-in and enrolment.

    Editors of the page and previews always see it.
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
                request, "courses/enrol_first.html", {"course": course, "lesson": lesson}, status=403
            )
    return serve(request, *args, **kwargs)
