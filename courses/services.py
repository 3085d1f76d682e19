"""The structure of a course: its modules and live lessons in order, and the course a page belongs to.

Where a trainee stands in a course (enrolment, progress, completion) is the `learning` app's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Locale, Page

from .models import CoursePage, LessonPage, ModulePage

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
    """The course a module or lesson belongs to (one query)."""
    return CoursePage.objects.ancestor_of(page).first()


def course_structure(*, course: CoursePage) -> CourseOutline:
    """Modules and live lessons of a course in order, nothing marked done (two queries)."""
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


