"""Question banks, versioned questions, assessments and attempts.

A question's answer key lives only in its versions' `data` and never leaves the server before grading.
In the trainee's form an option is named by a random token drawn for the attempt (`option_tokens`), never
by its place in the author's list, so neither a value nor an order in the page gives the key away.
Editing a question that has already been answered creates a new version, and an attempt keeps exactly the
versions it drew, so a past result can always be shown as it was.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin, WorkflowMixin

from audit.api import record

from .blocks import QuestionKeyStream, from_version, to_version
from .forms import AssessmentForm, QuestionBankForm, ScopedBankForm
from .kinds import registry as kinds

KIND_CHOICES = kinds.choices()  # the kinds registered in assessments.kinds, in its order


class QuestionBankQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Superusers see every bank; anyone else only the banks of publishers they are a member of."""
        if user.is_superuser:
            return self
        from people.api import Membership

        mine = Membership.objects.filter(user=user).values("organization_id")
        return self.filter(organization_id__in=mine)


class QuestionBank(models.Model):
    """A named set of questions owned by an organisation."""

    name = models.CharField(_("name"), max_length=200)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("The organisation that maintains the bank.")
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_banks",
        help_text=_("Only its members see and edit the bank. Empty: a platform bank (administrators only)."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionBankQuerySet.as_manager()
    base_form_class = QuestionBankForm
    panels = [FieldPanel("name"), FieldPanel("organization"), FieldPanel("description")]

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="bank_name_unique_per_owner")]

    def __str__(self) -> str:
        return self.name


class Question(WorkflowMixin, DraftStateMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A question in a bank; what it asks and how it is graded live in its versions.

    `content` is the editor's working copy; saving it records a version (a new one once the current one has
    been drawn into an attempt). Like a quiz's rules, a change is reviewed: an editor's edit of a live
    question is a draft revision that no attempt draws; it goes through the review of the bank's
    organisation and becomes a new version when a reviewer publishes it. Only live questions are drawn.
    """

    DIFFICULTIES = [(1, _("Easy")), (2, _("Medium")), (3, _("Hard"))]

    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("question bank"), on_delete=models.CASCADE, related_name="questions"
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=300, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=DIFFICULTIES, default=2)
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("A retired question is kept for past attempts and never drawn again."),
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_of",
    )
    content = StreamField(QuestionKeyStream(), verbose_name=_("question"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="question")

    base_form_class = ScopedBankForm
    panels = [
        FieldRowPanel([FieldPanel("bank"), FieldPanel("difficulty")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("tags")]),
        FieldPanel("content"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "category", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        # A save of other fields only (a draft revision's bookkeeping, a retirement) is not a new version:
        # the content of a live question changes only when it is saved whole (published).
        if self.content and (update_fields is None or "content" in update_fields):
            fields = to_version(self.content)
            if self.current_version is None or self.current_version.content() != fields:
                self.revise(**fields)

    @property
    def kind(self) -> str:
        return self.current_version.kind if self.current_version else ""

    @property
    def kind_label(self) -> str:
        """The question's type as people read it (the kind's `label`: «Один ответ»), for admin listings."""
        try:
            return str(kinds.get(self.kind).label)
        except LookupError:  # no version yet, or a kind no longer registered: its code
            return self.kind

    @property
    def revisions(self):
        return self._revisions

    def get_workflow(self):
        """The review of the bank's organisation (its publisher space's workflow)."""
        bank = self.bank if self.bank_id else None
        organization_id = bank.organization_id if bank is not None else None
        if organization_id is not None and getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            from django.apps import apps

            space = (
                apps.get_model("courses", "PublisherSpace")
                .objects.filter(organization_id=organization_id, workflow__active=True)
                .select_related("workflow")
                .first()
            )
            if space is not None:
                return space.workflow
        return super().get_workflow()

    def propose(self, *, user=None, **content):
        """A reviewed change of a live question: a draft revision with `content`; the live version stays."""
        fields = self.current_version.content() if self.current_version else {}
        fields.update(content)
        self.content = from_version(fields)
        return self.save_revision(user=user)

    @transaction.atomic
    def revise(self, **content) -> QuestionVersion:
        """Change the question: in place while nobody has drawn it into an attempt, else as a new version."""
        current = self.current_version
        before = current.content() if current is not None else None
        if current is not None and not current.has_been_drawn():
            for name, value in content.items():
                setattr(current, name, value)
            current.full_clean()
            current.save()
            version = current
        else:
            number = (current.number + 1) if current else 1
            fields = current.content() if current else {}
            fields.update(content)
            version = QuestionVersion(question=self, number=number, **fields)
            version.full_clean()
            version.save()
        self.current_version = version
        self.content = from_version(version.content())
        super().save(update_fields=["current_version", "content"])
        record(
            "question.revised",
            target=self,
            organization=self.bank.organization_id,
            before=before,
            after={**version.content(), "version": version.number},
        )
        return version

    def get_preview_template(self, request, mode_name):
        return "assessments/question_preview.html"

    def get_preview_context(self, request, mode_name):
        import random

        from .options import option_order, option_tokens
        from .presenters import present

        context = super().get_preview_context(request, mode_name)
        if self.content:
            fields = to_version(self.content)
            version = QuestionVersion(question=self, number=0, **fields)
            order = option_order(fields["kind"], fields["data"], random.Random(7), shuffle=True)  # noqa: S311
            drawn = AttemptQuestion(
                version=version, position=1, option_order=order, option_tokens=option_tokens(len(order))
            )
            context["q"] = present(drawn)
        return context


class QuestionVersion(models.Model):
    """One version of a question: its text, type and answer key, frozen once drawn into an attempt."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES)
    text = models.TextField(_("question text"))
    text_format = models.CharField(_("text format"), max_length=10, default="plain")
    data = models.JSONField(_("answers"), default=dict)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    source_reference = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    CONTENT_FIELDS = ("kind", "text", "text_format", "data", "general_feedback", "source_reference")

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="one_number_per_version")]
        ordering = ["question", "number"]

    def __str__(self) -> str:
        return f"{self.question} v{self.number}"

    def content(self) -> dict:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    def has_been_drawn(self) -> bool:
        return self.attempt_questions.exists()


