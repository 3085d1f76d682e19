"""The platform's own curriculum in site/content: every package is valid and meets the curriculum's bar."""

import functools
import os
import re
from pathlib import Path

import pytest
import yaml

from courses.packages import CITATION, LANGUAGES, CourseSpec, read_package

CONTENT = Path(__file__).resolve().parents[2] / "site" / "content"
FACTS = Path(os.environ.get("CURRICULUM_FACTS", "/work/shared/curriculum/facts.md"))
MODULE_FOLDER = re.compile(r"^\d{2}-[a-z0-9-]+$")
ROLES = {"operator", "qc", "qa", "ra", "clinical"}

MIN_LESSONS = 2
MIN_WORDS_PER_LANGUAGE = 800  # per module, counted as LessonSpec.words does
MIN_QUESTIONS = 15
QUIZ_DRAW = 10
QUIZ_PASS_MARK = 80
CERTIFICATE_VALIDITY_MONTHS = 24

COURSES = sorted(path.parent for path in CONTENT.glob("*/course.yaml"))
MODULES = [
    (course, folder)
    for course in COURSES
    for folder in sorted(course.iterdir())
    if folder.is_dir() and MODULE_FOLDER.match(folder.name)
]


def _course_ids(path: Path) -> str:
    return path.name


@functools.cache
def course_spec(course: Path) -> CourseSpec:
    """The package read once per test session (read_package queries job roles and topics: needs the DB)."""
    return read_package(course)


def module_spec(course: Path, folder: Path):
    slug = folder.name[3:]
    [module] = [module for module in course_spec(course).modules if module.slug == slug]
    return module


@functools.cache
def register() -> frozenset[str]:
    """Source ids of the fact base's "Source register" table, with the sub-ids its rows name (S8b …)."""
    ids = set()
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| (S\d+) \|(.*)$", line)
        if match:
            ids.add(match.group(1))
            ids.update(re.findall(rf"\b({match.group(1)}[a-z])\b", match.group(2)))
    return frozenset(ids)


def test_the_source_register_is_parsed():
    ids = register()
    assert {"S1", "S18", "S104", "S118", "S8b"} <= ids
    assert "S94" not in ids
    assert len(ids) > 100


