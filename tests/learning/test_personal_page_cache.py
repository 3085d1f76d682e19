"""The course page kept whole per person (people.personal_cache, ADR 0023): a stored page is served until
anything the person sees changes, and then never again; nobody gets someone else's page or CSRF token."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _does_token_match
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from assessments.models import Assessment, Attempt, DrawRule
from assessments.services import finish_overdue_attempts, start_attempt
from certificates.services import issue_certificate, reissue_certificate
from courses.models import LessonPage, ModulePage
from employers.services import link_employer, withdraw_consent
from learning.models import Enrolment
from learning.services import enrol, record_visit
from people.api import bump_learning_state, sign
from people.personal_cache import learning_state, placeholder
from tests.assessments.conftest import make_bank, pass_attempt
from tests.conftest import read_lesson
from tests.courses.conftest import build_course
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory

HIT = "X-Personal-Page-Cache"


@pytest.fixture
def course_with_quiz(catalog):
    course = build_course(catalog, title="Личный кэш", modules=2, lessons=2)
    module = ModulePage.objects.child_of(course).order_by("path").first()
    quiz = Assessment.objects.create(title="Тест модуля", page=module, pass_mark=50)
    DrawRule.objects.create(assessment=quiz, bank=make_bank("Личный", kinds=("single",)), count=1)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    return course, quiz, lessons


def seen(client, url: str) -> tuple[str, dict]:
    """The page as the person sees it (text of the action box, progress, quiz states), and how it was made."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    action = soup.select_one("aside.course-action")
    progress = soup.select_one(".progress-text")
    return response.headers.get(HIT, ""), {
        "action": " ".join(action.get_text(" ", strip=True).split()) if action else "",
        "progress": progress.get_text(strip=True) if progress else "",
        "quizzes": [node["data-quiz-state"] for node in soup.select("[data-quiz-state]")],
        "done": len(soup.select("li.is-done")),
        "admin": 'href="/admin/"' in html,
        "org_menu": "org-menu" in html,
        "html": html,
    }


def warm(client, url: str) -> dict:
    """Render and store the page, then check the next request is the stored one (and returns it)."""
    client.get(url)
    how, page = seen(client, url)
    assert how == "hit"
    return page


@pytest.fixture
def enrolled(client, trainee, course_with_quiz):
    course, quiz, lessons = course_with_quiz
    enrol(user=trainee, course=course)
    client.force_login(trainee)
    return course, quiz, lessons


# -- A stored page and what it costs -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_second_request_is_the_stored_page_and_asks_only_for_session_and_user(client, enrolled):
    course, _quiz, _lessons = enrolled
    first = client.get(course.url)
    assert first.headers[HIT] == "miss"
    with CaptureQueriesContext(connection) as captured:
        second = client.get(course.url)
    assert second.headers[HIT] == "hit"
    tables = [re.search(r'FROM "(\w+)"', query["sql"]).group(1) for query in captured]
    assert tables == ["django_session", "people_user"]
    assert placeholder() not in second.content.decode()
    assert "Пройдено уроков: 0 из 4 · 0%" in second.content.decode()


@pytest.mark.django_db
def test_signed_out_lesson_and_module_pages_are_not_kept_per_person(client, enrolled):
    _course, _quiz, lessons = enrolled
    for url in (lessons[0].url, lessons[0].get_parent().url):
        client.get(url)
        assert client.get(url).headers.get(HIT) is None, url


# -- Each kind of write shows at once ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_completed_lesson_shows_at_once(client, trainee, enrolled):
    course, _quiz, lessons = enrolled
    before = warm(client, course.url)
    read_lesson(user=trainee, lesson=lessons[0])
    how, after = seen(client, course.url)
    assert (how, before["done"], after["done"]) == ("miss", 0, 1)
    assert after["progress"] == "Пройдено уроков: 1 из 4 · 25%"


