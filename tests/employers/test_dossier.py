"""The inspector dossier: structure, content, the detached JWS, the PDF, who sees whom, bad input, queries."""

import base64
import io
import json
import uuid
from datetime import timedelta

import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from assessments.models import Assessment, Attempt
from audit.models import AuditEntry
from certificates.services import issue_certificate
from courses.models import CoursePage, LessonPage
from employers.dossier import build_dossier, sign_dossier
from employers.services import link_employer, withdraw_consent
from learning.models import LessonCompletion
from people.models import Membership, Organization, Signature
from people.tokens import create_token
from tests.courses.conftest import build_course
from tests.factories import with_totp

SLUG = "dossier-plant"
URL = f"/ru/accounts/organizations/{SLUG}/dossier/"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def plant(demo_site):
    return Organization.objects.create(
        kind=Organization.EMPLOYER, slug=SLUG, name_ru="Завод <Клеток> & Ко", name_en="Cell Plant"
    )


@pytest.fixture
def plant_hr(plant, make_user):
    user = make_user(email="hr@dossier.example", full_name="Ирина Кадрова")
    Membership.objects.create(user=user, organization=plant, role=Membership.HR)
    return user


@pytest.fixture
def final_exam(demo_course):
    return Assessment.objects.get(
        page__translation_key=demo_course.translation_key, is_final=True, page__locale__language_code="ru"
    )


def qualify(user, course, lessons, exam, *, signed=False, when=None):
    """Lessons opened and confirmed, the final exam passed, the certificate issued (an hour apart each)."""
    when = when or timezone.now() - timedelta(days=3)
    completions = []
    for index, lesson in enumerate(lessons):
        completions.append(
            LessonCompletion.objects.create(
                user=user,
                course_key=course.translation_key,
                lesson_key=lesson.translation_key,
                opened_at=when + timedelta(minutes=index * 10),
                completed_at=when + timedelta(minutes=index * 10 + 7),
                seconds_on_page=420 + index,
                via="confirm",
            )
        )
    attempt = Attempt.objects.create(
        assessment=exam,
        user=user,
        seed=1,
        status=Attempt.SUBMITTED,
        started_at=when + timedelta(hours=1),
        finished_at=when + timedelta(hours=1, minutes=20),
        pass_mark=80,
        percent="92.50",
        passed=True,
    )
    if signed:
        for record, meaning in [(completions[0], "Прочитал и понял"), (attempt, "Сдал экзамен сам")]:
            Signature.objects.create(
                signer=user,
                printed_name=user.full_name,
                signed_at=when + timedelta(hours=2),
                time_zone="Europe/Moscow",
                meaning=meaning,
                method=Signature.BY_PASSWORD,
                object_type=record._meta.label,
                object_id=str(record.pk),
            )
    certificate = issue_certificate(user=user, course=course, issued_at=when + timedelta(hours=2)).certificate
    return completions, attempt, certificate


@pytest.fixture
def worker(plant, make_user, demo_course, demo_lessons, final_exam):
    user = make_user(email="worker@dossier.example", full_name="Пётр <b>Рабочий</b>")
    link_employer(user=user, organization=plant)
    qualify(user, demo_course, demo_lessons[:2], final_exam, signed=True)
    return user


def params(page, /, **extra):
    """The query for `page`'s dossier today; `extra` overrides or adds (course=, version=, date=, format=)."""
    return {
        "course": str(page.translation_key),
        "version": page.version_label,
        "date": timezone.localdate().isoformat(),
        **extra,
    }


def dossier_of(organization, course, as_of=None):
    return build_dossier(
        organization=organization,
        course_key=course.translation_key,
        version=course.version_label,
        as_of=as_of or timezone.localdate(),
    )


