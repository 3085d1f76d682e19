"""Course pages (catalog → course → module → lesson), learning paths, job roles, topics, publisher spaces.

What a trainee did with these pages (enrolment, progress, completion) is the `learning` app's.
"""

import math
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base.api import CachedViewRestrictionsMixin, stem_text, stems_in_python
from base.blocks import GlossaryTermBlock, LessonBodyBlock

from .pagecontext import AddedContextMixin

# Study reading of professional text, words per minute, by language (docs/course-packages.md, "Study time").
# The lesson page shows its reading time and a course package's study hours are computed at these rates.
READING_WORDS_PER_MINUTE = {"ru": 150, "en": 180}
WORDS_PER_MINUTE = READING_WORDS_PER_MINUTE["en"]  # for a locale not listed above


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a one-item-per-line field."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class BilingualName(models.Model):
    """A small reference record named in both languages (job roles, topics)."""

    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_ru


class JobRole(BilingualName):
    """A job role a course is written for: operator, QC analyst, QA / QP, regulatory, clinical."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name_ru"), FieldPanel("name_en"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["sort_order", "code"]


class Topic(BilingualName):
    """A subject area used to filter the catalog (e.g. manufacturing, GMP, regulation)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    panels = [FieldPanel("slug"), FieldPanel("name_ru"), FieldPanel("name_en")]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["slug"]


class StemmedSearchMixin:
    """Indexes the Snowball stems of a page's words where the database does not stem (SQLite): see
    base/stemming.py. Each page says which of its text is searched in `search_text`."""

    def search_text(self) -> str:
        return self.title

    def search_stems(self) -> str:
        return stem_text(self.search_text()) if stems_in_python() else ""


