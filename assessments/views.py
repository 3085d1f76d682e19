"""Taking a quiz: the landing page, the attempt page (autosave, submit) and the result. Thin over services."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from people.api import SignatureRefused, uses_totp

from .grading import InvalidResponse
from .models import Assessment, Attempt
from .presenters import answers_from_form, flags_from_form, present
from .results import attempt_review
from .services import (
    AttemptClosed,
    AttemptError,
    AttemptsExhausted,
    CoolingDown,
    NotEnoughQuestions,
    StaleSequence,
    accepting_answers,
    check_can_start,
    ensure_option_tokens,
    exam_signature_meaning,
    finish_if_overdue,
    language_versions,
    save_answers,
    start_attempt,
    submit_attempt,
    translations,
    unanswered_positions,
)
from .signals import RESULT_CONTEXT_HOOK

SUBMIT_ANYWAY = "submit_anyway"  # the post's explicit "grade it although questions are unanswered or flagged"


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _own_attempt(request, attempt_id: int) -> Attempt:
    """The signed-in trainee's attempt; anyone else's is a 404."""
    return get_object_or_404(
        Attempt.objects.select_related("assessment", "assessment__page"), pk=attempt_id, user=request.user
    )


def _language_urls(assessment: Assessment) -> dict[str, str]:
    """The header's language links: each language's version of this assessment (its detail page)."""
    urls = {}
    for code, version in translations(assessment).items():
        with translation.override(code):
            urls[code] = reverse("assessments:detail", kwargs={"assessment_id": version.pk})
    return urls


def _start_problem(error: AttemptError) -> str:
    if isinstance(error, AttemptsExhausted):
        return _("You have used all %(count)s attempts at this assessment.") % {"count": error.args[0]}
    if isinstance(error, CoolingDown):
        wait = max(1, int((error.until - timezone.now()).total_seconds() // 60) + 1)
        return _("You can try again in %(minutes)s min, at %(time)s.") % {
            "minutes": wait,
            "time": date_format(timezone.localtime(error.until), "TIME_FORMAT"),
        }
    if isinstance(error, NotEnoughQuestions):
        return _("This assessment is not ready yet: its question banks have too few questions.")
    return _("This attempt cannot be started.")


@login_required
@require_GET
def assessment_detail(request, assessment_id: int):
    assessment = get_object_or_404(Assessment.objects.select_related("page"), pk=assessment_id, live=True)
    if not assessment.page.live:
        raise Http404
    attempts = list(
        Attempt.objects.filter(user=request.user, assessment__in=language_versions(assessment))
        .select_related("assessment")
        .order_by("-started_at")
    )
    open_attempt = next((a for a in attempts if a.is_open and not finish_if_overdue(a)), None)
    problem = None
    if open_attempt is None:
        try:
            check_can_start(user=request.user, assessment=assessment)
        except AttemptError as error:
            problem = _start_problem(error)
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "attempts": [a for a in attempts if not a.is_open],
            "open_attempt": open_attempt,
            "problem": problem,
            "question_count": sum(rule.count for rule in assessment.draw_rules.all()),
            "language_urls": _language_urls(assessment),
        },
    )


@login_required
@require_POST
def start(request, assessment_id: int):
    assessment = get_object_or_404(
        Assessment.objects.select_related("page"), pk=assessment_id, page__live=True, live=True
    )
    try:
        attempt, _created = start_attempt(user=request.user, assessment=assessment)
    except AttemptError as error:
        messages.error(request, _start_problem(error))
        return redirect("assessments:detail", assessment_id=assessment.pk)
    return redirect("assessments:attempt", attempt_id=attempt.pk)


@login_required
@require_GET
def attempt_page(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    finish_if_overdue(attempt)
    if not attempt.is_open:
        return redirect("assessments:result", attempt_id=attempt.pk)
    drawn = list(attempt.questions.select_related("version").order_by("position"))
    ensure_option_tokens(drawn)  # attempts opened before options had opaque values get them now
    questions = [present(q) for q in drawn]
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "assessment": attempt.assessment,
            "questions": questions,
            "answered_count": sum(q.answered for q in questions),
            # The attempt stays in the language it was started in; the header's links go to the assessment
            # in each language (its detail page), where this same attempt is offered to continue.
            "language_urls": _language_urls(attempt.assessment),
            "seconds_left": int((attempt.deadline - timezone.now()).total_seconds())
            if attempt.deadline
            else None,
            # Submitting a final exam is signed: the form shows the meaning and asks for the secret.
            "signature_meaning": exam_signature_meaning() if attempt.assessment.is_final else None,
            "signs_with_totp": attempt.assessment.is_final and uses_totp(request.user),
        },
    )


def _sequence(request) -> int | None:
    value = request.POST.get("sequence", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _problem(request, status: int, code: str, message: str, attempt: Attempt | None = None, **extra):
    if _wants_json(request):
        return JsonResponse({"status": code, "message": message, **extra}, status=status)
    messages.error(request, message)
    if attempt is not None and attempt.is_open:
        return redirect("assessments:attempt", attempt_id=attempt.pk)
    if attempt is not None:
        return redirect("assessments:result", attempt_id=attempt.pk)
    return render(request, "assessments/problem.html", {"message": message}, status=status)


def _apply(request, attempt_id: int, service, stale_message: str, *, with_flags: bool = False):
    """Run save_answers or submit_attempt on the posted form; returns (attempt, error response or None).

    `with_flags`: the service is save_answers and also stores the form's flags for review.
    """
    attempt = _own_attempt(request, attempt_id)
    sequence = _sequence(request)
    if sequence is None:
        return attempt, _problem(
            request, 400, "invalid", _("The form is missing its sequence number."), attempt
        )
    questions = list(attempt.questions.select_related("version"))
    try:
        answers = answers_from_form(questions, request.POST)
        extra = {"flags": flags_from_form(questions, request.POST)} if with_flags else {}
        return service(attempt=attempt, answers=answers, sequence=sequence, **extra), None
    except StaleSequence:
        attempt.refresh_from_db()
        return attempt, _problem(request, 409, "stale", stale_message, attempt)
    except AttemptClosed:
        attempt.refresh_from_db()
        return attempt, _problem(
            request, 409, "closed", _("Time is up: this attempt has been finished."), attempt
        )
    except InvalidResponse as error:
        message = _("An answer could not be read: %(error)s") % {"error": error}
        return attempt, _problem(request, 400, "invalid", message, attempt)
    except SignatureRefused as refusal:
        # A final exam's signature was refused: nothing was graded or signed. The answers are kept as a save
        # would keep them, so the trainee loses none of them while typing the password again.
        try:
            attempt = save_answers(attempt=attempt, answers=answers, sequence=sequence)
        except AttemptError:
            attempt.refresh_from_db()
        status = 403 if request.POST.get("secret") else 400
        return attempt, _problem(
            request, status, "signature_refused", str(refusal), attempt, sequence=attempt.sequence
        )


@login_required
@require_POST
def autosave(request, attempt_id: int):
    stale = _("This attempt was changed in another window. Reload the page.")
    attempt, problem = _apply(request, attempt_id, save_answers, stale, with_flags=True)
    if problem is not None:
        return problem
    if _wants_json(request):
        return JsonResponse(
            {"status": "saved", "sequence": attempt.sequence, "saved_at": timezone.now().isoformat()}
        )
    messages.success(request, _("Your answers are saved."))
    return redirect("assessments:attempt", attempt_id=attempt.pk)


def _confirmation_step(request, attempt_id: int):
    """Before grading a form with unanswered or flagged questions: save it and ask (None: grade now).

    The page's script asks in a dialog first; this is the same question for a browser without script,
    and for a form that skipped it. The answers and flags are saved (nothing typed is lost) and a page
    lists what is unanswered and flagged, with a way back and "Submit anyway" (the `submit_anyway` field).
    Not asked: JSON clients (they decide for themselves), a post that says `submit_anyway`, and an attempt
    whose time is up (it is graded on what was saved in time, as always).
    """
    if _wants_json(request) or request.POST.get(SUBMIT_ANYWAY):
        return None
    attempt = _own_attempt(request, attempt_id)
    if not accepting_answers(attempt) or _sequence(request) is None:
        return None
    questions = list(attempt.questions.select_related("version").order_by("position"))
    try:
        answers = answers_from_form(questions, request.POST)
        flags = flags_from_form(questions, request.POST)
    except InvalidResponse:
        return None  # the submit answers 400 as before
    unanswered = unanswered_positions(questions, answers)
    flagged = sorted(flags if flags is not None else {q.position for q in questions if q.flagged})
    if not unanswered and not flagged:
        return None
    stale = _("This attempt was changed in another window. Reload the page.")
    attempt, problem = _apply(request, attempt_id, save_answers, stale, with_flags=True)
    if problem is not None:
        return problem
    return render(
        request,
        "assessments/confirm_submit.html",
        {
            "attempt": attempt,
            "assessment": attempt.assessment,
            "unanswered": unanswered,
            "flagged": flagged,
            "question_count": len(questions),
            "submit_anyway": SUBMIT_ANYWAY,
            "language_urls": _language_urls(attempt.assessment),
            "signature_meaning": exam_signature_meaning() if attempt.assessment.is_final else None,
            "signs_with_totp": attempt.assessment.is_final and uses_totp(request.user),
        },
    )


@login_required
@require_POST
def submit(request, attempt_id: int):
    confirmation = _confirmation_step(request, attempt_id)
    if confirmation is not None:
        return confirmation
    stale = _("This attempt has already been submitted or changed.")
    # The owner's own attempt only (`_own_attempt`): no one can sign someone else's exam.
    signed_submit = partial(submit_attempt, secret=request.POST.get("secret", ""), request=request)
    attempt, problem = _apply(request, attempt_id, signed_submit, stale)
    if problem is not None:
        return problem
    if _wants_json(request):
        return JsonResponse(
            {
                "status": attempt.status,
                "percent": str(attempt.percent),
                "passed": attempt.passed,
                "result_url": reverse("assessments:result", kwargs={"attempt_id": attempt.pk}),
            }
        )
    return redirect("assessments:result", attempt_id=attempt.pk)


@login_required
@require_GET
def result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    finish_if_overdue(attempt)
    if attempt.is_open:
        return redirect("assessments:attempt", attempt_id=attempt.pk)
    context = attempt_review(attempt)
    for provide in hooks.get_hooks(RESULT_CONTEXT_HOOK):  # learning: the next step; certificates: the moment
        context.update(provide(request=request, attempt=attempt, context=context) or {})
    return render(request, "assessments/result.html", context)
