"""A trainee's place in a course: enrolment, lessons opened and confirmed as read.

Progress is keyed by the pages' `translation_key`, so a trainee who switches language keeps their place:
the Russian and English versions of a lesson are one lesson.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Enrolment(models.Model):
    """A trainee's enrolment in a course (any language version of it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course_key = models.UUIDField(_("course"), db_index=True, help_text="translation_key of the course pages")
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    last_lesson_key = models.UUIDField(_("last lesson"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The course version it was completed on: a completion stays complete for it, whatever is added later.
    completed_version = models.CharField(_("completed on version"), max_length=20, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="one_enrolment_per_course")
        ]
        ordering = ["-last_activity_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_key}"


class LessonOpening(models.Model):
    """That a trainee opened a lesson (first and latest time): a lesson never opened cannot be confirmed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    course_key = models.UUIDField(_("course key"))
    lesson_key = models.UUIDField(_("lesson key"))
    first_opened_at = models.DateTimeField(_("first opened"), default=timezone.now)
    last_opened_at = models.DateTimeField(_("last opened"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson opening")
        verbose_name_plural = _("lesson openings")
        constraints = [models.UniqueConstraint(fields=["user", "lesson_key"], name="one_opening_per_lesson")]

    def __str__(self) -> str:
        return f"{self.user} → {self.lesson_key}"


class LessonCompletion(models.Model):
    """A trainee's confirmation that they have read and understood a lesson.

    `via` is "confirm" for the explicit confirmation (earlier records say "button" or "scroll", from
    before it was required); `opened_at` and `seconds_on_page` are the evidence that it was read. The
    confirmation of an SOP lesson is electronically signed (`signature`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    course_key = models.UUIDField(_("course key"), db_index=True)
    lesson_key = models.UUIDField(_("lesson key"))
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)
    via = models.CharField(
        _("how it was confirmed"),
        max_length=10,
        choices=[
            ("confirm", _("Confirmation")),
            ("button", _("Button (earlier records)")),
            ("scroll", _("Read to the end (earlier records)")),
        ],
        default="confirm",
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    seconds_on_page = models.PositiveIntegerField(_("seconds on the page"), null=True, blank=True)
    # The course version it was given on ("" before versions were noted); a retraining after a major
    # revision asks for the changed modules' lessons again, on the new version.
    course_version = models.CharField(_("course version"), max_length=20, blank=True, default="")
    # The electronic signature of an SOP lesson's confirmation (none for other lessons); kept for good.
    signature = models.ForeignKey(
        "people.Signature",
        verbose_name=_("electronic signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "course_version"], name="one_completion_per_lesson_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.lesson_key}"


class Retraining(models.Model):
    """A holder's retraining after a major revision of a course they completed: only the changed modules.

    Done when every live lesson of those modules is confirmed again on the new version and their quizzes
    are passed again after it started; then the enrolment is complete for the new version.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="retrainings"
    )
    course_key = models.UUIDField(_("course key"), db_index=True)
    from_version = models.CharField(_("from version"), max_length=20)
    to_version = models.CharField(_("to version"), max_length=20)
    module_keys = models.JSONField(_("modules to retake"), default=list)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("retraining")
        verbose_name_plural = _("retrainings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key", "to_version"], name="one_retraining_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_key} {self.from_version}→{self.to_version}"
