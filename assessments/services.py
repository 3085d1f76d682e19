"""The attempt lifecycle: start, save answers, submit, finish at the deadline. All timing is the server's."""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Max, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.api import SYSTEM, record
from base.api import cached_for_generation
from courses.api import organization_id_of
from people.api import sign

from .grading import InvalidResponse, clean_response, grade
from .kinds import registry
from .models import Assessment, Attempt, AttemptQuestion, Question, QuestionVersion, TimeAccommodation
from .options import option_order, option_tokens  # noqa: F401 - part of services' vocabulary
from .signals import attempt_finished

GRACE = timedelta(seconds=30)

if TYPE_CHECKING:
    from people.api import User


class AttemptError(Exception):
    """Why an attempt cannot be started or changed; the message is for the trainee."""

    code = "invalid"


class AttemptsExhausted(AttemptError):
    code = "max_attempts"


class CoolingDown(AttemptError):
    code = "cooldown"

    def __init__(self, until):
        super().__init__(until)
        self.until = until


class StaleSequence(AttemptError):
    """The client's sequence number is not the attempt's: a stale tab or a repeated submit (HTTP 409)."""

    code = "stale"


class AttemptClosed(AttemptError):
    code = "closed"


class NotEnoughQuestions(AttemptError):
    code = "not_enough_questions"


def time_multiplier(user: User) -> Decimal:
    accommodation = TimeAccommodation.objects.filter(user=user).first()
    return accommodation.time_multiplier if accommodation else Decimal("1")


def _draw(assessment: Assessment, rng: random.Random) -> list:
    """Current versions drawn per the assessment's rules, without repeats."""
    chosen: list = []
    taken: set[int] = set()
    for rule in assessment.draw_rules.all():
        pool = Question.objects.filter(
            bank=rule.bank, live=True, current_version__isnull=False, retired_at__isnull=True
        ).exclude(pk__in=taken)
        if rule.tag:
            pool = pool.filter(tags__name=rule.tag)
        if rule.category:
            pool = pool.filter(category=rule.category)
        candidates = sorted(pool.values_list("pk", "current_version_id"))
        if len(candidates) < rule.count:
            raise NotEnoughQuestions(f"{rule}: {len(candidates)} questions available")
        for pk, version_id in rng.sample(candidates, rule.count):
            taken.add(pk)
            chosen.append(version_id)
    if assessment.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def ensure_option_tokens(questions: list[AttemptQuestion]) -> None:
    """Give opaque option values to the questions of an attempt opened before they existed.

    Such an attempt's answers are stored against the author's indices, as every attempt's are, so they
    are kept; a matching question still in the author's order is shuffled at the same time.
    """
    missing = [q for q in questions if q.option_order and len(q.option_tokens) != len(q.option_order)]
    for question in missing:
        if registry.get(question.version.kind).shuffle_when_tokenised:
            secrets.SystemRandom().shuffle(question.option_order)
        question.option_tokens = option_tokens(len(question.option_order))
    if missing:
        AttemptQuestion.objects.bulk_update(missing, ["option_order", "option_tokens"])


def language_versions(assessment: Assessment):
    """The assessment and its counterparts in the other languages, as one set of rules for attempts.

    A counterpart is a quiz (or final exam, as this one is) on another language version of its page: a
    trainee's attempts, the limit, the cooldown and the one open attempt count across all of them, so a
    3-attempt exam does not allow 3 more in English.
    """
    page = assessment.page
    return Assessment.objects.filter(
        Q(pk=assessment.pk)
        | Q(page__translation_key=page.translation_key, is_final=assessment.is_final) & ~Q(page=page)
    )


def translations(assessment: Assessment) -> dict[str, Assessment]:
    """Language code → the live assessment a trainee sees in that language (this one in its own).

    The counterparts are `language_versions`: on a live translation of the page, of the same kind (quiz
    or final exam). A language with none is left out (the caller links that language's home instead).
    """
    found: dict[str, Assessment] = {}
    versions = (
        language_versions(assessment)
        .filter(live=True, page__live=True)
        .select_related("page__locale")
        .order_by("pk")
    )
    for version in versions:
        code = version.page.locale.language_code
        if version.pk == assessment.pk:
            found[code] = version
        else:
            found.setdefault(code, version)
    return found


