"""Fuzzing the admin uploads: GIFT question files and zipped course packages. A refused upload writes
nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Page

from assessments.models import Question, QuestionBank
from people.models import Organization
from tests.courses.test_packages import package_files

from .conftest import demo_user
from .counting import fuzz_test
from .strategies import BOMS, ENCODINGS, any_char, course_yaml, gift_source, hostile_text, zip_bytes

GIFT_URL = "/admin/assessments/import-gift/"
PACKAGE_URL = "/admin/course-packages/import/"


@pytest.fixture
def reviewer_client(client, demo_site):
    client.force_login(demo_user("reviewer@university.example"))
    return client


@st.composite
def gift_file(draw) -> bytes:
    if not draw(st.integers(0, 6)):
        return draw(st.binary(max_size=400))
    text = draw(gift_source())
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", *ENCODINGS]))
    return draw(st.sampled_from(BOMS)) + text.encode(encoding, errors="replace")


@pytest.mark.django_db
@fuzz_test(examples=100)
@given(
    content=gift_file(),
    bank=st.one_of(st.just("Банк fuzz"), hostile_text(250)),
    organization=st.one_of(st.none(), st.just("own"), st.sampled_from(["", "0", "-1", "abc", "9" * 30, "١"])),
    name=st.sampled_from(["questions.gift", "вопросы.txt", "", "../../x.gift", "a" * 300]),
    skip=st.booleans(),
    dry_run=st.booleans(),
)
def test_gift_uploads_import_or_say_why_with_nothing_written(
    reviewer_client, fuzz, content, bank, organization, name, skip, dry_run
):
    own = Organization.objects.get(slug="demo-university").pk
    fields = {"file": SimpleUploadedFile(name or "x", content, content_type="text/plain"), "bank": bank}
    if organization is not None:
        fields["organization"] = own if organization == "own" else organization
    if skip:
        fields["skip_unsupported"] = "on"
    if dry_run:
        fields["dry_run"] = "on"
    before = (Question.objects.count(), QuestionBank.objects.count())
    response = fuzz.check(reviewer_client.post(GIFT_URL, fields), allowed=(200, 302))
    if response.status_code == 200:  # refused or only checked: the form says why, nothing is written
        assert (Question.objects.count(), QuestionBank.objects.count()) == before
        form = response.context["form"]
        assert form.errors or dry_run, "refused without saying why"
    else:
        assert response["Location"].startswith("/admin/snippets/assessments/question/?bank=")


@st.composite
def package_zip(draw) -> tuple[bytes, bool]:
    """Random archives, or the valid test package with one entry replaced, removed or added (True)."""
    if draw(st.integers(0, 2)):
        return draw(zip_bytes()), False
    files: dict[str, str | bytes] = dict(package_files())
    target = draw(st.sampled_from(sorted(files)))
    change = draw(st.integers(0, 3))
    if change == 0:
        files[target] = draw(course_yaml())
    elif change == 1:
        files[target] = draw(st.one_of(hostile_text(300), st.binary(max_size=300)))
    elif change == 2:
        del files[target]
    else:
        files[draw(st.text(any_char, min_size=1, max_size=20))] = draw(st.binary(max_size=100))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            try:
                archive.writestr(path, content)
            except (ValueError, UnicodeEncodeError):
                continue
    return buffer.getvalue(), True


@pytest.mark.django_db
@fuzz_test(examples=100)
@given(
    package=package_zip(),
    publish=st.booleans(),
    dry_run=st.booleans(),
    organization=st.sampled_from(["own", "own", "", "0", "x", "9" * 30]),
)
def test_course_packages_import_or_say_why_with_nothing_written(
    reviewer_client, fuzz, package, publish, dry_run, organization
):
    content, near_valid = package
    own = Organization.objects.get(slug="demo-university").pk
    fields = {
        "file": SimpleUploadedFile("package.zip", content, content_type="application/zip"),
        "organization": own if organization == "own" else organization,
    }
    # A nearly valid package may import; it is checked only (importing it is tests/courses' business).
    if dry_run or near_valid:
        fields["dry_run"] = "on"
    if publish:
        fields["publish"] = "on"
    before = Page.objects.count()
    response = fuzz.check(reviewer_client.post(PACKAGE_URL, fields), allowed=(200,))
    context = response.context
    refused = bool(context["problems"] or context["form"].errors)
    assert refused or context["summary"] is not None, "neither imported nor refused"
    if refused or "dry_run" in fields:
        assert Page.objects.count() == before