@pytest.mark.django_db
def test_a_lesson_visit_moves_continue_where_you_left_off(client, trainee, enrolled):
    """record_visit writes with QuerySet.update() (no post_save): it bumps the learning state itself."""
    course, _quiz, lessons = enrolled
    read_lesson(user=trainee, lesson=lessons[0])
    before = warm(client, course.url)
    record_visit(enrolment=Enrolment.objects.get(user=trainee), lesson=lessons[2])
    how, after = seen(client, course.url)
    assert how == "miss"
    assert lessons[1].title in before["action"] and lessons[2].title in after["action"]


@pytest.mark.django_db
def test_enrolment_shows_at_once(client, trainee, course_with_quiz):
    course, _quiz, _lessons = course_with_quiz
    client.force_login(trainee)
    before = warm(client, course.url)
    enrol(user=trainee, course=course)
    how, after = seen(client, course.url)
    assert "Записаться на курс" in before["action"] and "Записаться на курс" not in after["action"]
    assert (how, after["progress"]) == ("miss", "Пройдено уроков: 0 из 4 · 0%")


@pytest.mark.django_db
def test_a_quiz_started_then_submitted_and_graded_shows_at_once(client, trainee, enrolled):
    course, quiz, _lessons = enrolled
    assert warm(client, course.url)["quizzes"] == ["not_started"]
    start_attempt(user=trainee, assessment=quiz)
    how, started = seen(client, course.url)
    assert (how, started["quizzes"]) == ("miss", ["in_progress"])
    assert warm(client, course.url)["quizzes"] == ["in_progress"]
    pass_attempt(trainee, quiz)  # submits the open attempt; grading is part of the submission
    how, passed = seen(client, course.url)
    assert (how, passed["quizzes"]) == ("miss", ["passed"])


@pytest.mark.django_db
def test_an_overdue_attempt_finished_by_the_periodic_job_shows_at_once(client, trainee, enrolled):
    course, quiz, _lessons = enrolled
    quiz.time_limit_minutes = 1
    quiz.save()
    start_attempt(user=trainee, assessment=quiz, now=timezone.now() - timedelta(hours=1))
    assert warm(client, course.url)["quizzes"] == ["in_progress"]
    assert finish_overdue_attempts() == 1
    assert Attempt.objects.get(user=trainee).status == Attempt.EXPIRED
    how, after = seen(client, course.url)
    assert how == "miss" and after["quizzes"] != ["in_progress"]


@pytest.mark.django_db
def test_certificate_issue_revoke_and_reissue_each_start_a_new_page(client, trainee, enrolled):
    """The course page does not show the certificate today; each change still ends the stored page, so
    that whatever the page shows of the person's records one day cannot be stale."""
    course, _quiz, _lessons = enrolled
    warm(client, course.url)
    certificate = issue_certificate(user=trainee, course=course).certificate
    assert seen(client, course.url)[0] == "miss"
    warm(client, course.url)
    certificate.revoke(reason="ошибка")
    assert seen(client, course.url)[0] == "miss"
    warm(client, course.url)
    reissue_certificate(certificate=issue_certificate(user=trainee, course=course, version="2.0").certificate)
    assert seen(client, course.url)[0] == "miss"


@pytest.mark.django_db
def test_an_sop_signature_starts_a_new_page(client, trainee, enrolled):
    course, _quiz, lessons = enrolled
    warm(client, course.url)
    sign(user=trainee, secret=PASSWORD, meaning="Прочитал и понял", target=lessons[0])
    assert seen(client, course.url)[0] == "miss"


