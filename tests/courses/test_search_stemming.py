"""Site search stems Russian and English words on both databases, and says where a lesson is (issue 15).

PostgreSQL stems with its `russian` text-search configuration; SQLite indexes Snowball stems that the search
page's words are stemmed to as well (base/stemming.py, docs/decisions/0014-search-stemming.md). These tests
run unchanged on both: CI runs the suite on PostgreSQL and on SQLite.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.api import query_stems, stem, stem_text
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.search import highlight
from tests.courses.conftest import provider_named


def add_course(catalog, *, title: str, module: str, bodies: dict[str, str]) -> dict[str, LessonPage]:
    """A live course with one module whose lessons have the given titles and paragraph texts."""
    course = CoursePage(
        title=title, summary="Курс для поиска", provider=provider_named("Учебный центр"), estimated_hours=1
    )
    catalog.add_child(instance=course)
    module_page = ModulePage(title=module)
    course.add_child(instance=module_page)
    lessons = {}
    for lesson_title, text in bodies.items():
        lesson = LessonPage(title=lesson_title, body=[{"type": "paragraph", "value": f"<p>{text}</p>"}])
        module_page.add_child(instance=lesson)
        lessons[lesson_title] = lesson
    return lessons


def found(client, language: str, q: str) -> tuple[set[str], BeautifulSoup]:
    response = client.get(f"/{language}/search/", {"q": q})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {a["href"] for a in page.select(".search-results h2 a")}, page


@pytest.fixture
def russian_lessons(catalog):
    return add_course(
        catalog,
        title="Заготовка клеток",
        module="Исходный материал",
        bodies={
            "Урок А": "Процедуру лейкаферез проводят в отделении афереза.",
            "Урок Б": "Продукт лейкафереза доставляют на производство в охлаждённом контейнере.",
            "Урок В": "Клетки, полученные лейкаферезом, маркируют кодом пациента.",
            "Урок Г": "Криоконсервация проходит в контролируемом режиме.",
        },
    )


@pytest.fixture
def english_lessons(demo_site):
    catalog = CourseIndexPage.objects.get(locale__language_code="en")
    return add_course(
        catalog,
        title="Making the product",
        module="The process",
        bodies={
            "Lesson A": "Sites manufacture the product under GMP.",
            "Lesson B": "Manufacturing starts when the apheresis product arrives.",
            "Lesson C": "Each batch is manufactured for one patient.",
            "Lesson D": "Cryopreservation follows a controlled-rate profile.",
        },
    )


@pytest.mark.django_db
def test_russian_word_forms_find_the_same_lessons(client, russian_lessons):
    wanted = {russian_lessons[title].url for title in ("Урок А", "Урок Б", "Урок В")}
    results = {q: found(client, "ru", q)[0] for q in ("лейкаферез", "лейкафереза", "лейкаферезом")}
    assert wanted <= results["лейкаферез"], results
    assert results["лейкаферез"] == results["лейкафереза"] == results["лейкаферезом"]
    assert russian_lessons["Урок Г"].url not in results["лейкаферез"]


@pytest.mark.django_db
def test_english_word_forms_find_the_same_lessons(client, english_lessons):
    wanted = {english_lessons[title].url for title in ("Lesson A", "Lesson B", "Lesson C")}
    results = {q: found(client, "en", q)[0] for q in ("manufacture", "manufacturing", "Manufactured")}
    assert wanted <= results["manufacture"], results
    assert results["manufacture"] == results["manufacturing"] == results["Manufactured"]
    assert english_lessons["Lesson D"].url not in results["manufacture"]
    assert all(href.startswith("/en/") for href in results["manufacture"])


@pytest.mark.django_db
def test_every_word_of_a_query_must_be_found_in_some_form(client, russian_lessons):
    hrefs, _page = found(client, "ru", "лейкафереза контейнерах")
    assert hrefs == {russian_lessons["Урок Б"].url}


@pytest.mark.django_db
def test_a_lesson_result_names_its_course_and_module(client, russian_lessons):
    _hrefs, page = found(client, "ru", "лейкаферезом")
    lesson = russian_lessons["Урок В"]
    item = next(li for li in page.select(".search-results li") if li.select_one(f'h2 a[href="{lesson.url}"]'))
    assert item.select_one(".search-where").get_text(strip=True) == "Заготовка клеток · Исходный материал"
    assert [mark.text for mark in item.select("mark")] == ["лейкаферезом"]


@pytest.mark.django_db
def test_a_course_result_has_no_course_line(client, russian_lessons):
    _hrefs, page = found(client, "ru", "Заготовка")
    course = CoursePage.objects.get(title="Заготовка клеток")
    item = next(li for li in page.select(".search-results li") if li.select_one(f'h2 a[href="{course.url}"]'))
    assert item.select_one(".card-eyebrow").get_text(strip=True) == "Курс"
    assert item.select_one(".search-where") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    ['"лейкафереза"', 'лейкафереза"', "лейкафереза*", "(лейкафереза)", "^лейкафереза:", "лейкафереза'; --"],
)
def test_search_syntax_around_an_inflected_word_is_read_as_words(client, russian_lessons, q):
    hrefs, _page = found(client, "ru", q)
    assert russian_lessons["Урок Б"].url in hrefs


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["(лейкафереза) OR", "лейкафереза AND NOT", "the лейкафереза и"])
def test_stop_words_in_a_query_are_left_out_as_postgresql_does(client, russian_lessons, q):
    hrefs, _page = found(client, "ru", q)
    assert hrefs == found(client, "ru", "лейкафереза")[0]
    assert russian_lessons["Урок Б"].url in hrefs


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["лейкафереза NEAR(b c)", "лейкафереза контейнерами холодильник"])
def test_every_other_word_of_a_query_must_be_found(client, russian_lessons, q):
    hrefs, _page = found(client, "ru", q)
    assert hrefs == set()


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "-", "- -", "*", "()", "и", "the or"])
def test_a_query_of_stop_words_or_no_words_finds_nothing(client, russian_lessons, q):
    response = client.get("/ru/search/", {"q": q})
    assert response.status_code == 200
    assert not BeautifulSoup(response.content, "html.parser").select(".search-results li")


def test_stems_of_both_languages():
    assert {stem(word) for word in ("лейкаферез", "лейкафереза", "лейкаферезом", "ЛЕЙКАФЕРЕЗЕ")} == {
        "лейкаферез"
    }
    assert {stem(word) for word in ("manufacture", "manufacturing", "Manufactured")} == {"manufactur"}
    assert stem("лимфоциты") != stem("лимфома")
    assert stem_text("CAR-T клетки, manufacturing_line") == "car t клетк manufactur line"
    assert query_stems("Клетки и the лейкаферезом") == "клетк лейкаферез"


def test_highlight_marks_every_form_of_the_query_words_and_escapes_the_rest():
    html = highlight("Лейкаферез <b>и</b> продукт лейкафереза; manufacturing.", "лейкаферезом и manufacture")
    assert html == (
        "<mark>Лейкаферез</mark> &lt;b&gt;и&lt;/b&gt; продукт <mark>лейкафереза</mark>; "
        "<mark>manufacturing</mark>."
    )


def search_queries(client, q: str) -> tuple[int, int]:
    client.get("/ru/search/", {"q": q})  # warm the caches meant to be warm (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        hrefs, _page = found(client, "ru", q)
    return len(captured), len(hrefs)


@pytest.mark.django_db
def test_search_queries_at_3_and_30_lessons_in_as_many_courses(client, catalog):
    def grow(total: int) -> None:
        existing = CoursePage.objects.filter(title__startswith="Курс поиска ").count()
        for index in range(existing, total):
            add_course(
                catalog,
                title=f"Курс поиска {index:02d}",
                module=f"Модуль {index:02d}",
                bodies={f"Урок {index:02d}": "Материал лейкафереза проверяют при приёмке."},
            )

    grow(3)
    small, shown_small = search_queries(client, "лейкаферезом")
    grow(30)
    large, shown_large = search_queries(client, "лейкаферезом")
    print(f"search: {small} queries for {shown_small} results shown, {large} for {shown_large}")
    assert shown_small < shown_large == 10  # one page of results; more shown must not mean more queries
    assert small == large
