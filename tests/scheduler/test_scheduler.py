"""The scheduler: each periodic job is enqueued once per slot, however many schedulers run."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task

from assessments.models import Assessment, Attempt
from assessments.services import start_attempt
from scheduler.models import ScheduledJob
from scheduler.services import claim_slot, next_after, run_due_jobs

T0 = datetime(2027, 3, 1, 6, 0, 30, tzinfo=UTC)  # a Monday, 09:00:30 in Moscow
COUNTER = "tests.scheduler.test_scheduler.count_task"
CALLS = []


@task()
def count_task() -> int:
    CALLS.append(1)
    return len(CALLS)


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


def test_interval_slots_are_aligned_and_calendar_slots_fall_on_their_time_and_day():
    every_minute = {"task": COUNTER, "every": 60}
    assert next_after(every_minute, T0) == datetime(2027, 3, 1, 6, 1, tzinfo=UTC)
    assert next_after(every_minute, datetime(2027, 3, 1, 6, 1, tzinfo=UTC)) == datetime(
        2027, 3, 1, 6, 2, tzinfo=UTC
    )
    daily = {"task": COUNTER, "at": "09:00"}  # Moscow, UTC+3
    assert next_after(daily, T0) == datetime(2027, 3, 2, 6, 0, tzinfo=UTC)
    assert next_after(daily, T0 - timedelta(minutes=1)) == datetime(2027, 3, 1, 6, 0, tzinfo=UTC)
    weekly = {"task": COUNTER, "at": "09:00", "weekday": 3}  # Thursday
    assert next_after(weekly, T0) == datetime(2027, 3, 4, 6, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_and_the_next_slot_again():
    jobs = {"minutely": {"task": COUNTER, "every": 60}}
    with override_settings(SCHEDULED_TASKS=jobs):
        assert run_due_jobs(now=T0) == ["minutely"]  # a new interval job is due at once
        assert run_due_jobs(now=T0) == []
        assert run_due_jobs(now=T0 + timedelta(seconds=20)) == []  # same slot
        job = ScheduledJob.objects.get(name="minutely")
        assert job.next_run_at == datetime(2027, 3, 1, 6, 1, tzinfo=UTC) and job.last_task_id
        assert run_due_jobs(now=T0 + timedelta(seconds=40)) == ["minutely"]
        # Down for an hour: the job runs once, not sixty times, and its next slot is after now.
        assert run_due_jobs(now=T0 + timedelta(hours=1)) == ["minutely"]
        assert run_due_jobs(now=T0 + timedelta(hours=1, seconds=5)) == []
    assert len(CALLS) == 3


@pytest.mark.django_db
def test_two_schedulers_reading_the_same_slot_enqueue_it_once():
    """The second scheduler read the row before the first claimed it: its UPDATE matches nothing."""
    spec = {"task": COUNTER, "every": 60}
    with override_settings(SCHEDULED_TASKS={"minutely": spec}):
        run_due_jobs(now=T0)
        due = T0 + timedelta(minutes=1)
        first, second = ScheduledJob.objects.get(name="minutely"), ScheduledJob.objects.get(name="minutely")
        assert claim_slot(first, spec, now=due) is True
        assert claim_slot(second, spec, now=due) is False
        assert run_due_jobs(now=due) == []
    assert len(CALLS) == 2


@pytest.mark.django_db
def test_a_daily_job_waits_for_its_time():
    jobs = {"daily": {"task": COUNTER, "at": "09:00"}}
    with override_settings(SCHEDULED_TASKS=jobs):
        assert run_due_jobs(now=T0) == []  # first seen just after 09:00: tomorrow's slot
        assert run_due_jobs(now=T0 + timedelta(hours=23)) == []
        assert run_due_jobs(now=T0 + timedelta(days=1)) == ["daily"]
        assert run_due_jobs(now=T0 + timedelta(days=1, hours=1)) == []
    assert len(CALLS) == 1


def test_a_job_without_a_time_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with (
        override_settings(SCHEDULED_TASKS={"broken": {"task": COUNTER}}),
        pytest.raises(ImproperlyConfigured),
    ):
        run_due_jobs(now=T0)


def test_the_project_schedules_its_three_jobs(settings):
    assert settings.SCHEDULED_TASKS["finish-overdue-attempts"]["every"] == 60
    assert settings.SCHEDULED_TASKS["certificate-renewal-reminders"]["at"]
    assert settings.SCHEDULED_TASKS["employer-expiry-digest"]["weekday"] == settings.EMPLOYER_DIGEST_WEEKDAY
    from django.utils.module_loading import import_string

    for spec in settings.SCHEDULED_TASKS.values():
        assert hasattr(import_string(spec["task"]), "enqueue")


# The command closes its database connection between rounds, as a long-running process must: a test
# transaction would not survive that on PostgreSQL, so this test commits and the database is flushed after.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_finishes_an_overdue_attempt(trainee, demo_course):
    """The real job list, the `scheduler` command once: the overdue exam is graded and closed."""
    exam = Assessment.objects.get(title="Итоговый экзамен")
    attempt, _ = start_attempt(user=trainee, assessment=exam, now=timezone.now() - timedelta(days=1))
    assert attempt.status == Attempt.OPEN
    call_command("scheduler", once=True)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.EXPIRED
    assert ScheduledJob.objects.get(name="finish-overdue-attempts").next_run_at > timezone.now()


# The command closes its database connection between rounds, as a long-running process must: a test
# transaction would not survive that on PostgreSQL, so this test commits and the database is flushed after.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_runs_on_the_frozen_clock():
    jobs = {"minutely": {"task": COUNTER, "every": 60}}
    with override_settings(SCHEDULED_TASKS=jobs), time_machine.travel(T0, tick=False):
        call_command("scheduler", once=True)
        call_command("scheduler", once=True)
        with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
            call_command("scheduler", once=True)
    assert len(CALLS) == 2
