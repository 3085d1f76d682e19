"""The employer's side: staff consent to share records, the employer's job roles and who holds them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmployerConsent(models.Model):
    """A trainee's consent that an employer sees their certificates and course progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="employer_consents",
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="staff_consents",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("employer consent")
        verbose_name_plural = _("employer consents")
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_employer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class EmployerJobRole(models.Model):
    """A job role an employer defines, with the courses a person in it must hold current certificates for."""

    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("employer"), on_delete=models.CASCADE, related_name="job_roles"
    )
    name = models.CharField(_("name"), max_length=150)
    based_on = models.ForeignKey(
        "courses.JobRole",
        verbose_name=_("platform role it starts from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    course_keys = models.JSONField(
        _("required courses"),
        default=list,
        help_text="translation_key of each required course, in order (the same in ru and en)",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="job_role_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class StaffRoleAssignment(models.Model):
    """A consenting staff member assigned to one of the employer's job roles."""

    role = models.ForeignKey(
        EmployerJobRole, verbose_name=_("job role"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="job_roles"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("job role assignment")
        verbose_name_plural = _("job role assignments")
        constraints = [models.UniqueConstraint(fields=["role", "user"], name="one_assignment_per_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


class ExpiryDigest(models.Model):
    """The weekly email to an employer's HR members listing staff whose certificates expire soon: one per
    organisation and week (the row is inserted before sending, under a unique constraint)."""

    organization = models.ForeignKey(
        "people.Organization", on_delete=models.CASCADE, related_name="expiry_digests"
    )
    week = models.DateField(_("week"), help_text="the Monday of the week, in TIME_ZONE")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    staff = models.PositiveIntegerField(default=0)  # people listed

    class Meta:
        verbose_name = _("expiry digest")
        verbose_name_plural = _("expiry digests")
        constraints = [
            models.UniqueConstraint(fields=["organization", "week"], name="one_expiry_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.week}"
