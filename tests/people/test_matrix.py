"""The employer's training matrix: cell statuses, consent, HTML/CSV/PDF, access, query counts, job roles."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.services import add_months, issue_certificate
from courses.models import JobRole
from employers.matrix import platform_role_courses, training_matrix
from employers.models import EmployerJobRole, StaffRoleAssignment
from employers.services import link_employer, withdraw_consent
from people.models import Membership, Organization
from tests.courses.conftest import build_course
from tests.factories import EnrolmentFactory

SLUG = "matrix-plant"
BASE = f"/ru/accounts/organizations/{SLUG}"
MATRIX = f"{BASE}/matrix/"
ROSTER = f"{BASE}/staff/"
ROLES = f"{BASE}/roles/"
ROLE_NAME = "Оператор линии розлива"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.fixture
def plant(demo_site):
    return Organization.objects.create(
        kind=Organization.EMPLOYER, slug=SLUG, name_ru="Завод клеточной терапии", name_en="Cell Therapy Plant"
    )


@pytest.fixture
def plant_hr(plant, make_user):
    user = make_user(email="hr@plant.example", full_name="Ирина Кадрова")
    Membership.objects.create(user=user, organization=plant, role=Membership.HR)
    return user


@pytest.fixture
def courses(catalog):
    return [build_course(catalog, title=f"Матричный курс {index}") for index in range(5)]


@pytest.fixture
def role(plant, courses):
    return EmployerJobRole.objects.create(
        organization=plant, name=ROLE_NAME, course_keys=[str(course.translation_key) for course in courses]
    )


def staff_member(plant, role, make_user, email: str, name: str):
    user = make_user(email=email, full_name=name)
    link_employer(user=user, organization=plant)
    StaffRoleAssignment.objects.create(role=role, user=user)
    return user


def certificate_expiring_in(user, course, days: int) -> Certificate:
    """A certificate issued so that it expires `days` from now (validity in months, as the course sets)."""
    issued_at = add_months(timezone.now() + timedelta(days=days), -course.certificate_validity_months)
    certificate = issue_certificate(user=user, course=course, issued_at=issued_at).certificate
    assert abs(certificate.expires_at - (timezone.now() + timedelta(days=days))) < timedelta(days=4)
    return certificate


@pytest.fixture
def worker(plant, role, courses, make_user):
    """Compliant, expiring in 10 days, expired, enrolled only, nothing: one course each."""
    user = staff_member(plant, role, make_user, "worker@plant.example", "Пётр Рабочий")
    issue_certificate(user=user, course=courses[0])
    certificate_expiring_in(user, courses[1], 10)
    certificate_expiring_in(user, courses[2], -20)
    EnrolmentFactory(user=user, course=courses[3])
    return user


def statuses(plant, user, within_days=30):
    (matrix,) = training_matrix(organization=plant, within_days=within_days)
    (row,) = [row for row in matrix.rows if row.user == user]
    return [cell.status for cell in row.cells]


@pytest.mark.django_db
def test_each_cell_has_its_status(plant, role, worker, courses):
    (matrix,) = training_matrix(organization=plant)
    assert matrix.role == role
    assert [title for _key, title in matrix.courses] == [course.title for course in courses]
    (row,) = matrix.rows
    assert row.user == worker
    assert [cell.status for cell in row.cells] == [
        "compliant",
        "expiring",
        "expired",
        "in_progress",
        "missing",
    ]
    assert row.cells[0].certificate.course_key == courses[0].translation_key
    assert row.cells[3].certificate is None and row.cells[4].certificate is None
    assert not row.compliant and matrix.compliant_people == 0
    assert dict(matrix.totals) == {
        "compliant": 1,
        "expiring": 1,
        "expired": 1,
        "in_progress": 1,
        "missing": 1,
    }


@pytest.mark.django_db
def test_the_window_decides_what_is_expiring(plant, role, courses, make_user):
    user = staff_member(plant, role, make_user, "window@plant.example", "Окно Срока")
    certificate_expiring_in(user, courses[0], 45)
    certificate_expiring_in(user, courses[1], 10)
    assert statuses(plant, user, 30)[:2] == ["compliant", "expiring"]
    assert statuses(plant, user, 60)[:2] == ["expiring", "expiring"]
    assert statuses(plant, user, 90)[:2] == ["expiring", "expiring"]


@pytest.mark.django_db
def test_revoked_and_superseded_certificates_do_not_count(plant, role, courses, make_user):
    from certificates.services import reissue_certificate

    user = staff_member(plant, role, make_user, "revoked@plant.example", "Отозванный Сертификат")
    revoked = issue_certificate(user=user, course=courses[0]).certificate
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(), revocation_reason="ошибка")
    EnrolmentFactory(user=user, course=courses[1])
    old = certificate_expiring_in(user, courses[1], -5)
    reissue_certificate(certificate=old)  # the successor (same dates) is the expired one that counts
    old_valid = issue_certificate(user=user, course=courses[2]).certificate
    reissue_certificate(certificate=old_valid)
    assert statuses(plant, user)[:3] == ["missing", "expired", "compliant"]


@pytest.mark.django_db
def test_a_valid_certificate_wins_over_an_expired_one(plant, role, courses, make_user):
    user = staff_member(plant, role, make_user, "renewed@plant.example", "Продлённый Сертификат")
    issued_at = add_months(timezone.now() - timedelta(days=30), -courses[0].certificate_validity_months)
    old = issue_certificate(user=user, course=courses[0], version="0.9", issued_at=issued_at).certificate
    new = issue_certificate(user=user, course=courses[0]).certificate  # the current version, valid
    assert old.status == "expired" and new.status == "valid" and old != new
    EnrolmentFactory(user=user, course=courses[0])
    assert statuses(plant, user)[0] == "compliant"


@pytest.mark.django_db
def test_withdrawing_consent_removes_the_person_at_once(client, plant, plant_hr, worker):
    client.force_login(plant_hr)
    assert worker.full_name in client.get(MATRIX).content.decode()
    assert worker.email in client.get(ROSTER).content.decode()
    withdraw_consent(user=worker, organization=plant)
    (matrix,) = training_matrix(organization=plant)
    assert matrix.rows == []
    matrix_page = client.get(MATRIX).content.decode()
    assert worker.full_name not in matrix_page and worker.email not in matrix_page
    assert worker.email not in client.get(ROSTER).content.decode()
    assert worker.email not in client.get(MATRIX, {"format": "csv"}).content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_matrix_page_for_hr(client, plant, plant_hr, role, worker):
    client.force_login(plant_hr)
    response = client.get(MATRIX)
    assert response.status_code == 200
    page = response.content.decode()
    assert ROLE_NAME in page and worker.full_name in page
    for status in ("compliant", "expiring", "expired", "in_progress", "missing"):
        assert f'class="matrix-cell matrix-{status}"' in page
    assert response.context["within"] == 30
    assert client.get(MATRIX, {"within": "60"}).context["within"] == 60
    assert client.get(MATRIX, {"within": "7"}).context["within"] == 30  # only 30, 60 or 90


@pytest.mark.django_db
def test_the_matrix_totals_line_counts_each_status(client, plant, plant_hr, role, worker):
    client.force_login(plant_hr)
    page = client.get(MATRIX).content.decode()
    footer = page.split("<tfoot>")[1].split("</tfoot>")[0]
    labels = client.get(MATRIX).context["labels"]
    for status in ("compliant", "expiring", "expired", "in_progress", "missing"):
        assert f"{labels[status]}: 1" in footer


@pytest.mark.django_db
def test_the_matrix_csv_has_one_row_per_person_and_course(client, plant, plant_hr, role, worker, make_user):
    other = staff_member(plant, role, make_user, "second@plant.example", "Вторая Сотрудница")
    client.force_login(plant_hr)
    response = client.get(MATRIX, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    # Russian Excel: a BOM, `;`, headings and statuses in Russian, dates as 30.11.2026.
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Должностная роль",
        "Сотрудник",
        "Адрес электронной почты",
        "Курс",
        "Статус",
        "Сертификат",
        "Действует до",
    ]
    assert len(rows) == 1 + 2 * 5
    assert {(row[2], row[3]) for row in rows[1:]} == {
        (person.email, title)
        for person in (worker, other)
        for title in (f"Матричный курс {index}" for index in range(5))
    }
    mine = [row for row in rows[1:] if row[2] == worker.email]
    assert [row[4] for row in mine] == ["Соответствует", "Истекает", "Срок действия истёк", "Идёт", "Нет"]
    assert all(row[0] == ROLE_NAME for row in rows[1:])
    compliant = mine[0]
    certificate = Certificate.objects.get(code=compliant[5])
    assert certificate.holder == worker
    assert compliant[6] == timezone.localtime(certificate.expires_at).strftime("%d.%m.%Y")
    assert mine[3][5:] == ["", ""] and mine[4][5:] == ["", ""]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "name_field"), [("ru", "name_ru"), ("en", "name_en")])
def test_the_matrix_pdf_names_the_employer(client, plant, plant_hr, role, worker, language, name_field):
    client.force_login(plant_hr)
    response = client.get(f"/{language}/accounts/organizations/{SLUG}/matrix/", {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert getattr(plant, name_field) in text
    assert in_language(language, "Training matrix") in text
    assert ROLE_NAME in text and worker.full_name in text


@pytest.mark.django_db
def test_only_the_employers_hr_and_admins_see_the_matrix(client, plant, plant_hr, role, trainee, make_user):
    client.force_login(trainee)
    assert client.get(MATRIX).status_code == 403
    assert client.get(MATRIX, {"format": "csv"}).status_code == 403
    assert client.get(ROLES).status_code == 403
    client.force_login(get_user_model().objects.get(email="hr@employer.example"))  # another employer's HR
    assert client.get(MATRIX).status_code == 403
    assert client.get(MATRIX, {"format": "pdf"}).status_code == 403
    assert client.get(ROSTER).status_code == 403
    assert client.get(f"{BASE}/roles/{role.pk}/").status_code == 403
    assert client.get("/ru/accounts/organizations/demo-employer/matrix/").status_code == 200  # their own
    client.force_login(get_user_model().objects.get(email="reviewer@university.example"))
    assert client.get("/ru/accounts/organizations/demo-university/matrix/").status_code == 404  # no matrix
    staff_only = staff_member(plant, role, make_user, "staff-only@plant.example", "Только Сотрудник")
    client.force_login(staff_only)  # sharing records with an employer is not membership
    assert client.get(MATRIX).status_code == 403
    client.logout()
    assert client.get(MATRIX).status_code == 302


def grow(plant, role, courses, make_user, staff: int) -> None:
    """Bring the role to `len(courses)` courses and `staff` people, some with certificates and enrolments."""
    role.course_keys = [str(course.translation_key) for course in courses]
    role.save()
    existing = StaffRoleAssignment.objects.filter(role=role).count()
    for index in range(existing, staff):
        user = staff_member(
            plant, role, make_user, f"staff{index:03d}@plant.example", f"Сотрудник {index:03d}"
        )
        issue_certificate(user=user, course=courses[index % len(courses)])
        if index % 3 == 0:
            certificate_expiring_in(user, courses[(index + 1) % len(courses)], 10)
        if index % 2 == 0:
            EnrolmentFactory(user=user, course=courses[(index + 2) % len(courses)])


def queries_for(client, url: str) -> int:
    client.get(url)  # warm what is meant to be warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_matrix_and_roster_queries_do_not_grow_with_staff_or_courses(
    client, plant, plant_hr, role, courses, catalog, make_user
):
    client.force_login(plant_hr)
    grow(plant, role, courses, make_user, staff=5)
    small = {url: queries_for(client, url) for url in (MATRIX, ROSTER)}
    more_courses = courses + [build_course(catalog, title=f"Ещё курс {index}") for index in range(15)]
    grow(plant, role, more_courses, make_user, staff=50)
    (matrix,) = training_matrix(organization=plant)
    assert len(matrix.rows) == 50 and len(matrix.courses) == 20
    assert {"compliant", "expiring", "in_progress", "missing"} <= set(matrix.totals)
    large = {url: queries_for(client, url) for url in (MATRIX, ROSTER)}
    assert large == small


@pytest.mark.django_db
def test_hr_creates_a_job_role_with_ticked_courses_and_staff(client, plant, plant_hr, courses, worker):
    client.force_login(plant_hr)
    keys = [str(courses[2].translation_key), str(courses[0].translation_key)]
    response = client.post(ROLES, {"name": "  Аналитик  ", "courses": keys, "staff": [worker.pk]})
    assert response.status_code == 302 and response["Location"] == ROLES
    role = EmployerJobRole.objects.get(organization=plant, name="Аналитик")
    assert role.course_keys == keys
    assert list(role.assignments.values_list("user", flat=True)) == [worker.pk]


@pytest.mark.django_db
def test_a_role_based_on_a_learning_path_takes_its_courses(client, plant, plant_hr):
    operator = JobRole.objects.get(code="operator")
    expected = platform_role_courses(operator)
    assert expected  # the demo operator path has a course
    client.force_login(plant_hr)
    response = client.post(ROLES, {"name": "Оператор", "based_on": operator.pk})
    assert response.status_code == 302
    role = EmployerJobRole.objects.get(organization=plant, name="Оператор")
    assert role.course_keys == expected and role.based_on == operator


@pytest.mark.django_db
def test_a_duplicate_role_name_is_refused(client, plant, plant_hr, role):
    client.force_login(plant_hr)
    response = client.post(ROLES, {"name": ROLE_NAME})
    assert response.status_code == 200
    expected = in_language("ru", "You already have a job role with this name.")
    assert response.context["form"].errors["name"] == [expected]
    assert EmployerJobRole.objects.filter(organization=plant).count() == 1
    other = Organization.objects.get(slug="demo-employer")
    EmployerJobRole.objects.create(organization=other, name="Только у другого", course_keys=[])
    assert client.post(ROLES, {"name": "Только у другого"}).status_code == 302  # names are per employer


@pytest.mark.django_db
def test_only_consenting_staff_can_be_put_in_a_role(client, plant, plant_hr, trainee):
    client.force_login(plant_hr)
    response = client.post(ROLES, {"name": "Без согласия", "staff": [trainee.pk]})
    assert response.status_code == 200 and "staff" in response.context["form"].errors
    assert not EmployerJobRole.objects.filter(name="Без согласия").exists()


@pytest.mark.django_db
def test_hr_edits_and_deletes_a_role(client, plant, plant_hr, role, courses, worker):
    client.force_login(plant_hr)
    url = f"{BASE}/roles/{role.pk}/"
    form = client.get(url).context["form"]
    assert form.initial["courses"] == role.course_keys and form.initial["staff"] == [worker]
    keys = [str(courses[4].translation_key)]
    assert client.post(url, {"name": "Переименованная", "courses": keys}).status_code == 302
    role.refresh_from_db()
    assert role.name == "Переименованная" and role.course_keys == keys
    assert not role.assignments.exists()  # nobody ticked: nobody in the role
    assert client.post(url, {"action": "delete"}).status_code == 302
    assert not EmployerJobRole.objects.filter(pk=role.pk).exists()


@pytest.mark.django_db
def test_saving_a_role_in_english_keeps_courses_that_exist_only_in_russian(
    client, plant, plant_hr, role, courses, demo_course
):
    russian_only = str(courses[0].translation_key)
    bilingual = str(demo_course.translation_key)
    role.course_keys = [russian_only, bilingual]
    role.save()
    client.force_login(plant_hr)
    url = f"/en/accounts/organizations/{SLUG}/roles/{role.pk}/"
    shown = [key for key, _title in client.get(url).context["form"].fields["courses"].choices]
    ticked = [key for key in role.course_keys if key in shown]  # what the browser can send back
    client.post(url, {"name": role.name, "courses": ticked})
    role.refresh_from_db()
    assert role.course_keys == [russian_only, bilingual]


@pytest.mark.django_db
def test_markup_in_names_is_printed_as_text_in_the_matrix_pdf(client, plant, plant_hr, role, worker, courses):
    """A course title or role name with ReportLab markup cannot break the PDF, embed a file or add a link."""
    hostile = '<img src="/etc/passwd"/> <a href="https://evil.example">x</a> < & >'
    role.name = f"Роль {hostile}"
    role.save()
    courses[0].title = f"Курс {hostile}"
    courses[0].save_revision().publish()
    plant.name_ru = f"Завод {hostile}"
    plant.save()
    client.force_login(plant_hr)
    response = client.get(f"/ru/accounts/organizations/{SLUG}/matrix/", {"format": "pdf"})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert '<img src="/etc/passwd"/>' in text.replace("\n", " ") or "/etc/passwd" in text
    assert not any("/Annots" in page for page in reader.pages)  # no link was made
    assert not any(page.images for page in reader.pages)  # no file was embedded