class Assessment(WorkflowMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """A quiz on a module or a final exam on a course, drawn from question banks.

    Its rules are reviewed like a page: an editor's change to a live assessment is a draft revision that
    trainees never see; it goes through the workflow of the assessment's page (the publisher's review)
    and takes effect when a reviewer of that organisation publishes it. Every revision is kept, and each
    attempt records the revision and pass mark it was taken under.
    """

    REVIEW_SCORE = "score"
    REVIEW_WRONG = "wrong"
    REVIEW_FULL = "full"
    REVIEW_TOPICS = "topics"
    REVIEW_POLICIES = [
        (REVIEW_SCORE, _("Score only")),
        (REVIEW_TOPICS, _("Score and topics to revisit")),
        (REVIEW_WRONG, _("Which answers were wrong")),
        (REVIEW_FULL, _("Correct answers with explanations")),
    ]

    title = models.CharField(_("title"), max_length=200)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("module or course"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    is_final = models.BooleanField(_("final exam"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), null=True, blank=True)
    cooldown_minutes = models.PositiveIntegerField(_("cooldown between attempts (minutes)"), default=0)
    review_policy = models.CharField(
        _("review"), max_length=10, choices=REVIEW_POLICIES, default=REVIEW_WRONG
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="assessment")

    base_form_class = AssessmentForm
    panels = [
        FieldPanel("title"),
        PageChooserPanel("page", ["courses.ModulePage", "courses.CoursePage"]),
        FieldPanel("is_final"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("cooldown_minutes")]),
                FieldPanel("review_policy"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("draw_rules", label=_("Draw questions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def get_workflow(self):
        """The review of the page the assessment sits on: its publisher's reviewers approve it."""
        page = getattr(self, "page", None) if self.page_id else None
        if page is not None:
            workflow = page.get_workflow()
            if workflow is not None:
                return workflow
        return super().get_workflow()

    def rules(self) -> dict:
        """What decides a result: recorded before and after every change in the audit trail."""
        return {
            "title": self.title,
            "page": self.page_id,
            "is_final": self.is_final,
            "pass_mark": self.pass_mark,
            "time_limit_minutes": self.time_limit_minutes,
            "max_attempts": self.max_attempts,
            "cooldown_minutes": self.cooldown_minutes,
            "review_policy": self.review_policy,
            "shuffle_questions": self.shuffle_questions,
            "shuffle_options": self.shuffle_options,
            "draw_rules": [
                {"bank": rule.bank_id, "tag": rule.tag, "category": rule.category, "count": rule.count}
                for rule in self.draw_rules.all()
            ],
        }

    def save(self, *args, **kwargs):
        if (
            not self._state.adding and self.pk and kwargs.get("update_fields") is None
        ):  # audit of a publication
            live = Assessment.objects.filter(pk=self.pk).first()
            self._rules_before = live.rules() if live is not None else None
        if self._state.adding and self.is_final and self.review_policy == self.REVIEW_WRONG:
            self.review_policy = self.REVIEW_TOPICS  # final exams default to score plus topics to revisit
        super().save(*args, **kwargs)


class DrawRule(models.Model):
    """Draw `count` questions from a bank (optionally only those with a tag or category)."""

    assessment = ParentalKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="draw_rules"
    )
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("question bank"), on_delete=models.PROTECT, related_name="+"
    )
    tag = models.CharField(_("tag"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=300, blank=True)
    count = models.PositiveSmallIntegerField(_("questions to draw"), validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("bank"), FieldPanel("count")]),
        FieldRowPanel([FieldPanel("tag"), FieldPanel("category")]),
    ]

    class Meta:
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.count} × {self.bank}"


class TimeAccommodation(models.Model):
    """An accessibility accommodation: this trainee's time limits are multiplied."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="accommodation",
    )
    time_multiplier = models.DecimalField(
        _("time multiplier"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("4.00"))],
    )

    panels = [FieldPanel("user"), FieldPanel("time_multiplier")]

    class Meta:
        verbose_name = _("time accommodation")
        verbose_name_plural = _("time accommodations")

    def __str__(self) -> str:
        return f"{self.user} × {self.time_multiplier}"


class Attempt(models.Model):
    """One sitting of an assessment by one trainee."""

    OPEN = "open"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    STATUSES = [
        (OPEN, _("In progress")),
        (SUBMITTED, _("Submitted")),
        (EXPIRED, _("Finished at the deadline")),
    ]

    # Graded attempts are evidence: deleting their assessment (or the page it sits on) is refused.
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="attempts"
    )
    seed = models.BigIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=OPEN)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        null=True,
        blank=True,
        help_text=_("The assessment's pass mark when the attempt started (it decides)."),
    )
    rules_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision of the rules"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The published revision of the assessment's rules the attempt was taken under."),
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text=_("Increases with every accepted save or submit.")
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=4, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=4, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    # The trainee's electronic signature submitting a final exam as their own work (21 CFR 11.50). None for
    # module quizzes and for attempts the system closed at their deadline (recorded as unsigned).
    signature = models.ForeignKey(
        "people.Signature",
        verbose_name=_("electronic signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=Q(status="open"),
                name="one_open_attempt_per_assessment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN

    def grading_deadline(self, grace: timedelta):
        return self.deadline + grace if self.deadline else None


class AttemptQuestion(models.Model):
    """A question version drawn into an attempt, its place, its option order and the trainee's answer."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="questions"
    )
    version = models.ForeignKey(
        QuestionVersion,
        verbose_name=_("question version"),
        on_delete=models.PROTECT,
        related_name="attempt_questions",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    option_order = models.JSONField(default=list, help_text=_("Display order of the options (indices)."))
    option_tokens = models.JSONField(
        default=list,
        help_text=_("The opaque value of each option as the trainee's form carries it, in display order."),
    )
    response = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    fraction = models.DecimalField(
        _("share of the score"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    flagged = models.BooleanField(
        _("flagged for review"),
        default=False,
        help_text=_(
            "The trainee marked the question to come back to. Not an answer: grading never reads it."
        ),
    )

    class Meta:
        verbose_name = _("question in an attempt")
        verbose_name_plural = _("questions in attempts")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_question_per_position"),
            models.UniqueConstraint(fields=["attempt", "version"], name="version_once_per_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.position}"