@pytest.mark.django_db
def test_json_lists_a_person_with_lessons_exam_and_certificate(plant, worker, demo_course, demo_lessons):
    data = dossier_of(plant, demo_course)
    meta = data["dossier"]
    assert meta["format"] == "cart-academy/dossier/1"
    assert meta["organization"] == {
        "slug": SLUG,
        "kind": "employer",
        "name": {"ru": "Завод <Клеток> & Ко", "en": "Cell Plant"},
    }
    assert meta["scope"] == "consenting_staff"
    assert meta["course"]["key"] == str(demo_course.translation_key)
    assert meta["course"]["title"]["ru"] == demo_course.title
    assert meta["course"]["version"] == demo_course.version_label
    assert meta["as_of"] == timezone.localdate().isoformat()
    assert meta["generated_at"] and meta["generator"]["jwks"].endswith("/.well-known/jwks.json")
    assert meta["people_count"] == meta["qualified_count"] == 1
    (person,) = data["people"]
    assert person["name"] == worker.full_name and person["email"] == worker.email
    assert person["qualified"] is True
    certificate = person["certificate"]
    assert certificate["status_on_date"] == certificate["status_now"] == "valid"
    assert (
        certificate["code"]
        and certificate["issued_at"]
        and certificate["verify_url"].endswith(f"/verify/{certificate['code']}/")
    )
    exam = person["final_exam"]
    assert exam["percent"] == "92.50" and exam["pass_mark"] == 80 and exam["passed"] is True
    assert exam["started_at"] < exam["finished_at"]
    assert [s["meaning"] for s in exam["signatures"]] == ["Сдал экзамен сам"]
    assert exam["signatures"][0]["signer"] == worker.full_name
    lessons = person["lessons"]
    assert [lesson["key"] for lesson in lessons] == [
        str(lesson.translation_key) for lesson in demo_lessons[:2]
    ]
    assert lessons[0]["title"]["ru"] == demo_lessons[0].title
    assert lessons[0]["seconds_on_page"] == 420 and lessons[0]["via"] == "confirm"
    assert lessons[0]["opened_at"] < lessons[0]["confirmed_at"]
    assert [s["meaning"] for s in lessons[0]["signatures"]] == ["Прочитал и понял"]
    assert lessons[1]["signatures"] == []
    json.dumps(data)  # plain JSON types only


@pytest.mark.django_db
def test_status_is_judged_on_the_date(plant, worker, demo_course):
    certificate = worker.certificates.get()
    certificate.revoke(reason="error")
    # Before it was issued: not listed; on the day it still stood: valid then, revoked now.
    earlier = dossier_of(plant, demo_course, as_of=timezone.localdate() - timedelta(days=10))
    assert earlier["people"] == []
    yesterday = dossier_of(plant, demo_course, as_of=timezone.localdate() - timedelta(days=1))
    (person,) = yesterday["people"]
    assert person["qualified"] and person["certificate"]["status_now"] == "revoked"
    (today,) = dossier_of(plant, demo_course)["people"]
    assert not today["qualified"] and today["certificate"]["status_on_date"] == "revoked"