def check_can_start(*, user: User, assessment: Assessment, now=None) -> None:
    now = now or timezone.now()
    finished = Attempt.objects.filter(user=user, assessment__in=language_versions(assessment)).exclude(
        status=Attempt.OPEN
    )
    if assessment.max_attempts and finished.count() >= assessment.max_attempts:
        raise AttemptsExhausted(assessment.max_attempts)
    if assessment.cooldown_minutes:
        last = finished.aggregate(last=Max("finished_at"))["last"]
        if last and now < last + timedelta(minutes=assessment.cooldown_minutes):
            raise CoolingDown(last + timedelta(minutes=assessment.cooldown_minutes))


def start_attempt(*, user: User, assessment: Assessment, now=None) -> tuple[Attempt, bool]:
    """The trainee's open attempt, or a new one with its questions drawn. At most one is ever open.

    The draw and the option order follow from the attempt's seed, so they are stable on reload. Starts by
    one trainee are serialised (a row lock on the trainee), so two requests at the same moment, in one
    language or in two, can neither open two sittings nor go past the attempt limit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        for existing in Attempt.objects.filter(
            user=user, assessment__in=language_versions(assessment), status=Attempt.OPEN
        ).order_by("pk"):
            if not finish_if_overdue(existing, now=now):
                return existing, False  # possibly in the other language: one sitting at a time
        check_can_start(user=user, assessment=assessment, now=now)
        return _open_attempt(user=user, assessment=assessment, now=now)


def _open_attempt(*, user: User, assessment: Assessment, now) -> tuple[Attempt, bool]:
    seed = secrets.randbits(62)
    rng = random.Random(seed)  # noqa: S311 - a seeded shuffle, reproducible per attempt; the seed is secret
    version_ids = _draw(assessment, rng)
    versions = QuestionVersion.objects.in_bulk(version_ids)
    orders = {
        position: option_order(versions[pk].kind, versions[pk].data, rng, assessment.shuffle_options)
        for position, pk in enumerate(version_ids, start=1)
    }
    deadline = None
    if assessment.time_limit_minutes:
        minutes = Decimal(assessment.time_limit_minutes) * time_multiplier(user)
        deadline = now + timedelta(minutes=float(minutes))
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                assessment=assessment,
                user=user,
                seed=seed,
                started_at=now,
                deadline=deadline,
                pass_mark=assessment.pass_mark,
                rules_revision_id=assessment.live_revision_id,
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    version=versions[pk],
                    position=position,
                    option_order=orders[position],
                    option_tokens=option_tokens(len(orders[position])),
                )
                for position, pk in enumerate(version_ids, start=1)
            )
            record(
                "attempt.started",
                actor=user,
                target=attempt,
                organization=_organization_id(assessment),
                after={"questions": [versions[pk].pk for pk in version_ids], "deadline": deadline},
            )
    except IntegrityError:
        # Another request opened an attempt at the same moment: the database constraint kept it single.
        return Attempt.objects.get(user=user, assessment=assessment, status=Attempt.OPEN), False
    return attempt, True


def _organization_id(assessment: Assessment) -> int | None:
    return organization_id_of(assessment.page)


def record_assessment(action: str, assessment: Assessment, *, before=None, after=None) -> None:
    """An audit entry about a quiz's rules, on the audit screen of the organisation whose page holds it."""
    record(action, target=assessment, organization=_organization_id(assessment), before=before, after=after)


def _locked(attempt_id: int) -> Attempt:
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment", "user")
        .get(pk=attempt_id)
    )


def _accepting(attempt: Attempt, now) -> bool:
    return attempt.deadline is None or now <= attempt.deadline + GRACE


def save_answers(
    *, attempt: Attempt, answers: dict, sequence: int, now=None, flags: set[int] | None = None
) -> Attempt:
    """Autosave: store cleaned answers for questions of this attempt. Answers after the deadline are refused.

    `answers` maps an attempt question's position (as text or int) to a raw response; None clears it.
    `flags`, when given, is the set of positions the trainee flagged for review (every other question is
    unflagged); None leaves the flags as they are. Flags are saved under the same lock and sequence as
    answers, but they are not answers: grading never reads them.
    An attempt found past its deadline is finished (graded on what was saved in time) and refused.
    """
    now = now or timezone.now()
    if finish_if_overdue(attempt, now=now):
        raise AttemptClosed
    with transaction.atomic():
        return _save_answers(attempt_id=attempt.pk, answers=answers, sequence=sequence, now=now, flags=flags)


def unanswered_positions(questions: list[AttemptQuestion], answers: dict) -> list[int]:
    """Positions left without an answer once `answers` (as `save_answers` takes them) are applied."""
    missing = []
    for question in questions:
        key = str(question.position)
        response = answers.get(key, question.response)
        if response is None:
            missing.append(question.position)
    return sorted(missing)


