"""Background work for employers (Django's task API through django_tasks)."""

from django_tasks import task

from .digest import send_expiry_digests


@task()
def send_expiry_digests_task() -> int:
    """The weekly digest of expiring certificates (scheduled in settings.SCHEDULED_TASKS)."""
    return send_expiry_digests()
