"""Issued certificates and the keys that sign them.

A certificate snapshots what it certifies (holder's name, course title in both languages, version, the
page revision it was earned on, score, dates), so later edits to the person or the course change nothing
on it. Its status is computed in one place, `Certificate.status_at`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.api import record
from courses.api import retraining_due

from .codes import new_code
from .storage import private_storage


class SigningKey(models.Model):
    """A public signing key. Private keys live outside the database (see certificates.signing)."""

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return self.kid


class PdfSigningCertificate(models.Model):
    """An X.509 certificate that signs certificate PDFs (PAdES); its private key lives outside the database.

    Every certificate ever used is kept and published, so old PDFs stay verifiable (certificates.pades).
    """

    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    pem = models.TextField(_("certificate (PEM)"))
    subject = models.CharField(_("subject"), max_length=255)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("PDF signing certificate")
        verbose_name_plural = _("PDF signing certificates")

    def __str__(self) -> str:
        return self.fingerprint


class CertificateQuerySet(models.QuerySet):
    def valid(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, superseded_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Certificate(models.Model):
    """A certificate of completion of one version of a course by one person."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    STATUSES = [
        (VALID, _("Valid")),
        (EXPIRED, _("Expired")),
        (REVOKED, _("Revoked")),
        (SUPERSEDED, _("Superseded")),
    ]
    REVOCATION_REASONS = [
        ("error", _("Issued in error")),
        ("misconduct", _("Assessment misconduct")),
        ("withdrawn", _("Withdrawn by the issuer")),
        ("other", _("Other")),
    ]

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    course_key = models.UUIDField(_("course key"), help_text="translation_key of the course pages")
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    course_version = models.CharField(_("course version"), max_length=20)
    course_revision_id = models.PositiveIntegerField(null=True, blank=True)
    holder_name = models.CharField(_("name"), max_length=150)
    holder_latin_name = models.CharField(_("name in Latin letters"), max_length=150, blank=True)
    course_title_ru = models.CharField(_("course title (Russian)"), max_length=255)
    course_title_en = models.CharField(_("course title (English)"), max_length=255)
    issuer_name = models.CharField(_("issuer"), max_length=255)
    signatory_name = models.CharField(_("signatory name"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    # When the holder electronically signed the passed final exam (None without a final exam); signed too.
    exam_signed_at = models.DateTimeField(_("exam signed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason"), max_length=20, choices=REVOCATION_REASONS, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    key_id = models.CharField(_("key id"), max_length=64, blank=True)
    jws = models.TextField(_("signed claims (JWS)"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", storage=private_storage, blank=True)
    # The signed Open Badges 3.0 credentials ({"ru": …, "en": …}), made once and never rewritten (ADR 0021).
    credentials = models.JSONField(_("verifiable credentials"), null=True, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "course_key", "course_version"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_certificate_per_course_version",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def status_at(self, now=None) -> str:
        """The one place status is decided: revoked, then superseded, win over expiry."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.REVOKED
        if self.superseded_at is not None:
            return self.SUPERSEDED
        if self.expires_at is not None and now >= self.expires_at:
            return self.EXPIRED
        return self.VALID

    def status_on(self, moment) -> str:
        """The status the certificate had at a past `moment` (an inspector's date), by the same precedence.

        Unlike `status_at`, which is "now or later", a revocation or supersession after `moment` does not
        count: on that date the certificate was still what it was.
        """
        if self.issued_at > moment:
            return ""  # it did not exist yet
        if self.revoked_at is not None and self.revoked_at <= moment:
            return self.REVOKED
        if self.superseded_at is not None and self.superseded_at <= moment:
            return self.SUPERSEDED
        if self.expires_at is not None and moment >= self.expires_at:
            return self.EXPIRED
        return self.VALID

    @property
    def status(self) -> str:
        return self.status_at()

    def retraining(self, *, now=None, versions: list | None = None):
        """(due date, the major course version) when a major revision after this certificate's version asks
        its holder to retrain; (None, None) otherwise. The status is not changed by it.

        `versions`: the course's major versions, when a caller checking many certificates fetched them.
        """
        if self.status_at(now) != self.VALID:
            return None, None
        return retraining_due(
            course_key=self.course_key, version_label=self.course_version, versions=versions
        )

    def course_title(self, language: str) -> str:
        return self.course_title_en if language == "en" else self.course_title_ru

    def claims(self) -> dict:
        """What the signature covers (the JWS payload)."""
        return {
            "code": self.code,
            "holder": {"name": self.holder_name, "latin_name": self.holder_latin_name},
            "course": {
                "title": {"ru": self.course_title_ru, "en": self.course_title_en},
                "version": self.course_version,
                "revision": self.course_revision_id,
                "key": str(self.course_key),
            },
            "issuer": {"name": self.issuer_name},
            "score": str(self.score) if self.score is not None else None,
            "hours": str(self.hours) if self.hours is not None else None,
            "issued_at": self.issued_at.isoformat(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "exam_signed_at": self.exam_signed_at.isoformat() if self.exam_signed_at else None,
        }

    def revoke(self, *, reason: str, by=None, now=None) -> None:
        if self.revoked_at is None:
            was = self.status_at(now)
            with transaction.atomic():
                self.revoked_at = now or timezone.now()
                self.revocation_reason = reason
                self.revoked_by = by
                self.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
                record(
                    "certificate.revoked",
                    actor=by,
                    target=self,
                    organization=getattr(self.course, "provider_id", None),
                    before={"status": was},
                    after={"status": self.REVOKED, "revoked_at": self.revoked_at},
                    reason=reason,
                )


class StatusList(models.Model):
    """A signed Bitstring Status List credential, regenerated whenever a certificate in its range is revoked
    or superseded (certificates.credentials; ADR 0021). Certificate pk N has bit (N-1) % SIZE of list
    (N-1) // SIZE + 1."""

    purpose = models.CharField(_("purpose"), max_length=20)
    number = models.PositiveIntegerField(_("number"))
    credential = models.JSONField(_("credential"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "number"], name="one_status_list_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.number}"


class RenewalReminder(models.Model):
    """A renewal reminder sent (or being sent) to a holder: one per certificate and threshold, ever.

    The row is the claim: a job inserts it before sending, and a second job (or a second worker running
    the same job at once) cannot insert it again. `batch` tells a job which of the rows it inserted.
    """

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="renewal_reminders")
    days = models.PositiveSmallIntegerField(_("days before expiry"))
    batch = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days"], name="one_renewal_reminder_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.days}"