def accepting_answers(attempt: Attempt, now=None) -> bool:
    """Whether the attempt still takes answers (open, and its deadline plus grace not passed)."""
    return attempt.is_open and _accepting(attempt, now or timezone.now())


def _save_answers(
    *, attempt_id: int, answers: dict, sequence: int, now, flags: set[int] | None = None
) -> Attempt:
    attempt = _locked(attempt_id)
    if not attempt.is_open or not _accepting(attempt, now):
        raise AttemptClosed
    if sequence != attempt.sequence:
        raise StaleSequence
    if not isinstance(answers, dict):
        raise InvalidResponse("answers must be an object")
    questions = {str(q.position): q for q in attempt.questions.select_related("version")}
    updates = []
    for key, raw in answers.items():
        question = questions.get(str(key))
        if question is None:
            raise InvalidResponse(f"question {key} is not in this attempt")
        version = question.version
        question.response = None if raw is None else clean_response(version.kind, version.data, raw)
        question.answered_at = now
        updates.append(question)
    AttemptQuestion.objects.bulk_update(updates, ["response", "answered_at"])
    if flags is not None:
        unknown = {str(position) for position in flags} - set(questions)
        if unknown:
            raise InvalidResponse(f"question {min(unknown)} is not in this attempt")
        changed = []
        for key, question in questions.items():
            flagged = int(key) in flags
            if question.flagged != flagged:
                question.flagged = flagged
                changed.append(question)
        AttemptQuestion.objects.bulk_update(changed, ["flagged"])
    attempt.sequence += 1
    attempt.save(update_fields=["sequence"])
    return attempt


def exam_signature_meaning() -> str:
    """What signing a final exam's submission means, in the active language (shown and recorded)."""
    return _("I submit this exam as my own work")


@transaction.atomic
def submit_attempt(
    *, attempt: Attempt, answers: dict, sequence: int, now=None, secret: str | None = None, request=None
) -> Attempt:
    """Save the last answers and grade the attempt. A stale or repeated submit changes nothing.

    Submitting a final exam is an electronic signature: `secret` (the password, or the authenticator code
    with two-factor on) signs the attempt in this transaction, before anything is saved or graded. A wrong
    secret raises `people.api.SignatureRefused`: the attempt stays open, nothing is graded or recorded.
    An attempt past its deadline is closed by the system, unsigned, whatever the secret.
    """
    now = now or timezone.now()
    locked = _locked(attempt.pk)
    if not locked.is_open:
        raise StaleSequence
    if sequence != locked.sequence:
        raise StaleSequence
    if not _accepting(locked, now):
        return _finish(locked, now=now, status=Attempt.EXPIRED)
    if locked.assessment.is_final:
        locked.signature = sign(
            user=locked.user,
            secret=secret or "",
            meaning=exam_signature_meaning(),
            target=locked,
            request=request,
        )
        locked.save(update_fields=["signature"])
    if answers:
        _save_answers(attempt_id=locked.pk, answers=answers, sequence=sequence, now=now)
        locked = _locked(locked.pk)
    return _finish(locked, now=now, status=Attempt.SUBMITTED)


def passes(attempt: Attempt) -> bool:
    """The one pass rule: a graded attempt passes when its score reaches the pass mark it was taken under.

    Attempts from before the pass mark was recorded with them are judged by the assessment's (they were
    graded and stored that way). A later change to the assessment never changes an earlier result.
    """
    if attempt.percent is None:
        return False
    mark = attempt.pass_mark if attempt.pass_mark is not None else attempt.assessment.pass_mark
    return attempt.percent >= mark


