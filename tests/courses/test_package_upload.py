"""The admin upload of a zipped course package: same checks as import_course, and the review still applies."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import CoursePage, LessonPage
from tests.courses.test_packages import package_files

URL = "/admin/course-packages/import/"


def zipped(files: dict[str, str | bytes], name="package.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def user(email):
    return get_user_model().objects.get(email=email)


def post(client, upload, **fields):
    from people.models import Organization

    data = {"file": upload, "organization": Organization.objects.get(slug="demo-university").pk, **fields}
    return client.post(URL, data)


@pytest.mark.django_db
def test_an_editor_imports_drafts_and_may_not_publish(client, demo_site):
    client.force_login(user("editor@university.example"))
    refused = post(client, zipped(package_files()), publish="on")
    assert list(refused.context["form"].errors) == ["publish"]
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()

    response = post(client, zipped(package_files()))
    assert response.status_code == 200
    course = CoursePage.objects.get(slug="pkg-test-course", locale__language_code="ru")
    assert not course.live  # the editor's import waits for review
    assert LessonPage.objects.descendant_of(course).count() == 2
    assert not LessonPage.objects.descendant_of(course).live().exists()


@pytest.mark.django_db
def test_a_reviewer_imports_and_publishes(client, demo_site):
    client.force_login(user("reviewer@university.example"))
    response = post(client, zipped(package_files()), publish="on")
    assert response.status_code == 200
    course = CoursePage.objects.get(slug="pkg-test-course", locale__language_code="en")
    assert course.live
    assert LessonPage.objects.descendant_of(course).live().count() == 2


@pytest.mark.django_db
def test_a_broken_package_lists_every_problem_and_writes_nothing(client, demo_site):
    files = package_files()
    lesson = next(name for name in files if name.endswith("01-a.ru.md"))
    files[lesson] = files[lesson] + "\n:::foo\nтекст\n:::\n"
    client.force_login(user("reviewer@university.example"))
    response = post(client, zipped(files), publish="on")
    problems = response.context["problems"]
    assert len(problems) == 1 and problems[0].endswith(
        "unknown directive ':::foo' (known: gmp, key-facts, note, references, term, warning)"
    )
    assert problems[0].startswith("pkg-course/01-basics/01-a.ru.md:")
    assert "unknown directive" in response.content.decode()
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("package.zip", b"not a zip at all"), "not a zip archive"),
        (zipped({"../evil/course.yaml": "slug: x"}), "unsafe path"),
        (zipped({"readme.txt": "nothing here"}), "exactly one course.yaml"),
    ],
)
def test_bad_archives_are_refused_clearly(client, demo_site, upload, message):
    client.force_login(user("reviewer@university.example"))
    body = post(client, upload).content.decode()
    assert message in body
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()


@pytest.mark.django_db
def test_people_outside_publishers_cannot_open_the_upload(client, demo_site):
    client.force_login(user("hr@employer.example"))
    assert client.get(URL).status_code == 302  # Wagtail's admin turns the refusal into a redirect