@pytest.mark.django_db
def test_membership_role_and_admin_permission_show_at_once(client, trainee, enrolled):
    course, _quiz, _lessons = enrolled
    before = warm(client, course.url)
    assert not before["org_menu"] and not before["admin"]
    organization = OrganizationFactory(kind="employer")
    membership = MembershipFactory(user=trainee, organization=organization, role="hr")
    how, member = seen(client, course.url)
    assert how == "miss" and member["org_menu"] and str(organization.name) in member["html"]
    warm(client, course.url)
    membership.delete()
    assert not seen(client, course.url)[1]["org_menu"]
    group = Group.objects.create(name="Доступ к админке")
    warm(client, course.url)
    trainee.groups.add(group)
    assert seen(client, course.url)[0] == "miss"
    warm(client, course.url)
    group.permissions.add(Permission.objects.get(codename="access_admin"))  # the group's, not the person's
    how, admin = seen(client, course.url)
    assert how == "miss" and admin["admin"]
    warm(client, course.url)
    trainee.groups.remove(group)
    assert not seen(client, course.url)[1]["admin"]


@pytest.mark.django_db
def test_employer_consent_given_and_withdrawn_start_a_new_page(client, trainee, enrolled):
    """withdraw_consent writes with QuerySet.update(): it bumps the learning state itself."""
    course, _quiz, _lessons = enrolled
    employer = OrganizationFactory(kind="employer")
    link_employer(user=trainee, organization=employer)
    warm(client, course.url)
    version = learning_state(trainee.pk)
    assert withdraw_consent(user=trainee, organization=employer)
    assert learning_state(trainee.pk) != version
    assert seen(client, course.url)[0] == "miss"


@pytest.mark.django_db
def test_profile_name_and_language_change_start_a_new_page(client, trainee, enrolled):
    course, _quiz, _lessons = enrolled
    english_course = course.copy_for_translation(Locale.objects.get(language_code="en"))
    english_course.title = "Personal cache"
    english_course.save_revision().publish()
    warm(client, course.url)
    trainee.full_name = "Иванова Анна"
    trainee.save()
    assert seen(client, course.url)[0] == "miss"
    trainee.preferred_language = "en"
    trainee.save()
    how, russian = seen(client, course.url)
    assert how == "miss" and "Курсы" in russian["html"]
    how, english = seen(client, english_course.url)
    assert how == "miss" and 'lang="en"' in english["html"] and "Enrol" not in english["action"]
    assert "Course progress" in english["html"] and "Прогресс по курсу" not in english["html"]


# -- Nobody else's page, nobody else's write ----------------------------------------------------------------


@pytest.mark.django_db
def test_another_persons_write_does_not_end_my_page_and_we_never_share_one(make_user, course_with_quiz):
    course, _quiz, lessons = course_with_quiz
    mine, theirs = make_user(email="mine@example.org"), make_user(email="theirs@example.org")
    for user in (mine, theirs):
        enrol(user=user, course=course)
    read_lesson(user=theirs, lesson=lessons[0])
    read_lesson(user=theirs, lesson=lessons[1])
    me, them = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    me.force_login(mine)
    them.force_login(theirs)
    my_page = warm(me, course.url)
    their_page = warm(them, course.url)
    assert (my_page["done"], their_page["done"]) == (0, 2)

    read_lesson(user=theirs, lesson=lessons[2])
    how, again = seen(me, course.url)
    assert how == "hit" and again["done"] == 0
    assert seen(them, course.url)[1]["done"] == 3


@pytest.mark.django_db
def test_someone_else_signing_in_does_not_end_my_page_but_a_change_of_their_account_does(
    client, enrolled, make_user
):
    course, _quiz, _lessons = enrolled
    other = make_user(email="other@example.org")
    warm(client, course.url)

    assert Client().login(email=other.email, password=PASSWORD)  # saves other.last_login only
    assert seen(client, course.url)[0] == "hit"

    other.is_staff = True
    other.save()  # may change what headers show: every kept header and page starts over
    assert seen(client, course.url)[0] == "miss"


