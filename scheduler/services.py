"""The scheduler: enqueue each job of settings.SCHEDULED_TASKS once per slot, safe with several schedulers.

A job is `{"task": "<dotted path of a django_tasks task>", "every": <seconds>}` (slots aligned to the
epoch: every minute on the minute) or `{"task": ..., "at": "HH:MM"}` (daily, in TIME_ZONE) with an
optional `"weekday": 0..6` (weekly, 0 = Monday). A slot missed while no scheduler ran is not replayed one
by one: the job runs once, at the next tick, and its next slot is the first one after that moment (the
jobs catch up by themselves: they look at the state of the data, not at the slot).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledJob

logger = logging.getLogger(__name__)
EPOCH = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))


def _validate(name: str, spec: dict) -> None:
    if "task" not in spec or ("every" in spec) == ("at" in spec):
        raise ImproperlyConfigured(f"SCHEDULED_TASKS[{name!r}] needs 'task' and one of 'every' or 'at'.")


def next_after(spec: dict, moment: datetime) -> datetime:
    """The first slot of the job strictly after `moment`."""
    if "every" in spec:
        every = int(spec["every"])
        elapsed = int((moment - EPOCH).total_seconds())
        return EPOCH + timedelta(seconds=(elapsed // every + 1) * every)
    hour, minute = (int(part) for part in spec["at"].split(":"))
    zone = ZoneInfo(settings.TIME_ZONE)
    day = moment.astimezone(zone).date()
    while True:
        candidate = datetime.combine(day, time(hour, minute), tzinfo=zone)
        if candidate > moment and ("weekday" not in spec or day.weekday() == int(spec["weekday"])):
            return candidate
        day += timedelta(days=1)


def first_slot(spec: dict, moment: datetime) -> datetime:
    """A job seen for the first time: an interval job is due at once, a daily/weekly one at its next time."""
    if "every" in spec:
        return next_after(spec, moment - timedelta(seconds=int(spec["every"])))
    return next_after(spec, moment)


def run_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Enqueue every job whose slot has come; returns the names this call enqueued.

    The claim is one UPDATE … WHERE next_run_at = <the slot read>: of two schedulers reading the same slot,
    the second updates no row and enqueues nothing. The claim and the enqueue share a transaction, so with
    the database task backend a slot is either claimed and queued, or neither.
    """
    now = now or timezone.now()
    jobs = settings.SCHEDULED_TASKS
    for name, spec in jobs.items():
        _validate(name, spec)
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=list(jobs))}
    missing = [name for name in jobs if name not in rows]
    if missing:
        ScheduledJob.objects.bulk_create(
            [ScheduledJob(name=name, next_run_at=first_slot(jobs[name], now)) for name in missing],
            ignore_conflicts=True,
        )
        rows.update({row.name: row for row in ScheduledJob.objects.filter(name__in=missing)})
    enqueued = []
    for name, spec in jobs.items():
        if rows[name].next_run_at <= now and claim_slot(rows[name], spec, now=now):
            enqueued.append(name)
    return enqueued


def claim_slot(job: ScheduledJob, spec: dict, *, now: datetime) -> bool:
    """Claim the slot `job.next_run_at` (as read) and enqueue the job's task; False if another scheduler
    claimed it first."""
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
            next_run_at=next_after(spec, now), last_run_at=job.next_run_at
        )
        if not claimed:
            return False
        result = import_string(spec["task"]).enqueue()
        ScheduledJob.objects.filter(pk=job.pk).update(last_task_id=str(result.id)[:64])
    logger.info("scheduled %s for the slot %s (task %s)", job.name, job.next_run_at.isoformat(), result.id)
    return True