@pytest.mark.django_db
def test_detached_jws_verifies_against_the_jwks_and_a_tampered_json_fails(
    client, plant, plant_hr, worker, demo_course
):
    client.force_login(plant_hr)
    response = client.get(URL, params(demo_course, format="json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.content
    assert json.loads(body)["people"][0]["email"] == worker.email
    detached = response["X-JWS-Signature"]
    header_b64, empty, signature_b64 = detached.split(".")
    assert empty == ""  # detached: no payload between the dots (RFC 7515 Appendix F)
    header = json.loads(unb64url(header_b64))
    assert header["alg"] == "EdDSA" and header["kid"]
    keys = {key["kid"]: key for key in client.get("/.well-known/jwks.json").json()["keys"]}
    public = Ed25519PublicKey.from_public_bytes(unb64url(keys[header["kid"]]["x"]))
    public.verify(unb64url(signature_b64), f"{header_b64}.{b64url(body)}".encode())
    # Any JOSE library checks it with the payload put back.
    compact = f"{header_b64}.{b64url(body)}.{signature_b64}"
    assert jwt.api_jws.decode(compact, jwt.PyJWK(keys[header["kid"]]).key, algorithms=["EdDSA"]) == body
    tampered = body.replace(worker.email.encode(), b"someone@else.example")
    with pytest.raises(InvalidSignature):
        public.verify(unb64url(signature_b64), f"{header_b64}.{b64url(tampered)}".encode())
    # format=jws serves the detached JWS alone.
    alone = client.get(URL, params(demo_course, format="jws"))
    assert alone.status_code == 200 and alone.content.decode().count(".") == 2
    assert alone.content.decode().split(".")[1] == ""


@pytest.mark.django_db
def test_preview_downloads_are_one_generation(client, plant, plant_hr, worker, demo_course):
    client.force_login(plant_hr)
    page = client.get(URL, params(demo_course))
    assert page.status_code == 200
    downloads = page.context["downloads"]
    signed = page.context["signed"]
    as_json = client.get(URL + downloads["json"])
    as_pdf = client.get(URL + downloads["pdf"])
    assert as_json.content == signed.body and as_json["X-JWS-Signature"] == signed.jws
    assert as_pdf["X-JWS-SHA256"] == signed.fingerprint
    # One generation, one entry in the audit trail, naming the fingerprint of what left the platform.
    (entry,) = AuditEntry.objects.filter(action="dossier.generated", organization_id=plant.pk)
    assert entry.actor_id == plant_hr.pk and entry.after["jws_sha256"] == signed.fingerprint
    assert entry.after["people"] == 1 and entry.after["version"] == demo_course.version_label
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(as_pdf.content)).pages)
    assert signed.fingerprint in text.replace("\n", "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_pdf_opens_and_shows_the_person_and_course(client, plant, plant_hr, worker, demo_course, language):
    client.force_login(plant_hr)
    response = client.get(
        f"/{language}/accounts/organizations/{SLUG}/dossier/", params(demo_course, format="pdf")
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert worker.full_name in text  # the markup in the name is printed, not interpreted
    course = CoursePage.objects.get(
        translation_key=demo_course.translation_key, locale__language_code=language
    )
    assert course.title in text
    assert in_language(language, "Inspector dossier") in text
    assert response["X-JWS-SHA256"] in text.replace("\n", "")
    assert ("Завод <Клеток> & Ко" if language == "ru" else "Cell Plant") in text


@pytest.mark.django_db
def test_non_consenting_people_never_appear(plant, worker, make_user, demo_course, demo_lessons, final_exam):
    stranger = make_user(email="stranger@dossier.example", full_name="Чужой Человек")
    qualify(stranger, demo_course, demo_lessons[:1], final_exam)
    former = make_user(email="former@dossier.example", full_name="Бывший Сотрудник")
    link_employer(user=former, organization=plant)
    qualify(former, demo_course, demo_lessons[:1], final_exam)
    withdraw_consent(user=former, organization=plant)
    emails = [person["email"] for person in dossier_of(plant, demo_course)["people"]]
    assert emails == [worker.email]


@pytest.mark.django_db
def test_hr_of_one_employer_cannot_get_another_employers_dossier(
    client, plant, worker, make_user, demo_course
):
    other = Organization.objects.create(
        kind=Organization.EMPLOYER, slug="other-plant", name_ru="Д", name_en="O"
    )
    other_hr = make_user(email="hr@other.example")
    Membership.objects.create(user=other_hr, organization=other, role=Membership.HR)
    client.force_login(other_hr)
    for fmt in ("", "json", "jws", "pdf"):
        assert client.get(URL, params(demo_course, format=fmt)).status_code == 403
    # Their own dossier does not list our staff.
    response = client.get(
        "/ru/accounts/organizations/other-plant/dossier/", params(demo_course, format="json")
    )
    assert response.status_code == 200 and json.loads(response.content)["people"] == []
    # A staff member (not HR) of the plant is refused too.
    client.force_login(worker)
    assert client.get(URL, params(demo_course, format="json")).status_code == 403


@pytest.mark.django_db
def test_a_university_only_sees_its_own_courses(client, worker, make_user, demo_course, catalog):
    own = Organization.objects.get(slug="demo-university")
    assert demo_course.provider_id == own.pk
    data = dossier_of(own, demo_course)
    assert data["dossier"]["scope"] == "certificate_holders"
    assert worker.email in [person["email"] for person in data["people"]]  # no consent needed for its own
    other = Organization.objects.create(kind=Organization.UNIVERSITY, slug="uni-v", name_ru="В", name_en="V")
    reviewer = make_user(email="reviewer@uni-v.example")
    Membership.objects.create(user=reviewer, organization=other, role=Membership.REVIEWER)
    client.force_login(with_totp(reviewer))  # a reviewer opens organisation screens with two-factor on
    url = "/ru/accounts/organizations/uni-v/dossier/"
    response = client.get(url, params(demo_course, format="json"))
    assert response.status_code == 400
    assert response.json()["message"] == in_language("ru", "Unknown course.")
    choices = [key for key, _title in client.get(url).context["form"].fields["course"].choices]
    assert str(demo_course.translation_key) not in choices
    mine = build_course(catalog, title="Курс вуза В", provider="В")
    mine.provider = other
    mine.save()
    assert client.get(url, params(mine, format="json")).status_code == 200
    # An editor of the university may not.
    editor = make_user(email="editor@uni-v.example")
    Membership.objects.create(user=editor, organization=other, role=Membership.EDITOR)
    client.force_login(with_totp(editor))
    assert client.get(url, params(mine, format="json")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"course": str(uuid.uuid4())},
        {"course": "not-a-course"},
        {"course": ""},
        {"version": ""},
        {"version": "99.9"},
        {"date": "2026-13-40"},
        {"date": "30.11.2026"},
        {"date": ""},
        {"date": (timezone.localdate() + timedelta(days=2)).isoformat()},
        {"format": "xml"},
    ],
)
def test_bad_input_is_a_clear_400(client, plant, plant_hr, demo_course, change):
    client.force_login(plant_hr)
    for fmt in ("json", "pdf", ""):
        query = {**params(demo_course, format=fmt), **change}
        response = client.get(URL, query)
        assert response.status_code == 400, (change, fmt)
        text = (
            response.json()["message"]
            if response["Content-Type"].startswith("application/json")
            else (response.content.decode())
        )
        assert len(text) > 5


