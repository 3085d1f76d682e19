import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from courses.models import CourseIndexPage
from learning.models import Enrolment, LessonCompletion
from learning.services import enrol


def url(name, language="ru", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
def test_catalog_route_leads_to_the_catalog_in_each_language(client, demo_site):
    assert client.get(url("courses:catalog")).url == "/ru/kursy/"
    assert client.get(url("courses:catalog", "en")).url == "/en/courses/"


@pytest.mark.django_db
def test_catalog_route_keeps_the_filters(client, demo_site):
    assert client.get(url("courses:catalog") + "?role=qc&q=").url == "/ru/kursy/?role=qc&q="


@pytest.mark.django_db
def test_catalog_shows_course_cards_with_languages_and_roles(client, demo_course):
    page = BeautifulSoup(client.get("/ru/kursy/").content, "html.parser")
    card = page.select_one(".course-card")
    assert demo_course.title in card.text
    assert {badge.text for badge in card.select(".lang-badge")} == {"RU", "EN"}
    assert "Оператор производства" in card.text
    assert page.select_one('.paths a[href="/ru/kursy/put-operatora/"]')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("topic=no-such-topic", "Такой темы нет"),
        ("role=astronaut", "Такой роли нет"),
        ("provider=Nobody", "Такого провайдера нет"),
        ("page=999", "Страницы 999 нет"),
        ("page=abc", "Страницы abc нет"),
        ("q=" + "x" * 1000, "сокращён"),
    ],
)
def test_catalog_answers_bad_input_clearly(client, demo_course, query, notice):
    response = client.get(f"/ru/kursy/?{query}")
    assert response.status_code == 200
    assert notice in response.content.decode()


@pytest.mark.django_db
def test_catalog_filters_by_role_topic_and_provider(client, catalog, demo_course):
    from tests.courses.conftest import build_course, provider_named

    build_course(
        catalog, title="Аналитика ОКК", roles=("qc",), topics=("quality-control",), provider="Другой центр"
    )

    def titles(query):
        page = BeautifulSoup(client.get(f"/ru/kursy/?{query}").content, "html.parser")
        return {h.text.strip() for h in page.select(".course-card h3")}

    assert titles("role=qc") == {"Аналитика ОКК", demo_course.title}
    assert titles("role=qc&topic=quality-control") == {"Аналитика ОКК"}
    assert titles(f"provider={provider_named('Другой центр').slug}") == {"Аналитика ОКК"}
    assert titles("q=ОКК") == {"Аналитика ОКК"}


@pytest.mark.django_db
def test_enrol_then_complete_lessons_without_javascript(client, trainee, demo_course, demo_lessons):
    client.force_login(trainee)
    response = client.post(url("learning:enrol", page_id=demo_course.pk))
    assert response.status_code == 302 and response["Location"] == demo_lessons[0].url
    # Confirming a lesson one never opened is refused: back to the lesson, nothing recorded.
    refused = client.post(url("learning:complete_lesson", page_id=demo_lessons[1].pk), follow=True)
    assert refused.redirect_chain[-1][0] == demo_lessons[1].url
    assert "Откройте урок" in refused.content.decode() and not LessonCompletion.objects.exists()
    page = BeautifulSoup(client.get(demo_lessons[0].url).content, "html.parser")
    assert page.select_one(".lesson-end button").text.strip() == "Я прочитал(а) и понял(а)"
    response = client.post(url("learning:complete_lesson", page_id=demo_lessons[0].pk))
    assert response.status_code == 302 and response["Location"] == demo_lessons[1].url
    assert LessonCompletion.objects.filter(user=trainee).count() == 1
    page = BeautifulSoup(client.get(demo_course.url).content, "html.parser")
    assert page.select_one(".course-action .progress")["aria-valuenow"] == "33"


@pytest.mark.django_db
def test_complete_answers_json_for_the_script(client, trainee, demo_course, demo_lessons):
    enrol(user=trainee, course=demo_course)
    client.force_login(trainee)
    complete = url("learning:complete_lesson", page_id=demo_lessons[0].pk)
    unopened = client.post(complete, {"via": "scroll"}, HTTP_ACCEPT="application/json")
    assert unopened.status_code == 409 and json.loads(unopened.content)["status"] == "not_opened"
    client.get(demo_lessons[0].url)
    response = client.post(complete, {"via": "scroll"}, HTTP_ACCEPT="application/json")
    data = json.loads(response.content)
    assert (data["status"], data["done"], data["total"], data["percent"]) == ("completed", 1, 3, 33)
    assert data["progress_text"] == "Пройдено уроков: 1 из 3 · 33%"
    completion = LessonCompletion.objects.get(user=trainee)
    assert completion.via == "confirm" and completion.opened_at is not None  # "scroll" is no longer taken


