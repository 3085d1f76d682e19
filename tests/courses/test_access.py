"""Who may read which lesson: the first is public, the rest need sign-in and enrolment."""

import pytest

from learning.services import enrol


@pytest.mark.django_db
def test_first_lesson_and_overview_are_public(client, demo_course, demo_lessons):
    assert client.get(demo_course.url).status_code == 200
    response = client.get(demo_lessons[0].url)
    assert response.status_code == 200
    assert "Создать учётную запись" in response.content.decode() or "account" in response.content.decode()


@pytest.mark.django_db
def test_locked_lesson_sends_anonymous_visitors_to_login(client, demo_lessons):
    response = client.get(demo_lessons[1].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/?next=")
    assert "Войдите и запишитесь на курс" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_locked_lesson_asks_a_signed_in_trainee_to_enrol_first(client, trainee, demo_lessons):
    client.force_login(trainee)
    response = client.get(demo_lessons[1].url)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Запишитесь на курс" in body or "Записаться на курс" in body
    assert demo_lessons[1].title not in body.split("<main", 1)[1].split("</h1>")[0]


@pytest.mark.django_db
def test_enrolled_trainee_reads_every_lesson(client, trainee, demo_course, demo_lessons):
    enrol(user=trainee, course=demo_course)
    client.force_login(trainee)
    for lesson in demo_lessons:
        assert client.get(lesson.url).status_code == 200


@pytest.mark.django_db
def test_editors_read_locked_lessons_without_enrolling(client, editor, demo_lessons):
    client.force_login(editor)
    assert client.get(demo_lessons[2].url).status_code == 200


@pytest.mark.django_db
def test_editors_preview_locked_lessons(client, editor, demo_lessons):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{demo_lessons[2].pk}/view_draft/")
    assert response.status_code == 200
    assert demo_lessons[2].title in response.content.decode()