def _finish(attempt: Attempt, *, now, status: str) -> Attempt:
    """Grade every question (answers saved after the deadline plus grace do not count) and close."""
    cutoff = attempt.grading_deadline(GRACE)
    questions = list(attempt.questions.select_related("version"))
    total = Decimal(0)
    for question in questions:
        counted = question.response is not None and (cutoff is None or question.answered_at <= cutoff)
        question.fraction = grade(
            question.version.kind, question.version.data, question.response if counted else None
        ).fraction
        total += question.fraction
    AttemptQuestion.objects.bulk_update(questions, ["fraction"])
    if attempt.pass_mark is None:  # an attempt opened before pass marks were recorded with attempts
        attempt.pass_mark = attempt.assessment.pass_mark
    attempt.status = status
    attempt.finished_at = now
    attempt.score = total
    attempt.max_score = Decimal(len(questions))
    attempt.percent = (100 * total / len(questions)).quantize(Decimal("0.01")) if questions else Decimal(0)
    attempt.passed = passes(attempt)
    attempt.sequence += 1
    attempt.save(
        update_fields=[
            "status",
            "finished_at",
            "score",
            "max_score",
            "percent",
            "pass_mark",
            "passed",
            "sequence",
        ]
    )
    record(
        f"attempt.{status}",
        actor=attempt.user if status == Attempt.SUBMITTED else SYSTEM,
        target=attempt,
        organization=_organization_id(attempt.assessment),
        after={
            "percent": attempt.percent,
            "passed": attempt.passed,
            "pass_mark": attempt.pass_mark,
            "fractions": {str(q.position): q.fraction for q in questions},
            # A final exam is signed by its trainee on submission; one closed at its deadline is not.
            **(
                {"signed": attempt.signature_id is not None, "signature": attempt.signature_id}
                if attempt.assessment.is_final
                else {}
            ),
        },
    )
    attempt_finished.send(sender=Attempt, attempt=attempt)
    return attempt


def finish_if_overdue(attempt: Attempt, *, now=None) -> bool:
    """Close an open attempt whose deadline and grace have passed (lazily, on next access)."""
    now = now or timezone.now()
    if not attempt.is_open or _accepting(attempt, now):
        return False
    with transaction.atomic():
        locked = _locked(attempt.pk)
        if locked.is_open and not _accepting(locked, now):
            _finish(locked, now=now, status=Attempt.EXPIRED)
    attempt.refresh_from_db()
    return True


def finish_overdue_attempts(*, now=None) -> int:
    """Close every overdue attempt (the periodic task). Returns how many it closed."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(status=Attempt.OPEN, deadline__lt=now - GRACE).values_list(
        "pk", flat=True
    )
    closed = 0
    for pk in list(overdue):
        closed += finish_if_overdue(Attempt.objects.get(pk=pk), now=now)
    return closed


@dataclass(frozen=True)
class AssessmentOutcome:
    assessment: Assessment
    passed: bool
    best_percent: Decimal | None
    attempts: int = 0  # graded attempts at this assessment (not counting its other language versions)
    in_progress: bool = False  # an attempt is open


def live_assessments_on(page_keys) -> list[Assessment]:
    """The live assessments on these pages (any language version), in creation order; once per generation."""
    keys = sorted({str(key) for key in page_keys})

    def compute():
        return list(
            Assessment.objects.filter(page__translation_key__in=keys, live=True)
            .select_related("page")
            .only(
                "id",
                "title",
                "is_final",
                "pass_mark",
                "max_attempts",
                "page__translation_key",
                "page__locale_id",
                "page__live",
            )
            .order_by("pk")
        )

    digest = hashlib.sha256("|".join(keys).encode()).hexdigest()
    return cached_for_generation(("live-assessments", digest), compute)


def assessment_outcomes(*, user: User, page_keys: list) -> list[AssessmentOutcome]:
    """For the assessments on these pages (any language version), whether the trainee passed each, their best
    score, how many graded attempts they made and whether one is open.

    One query (the trainee's attempts), whatever the number of assessments: the assessments themselves are
    page-derived and read once per publish generation (an assessment's save starts a new one, ADR 0018).
    """
    assessments = live_assessments_on(page_keys)
    if not assessments or not getattr(user, "is_authenticated", False):
        return [AssessmentOutcome(assessment=a, passed=False, best_percent=None) for a in assessments]
    graded = Q(status=Attempt.OPEN)
    rows = (
        Attempt.objects.filter(user=user, assessment__in=assessments)
        .values("assessment_id")
        .annotate(
            best=Max("percent", filter=~graded),
            passed=Max(Cast("passed", IntegerField()), filter=~graded),
            attempts=Count("pk", filter=~graded),
            open=Count("pk", filter=graded),
        )
    )
    best = {row["assessment_id"]: row for row in rows}
    return [
        AssessmentOutcome(
            assessment=a,
            passed=bool(best.get(a.pk, {}).get("passed")),  # the stored verdict of the attempt's own rules
            best_percent=best.get(a.pk, {}).get("best"),
            attempts=best.get(a.pk, {}).get("attempts", 0),
            in_progress=bool(best.get(a.pk, {}).get("open")),
        )
        for a in assessments
    ]