@pytest.mark.django_db
def test_completing_a_lesson_of_a_course_one_is_not_enrolled_in(client, trainee, demo_lessons):
    client.force_login(trainee)
    response = client.post(url("learning:complete_lesson", page_id=demo_lessons[1].pk))
    assert response.status_code == 403
    assert "Запишитесь на курс" in response.content.decode()
    json_response = client.post(
        url("learning:complete_lesson", page_id=demo_lessons[1].pk), HTTP_ACCEPT="application/json"
    )
    assert json_response.status_code == 403 and json.loads(json_response.content) == {
        "status": "not_enrolled"
    }
    assert not LessonCompletion.objects.exists()


@pytest.mark.django_db
def test_completion_endpoints_refuse_get_and_anonymous(client, demo_lessons, trainee):
    assert client.post(url("learning:complete_lesson", page_id=demo_lessons[0].pk)).status_code == 302
    client.force_login(trainee)
    assert client.get(url("learning:complete_lesson", page_id=demo_lessons[0].pk)).status_code == 405
    assert client.post(url("learning:complete_lesson", page_id=999999)).status_code == 404


@pytest.mark.django_db
def test_dashboard_lists_my_courses_paths_and_placeholders(client, trainee, demo_course, demo_lessons):
    client.force_login(trainee)
    empty = client.get(url("learning:dashboard")).content.decode()
    assert "Вы пока не записаны ни на один курс." in empty
    enrol(user=trainee, course=demo_course)
    client.get(demo_lessons[0].url)
    client.post(url("learning:complete_lesson", page_id=demo_lessons[0].pk))
    page = BeautifulSoup(client.get(url("learning:dashboard", "en")).content, "html.parser")
    cards = page.select("#my-courses + .dashboard-list .card")
    assert len(cards) == 1 and "33" in cards[0].select_one(".progress")["aria-valuenow"]
    assert "CAR-T manufacturing operator" in page.text
    assert page.select_one("#my-certificates") and page.select_one("#renewals")


@pytest.mark.django_db
def test_dashboard_needs_sign_in(client, demo_site):
    assert client.get(url("learning:dashboard")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("ru", "лимфоциты"), ("en", "lymphocytes")])
def test_search_finds_the_demo_lesson_by_a_word_in_its_body(client, demo_lessons, language, word):
    response = client.get(url("courses:search", language), {"q": word})
    page = BeautifulSoup(response.content, "html.parser")
    results = page.select(".search-results li")
    assert results, f"nothing found for {word}"
    assert any(mark.text.lower() == word for mark in page.select(".search-results mark"))
    hrefs = [a["href"] for a in page.select(".search-results h2 a")]
    assert all(href.startswith(f"/{language}/") for href in hrefs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"), [("", "Введите слово"), ("   ", "Введите слово"), ("я" * 1000, "сокращён")]
)
def test_search_handles_empty_and_huge_queries(client, demo_site, q, expected):
    response = client.get(url("courses:search"), {"q": q})
    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_sitemap_lists_public_pages_in_both_languages(client, demo_lessons):
    body = client.get("/sitemap.xml").content.decode()
    for path in ("/ru/", "/en/", "/ru/kursy/", "/en/courses/", "/en/about/", demo_lessons[0].url):
        assert f"http://testserver{path}</loc>" in body


@pytest.mark.django_db
def test_pages_have_open_graph_and_descriptions(client, demo_course):
    page = BeautifulSoup(client.get(demo_course.url).content, "html.parser")
    assert page.select_one('meta[property="og:title"]')["content"] == demo_course.title
    assert page.select_one('meta[property="og:url"]')["content"].endswith(demo_course.url)
    assert page.select_one('meta[name="description"]')["content"]


@pytest.mark.django_db
def test_withdrawn_enrolment_counts_as_not_enrolled(client, trainee, demo_course, demo_lessons):
    enrolment, _ = enrol(user=trainee, course=demo_course)
    Enrolment.objects.filter(pk=enrolment.pk).update(withdrawn_at="2026-01-01T00:00:00Z")
    client.force_login(trainee)
    assert client.get(demo_lessons[1].url).status_code == 403
    assert CourseIndexPage.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ['"лимфоциты"', 'лимфоциты"', '"', "лимфоциты*", "(лимфоциты) OR", "NEAR(a b)", "'; --"]
)
def test_search_syntax_in_a_query_is_read_as_words_never_a_500(client, demo_lessons, q):
    response = client.get(url("courses:search"), {"q": q})
    assert response.status_code == 200
    if q.strip('"*() ') == "лимфоциты":  # the word, with search syntax around it: found as the word
        assert BeautifulSoup(response.content, "html.parser").select(".search-results li")
