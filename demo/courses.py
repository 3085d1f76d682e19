"""Demo catalog for `load_demo`: the catalog page, one small course (ru and en) and a learning path.

Like the rest of load_demo, everything is created only when missing, so a second run changes nothing.
"""

from __future__ import annotations

from wagtail.models import Page

from courses.models import (
    CourseIndexPage,
    CoursePage,
    JobRole,
    LearningPathCourse,
    LearningPathPage,
    LessonPage,
    ModulePage,
    Topic,
)
from courses.roles import ensure_job_roles, ensure_topics

from . import course_content as demo_content

CATALOG = {
    "ru": {
        "title": "Каталог курсов",
        "slug": "kursy",
        "intro": (
            "Курсы по производству CAR-T-препаратов, GMP и регулированию — для каждой роли на производстве."
        ),
    },
    "en": {
        "title": "Course catalog",
        "slug": "courses",
        "intro": (
            "Courses on CAR-T manufacturing, GMP and regulation — for every role on the production floor."
        ),
    },
}
PATH = {
    "ru": {
        "title": "Оператор производства CAR-T",
        "slug": "put-operatora",
        "summary": "С чего начать оператору: что такое CAR-T-препарат и как он производится.",
    },
    "en": {
        "title": "CAR-T manufacturing operator",
        "slug": "operator-path",
        "summary": "Where an operator starts: what a CAR-T product is and how it is made.",
    },
}


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _stream(items) -> list[dict]:
    stream = []
    for kind, value in items:
        if kind == "table":
            value = {
                "data": [value["header"], *value["rows"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": value.get("caption", ""),
            }
        stream.append({"type": kind, "value": value})
    return stream


def _translate(page: Page, locale, fields: dict) -> Page:
    """The translation of `page` into `locale`, created from a copy and published when missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    _publish(copy)
    return copy


def _course_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "search_description": content["seo_description"],
        "summary": content["summary"],
        "objectives": "\n".join(content["objectives"]),
        "prerequisites": "\n".join(content["prerequisites"]),
    }


def _module_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "summary": content["summary"],
        "objectives": "\n".join(content["objectives"]),
    }


def _lesson_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "summary": content["summary"],
        "body": _stream(content["body"]),
        "is_sop": content.get("sop", False),
        "sop_reference": content.get("sop_reference", ""),
    }


def _ensure_catalog(home_ru, home_en, report) -> tuple[CourseIndexPage, CourseIndexPage]:
    catalog_ru = CourseIndexPage.objects.child_of(home_ru).first()
    if catalog_ru is None:
        # Not in the page menu: the header links the catalog through its stable route (courses:catalog).
        catalog_ru = CourseIndexPage(**CATALOG["ru"])
        home_ru.add_child(instance=catalog_ru)
        _publish(catalog_ru)
        report.add("course catalog (ru)")
    had_en = catalog_ru.get_translation_or_none(home_en.locale) is not None
    catalog_en = _translate(catalog_ru, home_en.locale, CATALOG["en"])
    if not had_en:
        report.add("course catalog (en)")
    return catalog_ru, catalog_en


UNIVERSITY = {
    "slug": "demo-university",
    "kind": "university",
    "name_ru": "Демонстрационный университет клеточных технологий",
    "name_en": "Demo University of Cell Technologies",
    "signatory_name": "Н. П. Сергеева",
    "signatory_title": "Проректор по образованию · Vice-rector for education",
}


def ensure_demo_university(catalog_ru, catalog_en, report):
    """The fictional university that publishes the demo courses, with its space in both locales."""
    from courses.spaces import ensure_publisher_space, space_page_for
    from people.models import Organization

    university, created = Organization.objects.get_or_create(
        slug=UNIVERSITY["slug"], defaults={k: v for k, v in UNIVERSITY.items() if k != "slug"}
    )
    if created:
        report.add("organisation demo-university")
    ensure_publisher_space(university)
    return (
        university,
        space_page_for(university, catalog_ru.locale),
        space_page_for(university, catalog_en.locale),
    )


def _ensure_course(space_ru, space_en, report) -> tuple[CoursePage, CoursePage]:
    data = demo_content.COURSE
    ru, en = data["ru"], data["en"]
    catalog_en = space_en
    # Earlier demos kept the course straight under the catalog; it moves into the university's space.
    for stray in (
        CoursePage.objects.filter(slug__in=(ru["slug"], en["slug"]))
        .exclude(path__startswith=space_ru.path)
        .exclude(path__startswith=space_en.path)
    ):
        target = space_ru if stray.locale_id == space_ru.locale_id else space_en
        stray.move(target, pos="last-child")
        CoursePage.objects.get(pk=stray.pk).save_revision().publish()
    course_ru = CoursePage.objects.child_of(space_ru).filter(slug=ru["slug"]).first()
    if course_ru is None:
        course_ru = CoursePage(
            estimated_hours=data["hours"],
            level=data["level"],
            version_label=data["version"],
            certificate_validity_months=data["validity_months"],
            **_course_fields(ru),
        )
        course_ru.audience_roles = list(JobRole.objects.filter(code__in=data["roles"]))
        course_ru.topics = list(Topic.objects.filter(slug__in=data["topics"]))
        space_ru.add_child(instance=course_ru)
        _publish(course_ru)
        for module_content in ru["modules"]:
            module = ModulePage(**_module_fields(module_content))
            course_ru.add_child(instance=module)
            _publish(module)
            for lesson_content in module_content["lessons"]:
                lesson = LessonPage(**_lesson_fields(lesson_content))
                module.add_child(instance=lesson)
                _publish(lesson)
        report.add(f"course {ru['slug']} (ru)")

    had_en = course_ru.get_translation_or_none(catalog_en.locale) is not None
    course_en = _translate(course_ru, catalog_en.locale, _course_fields(en))
    modules_ru = ModulePage.objects.child_of(course_ru).order_by("path")
    for module_ru, module_content in zip(modules_ru, en["modules"], strict=False):
        _translate(module_ru, catalog_en.locale, _module_fields(module_content))
        lessons_ru = LessonPage.objects.child_of(module_ru).order_by("path")
        for lesson_ru, lesson_content in zip(lessons_ru, module_content["lessons"], strict=False):
            _translate(lesson_ru, catalog_en.locale, _lesson_fields(lesson_content))
    if not had_en:
        report.add(f"course {en['slug']} (en)")
    return course_ru, course_en


def _ensure_path(catalog_ru, catalog_en, course_ru, course_en, report) -> None:
    path_ru = LearningPathPage.objects.child_of(catalog_ru).filter(slug=PATH["ru"]["slug"]).first()
    if path_ru is None:
        path_ru = LearningPathPage(role=JobRole.objects.get(code="operator"), **PATH["ru"])
        path_ru.path_courses = [LearningPathCourse(course=course_ru)]
        catalog_ru.add_child(instance=path_ru)
        _publish(path_ru)
        report.add("learning path (ru)")
    if path_ru.get_translation_or_none(catalog_en.locale) is None:
        _translate(
            path_ru, catalog_en.locale, {**PATH["en"], "path_courses": [LearningPathCourse(course=course_en)]}
        )
        report.add("learning path (en)")


def load_course_demo(*, home_ru, home_en, report) -> None:
    if ensure_job_roles(JobRole):
        report.add("job roles")
    if ensure_topics(Topic):
        report.add("topics")
    catalog_ru, catalog_en = _ensure_catalog(home_ru, home_en, report)
    _university, space_ru, space_en = ensure_demo_university(catalog_ru, catalog_en, report)
    course_ru, course_en = _ensure_course(space_ru, space_en, report)
    _ensure_path(catalog_ru, catalog_en, course_ru, course_en, report)

    from .assessments import load_assessment_demo

    load_assessment_demo(course_ru=course_ru, course_en=course_en, report=report)
