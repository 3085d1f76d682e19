"""Background work for assessments, through Django's task API (django_tasks)."""

from django_tasks import task

from .services import finish_overdue_attempts


@task()
def finish_overdue_attempts_task() -> int:
    """Grade and close every attempt whose deadline (plus grace) has passed."""
    return finish_overdue_attempts()
