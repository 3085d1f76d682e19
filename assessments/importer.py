"""Import GIFT files into a question bank, all or nothing. Used by `import_gift` and the admin upload."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from audit.api import record, record_many

from .blocks import from_version
from .gift import SUPPORTED_KINDS, GiftError, ParsedQuestion, kind_label, parse_gift
from .kinds import registry
from .models import Question, QuestionBank, QuestionVersion

SOURCE_ID = re.compile(r"\[(S\d+)\]")


class ImportProblem(Exception):
    """A file that cannot be imported; str() is `FILE:LINE: message`, the message in the active language."""


@dataclass
class ImportReport:
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.revised + self.unchanged


def _text(value: str, text_format: str) -> str:
    return strip_tags(value).strip() if text_format == "html" else value.strip()


def version_fields(question: ParsedQuestion) -> dict:
    """The QuestionVersion fields for a parsed GIFT question."""
    fmt = question.text_format
    data = registry.get(question.kind).from_gift(question, lambda value: _text(value, fmt))
    general = _text(question.general_feedback, fmt)
    sources = SOURCE_ID.findall(general)
    return {
        "kind": question.kind,
        "text": _text(question.text, fmt),
        "text_format": "plain",
        "data": data,
        "general_feedback": general,
        "source_reference": " ".join(dict.fromkeys(sources)),
    }


def _name(question: ParsedQuestion) -> str:
    return (question.name or _text(question.text, question.text_format))[:200]


def import_gift(
    *,
    source: str,
    path: str,
    bank_name: str,
    owner: str = "",
    skip_unsupported: bool = False,
    dry_run: bool = False,
    organization=None,
    retire_missing: bool = False,
    as_draft: bool = False,
) -> ImportReport:
    """Parse the whole file first, then write every question in one transaction (or nothing).

    `as_draft` (an editor's upload): if a live quiz draws from the bank, new questions are drafts and
    changes to live questions are draft revisions, for the organisation's reviewers to publish, so nothing
    an attempt can draw changes without review. A bank no live quiz draws from is written directly.
    """
    try:
        parsed = parse_gift(source, path=path)
    except GiftError as error:
        raise ImportProblem(str(error)) from error
    report = ImportReport()
    wanted = []
    for question in parsed:
        if question.kind not in SUPPORTED_KINDS:
            if not skip_unsupported:
                message = _(
                    "%(kind)s questions cannot be graded automatically: remove them from the file or "
                    "choose to skip unsupported questions (--skip-unsupported)"
                ) % {"kind": kind_label(question.kind)}
                raise ImportProblem(f"{path}:{question.line}: {message}")
            message = _("skipped %(kind)s question %(name)s") % {
                "kind": kind_label(question.kind),
                "name": repr(_name(question)),
            }
            report.skipped.append(f"{path}:{question.line}: {message}")
            continue
        wanted.append(question)
    # Questions are matched by name on re-import; repeated names (common for untitled questions, which take
    # their text as name) get " (2)", " (3)"… in file order.
    names: list[str] = []
    seen: dict[str, int] = {}
    for question in wanted:
        base = _name(question)
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base[:190]} ({seen[base]})")

    # Everything is checked before anything is written: a refused file costs no lock on the database.
    versions = [version_fields(question) for question in wanted]
    for question, fields in zip(wanted, versions, strict=True):
        _validate(question, fields, path)

    if dry_run:
        bank = QuestionBank.objects.filter(name=bank_name, owner=owner).first()
        return _report_only(report, _questions_by_name(bank), names, versions, retire_missing)

    with transaction.atomic():
        bank, _created = QuestionBank.objects.get_or_create(
            name=bank_name, owner=owner, defaults={"organization": organization}
        )
        if organization is not None and bank.organization_id != organization.pk:
            bank.organization = organization
            bank.save(update_fields=["organization"])
        as_draft = as_draft and bank_in_use(bank)
        existing = _questions_by_name(bank)
        new: list[tuple[ParsedQuestion, str, dict]] = []
        for question, name, fields in zip(wanted, names, versions, strict=True):
            current = existing.get(name)
            if current is None:
                if as_draft:
                    created = Question.objects.create(
                        bank=bank, name=name, category=question.category, live=False
                    )
                    created.revise(**fields)
                    created.save_revision()
                else:
                    new.append((question, name, fields))
                report.created += 1
            elif _unchanged(current, fields):
                report.unchanged += 1
            elif as_draft and current.live:
                current.category = question.category
                current.retired_at = None
                current.propose(**fields)
                report.revised += 1
            else:
                if current.category != question.category:
                    current.category = question.category
                    current.save(update_fields=["category"])
                if current.retired_at is not None:
                    current.retired_at = None
                    current.save(update_fields=["retired_at"])
                if not (current.current_version and current.current_version.content() == fields):
                    current.revise(**fields)
                report.revised += 1
        _create_many(bank, new)
        if retire_missing:
            from django.utils import timezone

            missing = bank.questions.exclude(name__in=names).filter(retired_at__isnull=True)
            if as_draft:
                for gone in missing:
                    gone.retired_at = timezone.now()
                    gone.save_revision()  # retiring a live question is a change for review too
                    report.retired += 1
            else:
                report.retired = missing.update(retired_at=timezone.now())
        record(
            "import.gift",
            target=bank,
            organization=bank.organization_id,
            after={
                "file": path,
                "created": report.created,
                "revised": report.revised,
                "unchanged": report.unchanged,
                "retired": report.retired,
                "skipped": len(report.skipped),
            },
        )
    return report


def _validate(question: ParsedQuestion, fields: dict, path: str) -> None:
    """Refuse, with the question's line, what the database would refuse (or silently cut) on writing."""
    if len(question.category) > Question._meta.get_field("category").max_length:
        message = _("the category is longer than %(max)s characters: shorten its $CATEGORY line") % {
            "max": Question._meta.get_field("category").max_length
        }
        raise ImportProblem(f"{path}:{question.line}: {message}")
    try:
        QuestionVersion(number=1, **fields).full_clean(exclude=["question"], validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(
            f"{_field_label(name)}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise ImportProblem(f"{path}:{question.line}: {problems}") from error


def _field_label(name: str) -> str:
    """The translated name of a QuestionVersion field (the field's own name for anything else)."""
    try:
        return str(QuestionVersion._meta.get_field(name).verbose_name)
    except Exception:  # FieldDoesNotExist, or NON_FIELD_ERRORS
        return name


def _questions_by_name(bank: QuestionBank | None) -> dict:
    if bank is None:
        return {}
    return {q.name: q for q in bank.questions.select_related("current_version")}


def _unchanged(current: Question, fields: dict) -> bool:
    """An existing, unretired question whose current version already says what the file says."""
    return bool(
        current.current_version and current.current_version.content() == fields and current.retired_at is None
    )


def _report_only(report, existing, names, versions, retire_missing) -> ImportReport:
    """What an import would do ("check only"), read without writing or locking anything."""
    for name, fields in zip(names, versions, strict=True):
        current = existing.get(name)
        if current is None:
            report.created += 1
        elif _unchanged(current, fields):
            report.unchanged += 1
        else:
            report.revised += 1
    if retire_missing:
        wanted = set(names)
        report.retired = sum(1 for name, q in existing.items() if name not in wanted and q.retired_at is None)
    return report


def _create_many(bank: QuestionBank, new: list[tuple[ParsedQuestion, str, dict]]) -> None:
    """New live questions with their first versions: a few bulk inserts, one audit entry each."""
    if not new:
        return
    questions = Question.objects.bulk_create(
        [
            Question(
                bank=bank, name=name, category=question.category, live=True, content=from_version(fields)
            )
            for question, name, fields in new
        ],
        batch_size=500,
    )
    versions = QuestionVersion.objects.bulk_create(
        [
            QuestionVersion(question=created, number=1, **fields)
            for created, (_question, _name, fields) in zip(questions, new, strict=True)
        ],
        batch_size=500,
    )
    for created, version in zip(questions, versions, strict=True):
        created.current_version = version
    Question.objects.bulk_update(questions, ["current_version"], batch_size=500)
    record_many(
        "question.revised",
        [
            {"target": created, "before": None, "after": {**version.content(), "version": 1}}
            for created, version in zip(questions, versions, strict=True)
        ],
        organization=bank.organization_id,
    )


def bank_in_use(bank: QuestionBank) -> bool:
    """Whether a live quiz on a live page draws from the bank (so a change to it needs review)."""
    from .models import DrawRule

    return DrawRule.objects.filter(bank=bank, assessment__live=True, assessment__page__live=True).exists()