@pytest.mark.django_db
def test_each_person_gets_their_own_csrf_token_on_a_stored_page_and_it_works(make_user, course_with_quiz):
    course, _quiz, _lessons = course_with_quiz
    people = [make_user(email=f"p{index}@example.org") for index in range(2)]
    clients = []
    for person in people:
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        clients.append(client)
    tokens = []
    for client in clients:  # the first renders and stores nothing of anyone else; then stored pages
        for expected in ("miss", "hit", "hit"):
            response = client.get(course.url)
            assert response.headers[HIT] == expected
            html = response.content.decode()
            assert placeholder() not in html
            found = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)
            assert len(found) == 2  # the enrol form and the sign-out form
            secret = client.cookies["csrftoken"].value
            assert all(_does_token_match(token, secret) for token in found)
            assert len(set(found)) == 1  # one token per answer, as Django renders it
            tokens.append(found[0])
    assert len(set(tokens)) == 6  # masked afresh on every answer
    assert clients[0].cookies["csrftoken"].value != clients[1].cookies["csrftoken"].value
    assert not _does_token_match(tokens[0], clients[1].cookies["csrftoken"].value)
    # The token of a stored page is accepted: the second person enrols through it.
    client = clients[1]
    response = client.get(course.url)
    assert response.headers[HIT] == "hit"
    enrol_url = reverse("learning:enrol", args=[course.pk])
    form = BeautifulSoup(response.content, "html.parser").select_one(f'form[action="{enrol_url}"]')
    token = form.select_one('[name="csrfmiddlewaretoken"]')["value"]
    assert client.post(enrol_url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.post(enrol_url, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert Enrolment.objects.filter(user=people[1]).exists()
    assert not Enrolment.objects.filter(user=people[0]).exists()


@pytest.mark.django_db
def test_a_page_showing_a_message_is_neither_served_nor_stored(client, trainee, enrolled):
    course, _quiz, _lessons = enrolled
    warm(client, course.url)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Проверочное сообщение")])
    shown = client.get(course.url)
    assert shown.headers.get(HIT) is None and "Проверочное сообщение" in shown.content.decode()
    how, after = seen(client, course.url)  # the message was shown once; the page kept before comes back
    assert how == "hit" and "Проверочное сообщение" not in after["html"]


@pytest.mark.django_db
def test_a_publish_and_the_safety_net_end_the_stored_page(client, trainee, enrolled, settings):
    course, _quiz, lessons = enrolled
    warm(client, course.url)
    lessons[0].title = "Новое название урока"
    lessons[0].save_revision().publish()
    how, after = seen(client, course.url)
    assert how == "miss" and "Новое название урока" in after["html"]
    settings.PAGE_CACHE_ENABLED = False
    assert client.get(course.url).headers.get(HIT) is None
    bump_learning_state(None)  # nobody: nothing happens


# -- Queries stay flat ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enrolled_course_page_queries_are_flat_and_the_stored_page_asks_two(client, trainee, catalog):
    client.force_login(trainee)
    counts = {}
    for size in (5, 50):
        course = build_course(catalog, title=f"Запросы {size}", modules=5, lessons=size // 5)
        enrol(user=trainee, course=course)
        lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
        for lesson in lessons[: size // 2]:
            read_lesson(user=trainee, lesson=lesson)
        client.get(course.url)  # the per-publish caches (outline, menu) warm; this page stored
        bump_learning_state(trainee.pk)  # a new learning state: the next request renders again
        with CaptureQueriesContext(connection) as miss:
            assert client.get(course.url).headers[HIT] == "miss"
        with CaptureQueriesContext(connection) as hit:
            response = client.get(course.url)
        assert response.headers[HIT] == "hit"
        assert f"Пройдено уроков: {size // 2} из {size}" in response.content.decode()
        counts[size] = (len(miss), len(hit))
    print(f"enrolled course page: miss / hit queries {counts}")
    assert counts[5] == counts[50]
    assert counts[50][1] <= 2
    assert cache.get(f"people:learning-state:{trainee.pk}") is not None
