from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = _("Periodic jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        if "django_tasks_rq" in settings.INSTALLED_APPS:
            connect_job_connection_checks()


def connect_job_connection_checks() -> None:
    """RQ's SimpleWorker runs every job in one long-lived process (ADR 0025): before and after each job its
    database connections are closed when broken or older than CONN_MAX_AGE, as Django does around each
    request and as django-tasks-db's own worker does around each task."""
    from django_tasks.signals import task_finished, task_started
    from django_tasks_rq import RQBackend

    for signal in (task_started, task_finished):
        signal.connect(_close_old_connections, sender=RQBackend, dispatch_uid=f"rq-connections-{signal}")


def _close_old_connections(**_kwargs) -> None:
    from django.db import close_old_connections

    close_old_connections()
