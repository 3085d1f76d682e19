"""The anonymous page cache (base.pagecache, ADR 0018): what it stores, what it never stores, and that every
change to the page tree is visible on the next signed-out request in both languages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from base.pagecache import AnonymousPageCacheMiddleware
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.courses.conftest import build_course

HIT = AnonymousPageCacheMiddleware.HIT_HEADER


def cache_state(response) -> str | None:
    return response.headers.get(HIT)


def bilingual_course(catalog):
    """A course with one module of two lessons, in Russian and in English (live translations)."""
    course_ru = build_course(catalog, title="Кэшируемый курс", lessons=2)
    catalog_en = CourseIndexPage.objects.get(locale__language_code="en")
    course_en = course_ru.copy_for_translation(catalog_en.locale, copy_parents=False, alias=False)
    course_en.title = "Cached course"
    course_en.save_revision().publish()
    for module_ru in ModulePage.objects.child_of(course_ru):
        module_en = module_ru.copy_for_translation(catalog_en.locale)
        module_en.save_revision().publish()
        for lesson_ru in LessonPage.objects.child_of(module_ru):
            lesson_en = lesson_ru.copy_for_translation(catalog_en.locale)
            lesson_en.title = lesson_ru.title.replace("урок", "lesson")
            lesson_en.save_revision().publish()
    course_en = CoursePage.objects.get(pk=course_en.pk)
    return course_ru, course_en


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def warm(client, *paths):
    for path in paths:
        assert cache_state(client.get(path)) == "miss", path
        assert cache_state(client.get(path)) == "hit", path


@pytest.mark.django_db
def test_a_signed_out_visitor_gets_the_stored_page_without_queries(client, catalog, demo_course):
    first_lesson = lessons_of(demo_course)[0]
    for path in (
        catalog.url,
        demo_course.url,
        first_lesson.url,
        first_lesson.get_parent().url,
        "/ru/",
        "/en/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert cache_state(response) == "miss", path
        with CaptureQueriesContext(connection) as captured:
            again = client.get(path)
        assert cache_state(again) == "hit", path
        assert again.content == response.content, path
        assert len(captured) == 0, (path, [query["sql"] for query in captured])


@pytest.mark.django_db
def test_publishing_a_lesson_shows_on_the_next_request_in_both_languages(client, catalog):
    course_ru, course_en = bilingual_course(catalog)
    lesson_ru, lesson_en = lessons_of(course_ru)[0], lessons_of(course_en)[0]
    warm(client, course_ru.url, course_en.url, lesson_ru.url, lesson_en.url)

    draft = lesson_ru.get_latest_revision_as_object()
    draft.title = "Новое название урока"
    draft.save_revision().publish()
    draft = lesson_en.get_latest_revision_as_object()
    draft.title = "New lesson title"
    draft.save_revision().publish()

    for path, title in (
        (course_ru.url, "Новое название урока"),
        (lesson_ru.url, "Новое название урока"),
        (course_en.url, "New lesson title"),
        (lesson_en.url, "New lesson title"),
    ):
        response = client.get(path)
        assert cache_state(response) == "miss", path
        assert title in response.content.decode(), path


@pytest.mark.django_db
def test_publishing_one_language_refreshes_the_other_languages_links(client, catalog):
    """The English page links its Russian translation in the language switcher: a new slug must show."""
    course_ru, course_en = bilingual_course(catalog)
    warm(client, course_en.url)
    draft = course_ru.get_latest_revision_as_object()
    draft.slug = "novyj-adres-kursa"
    draft.save_revision().publish()
    response = client.get(course_en.url)
    assert cache_state(response) == "miss"
    assert 'novyj-adres-kursa/" hreflang="ru"' in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_a_lesson_removes_it_from_the_stored_course_page(client, catalog):
    course_ru, course_en = bilingual_course(catalog)
    second_ru, second_en = lessons_of(course_ru)[1], lessons_of(course_en)[1]
    warm(client, course_ru.url, course_en.url)
    assert second_ru.title in client.get(course_ru.url).content.decode()

    second_ru.unpublish()
    second_en.unpublish()

    assert second_ru.title not in client.get(course_ru.url).content.decode()
    assert second_en.title not in client.get(course_en.url).content.decode()
    assert client.get(second_ru.url).status_code == 404


@pytest.mark.django_db
def test_moving_a_lesson_changes_the_stored_outline(client, catalog):
    course = build_course(catalog, title="Курс для переноса", modules=2, lessons=1)
    module_one, module_two = ModulePage.objects.child_of(course).order_by("path")
    lesson = LessonPage.objects.child_of(module_one).get()
    warm(client, course.url, module_one.url, module_two.url)
    assert lesson.title not in client.get(module_two.url).content.decode()

    lesson.move(module_two, pos="last-child")

    assert lesson.title in client.get(module_two.url).content.decode()
    assert cache_state(client.get(course.url)) == "miss"


@pytest.mark.django_db
def test_deleting_a_page_invalidates(client, catalog):
    course = build_course(catalog, title="Курс на удаление", lessons=1)
    warm(client, catalog.url)
    assert "Курс на удаление" in client.get(catalog.url).content.decode()
    Page.objects.get(pk=course.pk).delete()
    response = client.get(catalog.url)
    assert cache_state(response) == "miss"
    assert "Курс на удаление" not in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_header_is_never_stored_for_signed_out_visitors(client, trainee, demo_course):
    client.force_login(trainee)
    signed_in = client.get(demo_course.url)
    assert cache_state(signed_in) is None  # neither served from nor stored in the page cache
    assert "Выйти" in signed_in.content.decode()
    client.logout()

    anonymous = client.get(demo_course.url)
    assert cache_state(anonymous) == "miss"
    html = anonymous.content.decode()
    assert "Выйти" not in html and "csrfmiddlewaretoken" not in html
    assert "Войти" in html


@pytest.mark.django_db
def test_a_signed_out_page_is_never_served_to_a_signed_in_person(client, trainee, demo_course):
    warm(client, demo_course.url)
    client.force_login(trainee)
    response = client.get(demo_course.url)
    assert cache_state(response) is None
    html = response.content.decode()
    assert "Выйти" in html
    assert "Записаться на курс" in html or "Продолжить" in html or "Начать курс" in html


@pytest.mark.django_db
def test_languages_are_stored_apart(client, demo_site):
    warm(client, "/ru/", "/en/")
    assert client.get("/ru/")["Content-Language"] == "ru"
    assert client.get("/en/")["Content-Language"] == "en"
    assert 'lang="ru"' in client.get("/ru/").content.decode()
    assert 'lang="en"' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_a_stored_page_still_gets_the_security_headers_and_needs_no_nonce(client, demo_course):
    miss = client.get(demo_course.url)
    hit = client.get(demo_course.url)
    assert cache_state(hit) == "hit"
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Permissions-Policy",
    ):
        assert hit[name] == miss[name], name
    policy = hit["Content-Security-Policy"]
    assert "nonce-" not in policy
    html = hit.content.decode()
    assert "<script>" not in html and "nonce=" not in html  # every script is a file from this site
    assert "Set-Cookie" not in hit.headers and not hit.cookies


@pytest.mark.django_db
def test_pending_messages_are_not_answered_from_the_cache(client, demo_course):
    lessons = lessons_of(demo_course)
    warm(client, demo_course.url)
    # A closed lesson sends the visitor to sign in with a message, which the next page must show.
    response = client.get(lessons[1].url)
    assert response.status_code == 302
    page = client.get(demo_course.url)
    assert cache_state(page) is None
    assert "Войдите и запишитесь на курс" in page.content.decode()


@pytest.mark.django_db
def test_restricted_pages_and_non_get_requests_are_not_stored(client, catalog):
    course = build_course(catalog, title="Курс под паролем", lessons=1)
    PageViewRestriction.objects.create(page=course, restriction_type="password", password="secret-word")
    for _ in range(2):
        response = client.get(course.url)
        assert response.status_code == 200  # Wagtail's password form
        assert cache_state(response) is None
    assert cache_state(client.head(catalog.url)) is None  # HEAD is answered from the cache, never stored
    client.get(catalog.url)
    assert cache_state(client.head(catalog.url)) == "hit"


@pytest.mark.django_db
def test_the_query_string_is_part_of_the_key(client, catalog):
    build_course(catalog, title="Курс про фильтр", lessons=1, topics=("gmp",))
    warm(client, catalog.url)
    filtered = client.get(f"{catalog.url}?q=несуществующее")
    assert cache_state(filtered) == "miss"
    assert filtered.content != client.get(catalog.url).content


@pytest.mark.django_db
def test_switched_off_by_setting(client, settings, demo_course):
    settings.PAGE_CACHE_ENABLED = False
    client.get(demo_course.url)
    assert cache_state(client.get(demo_course.url)) is None


@pytest.mark.django_db
def test_the_site_is_looked_up_once_per_generation_for_signed_in_pages_too(client, trainee, demo_course):
    """A signed-in request (never served from the page cache) finds Wagtail's site without a query; saving
    the site starts a new generation, and the next request reads the changed site."""
    client.force_login(trainee)

    def site_queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(demo_course.url).status_code == 200
        return [q["sql"] for q in captured.captured_queries if '"wagtailcore_site"' in q["sql"]]

    site_queries()
    assert site_queries() == []
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Переименованный сайт"
    site.save()
    assert site_queries()  # read again after the change
    assert site_queries() == []
