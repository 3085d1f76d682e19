"""Catalog, course, lesson and dashboard: the same number of queries at 5 and at 50 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, DrawRule
from courses.models import CoursePage, LessonPage, ModulePage
from learning.services import enrol
from tests.assessments.conftest import make_bank, pass_attempt
from tests.conftest import read_lesson
from tests.courses.conftest import build_course


def queries_for(client, path: str) -> int:
    client.get(path)  # warm the caches meant to be warm (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def grow_catalog(catalog, total: int, user=None) -> None:
    existing = CoursePage.objects.filter(title__startswith="Курс ").count()
    for index in range(existing, total):
        course = build_course(catalog, title=f"Курс {index:03d}", lessons=1)
        if user is not None:
            enrol(user=user, course=course)
            lesson = LessonPage.objects.descendant_of(course).first()
            read_lesson(user=user, lesson=lesson)


@pytest.mark.django_db
def test_catalog_queries_at_5_and_50_courses(client, trainee, catalog):
    client.force_login(trainee)
    grow_catalog(catalog, 5, user=trainee)
    small = queries_for(client, catalog.url)
    grow_catalog(catalog, 50, user=trainee)
    large = queries_for(client, catalog.url)
    assert client.get(catalog.url).content.decode().count("course-card") == 12  # a full page of cards
    print(f"catalog: {small} queries at 5 courses, {large} at 50")
    assert small == large


@pytest.mark.django_db
def test_dashboard_queries_at_5_and_50_enrolments(client, trainee, catalog):
    client.force_login(trainee)
    grow_catalog(catalog, 5, user=trainee)
    small = queries_for(client, "/ru/dashboard/")
    grow_catalog(catalog, 50, user=trainee)
    large = queries_for(client, "/ru/dashboard/")
    assert client.get("/ru/dashboard/").content.decode().count('class="card"') >= 50
    print(f"dashboard: {small} queries at 5 enrolments, {large} at 50")
    assert small == large


def course_with_lessons(catalog, lessons: int) -> CoursePage:
    return build_course(catalog, title=f"Большой курс {lessons}", modules=5, lessons=lessons // 5)


@pytest.mark.django_db
def test_course_and_lesson_queries_at_5_and_50_lessons(client, trainee, catalog):
    client.force_login(trainee)
    counts = {}
    for size in (5, 50):
        course = course_with_lessons(catalog, size)
        enrol(user=trainee, course=course)
        lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
        assert len(lessons) == size
        for lesson in lessons[: size // 2]:
            read_lesson(user=trainee, lesson=lesson)
        counts[size] = (
            queries_for(client, course.url),
            queries_for(client, lessons[size // 2].url),
            queries_for(client, lessons[size // 2].get_parent().url),
        )
    print(f"course page: {counts[5][0]} / {counts[50][0]} queries;", end=" ")
    print(f"lesson page: {counts[5][1]} / {counts[50][1]};", end=" ")
    print(f"module page: {counts[5][2]} / {counts[50][2]}")
    assert counts[5] == counts[50]
    assert max(counts[50]) <= 12, counts[50]


@pytest.mark.django_db
def test_enrolled_pages_with_quizzes_make_few_queries_at_5_and_50_lessons(client, trainee, catalog):
    """An enrolled trainee with lessons done and a quiz passed, on a course with a quiz in every module and a
    final exam: the same few queries (session, user, site, locale, page, enrolment, completions, attempts;
    the lesson also records the visit) at 5 and at 50 lessons, on warm per-publish caches (ADR 0018)."""
    client.force_login(trainee)
    counts = {}
    for size in (5, 50):
        course = course_with_lessons(catalog, size)
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        quizzes = []
        for number, module in enumerate(modules):
            quiz = Assessment.objects.create(title=f"Тест {number}", page=module, pass_mark=50)
            DrawRule.objects.create(
                assessment=quiz, bank=make_bank(f"Банк {size} {number}", kinds=("single",)), count=1
            )
            quizzes.append(quiz)
        Assessment.objects.create(title="Экзамен", page=course, pass_mark=50, is_final=True)
        enrol(user=trainee, course=course)
        lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
        for lesson in lessons[: size // 2]:
            read_lesson(user=trainee, lesson=lesson)
        pass_attempt(trainee, quizzes[0])
        counts[size] = {
            "course": queries_for(client, course.url),
            "lesson": queries_for(client, lessons[size // 2].url),
            "module": queries_for(client, modules[0].url),
        }
        html = client.get(course.url).content.decode()
        assert html.count('data-quiz-state="passed"') == 1, "the trainee's own quiz state is on the page"
    print(f"enrolled with quizzes: {counts}")
    assert counts[5] == counts[50]
    for name, count in counts[50].items():
        assert count <= 12, (name, count)


def anonymous_queries(client, path: str) -> tuple[int, int]:
    """Queries for a signed-out visitor: a page-cache miss with the per-publish caches (navigation, outline,
    facets) warm, then the stored page (base.pagecache, ADR 0018)."""
    client.get(path)  # fills the per-publish caches
    fresh = f"{path}?view=1"  # not stored yet: a page-cache miss
    with CaptureQueriesContext(connection) as miss:
        response = client.get(fresh)
    assert response.status_code == 200, path
    assert response.headers.get("X-Page-Cache") == "miss", path
    with CaptureQueriesContext(connection) as hit:
        response = client.get(fresh)
    assert response.headers.get("X-Page-Cache") == "hit", path
    return len(miss), len(hit)


@pytest.mark.django_db
def test_signed_out_queries_are_few_and_flat(client, catalog):
    counts = {}
    for size in (5, 50):
        grow_catalog(catalog, size)
        course = course_with_lessons(catalog, size)
        first_lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
        counts[size] = {
            "catalog": anonymous_queries(client, catalog.url),
            "course": anonymous_queries(client, course.url),
            "lesson": anonymous_queries(client, first_lesson.url),
            "module": anonymous_queries(client, first_lesson.get_parent().url),
            "home": anonymous_queries(client, "/ru/"),
        }
    print(f"signed out (miss, hit): {counts}")
    assert counts[5] == counts[50]
    for name, (miss, hit) in counts[50].items():
        assert miss <= 12, (name, miss)
        assert hit == 0, (name, hit)
