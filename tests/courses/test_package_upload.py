"""The admin upload of a zipped course package: same checks as import_course, and the review still applies."""

import html
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.users.models import UserProfile

from courses.models import CoursePage, LessonPage
from tests.courses.test_packages import package_files

URL = "/admin/course-packages/import/"


def zipped(files: dict[str, str | bytes], name="package.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def user(email, *, language: str = ""):
    """The demo account `email`; `language` sets the admin language they chose (else the site's, Russian)."""
    account = get_user_model().objects.get(email=email)
    if language:
        profile = UserProfile.get_for_user(account)
        profile.preferred_language = language
        profile.save()
    return account


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
    client.force_login(user("reviewer@university.example", language="en"))
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
    client.force_login(user("reviewer@university.example", language="en"))
    body = post(client, upload).content.decode()
    assert message in body
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()


def with_bad_course_yaml() -> tuple[dict, int]:
    """The test package with `hours: 1: 5` in course.yaml (a second colon: not YAML); and that line."""
    files = dict(package_files())
    course_yaml = next(path for path in files if path.endswith("course.yaml"))
    files[course_yaml] = files[course_yaml].replace("hours: 1", "hours: 1: 5")
    line = files[course_yaml].split("\n").index("hours: 1: 5") + 1
    return files, line


@pytest.mark.django_db
def test_a_bad_course_yaml_is_refused_in_russian_in_the_russian_admin(client, demo_site):
    files, line = with_bad_course_yaml()
    client.force_login(user("reviewer@university.example"))
    response = post(client, zipped(files))
    expected = (
        f"pkg-course/course.yaml:{line}: ошибка в YAML: двоеточие «:» там, где не может начинаться ключ "
        "(возьмите текст с «: » в кавычки или исправьте отступы)"
    )
    assert response.context["problems"] == [expected]
    assert expected in html.unescape(response.content.decode())
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()


@pytest.mark.django_db
def test_an_unknown_key_in_course_yaml_is_refused_in_russian(client, demo_site):
    files = dict(package_files())
    files["pkg-course/course.yaml"] += "colour: red\n"
    client.force_login(user("reviewer@university.example"))
    problems = post(client, zipped(files)).context["problems"]
    assert len(problems) == 1 and problems[0].startswith("pkg-course/course.yaml:")
    assert ": неизвестный ключ 'colour' (допустимые: audience, certificate_validity_months," in problems[0]


@pytest.mark.django_db
def test_a_bad_course_yaml_is_refused_in_english_for_an_editor_who_chose_english(client, demo_site):
    files, line = with_bad_course_yaml()
    client.force_login(user("reviewer@university.example", language="en"))
    problems = post(client, zipped(files)).context["problems"]
    assert problems == [
        f"pkg-course/course.yaml:{line}: invalid YAML: a ':' where no key can start "
        "(put a text that holds ': ' in quotes, or fix the indentation)"
    ]


@pytest.mark.django_db
def test_people_outside_publishers_cannot_open_the_upload(client, demo_site):
    client.force_login(user("hr@employer.example"))
    assert client.get(URL).status_code == 302  # Wagtail's admin turns the refusal into a redirect


def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes of YAML that expand to 9**levels values when aliases are followed."""
    lines = ['a0: ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "slug: bomb\n" + "\n".join(lines) + "\n"


def lying_zip(files: dict[str, bytes], *, declared_size: int) -> bytes:
    """A zip whose central directory says each entry is `declared_size` bytes unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central, local headers
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 4] = declared_size.to_bytes(4, "little")
            start += 4
    return bytes(data)


def with_bad_crc(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    data = bytearray(buffer.getvalue())
    start = data.find(b"PK\x03\x04")
    data[start + 14] ^= 0xFF  # the local header's CRC-32
    central = data.find(b"PK\x01\x02")
    data[central + 16] ^= 0xFF
    return bytes(data)


def with_flags(files: dict[str, str], *, flag: int = 0, method: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    data = bytearray(buffer.getvalue())
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flag_at] |= flag
            if method is not None:
                data[start + method_at : start + method_at + 2] = method.to_bytes(2, "little")
            start += 4
    return bytes(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("alias bomb", "aliases (*name) are not allowed"),
        ("deep", "nested more than 50 levels deep"),
        ("lying size", "damaged entry"),  # zipfile stops at the declared size and the CRC fails
        ("bad crc", "damaged entry"),
        ("encrypted", "encrypted entries are not supported"),
        ("deflate64", "compression method 9 is not supported"),
    ],
)
def test_hostile_packages_are_refused_quickly_with_nothing_written(client, demo_site, name, message):
    files = dict(package_files())
    course_yaml = next(path for path in files if path.endswith("course.yaml"))
    if name == "alias bomb":
        files[course_yaml] = alias_bomb()
        upload = zipped(files)
    elif name == "deep":
        files[course_yaml] = "slug: deep\nx: " + "[" * 50_000 + "]" * 50_000 + "\n"
        upload = zipped(files)
    elif name == "lying size":
        content = {course_yaml: b"slug: x\n", "big.txt": b"0" * 25_000_000}
        upload = SimpleUploadedFile("package.zip", lying_zip(content, declared_size=10), "application/zip")
    elif name == "bad crc":
        upload = SimpleUploadedFile(
            "package.zip", with_bad_crc({course_yaml: "slug: x\n"}), "application/zip"
        )
    elif name == "encrypted":
        upload = SimpleUploadedFile(
            "package.zip", with_flags({course_yaml: "x"}, flag=0x1), "application/zip"
        )
    else:
        upload = SimpleUploadedFile(
            "package.zip", with_flags({course_yaml: "x"}, method=9), "application/zip"
        )
    client.force_login(user("reviewer@university.example", language="en"))
    body = post(client, upload, publish="on").content.decode()
    assert message in body.replace("&#x27;", "'").replace("&quot;", '"')
    assert not CoursePage.objects.filter(slug="pkg-test-course").exists()