@pytest.mark.django_db
def test_bad_input_message_names_the_problem(client, plant, plant_hr, demo_course):
    client.force_login(plant_hr)
    with_lang = "/en/accounts/organizations/" + SLUG + "/dossier/"
    assert (
        client.get(with_lang, params(demo_course, format="json", version=""))
        .json()["message"]
        .startswith("Give the course version")
    )
    assert (
        "YYYY-MM-DD"
        in client.get(with_lang, params(demo_course, format="json", date="2026-02-30")).json()["message"]
    )
    assert (
        client.get(with_lang, params(demo_course, format="json", course=str(uuid.uuid4()))).json()["message"]
        == "Unknown course."
    )
    page = client.get(with_lang, params(demo_course, version=""))
    assert page.status_code == 400 and b"Give the course version" in page.content


@pytest.mark.django_db
def test_api_serves_the_signed_json(client, plant, worker, demo_course):
    _token, secret = create_token(organization=plant, name="QMS")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    response = client.get("/api/v1/dossier", params(demo_course), **auth)
    assert response.status_code == 200
    header_b64, _empty, signature_b64 = response["X-JWS-Signature"].split(".")
    kid = json.loads(unb64url(header_b64))["kid"]
    key = {k["kid"]: k for k in client.get("/.well-known/jwks.json").json()["keys"]}[kid]
    Ed25519PublicKey.from_public_bytes(unb64url(key["x"])).verify(
        unb64url(signature_b64), f"{header_b64}.{b64url(response.content)}".encode()
    )
    assert [p["email"] for p in json.loads(response.content)["people"]] == [worker.email]
    entry = AuditEntry.objects.get(action="dossier.generated", organization_id=plant.pk)
    assert entry.object_type == "people.ApiToken" and entry.after["jws_sha256"] == response["X-JWS-SHA256"]
    bad = client.get("/api/v1/dossier", params(demo_course, date="yesterday"), **auth)
    assert bad.status_code == 400 and "ГГГГ-ММ-ДД" in bad.json()["message"]
    assert client.get("/api/v1/dossier", params(demo_course)).status_code == 401
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/dossier"]["get"]
    assert "X-JWS-Signature" in operation["description"]
    assert set(operation["responses"]["200"]["headers"]) == {"X-JWS-Signature", "X-JWS-SHA256"}
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"course", "version", "date"}


@pytest.mark.django_db
def test_query_count_does_not_grow_with_people(plant, make_user, demo_course, demo_lessons, final_exam):
    def add_people(count, start):
        for index in range(start, start + count):
            user = make_user(email=f"p{index}@dossier.example", full_name=f"Сотрудник {chr(1040 + index)}")
            link_employer(user=user, organization=plant)
            qualify(user, demo_course, demo_lessons, final_exam, signed=True)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            data = dossier_of(plant, demo_course)
            sign_dossier(data)
        return len(queries), len(data["people"])

    add_people(2, 0)
    small, two = measure()
    add_people(8, 2)
    large, ten = measure()
    assert (two, ten) == (2, 10)
    assert small == large, (small, large)
    assert large <= 8


@pytest.mark.django_db
def test_the_navigation_and_the_matrix_link_to_it(client, plant, plant_hr):
    client.force_login(plant_hr)
    matrix = client.get(f"/ru/accounts/organizations/{SLUG}/matrix/")
    assert URL.encode() in matrix.content
    form = client.get(URL)
    assert form.status_code == 200 and form.context["form"].fields["course"].choices
    assert LessonPage.objects.exists()
