"""The attempt lifecycle with a frozen clock: start, autosave, submit, deadlines, retries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment, Attempt, DrawRule, Question, QuestionBank, TimeAccommodation
from assessments.services import (
    GRACE,
    AttemptClosed,
    AttemptsExhausted,
    CoolingDown,
    StaleSequence,
    finish_overdue_attempts,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.factories import PASSWORD

T0 = timezone.now().replace(microsecond=0)


@pytest.fixture
def bank(db):
    bank = QuestionBank.objects.create(name="Тестовый банк")
    for index in range(6):
        question = Question.objects.create(bank=bank, name=f"Q{index}")
        question.revise(
            kind="single",
            text=f"Вопрос {index}",
            data={"choices": [{"text": "верно", "weight": 1}, {"text": "неверно", "weight": 0}]},
        )
    return bank


@pytest.fixture
def quiz(bank, demo_course):
    assessment = Assessment.objects.create(
        title="Итоговый тест", page=demo_course, is_final=True, pass_mark=80, time_limit_minutes=10
    )
    DrawRule.objects.create(assessment=assessment, bank=bank, count=5)
    return assessment


def right_answers(attempt):
    answers = {}
    for question in attempt.questions.select_related("version"):
        right = next(i for i, c in enumerate(question.version.data["choices"]) if c["weight"] == 1)
        answers[str(question.position)] = {"choice": right}
    return answers


def test_start_draws_questions_and_is_stable(trainee, quiz):
    attempt, created = start_attempt(user=trainee, assessment=quiz, now=T0)
    again, created_again = start_attempt(user=trainee, assessment=quiz, now=T0 + timedelta(minutes=1))
    assert created and not created_again and attempt.pk == again.pk
    assert attempt.questions.count() == 5
    assert attempt.deadline == T0 + timedelta(minutes=10)
    assert len({q.version.question_id for q in attempt.questions.all()}) == 5


def test_final_exam_defaults_to_score_and_topics(quiz):
    assert quiz.review_policy == Assessment.REVIEW_TOPICS


def test_submit_grades_and_a_repeat_is_stale(trainee, quiz):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    done = submit_attempt(
        attempt=attempt,
        answers=right_answers(attempt),
        sequence=0,
        now=T0 + timedelta(minutes=2),
        secret=PASSWORD,
    )
    assert (done.status, done.percent, done.passed) == (Attempt.SUBMITTED, 100, True)
    with pytest.raises(StaleSequence):
        submit_attempt(attempt=attempt, answers={}, sequence=0, now=T0 + timedelta(minutes=3))
    with pytest.raises(StaleSequence):
        submit_attempt(attempt=attempt, answers={}, sequence=done.sequence, now=T0 + timedelta(minutes=3))


def test_stale_autosave_changes_nothing(trainee, quiz):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    save_answers(attempt=attempt, answers={"1": {"choice": 0}}, sequence=0, now=T0)
    with pytest.raises(StaleSequence):
        save_answers(attempt=attempt, answers={"1": {"choice": 1}}, sequence=0, now=T0)
    assert attempt.questions.get(position=1).response == {"choice": 0}


def test_answer_at_deadline_minus_one_second_counts(trainee, quiz):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    done = submit_attempt(
        attempt=attempt,
        answers=right_answers(attempt),
        sequence=0,
        now=attempt.deadline - timedelta(seconds=1),
        secret=PASSWORD,
    )
    assert done.percent == 100


def test_answers_after_deadline_and_grace_do_not_count(trainee, quiz):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    late = attempt.deadline + GRACE + timedelta(seconds=1)
    with pytest.raises(AttemptClosed):
        save_answers(attempt=attempt, answers=right_answers(attempt), sequence=0, now=late)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.EXPIRED and attempt.percent == 0


def test_the_multiplier_extends_the_deadline(trainee, quiz):
    TimeAccommodation.objects.create(user=trainee, time_multiplier="1.50")
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    assert attempt.deadline == T0 + timedelta(minutes=15)
    done = submit_attempt(
        attempt=attempt,
        answers=right_answers(attempt),
        sequence=0,
        now=T0 + timedelta(minutes=14, seconds=59),
        secret=PASSWORD,
    )
    assert done.percent == 100


def test_overdue_attempts_are_finished_by_the_task_and_lazily(trainee, make_user, quiz):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    other = make_user(email="other@example.org")
    other_attempt, _ = start_attempt(user=other, assessment=quiz, now=T0)
    later = T0 + timedelta(minutes=11)
    assert finish_overdue_attempts(now=later) == 2
    attempt.refresh_from_db()
    assert attempt.status == Attempt.EXPIRED
    # Lazily: the next start after the deadline finds no open attempt and opens a new one.
    quiz.max_attempts = None
    quiz.save()
    fresh, created = start_attempt(user=trainee, assessment=quiz, now=later)
    assert created and fresh.pk != attempt.pk


def test_max_attempts_and_cooldown(trainee, quiz):
    quiz.max_attempts = 2
    quiz.cooldown_minutes = 30
    quiz.save()
    first, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    submit_attempt(attempt=first, answers={}, sequence=0, now=T0 + timedelta(minutes=1), secret=PASSWORD)
    with pytest.raises(CoolingDown) as cooling:
        start_attempt(user=trainee, assessment=quiz, now=T0 + timedelta(minutes=10))
    assert cooling.value.until == T0 + timedelta(minutes=31)
    second, _ = start_attempt(user=trainee, assessment=quiz, now=T0 + timedelta(minutes=32))
    submit_attempt(attempt=second, answers={}, sequence=0, now=T0 + timedelta(minutes=33), secret=PASSWORD)
    with pytest.raises(AttemptsExhausted):
        start_attempt(user=trainee, assessment=quiz, now=T0 + timedelta(hours=5))


def test_revising_an_answered_question_creates_a_version_and_keeps_the_attempts(trainee, quiz, bank):
    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=T0)
    drawn = attempt.questions.first()
    question = drawn.version.question
    new = question.revise(text="Исправленный вопрос")
    assert new.number == 2 and new.pk != drawn.version_id
    drawn.refresh_from_db()
    assert drawn.version.text != "Исправленный вопрос"
    untouched = Question.objects.exclude(pk__in=attempt.questions.values("version__question")).first()
    before = untouched.current_version_id
    assert untouched.revise(text="Правка до первого ответа").pk == before


def test_passing_the_final_exam_completes_the_course(trainee, demo_course, demo_lessons):
    from learning.models import Enrolment
    from learning.services import course_completion_status, enrol
    from tests.assessments.conftest import pass_attempt
    from tests.conftest import read_lesson

    enrol(user=trainee, course=demo_course)
    for lesson in demo_lessons:
        read_lesson(user=trainee, lesson=lesson)
    status = course_completion_status(user=trainee, course=demo_course)
    assert [(r.kind, r.met, r.done, r.total) for r in status.requirements] == [
        ("lessons", True, 3, 3),
        ("assessments", False, 0, 2),
    ]
    module_quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    assert pass_attempt(trainee, module_quiz).passed
    assert Enrolment.objects.get(user=trainee).completed_at is None  # the final exam is still required
    exam = Assessment.objects.get(title="Итоговый экзамен")
    assert pass_attempt(trainee, exam).passed
    assert Enrolment.objects.get(user=trainee).completed_at is not None


def test_the_english_exam_counts_for_the_same_course(trainee, demo_course, demo_lessons):
    from learning.models import Enrolment
    from learning.services import enrol
    from tests.assessments.conftest import pass_attempt
    from tests.conftest import read_lesson

    enrol(user=trainee, course=demo_course)
    for lesson in demo_lessons:
        read_lesson(user=trainee, lesson=lesson)
    pass_attempt(trainee, Assessment.objects.get(title="Module quiz: What a CAR-T product is"))
    pass_attempt(trainee, Assessment.objects.get(title="Final exam"))
    assert Enrolment.objects.get(user=trainee).completed_at is not None


def test_the_periodic_command_finishes_overdue_attempts(trainee, quiz, capsys):
    from django.core.management import call_command

    attempt, _ = start_attempt(user=trainee, assessment=quiz, now=timezone.now() - timedelta(minutes=30))
    call_command("finish_overdue_attempts")
    assert "finished 1 overdue attempts" in capsys.readouterr().out
    attempt.refresh_from_db()
    assert attempt.status == Attempt.EXPIRED


def test_the_attempt_limit_and_the_open_attempt_hold_across_languages(client, trainee):
    exam_ru = Assessment.objects.get(title="Итоговый экзамен")
    exam_en = Assessment.objects.get(title="Final exam")
    assert exam_ru.max_attempts == exam_en.max_attempts == 3
    # One open attempt across languages: starting the English exam continues the Russian sitting.
    open_ru, created = start_attempt(user=trainee, assessment=exam_ru, now=T0)
    assert created
    assert start_attempt(user=trainee, assessment=exam_en, now=T0) == (open_ru, False)
    submit_attempt(attempt=open_ru, answers={}, sequence=0, now=T0, secret=PASSWORD)
    second, _ = start_attempt(user=trainee, assessment=exam_en, now=T0)
    submit_attempt(attempt=second, answers={}, sequence=0, now=T0, secret=PASSWORD)
    third, _ = start_attempt(user=trainee, assessment=exam_ru, now=T0)
    submit_attempt(attempt=third, answers={}, sequence=0, now=T0, secret=PASSWORD)
    # Three used, in two languages: neither language allows a fourth.
    for exam in (exam_ru, exam_en):
        with pytest.raises(AttemptsExhausted):
            start_attempt(user=trainee, assessment=exam, now=T0)
    client.force_login(trainee)
    page = client.get(f"/en/assessments/{exam_en.pk}/").content.decode()
    assert (
        "You have used all 3 attempts" in page and "Итоговый экзамен" in page
    )  # the Russian sittings listed
    refused = client.post(f"/en/assessments/{exam_en.pk}/start/")
    assert refused.status_code == 302 and Attempt.objects.filter(user=trainee).count() == 3


def test_the_module_quiz_and_the_final_exam_do_not_share_attempts(trainee):
    exam = Assessment.objects.get(title="Итоговый экзамен")
    quiz_en = Assessment.objects.get(title="Module quiz: What a CAR-T product is")
    exam_attempt, _ = start_attempt(user=trainee, assessment=exam, now=T0)
    quiz_attempt, created = start_attempt(user=trainee, assessment=quiz_en, now=T0)
    assert created and quiz_attempt != exam_attempt
