import pytest

from courses.models import LessonPage
from learning.models import Enrolment, LessonCompletion
from learning.services import (
    NotEnrolled,
    NotOpened,
    complete_lesson,
    course_completion_status,
    course_outline,
    enrol,
    progress_summaries,
)
from tests.conftest import read_lesson


@pytest.mark.django_db
def test_enrol_is_idempotent(trainee, demo_course):
    first, created = enrol(user=trainee, course=demo_course)
    again, created_again = enrol(user=trainee, course=demo_course)
    assert created and not created_again and first.pk == again.pk
    assert Enrolment.objects.filter(user=trainee).count() == 1


@pytest.mark.django_db
def test_completing_a_lesson_needs_enrolment(trainee, demo_lessons):
    with pytest.raises(NotEnrolled):
        complete_lesson(user=trainee, lesson=demo_lessons[0])
    assert not LessonCompletion.objects.exists()


@pytest.mark.django_db
def test_completion_is_idempotent_and_finishes_the_course(trainee, demo_course, demo_lessons):
    enrol(user=trainee, course=demo_course)
    assert len(demo_lessons) == 3
    first = read_lesson(user=trainee, lesson=demo_lessons[0])
    repeat = read_lesson(user=trainee, lesson=demo_lessons[0])
    assert first.created and not repeat.created
    assert not first.status.complete
    assert course_outline(course=demo_course, user=trainee).percent == 33
    read_lesson(user=trainee, lesson=demo_lessons[1])
    last = read_lesson(user=trainee, lesson=demo_lessons[2])
    # Every lesson is done, but the demo course also has a module quiz and a final exam.
    assert not last.course_just_completed and not last.status.complete
    status = course_completion_status(user=trainee, course=demo_course)
    assert status.requirements[0].met and status.requirements[0].done == 3
    assert [r.kind for r in status.unmet] == ["assessments"]


@pytest.mark.django_db
def test_a_course_without_quizzes_completes_with_its_last_lesson(trainee, catalog):
    from tests.courses.conftest import build_course

    course = build_course(catalog, title="Без тестов", modules=1, lessons=2)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    enrol(user=trainee, course=course)
    assert not read_lesson(user=trainee, lesson=lessons[0]).course_just_completed
    last = read_lesson(user=trainee, lesson=lessons[1])
    assert last.course_just_completed and last.status.complete
    assert Enrolment.objects.get(user=trainee, course_key=course.translation_key).completed_at is not None


@pytest.mark.django_db
def test_progress_is_shared_between_languages(trainee, demo_course, demo_lessons):
    course_en = demo_course.get_translation(demo_course.get_translations().first().locale)
    enrol(user=trainee, course=course_en)
    lesson_en = LessonPage.objects.get(
        translation_key=demo_lessons[1].translation_key, locale=course_en.locale
    )
    read_lesson(user=trainee, lesson=lesson_en)
    outline_ru = course_outline(course=demo_course, user=trainee)
    assert outline_ru.enrolment is not None
    assert [item.done for item in outline_ru.lessons] == [False, True, False]


@pytest.mark.django_db
def test_resume_goes_to_the_next_unfinished_lesson(trainee, demo_course, demo_lessons):
    enrolment, _ = enrol(user=trainee, course=demo_course)
    assert course_outline(course=demo_course, user=trainee).resume_lesson().page.pk == demo_lessons[0].pk
    read_lesson(user=trainee, lesson=demo_lessons[0])
    assert course_outline(course=demo_course, user=trainee).resume_lesson().page.pk == demo_lessons[1].pk
    # Reading lesson 3 and leaving: resume there, even though lesson 2 is still open.
    enrolment.refresh_from_db()
    enrolment.last_lesson_key = demo_lessons[2].translation_key
    enrolment.save()
    assert course_outline(course=demo_course, user=trainee).resume_lesson().page.pk == demo_lessons[2].pk


@pytest.mark.django_db
def test_progress_summaries_for_many_courses(trainee, demo_course, demo_lessons):
    enrol(user=trainee, course=demo_course)
    read_lesson(user=trainee, lesson=demo_lessons[0])
    summary = progress_summaries(user=trainee, courses=[demo_course])[demo_course.translation_key]
    assert (summary.done, summary.total, summary.enrolled, summary.completed) == (1, 3, True, False)
    assert summary.percent == 33


@pytest.mark.django_db
def test_unpublished_lessons_do_not_count(trainee, demo_course, demo_lessons):
    demo_lessons[2].unpublish()
    outline = course_outline(course=demo_course, user=trainee)
    assert outline.total == 2


@pytest.mark.django_db
def test_a_lesson_never_opened_cannot_be_confirmed(trainee, demo_course, demo_lessons):
    enrol(user=trainee, course=demo_course)
    with pytest.raises(NotOpened):
        complete_lesson(user=trainee, lesson=demo_lessons[1])
    assert not LessonCompletion.objects.exists()
    done = read_lesson(user=trainee, lesson=demo_lessons[1], seconds=95)
    completion = LessonCompletion.objects.get(user=trainee)
    assert done.created and completion.via == "confirm" and completion.opened_at is not None
    assert 95 <= completion.seconds_on_page < 120  # from opening the page to confirming
