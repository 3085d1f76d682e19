"""The structure of a course: its modules and live lessons in order, and the course a page belongs to.

Where a trainee stands in a course (enrolment, progress, completion) is the `learning` app's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page

from audit.api import record
from base.api import cached_for_generation

from .models import CoursePage, CourseVersion, LessonPage, ModulePage, version_numbers
from .packages.bibliography import register_citation
from .packages.spec import CITATION

LIGHT_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "translation_key", "locale_id", "live")


@dataclass
class LessonItem:
    page: LessonPage
    number: int
    done: bool = False

    @property
    def key(self) -> uuid.UUID:
        return self.page.translation_key


@dataclass
class ModuleItem:
    page: ModulePage
    number: int
    lessons: list[LessonItem] = field(default_factory=list)
    quizzes: list = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleItem]
    enrolment: Any = None  # the trainee's enrolment, when learning adds progress
    with_progress: bool = False  # True once the learning app has marked the trainee's lessons done
    retraining: Any = None  # the trainee's open retraining (learning), when there is one

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def done(self) -> int:
        return sum(module.done for module in self.modules)

    @property
    def total(self) -> int:
        return sum(module.total for module in self.modules)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def first_lesson(self) -> LessonItem | None:
        lessons = self.lessons
        return lessons[0] if lessons else None

    def neighbours(self, lesson: Page) -> tuple[LessonItem | None, LessonItem | None]:
        lessons = self.lessons
        for index, item in enumerate(lessons):
            if item.page.pk == lesson.pk:
                previous = lessons[index - 1] if index > 0 else None
                following = lessons[index + 1] if index + 1 < len(lessons) else None
                return previous, following
        return None, None

    def resume_lesson(self) -> LessonItem | None:
        """Where to continue: the last lesson visited if unfinished, else the next unfinished one."""
        lessons = self.lessons
        if not lessons:
            return None
        start = 0
        if self.enrolment and self.enrolment.last_lesson_key:
            for index, item in enumerate(lessons):
                if item.key == self.enrolment.last_lesson_key:
                    if not item.done:
                        return item
                    start = index + 1
                    break
        for item in lessons[start:] + lessons[:start]:
            if not item.done:
                return item
        return lessons[0]


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def course_of(page: Page) -> CoursePage | None:
    """The course a module or lesson belongs to (one query, once per publish generation: ADR 0018)."""
    if not page.pk:
        return CoursePage.objects.ancestor_of(page).first()
    return cached_for_generation(("course-of", page.pk), lambda: CoursePage.objects.ancestor_of(page).first())


def course_structure(*, course: CoursePage) -> CourseOutline:
    """Modules and live lessons of a course in order, nothing marked done (two queries, once per publish
    generation: ADR 0018; each call returns its own copy, free to mark)."""
    if not course.pk:
        return _course_structure(course=course)
    outline = cached_for_generation(("course-structure", course.pk), lambda: _course_structure(course=course))
    outline.course = course  # the caller's instance (a preview's, a revision's), not the stored one
    return outline


def _course_structure(*, course: CoursePage) -> CourseOutline:
    modules = list(ModulePage.objects.child_of(course).live().order_by("path").only(*LIGHT_FIELDS))
    lessons = list(
        LessonPage.objects.descendant_of(course)
        .live()
        .order_by("path")
        .only(*LIGHT_FIELDS, "reading_minutes")
    )
    items = [ModuleItem(page=module, number=index) for index, module in enumerate(modules, start=1)]
    by_path = {item.page.path: item for item in items}
    number = 0
    for lesson in lessons:
        module = by_path.get(lesson.path[: -Page.steplen])
        if module is None:  # a lesson under an unpublished module is not part of the course
            continue
        number += 1
        module.lessons.append(LessonItem(page=lesson, number=number))
    return CourseOutline(course=course, modules=items)


def localized_courses(courses: list[CoursePage]) -> list[CoursePage]:
    """The same courses in the active language where a live translation exists (one query)."""
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return courses
    keys = [course.translation_key for course in courses if course.locale_id != locale.pk]
    if not keys:
        return courses
    translated = {
        page.translation_key: page
        for page in CoursePage.objects.live()
        .filter(translation_key__in=keys, locale=locale)
        .select_related("provider")
    }
    return [translated.get(course.translation_key, course) for course in courses]


def changed_modules(*, course: CoursePage, since) -> list[str]:
    """Translation keys of the course's modules (any language) with anything published after `since`."""
    courses = [course, *course.get_translations()]
    changed: set = set()
    for version in courses:
        modules = {
            m.path: m.translation_key
            for m in ModulePage.objects.child_of(version).live().only("path", "translation_key")
        }
        touched = (
            Page.objects.filter(path__startswith=version.path, depth__gt=version.depth)
            .filter(Q(last_published_at__gt=since) | Q(first_published_at__gt=since))
            .values_list("path", flat=True)
        )
        for path in touched:
            key = modules.get(path[: version.depth * Page.steplen + Page.steplen])
            if key is not None:
                changed.add(key)
    return sorted(str(key) for key in changed)


def record_version(*, course: CoursePage, by=None) -> CourseVersion | None:
    """Note a course version the first time it is published (in any language); None when it is not new.

    The first recorded version of a course is its "initial" one; after that the page's `change_kind`
    (approved by the reviewer with the page) says whether it is minor or major. A major version lists the
    modules changed since the previous version: the part earlier holders retrain on.
    """
    previous = CourseVersion.objects.latest_of(course.translation_key)
    if previous is not None and previous.label == course.version_label:
        return None
    kind = CourseVersion.INITIAL if previous is None else course.change_kind
    version = CourseVersion.objects.create(
        course_key=course.translation_key,
        label=course.version_label,
        kind=kind,
        published_by=by if getattr(by, "is_authenticated", False) else None,
        changed_module_keys=changed_modules(course=course, since=previous.published_at)
        if kind == CourseVersion.MAJOR
        else [],
        grace_days=course.retraining_grace_days,
    )
    record(
        "course.version",
        actor=by,
        target=course,
        organization=course.provider_id,
        after={
            "version": version.label,
            "kind": version.kind,
            "previous": previous.label if previous else None,
            "changed_modules": version.changed_module_keys,
            "retraining_due": version.retraining_due,
        },
    )
    return version


