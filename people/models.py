"""The platform's user: email is the login; the full name is printed on certificates as entered."""

import re
import zoneinfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from base.api import local_datetime

# Letters of any script, with the joiners names really use: spaces, hyphens, apostrophes, dots.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ .'’\-][^\W\d_]*)*\.?$")
_LATIN_NAME_RE = re.compile(r"^[A-Za-z]+(?:[ .'’\-][A-Za-z]*)*\.?$")


def normalize_name(value: str) -> str:
    """Collapse runs of whitespace and trim, so the certificate prints exactly one space between parts."""
    return " ".join((value or "").split())


def validate_full_name(value: str) -> None:
    name = normalize_name(value)
    if len([c for c in name if c.isalpha()]) < 2 or not _NAME_RE.match(name):
        raise ValidationError(
            _("Enter the name as it must appear on certificates: letters, spaces, hyphens and apostrophes."),
            code="invalid_name",
        )


def validate_latin_name(value: str) -> None:
    name = normalize_name(value)
    if name and (len(name) < 2 or not _LATIN_NAME_RE.match(name)):
        raise ValidationError(
            _("Use Latin letters only (A–Z), with spaces, hyphens or apostrophes, e.g. Ivan Petrov."),
            code="invalid_latin_name",
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not (extra["is_staff"] and extra["is_superuser"]):
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform: trainee, author, reviewer, HR or administrator."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("name on certificates"),
        max_length=150,
        blank=True,
        validators=[validate_full_name],
        help_text=_("Exactly as it must print on certificates; Cyrillic is fine."),
    )
    latin_name = models.CharField(
        _("name in Latin letters"),
        max_length=150,
        blank=True,
        validators=[validate_latin_name],
        help_text=_("Optional. Printed on the English side of certificates, e.g. as in your passport."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of emails and of the site after you sign in."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        self.full_name = normalize_name(self.full_name)
        self.latin_name = normalize_name(self.latin_name)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def name_for_language(self, language: str) -> str:
        """The name to print for a language: the Latin spelling on English documents when there is one."""
        if language == "en" and self.latin_name:
            return self.latin_name
        return self.full_name


class OrganizationQuerySet(models.QuerySet):
    def publishers_of(self, user, roles=None):
        """The universities and training centres `user` belongs to (in one of `roles`); all for superusers."""
        publishers = self.filter(kind=Organization.UNIVERSITY)
        if user.is_superuser:
            return publishers
        memberships = Membership.objects.filter(user=user)
        if roles is not None:
            memberships = memberships.filter(role__in=roles)
        return publishers.filter(pk__in=memberships.values("organization_id"))


class Organization(models.Model):
    """A university or training centre, an employer, or a medical centre."""

    UNIVERSITY = "university"
    EMPLOYER = "employer"
    MEDICAL = "medical"
    KINDS = [
        (UNIVERSITY, _("University or training centre")),
        (EMPLOYER, _("Employer")),
        (MEDICAL, _("Medical centre")),
    ]

    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(
        _("certificate signatory"), max_length=150, blank=True, help_text=_("Printed on its certificates.")
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("name_ru"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_title"),
        FieldPanel("signature"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ru"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils import translation

        return self.name_en if translation.get_language() == "en" else self.name_ru

    @property
    def is_publisher(self) -> bool:
        return self.kind == self.UNIVERSITY


class Membership(models.Model):
    """A person's role in an organisation."""

    ADMIN = "admin"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    HR = "hr"
    ROLES = [(ADMIN, _("Administrator")), (EDITOR, _("Editor")), (REVIEWER, _("Reviewer")), (HR, _("HR"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [FieldPanel("user"), FieldPanel("organization"), FieldPanel("role")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="one_role_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A named API token of an organisation. Only a hash of the secret is stored; it is shown once."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Invitation(models.Model):
    """An invitation by email to join an organisation in a role, or (employers) to share one's records.

    Only a hash of the link's token is stored. A link works once, until it expires.
    """

    STAFF = "staff"
    ROLES = Membership.ROLES + [(STAFF, _("Staff member (shares their training records)"))]
    VALID_DAYS = 14

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"


class Signature(models.Model):
    """An electronic signature (21 CFR 11.50, 11.200): the signer re-entered their password, or a TOTP code
    when two-factor is on, and saw what the signature means.

    Kept for good: the signer is protected from deletion and the printed name is stored as it was.
    `signed_object` is the model label and primary key of what was signed (a lesson confirmation, an exam
    attempt), so apps above people can be signed without people knowing them.
    """

    BY_PASSWORD = "password"  # noqa: S105 - the name of a method, not a password
    BY_TOTP = "totp"
    METHODS = [(BY_PASSWORD, _("password")), (BY_TOTP, _("authenticator code"))]

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    printed_name = models.CharField(_("printed name"), max_length=300)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    time_zone = models.CharField(_("time zone"), max_length=64)
    meaning = models.CharField(_("meaning"), max_length=500)
    method = models.CharField(_("method"), max_length=10, choices=METHODS)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)

    class Meta:
        verbose_name = _("electronic signature")
        verbose_name_plural = _("electronic signatures")
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.printed_name} · {self.meaning} · {local_datetime(self.signed_at, zone=self.time_zone)}"

    def manifestation(self) -> dict:
        """What a signed record shows (11.50): name, date and time with its zone, and meaning."""
        local = timezone.localtime(self.signed_at, timezone=zoneinfo.ZoneInfo(self.time_zone))
        return {
            "signer": self.printed_name,
            "signed_at": local.isoformat(),
            "time_zone": self.time_zone,
            "meaning": self.meaning,
            "method": self.method,
        }


# The edition of the sign-up consent text (people.consent.CONSENT_TEXT); a new wording gets a new date.
PERSONAL_DATA_CONSENT_VERSION = "2026-11-30"


class ConsentIsKept(Exception):
    """A consent record is evidence (152-FZ, art. 9 part 3): the application never changes or deletes it."""


class PersonalDataConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ConsentIsKept("consent records cannot be changed")

    def delete(self):
        raise ConsentIsKept("consent records cannot be deleted")


class PersonalDataConsent(models.Model):
    """Consent to the processing of personal data given at sign-up: when, to which wording, in what language.

    Written once in the transaction that creates the account and never changed. `text_digest` is the
    SHA-256 of the consent statement exactly as it was shown, so the wording can be proven later. The row
    goes only with the account itself (an erasure request deletes the person, and the consent with them).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="personal_data_consents",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    text_version = models.CharField(_("text version"), max_length=20)
    text_digest = models.CharField(_("SHA-256 of the text"), max_length=64)
    # The language's name in the reader's language («Английский»), not its own name as in the switcher.
    language = models.CharField(_("language"), max_length=8, choices=list(settings.LANGUAGE_NAMES.items()))

    objects = PersonalDataConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to personal data processing")
        verbose_name_plural = _("consents to personal data processing")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.text_version} · {self.given_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ConsentIsKept("consent records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConsentIsKept("consent records cannot be deleted")
