"""Importing a checked package: Wagtail pages (and the quizzes) in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from audit.api import record
from people.api import Organization

from .quizzes import IMPORT_QUIZZES_HOOK, has_quizzes, no_handler, quiz_handler
from .spec import LANGUAGES, CourseSpec, PackageError, Problem


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: int = 0
    questions: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "revised": 0, "unchanged": 0, "retired": 0}
    )

    def lines(self) -> list[str]:
        out = [f"created {item}" for item in self.created] + [f"revised {item}" for item in self.revised]
        out.append(f"unchanged pages: {self.unchanged}")
        out.append(
            "questions: {created} new, {revised} revised, {unchanged} unchanged, {retired} retired".format(
                **self.questions
            )
        )
        return out


def _digest(fields: dict) -> str:
    return hashlib.sha256(
        json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def _apply(page, fields: dict, *, publish: bool, summary: ImportSummary, label: str) -> None:
    """Give `page` the package's fields as a new revision, unless they are what it already has."""
    digest = _digest(fields)
    latest = page.get_latest_revision_as_object() if page.pk else page
    if page.pk and latest.package_digest == digest:
        if publish and (not page.live or page.has_unpublished_changes):
            page.get_latest_revision().publish()
        summary.unchanged += 1
        return
    target = latest if page.pk else page
    for name, value in fields.items():
        setattr(target, name, value)
    target.package_digest = digest
    revision = target.save_revision()
    if publish:
        revision.publish()
    summary.revised.append(label)


def _new_page(model, parent, fields: dict, *, locale, translation_key=None, publish: bool):
    page = model(locale=locale, live=False)
    for name, value in fields.items():
        setattr(page, name, value)
    if translation_key is not None:
        page.translation_key = translation_key
    page.package_digest = _digest(fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return model.objects.get(pk=page.pk)


def _ensure_page(model, parent, fields, *, locale, source, publish, summary, label):
    """The page at parent/slug (or the translation of `source`), created or revised from `fields`."""
    if source is not None:
        existing = model.objects.filter(translation_key=source.translation_key, locale=locale).first()
    else:
        existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing is None:
        page = _new_page(
            model,
            parent,
            fields,
            locale=locale,
            translation_key=source.translation_key if source is not None else None,
            publish=publish,
        )
        summary.created.append(label)
        return page
    _apply(existing, fields, publish=publish, summary=summary, label=label)
    return model.objects.get(pk=existing.pk)


def import_package(
    spec: CourseSpec, *, organization=None, publish: bool = False, dry_run: bool = False
) -> ImportSummary:
    """Write the course in one transaction (rolled back when `dry_run`)."""
    from django.db import transaction
    from wagtail.models import Locale

    from ..models import CoursePage, JobRole, LessonPage, ModulePage, Topic
    from ..spaces import ensure_publisher_space, space_page_for

    if organization is None:
        organization = Organization.objects.filter(slug=spec.provider).first()
        if organization is None:
            raise PackageError(
                [
                    Problem(
                        f"{spec.root.name}/course.yaml",
                        1,
                        _("unknown provider organisation %(slug)s (the provider key of course.yaml)")
                        % {"slug": repr(spec.provider)},
                    )
                ]
            )
    if not organization.is_publisher:
        raise PackageError(
            [
                Problem(
                    f"{spec.root.name}/course.yaml",
                    1,
                    _("%(slug)s is not a university or training centre") % {"slug": repr(organization.slug)},
                )
            ]
        )
    import_quizzes = quiz_handler(IMPORT_QUIZZES_HOOK)
    if import_quizzes is None and has_quizzes(spec):
        raise PackageError([Problem(f"{spec.root.name}/course.yaml", 0, no_handler(IMPORT_QUIZZES_HOOK))])
    summary = ImportSummary()
    with transaction.atomic():
        ensure_publisher_space(organization)
        locales = {language: Locale.objects.get(language_code=language) for language in LANGUAGES}
        spaces = {language: space_page_for(organization, locales[language]) for language in LANGUAGES}
        if any(space is None for space in spaces.values()):
            raise PackageError(
                [Problem(spec.root.name, 0, _("the site has no course catalog in ru and en yet"))]
            )
        courses = {}
        source = None
        roles = list(JobRole.objects.filter(code__in=spec.audience).order_by("code"))
        topics = list(Topic.objects.filter(slug__in=spec.topics).order_by("slug"))
        for language in LANGUAGES:
            # Audience and topics go into the revision with the rest, so publishing it keeps them.
            fields = {**spec.fields[language], **spec.shared, "audience_roles": roles, "topics": topics}
            course = _ensure_page(
                CoursePage,
                spaces[language],
                fields,
                locale=locales[language],
                source=source,
                publish=publish,
                summary=summary,
                label=f"course {spec.slug} ({language})",
            )
            courses[language] = course
            source = source or course
        module_pages: dict[str, list] = {language: [] for language in LANGUAGES}
        for module in spec.modules:
            module_source = None
            lesson_sources: dict[
                str, object
            ] = {}  # the ru lessons by slug: the en ones are their translations
            for language in LANGUAGES:
                page = _ensure_page(
                    ModulePage,
                    courses[language],
                    module.fields[language],
                    locale=locales[language],
                    source=module_source,
                    publish=publish,
                    summary=summary,
                    label=f"module {module.slug} ({language})",
                )
                module_source = module_source or page
                module_pages[language].append(page)
                for lesson in module.lessons:
                    lesson_page = _ensure_page(
                        LessonPage,
                        page,
                        lesson.fields[language],
                        locale=locales[language],
                        source=lesson_sources.get(lesson.slug),
                        publish=publish,
                        summary=summary,
                        label=f"lesson {module.slug}/{lesson.slug} ({language})",
                    )
                    lesson_sources.setdefault(lesson.slug, lesson_page)
        if import_quizzes is not None:
            import_quizzes(
                spec,
                organization=organization,
                courses=courses,
                module_pages=module_pages,
                summary=summary,
                publish=publish,
            )
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(
                "import.package",
                target=courses[LANGUAGES[0]],
                organization=organization,
                after={
                    "package": spec.slug,
                    "version": spec.shared.get("version"),
                    "publish": publish,
                    "created": summary.created,
                    "revised": summary.revised,
                    "unchanged": summary.unchanged,
                    "questions": summary.questions,
                },
            )
    return summary
