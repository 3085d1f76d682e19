"""One row per periodic job: when its next slot is due. Claiming a slot moves `next_run_at` forward with a
compare-and-set UPDATE, so one scheduler (of however many run) enqueues the job for that slot."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """A periodic job named in settings.SCHEDULED_TASKS and the slot it runs next."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)  # the slot last claimed
    last_task_id = models.CharField(_("last task"), max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