class CourseIndexPage(CachedViewRestrictionsMixin, AddedContextMixin, Page):
    """The course catalog: every live course below it, with filters, search and pagination."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["base.HomePage"]
    subpage_types = ["courses.ProviderPage", "courses.CoursePage", "courses.LearningPathPage"]
    max_count_per_parent = 1
    page_size = 12

    class Meta:
        verbose_name = _("course catalog")


class ProviderPage(Page):
    """A publisher's space in the catalog: its courses live below it, edited only by its own members.

    Created (in both locales) with the publisher's groups, collection and review workflow by
    `courses.spaces.ensure_publisher_space`.
    """

    organization = models.ForeignKey(
        "people.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("publisher space")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.live()
            .public()
            .child_of(self)
            .select_related("cover_image", "provider")
            .order_by("title")
        )
        return context


class GlossaryPage(Page):
    """The Russian–English glossary of the field; lessons link their glossary terms to its entries."""

    intro = models.TextField(_("introduction"), blank=True)
    terms = StreamField([("term", GlossaryTermBlock())], verbose_name=_("terms"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("terms")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("terms")]
    parent_page_types = ["base.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossary")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_glossary"] = True
        return context


class PublisherSpace(models.Model):
    """What `ensure_publisher_space` created for a publisher, so that running it again changes nothing."""

    organization = models.OneToOneField(
        "people.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="publisher_space",
    )
    editors = models.ForeignKey(
        "auth.Group", verbose_name=_("editors group"), on_delete=models.PROTECT, related_name="+"
    )
    reviewers = models.ForeignKey(
        "auth.Group", verbose_name=_("reviewers group"), on_delete=models.PROTECT, related_name="+"
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection", verbose_name=_("collection"), on_delete=models.PROTECT, related_name="+"
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow", verbose_name=_("review workflow"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("publisher space settings")
        verbose_name_plural = _("publisher space settings")

    def __str__(self) -> str:
        return str(self.organization)


class CoursePage(CachedViewRestrictionsMixin, StemmedSearchMixin, AddedContextMixin, Page):
    """A course: what it teaches, for whom, and its outline of modules and lessons."""

    LEVELS = [
        ("introductory", _("Introductory")),
        ("intermediate", _("Intermediate")),
        ("advanced", _("Advanced")),
    ]

    package_digest = models.CharField(max_length=64, blank=True, editable=False)  # set by import_course
    summary = models.TextField(_("summary"))
    provider = models.ForeignKey(
        "people.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text=_("The organisation that teaches it and issues its certificates: the owner of its space."),
    )
    audience_roles = ParentalManyToManyField(JobRole, verbose_name=_("audience roles"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True, help_text=_("One per line."))
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    level = models.CharField(_("level"), max_length=20, choices=LEVELS, default="introductory")
    version_label = models.CharField(
        _("version"),
        max_length=20,
        default="1.0",
        validators=[RegexValidator(r"^\d{1,4}\.\d{1,4}$", _("Write the version as two numbers: 2.1."))],
    )
    change_kind = models.CharField(
        _("kind of change in this version"),
        max_length=10,
        choices=[
            ("minor", _("Minor: wording, typos — training records stay as they are")),
            ("major", _("Major: changes what a qualified person must know — earlier holders retrain")),
        ],
        default="minor",
        help_text=_(
            "The reviewer approves it with the page. A major change needs a new major version (2.1 → 3.0); "
            "a minor one keeps the major number (2.1 → 2.2)."
        ),
    )
    retraining_grace_days = models.PositiveSmallIntegerField(
        _("retraining grace period (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("After a major change, holders of earlier versions have this long to retrain."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    certificate_signatory_name = models.CharField(_("signatory name"), max_length=150, blank=True)
    certificate_signatory_title = models.CharField(
        _("signatory title"), max_length=200, blank=True, help_text=_("E.g. Head of the training centre.")
    )
    certificate_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo on certificates"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scan of the signatory's signature, on a white or transparent background."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("estimated_hours"),
                FieldPanel("version_label"),
                FieldPanel("change_kind"),
                FieldPanel("retraining_grace_days"),
            ],
            heading=_("About the course"),
        ),
        FieldPanel("audience_roles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("objectives"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldPanel("certificate_validity_months"),
                FieldPanel("certificate_signatory_name"),
                FieldPanel("certificate_signatory_title"),
                FieldPanel("certificate_signature"),
                FieldPanel("certificate_logo"),
            ],
            heading=_("Certificate"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("search_stems"),
        index.AutocompleteField("summary"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["courses.CourseIndexPage", "courses.ProviderPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    @property
    def objective_list(self) -> list[str]:
        return text_lines(self.objectives)

    def search_text(self) -> str:
        return f"{self.title} {self.summary} {self.objectives}"

    def save(self, *args, **kwargs):
        # The provider is the owner of the space the course lives in; editors cannot set anyone else.
        if self.path and len(self.path) > self.steplen:
            owner = (
                ProviderPage.objects.filter(path=self.path[: -self.steplen])
                .values_list("organization_id", flat=True)
                .first()
            )
            if owner is not None:
                self.provider_id = owner
        return super().save(*args, **kwargs)

    @property
    def prerequisite_list(self) -> list[str]:
        return text_lines(self.prerequisites)

    def clean(self):
        super().clean()
        previous = CourseVersion.objects.latest_of(self.translation_key) if self.translation_key else None
        problem = previous.refuses(self.version_label, self.change_kind) if previous else None
        if problem:
            raise ValidationError({"version_label": problem})


class ModulePage(CachedViewRestrictionsMixin, StemmedSearchMixin, AddedContextMixin, Page):
    """A module of a course: a group of lessons with shared objectives."""

    package_digest = models.CharField(max_length=64, blank=True, editable=False)  # set by import_course
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("objectives")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("search_stems")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @property
    def objective_list(self) -> list[str]:
        return text_lines(self.objectives)

    def search_text(self) -> str:
        return f"{self.title} {self.summary}"


class LessonPage(CachedViewRestrictionsMixin, StemmedSearchMixin, AddedContextMixin, Page):
    """A lesson: the text, media and sources a trainee reads."""

    package_digest = models.CharField(max_length=64, blank=True, editable=False)  # set by import_course
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    reading_minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1, editable=False)
    # A standard operating procedure: "read and understood" is an electronic signature (21 CFR 11.50/11.200).
    is_sop = models.BooleanField(
        _("SOP / procedure: confirming it needs an electronic signature"), default=False
    )
    # A lesson that teaches a procedure step by step (set by `procedure: true` in a package). It does not
    # change how the lesson is confirmed: it marks the lessons a "read and understood" signature may cover.
    describes_procedure = models.BooleanField(
        _("describes a procedure"),
        default=False,
        help_text=_("The lesson teaches a procedure step by step (an SOP always does)."),
    )
    sop_reference = models.CharField(
        _("SOP reference"),
        max_length=100,
        blank=True,
        help_text=_(
            "The procedure's number and revision as the quality system names it, e.g. SOP-PR-004 rev. 3"
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("describes_procedure"), FieldPanel("is_sop"), FieldPanel("sop_reference")],
            heading=_("Procedure (SOP)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_stems"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def body_text(self) -> str:
        parts = [self.summary]
        for block in self.body:
            parts.extend(str(item) for item in block.block.get_searchable_content(block.value))
        return " ".join(part for part in parts if part)

    def search_text(self) -> str:
        return f"{self.title} {self.body_text()}"

    def reference_items(self) -> list[dict]:
        """The entries of the lesson's reference list in order (the first list's, if an editor added two)."""
        seen: set[str] = set()
        items = []
        for block in self.body:
            if block.block_type != "references":
                continue
            for item in block.value["items"]:
                source = item.get("source_id") or ""
                if source and source not in seen:
                    seen.add(source)
                    items.append(item)
        return items

    @cached_property
    def citation_numbers(self) -> dict[str, int]:
        """Source id → its number in the reference list; in-text `[S11]` citations link to `#ref-S11`."""
        return {item["source_id"]: number for number, item in enumerate(self.reference_items(), start=1)}

    def save(self, *args, **kwargs):
        words = len(self.body_text().split())
        locale = self.locale if self.locale_id else self.get_default_locale()  # a new page: its parent's
        language = locale.language_code.split("-")[0] if locale else ""
        rate = READING_WORDS_PER_MINUTE.get(language, WORDS_PER_MINUTE)
        self.reading_minutes = max(1, math.ceil(words / rate))
        return super().save(*args, **kwargs)


class LearningPathPage(AddedContextMixin, Page):
    """A job-role path: courses in the order a person in that role should take them."""

    role = models.ForeignKey(
        JobRole,
        verbose_name=_("job role"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("summary"),
        InlinePanel("path_courses", label=_("Courses"), min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("learning path")


class LearningPathCourse(Orderable):
    path = ParentalKey(
        LearningPathPage,
        verbose_name=_("learning path"),
        related_name="path_courses",
        on_delete=models.CASCADE,
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("course in a learning path")
        verbose_name_plural = _("courses in a learning path")


def version_numbers(label: str) -> tuple[int, int]:
    """ "2.1" → (2, 1); anything else → (0, 0)."""
    major, _dot, minor = (label or "").partition(".")
    return (int(major), int(minor)) if major.isdigit() and minor.isdigit() else (0, 0)


class CourseVersionQuerySet(models.QuerySet):
    def latest_of(self, course_key):
        return self.filter(course_key=course_key).order_by("-published_at", "-pk").first()


class CourseVersion(models.Model):
    """A published version of a course (any language version of it): what kind of change it was, and for
    a major one the modules that changed and how long earlier holders have to retrain. Kept for good."""

    INITIAL, MINOR, MAJOR = "initial", "minor", "major"
    KINDS = [(INITIAL, _("first version")), (MINOR, _("minor")), (MAJOR, _("major"))]

    course_key = models.UUIDField(db_index=True)
    label = models.CharField(_("version"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_module_keys = models.JSONField(_("changed modules"), default=list, blank=True)
    grace_days = models.PositiveSmallIntegerField(_("retraining grace period (days)"), default=90)

    objects = CourseVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        constraints = [models.UniqueConstraint(fields=["course_key", "label"], name="one_record_per_version")]

    def __str__(self) -> str:
        return f"{self.course_key} {self.label} ({self.kind})"

    @property
    def retraining_due(self):
        """The date by which holders of earlier major versions must have retrained (major versions only)."""
        if self.kind != self.MAJOR:
            return None
        return (self.published_at + timedelta(days=self.grace_days)).date()

    def refuses(self, label: str, kind: str) -> str | None:
        """Why `label` cannot follow this version as a change of `kind` (None when it can)."""
        mine, theirs = version_numbers(self.label), version_numbers(label)
        if label == self.label:  # this version again (its other language, a fix that needs no new version)
            if kind in (CourseVersion.MINOR, self.kind):
                return None
            return gettext("A major change needs a new major version: %(next)s.0 after %(label)s.") % {
                "next": mine[0] + 1,
                "label": self.label,
            }
        if theirs < mine:
            return gettext("Version %(label)s is older than the published %(current)s.") % {
                "label": label,
                "current": self.label,
            }
        if kind == CourseVersion.MAJOR and theirs[0] <= mine[0]:
            return gettext("A major change needs a new major version: %(next)s.0 after %(label)s.") % {
                "next": mine[0] + 1,
                "label": self.label,
            }
        if kind == CourseVersion.MINOR and theirs[0] != mine[0]:
            return gettext("A minor change keeps the major version: %(major)s.x after %(label)s.") % {
                "major": mine[0],
                "label": self.label,
            }
        return None