def settle_first_version(*, page: Page) -> None:
    """A page published for the first time while its course has only its first version is part of building
    that version (a package import publishes the course page before its modules and lessons): changes count
    from the last of these. Edits of published pages, and anything after a second version, are changes.
    """
    if page.first_published_at is not None and page.last_published_at != page.first_published_at:
        return
    course = course_of(page)
    if course is None:
        return
    latest = CourseVersion.objects.latest_of(course.translation_key)
    if latest is not None and latest.kind == CourseVersion.INITIAL:
        CourseVersion.objects.filter(pk=latest.pk).update(published_at=timezone.now())


def retraining_due(*, course_key, version_label: str, versions: list[CourseVersion] | None = None):
    """When holders of `version_label` must have retrained, and on which version (None, None if never).

    The earliest major version above theirs decides. `versions` lets a caller that checks many
    certificates fetch the course versions once (`major_versions`).
    """
    mine = version_numbers(version_label)
    candidates = versions if versions is not None else major_versions([course_key]).get(course_key, [])
    for version in candidates:
        if version.course_key == course_key and version_numbers(version.label)[0] > mine[0]:
            return version.retraining_due, version
    return None, None


def major_versions(course_keys) -> dict:
    """The major versions of these courses, oldest first, by course key (one query)."""
    grouped: dict = {}
    for version in CourseVersion.objects.filter(
        course_key__in=list(course_keys), kind=CourseVersion.MAJOR
    ).order_by("published_at", "pk"):
        grouped.setdefault(version.course_key, []).append(version)
    return grouped


@dataclass
class SourceLink:
    """Where a quiz question's source is taught: a lesson section and the entry in its reference list.

    `url` is empty when no lesson of the course cites the source; `citation` is then a short formatted
    reference from the platform's source register (or the bare id when the register does not know it).
    """

    source_id: str
    number: int | None = None
    url: str = ""
    citation: str = ""
    reference_url: str = ""


@dataclass
class SourceSection:
    """One lesson section and the sources of a question it teaches."""

    lesson_title: str
    section_title: str
    url: str
    sources: list[SourceLink] = field(default_factory=list)


def sections_citing(lesson: LessonPage) -> dict[str, tuple[str, str]]:
    """Source id → (heading anchor, heading text) of the first section of `lesson` that cites it."""
    found: dict[str, tuple[str, str]] = {}
    anchor, heading = "", ""
    for block in lesson.body:
        if block.block_type == "heading":
            anchor, heading = f"section-{block.id}", block.value["text"]
            continue
        if block.block_type == "references":
            continue
        text = " ".join(str(part) for part in block.block.get_searchable_content(block.value))
        for source in CITATION.findall(text):
            found.setdefault(source, (anchor, heading))
    return found


class SourceFinder:
    """Finds where a quiz's question sources are taught, for a quiz on `page` (a module or a course):
    lessons under `page` first, then the rest of its course. The lessons are read once (two queries),
    however many questions ask."""

    def __init__(self, page: Page, request=None):
        self.page = page
        self.request = request
        self.language = page.locale.language_code if page.locale_id else "ru"
        self._lessons: list[LessonPage] | None = None
        self._sections: dict[int, dict[str, tuple[str, str]]] = {}

    @property
    def lessons(self) -> list[LessonPage]:
        if self._lessons is None:
            page = self.page.specific
            root = page if isinstance(page, CoursePage) else course_of(page) or page
            lessons = list(LessonPage.objects.descendant_of(root).live().order_by("path"))
            lessons.sort(key=lambda lesson: not lesson.path.startswith(self.page.path))
            self._lessons = lessons
        return self._lessons

    def links(self, sources: list[str]) -> list[SourceSection | SourceLink]:
        """Lesson sections (each with the sources it cites) in the order of `sources`; a source no lesson
        cites comes back as a `SourceLink` with a short citation."""
        groups: dict[tuple[int, str], SourceSection] = {}
        result: list[SourceSection | SourceLink] = []
        for source in dict.fromkeys(sources):
            lesson = next((item for item in self.lessons if source in item.citation_numbers), None)
            if lesson is None:
                citation, reference_url = register_citation(source, self.language)
                result.append(SourceLink(source_id=source, citation=citation, reference_url=reference_url))
                continue
            if lesson.pk not in self._sections:
                self._sections[lesson.pk] = sections_citing(lesson)
            anchor, heading = self._sections[lesson.pk].get(source, ("", ""))
            url = lesson.get_url(self.request) or ""
            key = (lesson.pk, anchor)
            if key not in groups:
                groups[key] = SourceSection(
                    lesson_title=lesson.title,
                    section_title=heading,
                    url=f"{url}#{anchor}" if anchor else url,
                )
                result.append(groups[key])
            groups[key].sources.append(
                SourceLink(
                    source_id=source, number=lesson.citation_numbers[source], url=f"{url}#ref-{source}"
                )
            )
        return result


def source_links(*, page: Page, sources: list[str], request=None) -> list[SourceSection | SourceLink]:
    """Where the `sources` of one question are taught (see `SourceFinder`)."""
    return SourceFinder(page, request).links(sources)