def test_the_curriculum_has_four_courses_and_thirteen_modules():
    assert len(COURSES) >= 4
    assert len(MODULES) == 13
    assert {course.name for course in COURSES} >= {
        "car-t-fundamentals",
        "car-t-manufacturing-qc",
        "gmp-for-atmp",
        "regulation-russia-eaeu",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("course", COURSES, ids=_course_ids)
def test_the_package_reads_without_problems(course):
    spec = course_spec(course)  # raises PackageError listing FILE:LINE problems

    assert spec.slug == course.name
    assert [module.slug for module in spec.modules] == [
        folder.name[3:] for parent, folder in MODULES if parent == course
    ]
    assert set(spec.audience) <= ROLES
    assert spec.audience


@pytest.mark.django_db
def test_the_packages_hold_thirteen_modules_in_all():
    assert sum(len(course_spec(course).modules) for course in COURSES) == 13


@pytest.mark.django_db
@pytest.mark.parametrize("course", COURSES, ids=_course_ids)
def test_the_course_has_a_final_exam_and_certificates_valid_24_months(course):
    spec = course_spec(course)

    assert spec.final_exam is not None
    assert spec.final_exam.draw >= QUIZ_DRAW
    assert spec.final_exam.pass_mark == QUIZ_PASS_MARK
    assert spec.shared["certificate_validity_months"] == CERTIFICATE_VALIDITY_MONTHS
    for language in LANGUAGES:
        assert spec.fields[language]["title"]
        assert spec.fields[language]["summary"]


@pytest.mark.django_db
@pytest.mark.parametrize("course", COURSES, ids=_course_ids)
def test_the_course_asks_numeric_matching_and_ordering_questions(course):
    spec = course_spec(course)

    for language in LANGUAGES:
        kinds = {question.kind for module in spec.modules for question in module.questions[language]}
        missing = {"numeric", "matching", "ordering"} - kinds
        assert not missing, f"{language}: no {', '.join(sorted(missing))} question"


def _module_id(item) -> str:
    course, folder = item
    return f"{course.name}/{folder.name}"


MODULE_IDS = [_module_id(item) for item in MODULES]


@pytest.mark.django_db
@pytest.mark.parametrize(("course", "folder"), MODULES, ids=MODULE_IDS)
def test_the_module_has_its_lessons_in_both_languages(course, folder):
    module = module_spec(course, folder)

    stems = {path.name.rsplit(".", 2)[0] for path in folder.glob("*.md")}
    for stem in stems:
        for language in LANGUAGES:
            assert (folder / f"{stem}.{language}.md").is_file(), f"{stem}.{language}.md is missing"
    assert len(module.lessons) == len(stems)
    assert len(module.lessons) >= MIN_LESSONS
    for lesson in module.lessons:
        assert set(lesson.fields) == set(LANGUAGES), lesson.slug
        assert set(lesson.words) == set(LANGUAGES), lesson.slug
        for language in LANGUAGES:
            assert lesson.fields[language]["title"], (lesson.slug, language)
            assert lesson.fields[language]["body"], (lesson.slug, language)


@pytest.mark.django_db
@pytest.mark.parametrize(("course", "folder"), MODULES, ids=MODULE_IDS)
def test_the_module_is_long_enough_and_has_references(course, folder):
    module = module_spec(course, folder)

    for language in LANGUAGES:
        words = sum(lesson.words[language] for lesson in module.lessons)
        assert words >= MIN_WORDS_PER_LANGUAGE, f"{language}: {words} words"
    assert module.has_references == {"ru": True, "en": True}
    for language in LANGUAGES:
        blocks = [
            block
            for lesson in module.lessons
            for block in lesson.fields[language]["body"]
            if block["type"] == "references"
        ]
        assert blocks, language
        cited = {item["source_id"] for block in blocks for item in block["value"]["items"]}
        assert cited <= register(), f"{language}: {sorted(cited - register())} not in the fact base"


@pytest.mark.django_db
@pytest.mark.parametrize(("course", "folder"), MODULES, ids=MODULE_IDS)
def test_the_module_bank_is_big_enough_and_cites_the_fact_base(course, folder):
    module = module_spec(course, folder)

    for language in LANGUAGES:
        questions = module.questions[language]
        assert len(questions) >= MIN_QUESTIONS, f"{language}: {len(questions)} questions"
        uncited = [
            question.name
            for question in questions
            if not set(CITATION.findall(question.general_feedback)) & register()
        ]
        assert not uncited, f"{language}: general feedback cites no source of the register: {uncited}"


@pytest.mark.django_db
@pytest.mark.parametrize(("course", "folder"), MODULES, ids=MODULE_IDS)
def test_the_module_has_a_quiz_of_ten_with_pass_mark_80(course, folder):
    module = module_spec(course, folder)

    assert module.quiz is not None
    assert (module.quiz.draw, module.quiz.pass_mark) == (QUIZ_DRAW, QUIZ_PASS_MARK)
    assert set(module.banks) == set(LANGUAGES)


def _glossary() -> dict:
    return yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))


def test_the_glossary_has_both_languages_for_every_term():
    glossary = _glossary()

    assert len(glossary) >= 10
    for key, entry in glossary.items():
        for language in LANGUAGES:
            assert entry[language]["term"].strip(), (key, language)
            assert entry[language]["definition"].strip(), (key, language)


@pytest.mark.django_db
def test_every_glossary_term_used_in_a_lesson_exists():
    glossary = _glossary()
    used = {
        match.group(1)
        for path in CONTENT.glob("*/*/*.md")
        for match in re.finditer(r"^:::\s*term\s+(\S+)", path.read_text(encoding="utf-8"), re.M)
    }
    anchors = {
        block["value"]["anchor"]
        for course in COURSES
        for module in course_spec(course).modules
        for lesson in module.lessons
        for language in LANGUAGES
        for block in lesson.fields[language]["body"]
        if block["type"] == "glossary"
    }

    assert used
    assert used <= set(glossary), sorted(used - set(glossary))
    assert anchors == used


def test_the_learning_paths_cover_the_five_roles_with_existing_courses():
    paths = yaml.safe_load((CONTENT / "paths.yaml").read_text(encoding="utf-8"))
    slugs = {
        yaml.safe_load((course / "course.yaml").read_text(encoding="utf-8"))["slug"] for course in COURSES
    }

    assert set(paths) == ROLES
    for role, path in paths.items():
        assert path["courses"], role
        assert set(path["courses"]) <= slugs, (role, sorted(set(path["courses"]) - slugs))
        assert len(path["courses"]) == len(set(path["courses"])), role
        for language in LANGUAGES:
            assert path["title"][language].strip(), (role, language)
            assert path["summary"][language].strip(), (role, language)
