"""Deleting pages or quizzes in the admin never deletes graded attempts or certificates."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.deletion import ProtectedError
from wagtail.models import Page

from assessments.models import Assessment, Attempt, DrawRule
from certificates.models import Certificate
from certificates.services import issue_certificate
from courses.models import LessonPage, ModulePage
from tests.assessments.conftest import make_bank, pass_attempt


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="admin@cart-academy.example"))
    return client


def _messages(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


@pytest.mark.django_db
def test_deleting_a_module_or_its_course_keeps_the_attempts(admin_client, trainee, demo_course):
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    pass_attempt(trainee, quiz)
    module = quiz.page
    for page in (module, demo_course):
        response = admin_client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        assert response.status_code == 200
        assert "records" in _messages(response) or "записи" in _messages(response)
        assert Page.objects.filter(pk=page.pk).exists()
    assert Attempt.objects.filter(assessment=quiz, user=trainee).count() == 1
    # Not through the admin either: the database refuses.
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=module.pk).delete()
    assert Attempt.objects.filter(assessment=quiz).exists()


@pytest.mark.django_db
def test_deleting_a_quiz_with_attempts_is_refused_and_one_without_is_not(admin_client, trainee, demo_course):
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    pass_attempt(trainee, quiz)
    response = admin_client.post(f"/admin/snippets/assessments/assessment/delete/{quiz.pk}/", follow=True)
    assert response.status_code == 200 and Assessment.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.filter(assessment=quiz).count() == 1
    unused = Assessment.objects.create(title="Черновик теста", page=demo_course)
    DrawRule.objects.create(assessment=unused, bank=make_bank("Пустой"), count=1)
    admin_client.post(f"/admin/snippets/assessments/assessment/delete/{unused.pk}/")
    assert not Assessment.objects.filter(pk=unused.pk).exists()


@pytest.mark.django_db
def test_a_lesson_without_records_is_deleted_and_a_certificate_outlives_its_course_page(
    admin_client, client, trainee, demo_course, catalog
):
    lesson = LessonPage.objects.descendant_of(demo_course).live().last()
    admin_client.post(f"/admin/pages/{lesson.pk}/delete/")
    assert not Page.objects.filter(pk=lesson.pk).exists()  # nothing graded hangs on a lesson

    from tests.courses.conftest import build_course

    course = build_course(catalog, title="Курс без тестов")
    certificate = issue_certificate(user=trainee, course=course).certificate
    module = ModulePage.objects.child_of(course).get()
    admin_client.post(f"/admin/pages/{module.pk}/delete/")
    admin_client.post(f"/admin/pages/{course.pk}/delete/")
    assert not Page.objects.filter(pk=course.pk).exists()
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.course is None and certificate.course_title_ru == "Курс без тестов"
    page = client.get(f"/verify/{certificate.code}/?lang=en")
    assert page.status_code == 200 and "has not been altered" in page.content.decode()
