"""Signed-in pages on markup kept per publish generation (ADR 0018, "Signed-in pages"): each trainee still
sees only their own progress and quiz states, a publish shows at once, the header follows role changes."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from wagtail.models import Locale

from assessments.models import Assessment, DrawRule
from base.api import generation_key
from courses.models import LessonPage, ModulePage
from learning.services import enrol
from tests.assessments.conftest import make_bank, pass_attempt
from tests.conftest import read_lesson
from tests.courses.conftest import build_course
from tests.factories import MembershipFactory, OrganizationFactory


def outline_of(html: str) -> dict:
    """The course outline as the trainee sees it: lessons done, the current lesson, quiz states."""
    soup = BeautifulSoup(html, "html.parser")
    outline = soup.select_one("ol.outline")
    assert outline is not None
    lessons = {}
    for item in outline.select("ol.outline-lessons > li:not(.outline-quiz)"):
        title = item.select_one(".lesson-item a").get_text(strip=True)
        lessons[title] = {
            "done": "is-done" in (item.get("class") or []),
            "current": "is-current" in (item.get("class") or []),
            "mark": item.select_one(".lesson-state").get_text(strip=True),
        }
    quizzes = {
        item.select_one("a").get_text(strip=True): item.select_one("[data-quiz-state]")["data-quiz-state"]
        for item in soup.select("[data-quiz]")
    }
    return {"lessons": lessons, "quizzes": quizzes, "placeholders": html.count("<!--ph:")}


@pytest.fixture
def course_with_quiz(catalog):
    course = build_course(catalog, title="Кэш курса", modules=2, lessons=2)
    module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = Assessment.objects.create(title="Тест модуля", page=module, pass_mark=50)
    DrawRule.objects.create(assessment=quiz, bank=make_bank("Кэш", kinds=("single",)), count=1)
    Assessment.objects.create(title="Итоговый экзамен", page=course, pass_mark=50, is_final=True)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    return course, quiz, lessons


@pytest.mark.django_db
def test_two_trainees_see_their_own_progress_on_the_same_kept_outline(client, make_user, course_with_quiz):
    course, quiz, lessons = course_with_quiz
    first, second = make_user(email="first@example.org"), make_user(email="second@example.org")
    for user in (first, second):
        enrol(user=user, course=course)
    read_lesson(user=first, lesson=lessons[0])
    read_lesson(user=first, lesson=lessons[1])
    pass_attempt(first, quiz)
    read_lesson(user=second, lesson=lessons[2])

    client.force_login(first)
    first_view = outline_of(client.get(course.url).content.decode())
    # The outline's markup is now kept for this generation: the second trainee's page is built on it.
    assert cache.get(generation_key("outline-html", course.pk, "testserver", "ru")) is not None
    client.force_login(second)
    second_view = outline_of(client.get(course.url).content.decode())
    client.force_login(first)
    first_again = outline_of(client.get(course.url).content.decode())

    titles = [lesson.title for lesson in lessons]
    assert [first_view["lessons"][t]["done"] for t in titles] == [True, True, False, False]
    assert [second_view["lessons"][t]["done"] for t in titles] == [False, False, True, False]
    assert first_again == first_view
    assert first_view["quizzes"] == {"Тест модуля": "passed", "Итоговый экзамен": "not_started"}
    assert second_view["quizzes"] == {"Тест модуля": "not_started", "Итоговый экзамен": "not_started"}
    assert first_view["placeholders"] == second_view["placeholders"] == 0


@pytest.mark.django_db
def test_the_lesson_sidebar_marks_the_current_lesson_and_the_trainees_progress(
    client, make_user, course_with_quiz
):
    course, _quiz, lessons = course_with_quiz
    first, second = make_user(email="first@example.org"), make_user(email="second@example.org")
    for user in (first, second):
        enrol(user=user, course=course)
    read_lesson(user=first, lesson=lessons[0])
    views = {}
    for user, lesson in ((first, lessons[1]), (second, lessons[3]), (first, lessons[3])):
        client.force_login(user)
        views[(user.email, lesson.pk)] = outline_of(client.get(lesson.url).content.decode())["lessons"]
    mine = views[(first.email, lessons[1].pk)]
    assert mine[lessons[0].title] == {"done": True, "current": False, "mark": "✓"}
    assert mine[lessons[1].title] == {"done": False, "current": True, "mark": "2"}
    theirs = views[(second.email, lessons[3].pk)]
    assert not any(item["done"] for item in theirs.values())
    assert [t for t, item in theirs.items() if item["current"]] == [lessons[3].title]
    assert views[(first.email, lessons[3].pk)][lessons[0].title]["done"]


@pytest.mark.django_db
def test_a_visitor_who_is_not_enrolled_sees_locks_and_no_progress(client, make_user, course_with_quiz):
    course, _quiz, lessons = course_with_quiz
    reader = make_user(email="reader@example.org")
    enrol(user=reader, course=course)
    read_lesson(user=reader, lesson=lessons[0])
    client.force_login(reader)
    client.get(course.url)  # the kept outline comes from an enrolled trainee's request
    client.logout()
    html = client.get(course.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("ol.outline .is-done") == []
    assert len(soup.select("ol.outline .lock")) == 1  # the second lesson of the second module
    assert "<!--ph:" not in html


@pytest.mark.django_db
def test_a_publish_shows_at_once_to_a_signed_in_trainee(client, trainee, course_with_quiz):
    course, _quiz, lessons = course_with_quiz
    enrol(user=trainee, course=course)
    client.force_login(trainee)
    assert lessons[0].title in client.get(course.url).content.decode()
    assert "Текст урока 1 о клетках." in client.get(lessons[0].url).content.decode()
    lesson = lessons[0].specific
    lesson.title = "Новое название урока"
    lesson.body = [{"type": "paragraph", "value": "<p>Новый текст урока.</p>"}]
    lesson.save_revision().publish()
    course.summary = "Новое описание курса"
    course.save_revision().publish()
    html = client.get(course.url).content.decode()
    assert "Новое название урока" in html and "Новое описание курса" in html
    assert "Новый текст урока." in client.get(lesson.url).content.decode()


@pytest.mark.django_db
def test_russian_and_english_outlines_are_kept_apart(client, trainee, demo_course):
    english_course = demo_course.get_translation(Locale.objects.get(language_code="en"))
    enrol(user=trainee, course=demo_course)
    client.force_login(trainee)
    russian = client.get(demo_course.url).content.decode()
    english = client.get(english_course.url).content.decode()
    assert "Модуль 1" in russian and "Module 1" not in russian
    assert "Module 1" in english and "Модуль 1" not in english
    assert "<!--ph:" not in russian + english


@pytest.mark.django_db
def test_the_header_follows_a_new_membership_and_admin_access(client, trainee, demo_site):
    client.force_login(trainee)
    html = client.get("/ru/").content.decode()
    assert 'href="/admin/"' not in html and "org-menu" not in html
    organization = OrganizationFactory(kind="employer")
    MembershipFactory(user=trainee, organization=organization, role="hr")
    html = client.get("/ru/").content.decode()
    assert "org-menu" in html and str(organization.name) in html
    group = Group.objects.create(name="Доступ к админке")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    trainee.groups.add(group)
    assert 'href="/admin/"' in client.get("/ru/").content.decode()
    trainee.groups.remove(group)
    assert 'href="/admin/"' not in client.get("/ru/").content.decode()


@pytest.mark.django_db
def test_a_preview_never_fills_the_kept_fragments(rf, trainee, course_with_quiz):
    from base.pagecache import fragment_scope

    request = rf.get("/")
    request.is_preview = True
    scope = fragment_scope(request)
    assert scope["timeout"] == 0 and scope["generation"].startswith("nocache-")
    request.is_preview = False
    assert fragment_scope(request)["timeout"] > 0
