"""Demo catalog for `load_demo`: the catalog page, the demo university, its small course and a learning path.

The course ("Введение в CAR-T-клеточную терапию" / "Introduction to CAR-T cell therapy") is a course package,
`site/demo/introduction-to-car-t/`, imported like the curriculum in `site/content/` (which `load_demo` loads
only with `curriculum=True`). What the package format cannot say is kept here: the English pages' own slugs,
the course's search descriptions, the tables' captions and the quizzes' review policies.

Like the rest of load_demo it is idempotent: an unchanged package changes nothing, and the catalog, the path
and the overrides below are written only when missing or different.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
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
from courses.packages import import_package, read_package
from courses.roles import ensure_job_roles, ensure_topics

PACKAGE = Path(settings.SITE_DIR) / "demo" / "introduction-to-car-t"
COURSE_SLUG = "vvedenie-v-car-t"  # the package's slug: the Russian pages keep it

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

# -- what the package format cannot express -------------------------------------------------------------

# A package has one slug per page for both languages (its Russian one here); the English pages have their own.
ENGLISH_SLUGS = {
    "vvedenie-v-car-t": "introduction-to-car-t",
    "chto-takoe-car-t-preparat": "what-a-car-t-product-is",
    "car-konstruktsiya-i-regulyatornoe-opredelenie": "car-construct-and-regulatory-definition",
    "odobrennye-car-t-preparaty": "approved-car-t-products",
    "ot-patsienta-k-preparatu": "from-patient-to-product",
    "ot-afereza-do-infuzii": "from-apheresis-to-infusion",
}
# A package's course gets its summary as its search description; the demo course has its own.
SEARCH_DESCRIPTIONS = {
    "ru": (
        "Вводный курс: что такое CAR-T-препарат, какие CAR-T-препараты одобрены и как производят "
        "аутологичный препарат — от афереза до инфузии."
    ),
    "en": (
        "Introductory course: what a CAR-T product is, which CAR-T products are approved and how an "
        "autologous product is made, from apheresis to infusion."
    ),
}
# Markdown tables have no caption: the captions of the lesson's tables, in order, by the lesson's slug.
TABLE_CAPTIONS = {
    "odobrennye-car-t-preparaty": {
        "ru": [
            "CAR-T-препараты, одобренные FDA: первое одобрение (р/р — рецидивирующий или рефрактерный; "
            "ОЛЛ — острый лимфобластный лейкоз; ВККЛ — В-клеточная крупноклеточная лимфома)",
            "Конструкция и процесс четырёх CD19-препаратов",
        ],
        "en": [
            "FDA-approved CAR-T products: first approval (r/r = relapsed or refractory; ALL = acute "
            "lymphoblastic leukaemia; LBCL = large B-cell lymphoma)",
            "Design and process of four CD19 products",
        ],
    },
}
# The package sets a quiz's draw, pass mark, time limit and attempts; the demo shows two review policies.
REVIEW_POLICIES = {False: "full", True: "topics"}  # is_final -> Assessment.review_policy


def _publish(page: Page) -> None:
    page.save_revision().publish()


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


def _move_strays(space_ru, space_en) -> None:
    """Earlier demos kept the course straight under the catalog; it moves into the university's space."""
    for stray in (
        CoursePage.objects.filter(slug__in=(COURSE_SLUG, ENGLISH_SLUGS[COURSE_SLUG]))
        .exclude(path__startswith=space_ru.path)
        .exclude(path__startswith=space_en.path)
    ):
        target = space_ru if stray.locale_id == space_ru.locale_id else space_en
        stray.move(target, pos="last-child")
        CoursePage.objects.get(pk=stray.pk).save_revision().publish()


def _override(page: Page, fields: dict, captions: list[str] | None) -> bool:
    """Give the page's latest revision `fields` (and its tables `captions`), publishing it if that changes it.

    The revision keeps the package's digest, so the next import still finds the page unchanged.
    """
    latest = page.get_latest_revision_as_object()
    changed = {name: value for name, value in fields.items() if getattr(latest, name) != value}
    body = None
    if captions:
        raw = [dict(item) for item in latest.body.raw_data]
        tables = [item for item in raw if item["type"] == "table"]
        if [table["value"].get("table_caption", "") for table in tables] != captions:
            for table, caption in zip(tables, captions, strict=True):
                table["value"] = {**table["value"], "table_caption": caption}
            body = raw
    if not changed and body is None:
        return False
    for name, value in changed.items():
        setattr(latest, name, value)
    if body is not None:
        latest.body = body
    latest.save_revision().publish()
    return True


def _apply_overrides(course_ru: CoursePage, locale_en, report) -> CoursePage:
    """The English slugs, search descriptions and table captions; returns the English course."""
    changed = False
    course_en = course_ru.get_translation(locale_en)
    for language, course in (("ru", course_ru), ("en", course_en)):
        fields = {"search_description": SEARCH_DESCRIPTIONS[language]}
        if language == "en":
            fields["slug"] = ENGLISH_SLUGS[course_ru.slug]
        changed |= _override(course, fields, None)
    for model in (ModulePage, LessonPage):
        for page_ru in model.objects.descendant_of(course_ru).order_by("path"):
            captions = TABLE_CAPTIONS.get(page_ru.slug, {})
            changed |= _override(page_ru, {}, captions.get("ru"))
            page_en = model.objects.get(translation_key=page_ru.translation_key, locale=locale_en)
            changed |= _override(page_en, {"slug": ENGLISH_SLUGS[page_ru.slug]}, captions.get("en"))
    if changed:
        report.add("demo course: English slugs, search descriptions, table captions")
    return CoursePage.objects.get(pk=course_en.pk)


def _ensure_review_policies(courses, report) -> None:
    from assessments.models import Assessment

    pages = [page for course in courses for page in (course, *ModulePage.objects.child_of(course))]
    for assessment in Assessment.objects.filter(page__in=pages).order_by("pk"):
        wanted = REVIEW_POLICIES[assessment.is_final]
        if assessment.review_policy != wanted:
            assessment.review_policy = wanted
            assessment.save_revision().publish()  # published like a reviewed change: the audit trail has it
            report.add(f"review policy of {assessment.title!r}")


def _ensure_course(university, space_ru, space_en, report) -> tuple[CoursePage, CoursePage]:
    _move_strays(space_ru, space_en)
    summary = import_package(read_package(PACKAGE), organization=university, publish=True)
    if summary.created or summary.revised:
        report.add(
            f"course package {PACKAGE.name}: {len(summary.created)} new, {len(summary.revised)} revised"
        )
    course_ru = CoursePage.objects.child_of(space_ru).get(slug=COURSE_SLUG)
    course_en = _apply_overrides(course_ru, space_en.locale, report)
    _ensure_review_policies((course_ru, course_en), report)
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
    university, space_ru, space_en = ensure_demo_university(catalog_ru, catalog_en, report)
    course_ru, course_en = _ensure_course(university, space_ru, space_en, report)
    _ensure_path(catalog_ru, catalog_en, course_ru, course_en, report)
