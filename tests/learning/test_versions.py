"""Version-bound records: a course version is minor or major; completions stay complete for the version they
were earned on; a major revision asks earlier holders to retrain by a date (status unchanged)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.lookup import public_record
from certificates.models import Certificate
from certificates.services import issue_certificate
from courses.models import CourseVersion, LessonPage, ModulePage
from employers.matrix import training_matrix
from employers.models import EmployerJobRole, StaffRoleAssignment
from employers.services import link_employer
from learning.models import Enrolment
from learning.services import enrol
from people.models import Organization
from tests.conftest import read_lesson


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def complete_course(user, course):
    enrol(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        read_lesson(user=user, lesson=lesson)
    enrolment = Enrolment.objects.get(user=user, course_key=course.translation_key)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now(), completed_version="1.0")
    return issue_certificate(user=user, course=course).certificate


@pytest.mark.django_db
def test_the_first_publication_is_the_initial_version_and_a_version_kind_must_match_its_number(demo_course):
    initial = CourseVersion.objects.get(course_key=demo_course.translation_key)
    assert (initial.label, initial.kind) == ("1.0", "initial")
    demo_course.change_kind = "major"
    demo_course.version_label = "1.1"
    with pytest.raises(ValidationError, match="2.0"):
        demo_course.full_clean()
    demo_course.change_kind = "minor"
    demo_course.version_label = "2.0"
    with pytest.raises(ValidationError, match="1.x"):
        demo_course.full_clean()
    demo_course.version_label = "0.9"
    with pytest.raises(ValidationError, match="0.9"):
        demo_course.full_clean()
    demo_course.version_label = "1.1"
    demo_course.full_clean()  # a minor change with a minor number is fine
    publish(demo_course)
    minor = CourseVersion.objects.latest_of(demo_course.translation_key)
    assert (minor.label, minor.kind, minor.retraining_due) == ("1.1", "minor", None)


@pytest.mark.django_db
def test_adding_a_lesson_leaves_completed_enrolments_complete(client, trainee, demo_course):
    certificate = complete_course(trainee, demo_course)
    module = ModulePage.objects.child_of(demo_course).live().first()
    module.add_child(instance=LessonPage(title="Новый урок", slug="novyj-urok", summary="Новое."))
    publish(LessonPage.objects.get(slug="novyj-urok"))
    enrolment = Enrolment.objects.get(user=trainee, course_key=demo_course.translation_key)
    assert enrolment.completed_at is not None and enrolment.completed_version == "1.0"
    client.force_login(trainee)
    dashboard = client.get("/ru/dashboard/").content.decode()
    assert "✓ Пройден" in dashboard and "версия 1.0" in dashboard
    assert "3 из 4" not in dashboard and "75%" not in dashboard  # it stays complete for 1.0
    page = client.get(demo_course.url).content.decode()
    assert "Курс пройден" in page
    assert public_record(certificate)["status"] == "valid"
    assert public_record(certificate)["retraining_due"] is None


@pytest.mark.django_db
def test_a_major_revision_asks_earlier_holders_to_retrain_on_the_changed_modules(
    client, trainee, demo_course
):
    certificate = complete_course(trainee, demo_course)
    demo_course.version_label = "1.1"  # a minor version first: what changes after it is the major's part
    publish(demo_course)
    changed = ModulePage.objects.child_of(demo_course).live().order_by("path").first()
    lesson = LessonPage.objects.child_of(changed).live().first()
    lesson.summary = "Изменённое содержание."
    publish(lesson)
    demo_course.version_label, demo_course.change_kind, demo_course.retraining_grace_days = "2.0", "major", 60
    demo_course.full_clean()
    publish(demo_course)

    version = CourseVersion.objects.latest_of(demo_course.translation_key)
    assert (version.label, version.kind) == ("2.0", "major")
    assert version.changed_module_keys == [str(changed.translation_key)]
    due = (version.published_at + timedelta(days=60)).date()
    record = public_record(certificate)
    assert record["status"] == "valid"  # the status stays one of the four
    assert record["retraining_due"] == due.isoformat() and record["retraining_version"] == "2.0"
    assert client.get(f"/api/v1/certificates/{certificate.code}").json()["retraining_due"] == due.isoformat()
    assert "data-retraining" in client.get(f"/verify/{certificate.code}/").content.decode()

    client.force_login(trainee)
    assert "data-retraining" in client.get("/ru/dashboard/").content.decode()
    page = client.get(demo_course.url).content.decode()
    assert "data-retraining" in page and changed.title in page

    # The employer's matrix counts the holder as expiring.
    employer = Organization.objects.create(
        kind="employer", slug="versions-plant", name_ru="Завод", name_en="Plant"
    )
    link_employer(user=trainee, organization=employer)
    role = EmployerJobRole.objects.create(
        organization=employer, name="Оператор", course_keys=[str(demo_course.translation_key)]
    )
    StaffRoleAssignment.objects.create(role=role, user=trainee)
    (matrix,) = training_matrix(organization=employer)
    (cell,) = matrix.rows[0].cells
    assert cell.status == "expiring" and cell.retraining_due == due
    assert matrix.totals["expiring"] == 1

    # A certificate earned on the new version needs no retraining.
    Certificate.objects.filter(pk=certificate.pk).update(superseded_at=timezone.now())
    fresh = issue_certificate(user=trainee, course=demo_course).certificate
    assert fresh.course_version == "2.0" and public_record(fresh)["retraining_due"] is None


@pytest.mark.django_db
def test_retraining_covers_only_the_changed_modules_and_gives_a_certificate_of_the_new_version(
    client, trainee, demo_course
):
    from assessments.models import Assessment
    from learning.models import LessonCompletion, Retraining
    from tests.assessments.conftest import pass_attempt

    old = complete_course(trainee, demo_course)
    demo_course.version_label = "1.1"
    publish(demo_course)
    modules = list(ModulePage.objects.child_of(demo_course).live().order_by("path"))
    changed, unchanged = modules[0], modules[1]
    lesson = LessonPage.objects.child_of(changed).live().first()
    lesson.summary = "Изменённое содержание."
    publish(lesson)
    demo_course.version_label, demo_course.change_kind = "2.0", "major"
    publish(demo_course)

    client.force_login(trainee)
    response = client.post(f"/ru/courses/{demo_course.pk}/retrain/")
    retraining = Retraining.objects.get(user=trainee)
    assert (retraining.from_version, retraining.to_version) == ("1.0", "2.0")
    assert retraining.module_keys == [str(changed.translation_key)]
    first_changed = LessonPage.objects.child_of(changed).live().order_by("path").first()
    assert response.url == first_changed.url  # straight to what must be read again

    # The unchanged module's lessons are not asked for again; the changed module's are.
    for page in LessonPage.objects.child_of(unchanged).live():
        assert read_lesson(user=trainee, lesson=page).created is False
    for page in LessonPage.objects.child_of(changed).live().order_by("path"):
        assert read_lesson(user=trainee, lesson=page).created is True
    assert LessonCompletion.objects.filter(user=trainee, course_version="2.0").count() == (
        LessonPage.objects.child_of(changed).live().count()
    )
    retraining.refresh_from_db()
    assert retraining.completed_at is None  # the changed module's quiz must be passed again
    quiz = Assessment.objects.get(page=changed)
    assert pass_attempt(trainee, quiz).passed
    retraining.refresh_from_db()
    assert retraining.completed_at is not None
    assert Enrolment.objects.get(user=trainee).completed_version == "2.0"
    new = Certificate.objects.get(holder=trainee, course_version="2.0")
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    assert public_record(new)["retraining_due"] is None
