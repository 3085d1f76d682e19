"""Issue 15: the roster's current line per course and folded history, revocation details in the APIs, CSV for
Russian Excel (BOM, `;`, Russian headings, `,` on request), dates as 30.11.2026 and the zone in words."""

import csv
import io
import json
import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import timezone, translation

from base.api import SafeWriter, csv_delimiter, local_date, local_datetime, spreadsheet_date, zone_in_words
from certificates.models import Certificate
from certificates.services import issue_certificate
from employers.services import link_employer, staff_roster
from people.models import Organization
from people.tokens import create_token

EMPLOYER = "/ru/accounts/organizations/demo-employer"
ROSTER = f"{EMPLOYER}/staff/"
MATRIX = f"{EMPLOYER}/matrix/"
TRAINEE = "trainee@cart-academy.example"  # the demo trainee: one course, a certificate in each state


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """A request to an English page leaves English active in the thread: later tests expect Russian."""
    yield
    translation.deactivate()


@pytest.fixture
def employer(demo_site):
    return Organization.objects.get(slug="demo-employer")


@pytest.fixture
def hr_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="hr@employer.example"))
    return client


def demo_certificates() -> dict[str, Certificate]:
    return {c.status_at(): c for c in Certificate.objects.filter(holder__email=TRAINEE)}


def roster_row(response, email: str):
    soup = BeautifulSoup(response.content, "html.parser")
    (row,) = [tr for tr in soup.select("table.content-table tbody tr") if email in tr.get_text()]
    return row


def csv_rows(response, delimiter=";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


# --- The roster: one current line per course, older certificates folded ------------------------------------


@pytest.mark.django_db
def test_the_roster_shows_one_current_line_per_course_and_folds_the_older_ones(hr_client):
    held = demo_certificates()
    assert set(held) == {"valid", "expired", "revoked", "superseded"}
    row = roster_row(hr_client.get(ROSTER), TRAINEE)
    (current,) = row.select("[data-current]")  # four certificates of one course: one line
    assert held["valid"].code in str(current) and "Действителен" in current.get_text()
    assert "действует до " + local_date(held["valid"].expires_at) in current.get_text()
    (history,) = row.select("details.roster-history")
    assert history.get("open") is None  # folded until asked
    older = history.select("li")
    assert len(older) == 3
    by_code = {c: item for item in older for c in held.values() if c.code in item.select_one("a")["href"]}
    assert set(by_code) == {held["expired"], held["revoked"], held["superseded"]}
    for certificate in (held["revoked"], held["superseded"]):
        text = by_code[certificate].get_text()
        assert "действует до" not in text  # a void certificate is valid until nothing
        assert local_date(certificate.expires_at) not in text
    assert "Отозван" in by_code[held["revoked"]].get_text()
    assert local_date(held["revoked"].revoked_at) in by_code[held["revoked"]].get_text()
    assert held["superseded"].superseded_by.code in str(by_code[held["superseded"]])


@pytest.mark.django_db
def test_a_revoked_certificate_is_the_current_line_when_nothing_valid_replaced_it(
    hr_client, employer, make_user, demo_course
):
    user = make_user(email="revoked@employer.example", full_name="Отозванная Сотрудница")
    link_employer(user=user, organization=employer)
    certificate = issue_certificate(user=user, course=demo_course).certificate
    certificate.revoke(reason="misconduct")
    row = roster_row(hr_client.get(ROSTER), user.email)
    (current,) = row.select("[data-current]")
    assert "Отозван" in current.get_text() and "действует до" not in current.get_text()
    assert not row.select("details")  # nothing older to fold


@pytest.mark.django_db
def test_a_valid_certificate_ending_within_the_window_shows_as_expiring(employer, make_user, demo_course):
    user = make_user(email="soon@employer.example", full_name="Скоро Истекает")
    link_employer(user=user, organization=employer)
    certificate = issue_certificate(user=user, course=demo_course).certificate
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=timezone.now() + timedelta(days=10))
    (member,) = [m for m in staff_roster(organization=employer) if m.user == user]
    (line,) = member.courses
    assert (line.status, line.history) == ("expiring", [])
    Certificate.objects.filter(pk=certificate.pk).update(expires_at=timezone.now() + timedelta(days=300))
    (member,) = [m for m in staff_roster(organization=employer) if m.user == user]
    assert member.courses[0].status == "valid"


# --- The APIs: revocation reason and date, superseded_by ---------------------------------------------------


@pytest.mark.django_db
def test_the_bulk_verify_api_gives_revocation_details_and_the_successor(client, employer):
    held = demo_certificates()
    _token, secret = create_token(organization=employer, name="ERP")
    codes = [held["revoked"].code, held["superseded"].code, held["valid"].code]
    response = client.post(
        "/api/v1/certificates/verify",
        {"codes": codes},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    revoked, superseded, valid = json.loads(response.content)["results"]
    assert revoked["status"] == "revoked" and revoked["revocation_reason"] == "error"
    assert datetime.fromisoformat(revoked["revoked_at"]) == held["revoked"].revoked_at
    assert superseded["status"] == "superseded" and superseded["superseded_by"] == held["valid"].code
    assert superseded["revoked_at"] is None and superseded["revocation_reason"] is None
    assert valid["superseded_by"] is None and valid["revoked_at"] is None
    assert {"code", "status", "holder", "course", "issuer", "issued_at", "expires_at"} <= set(valid)  # kept


@pytest.mark.django_db
def test_the_public_api_adds_revocation_fields_and_keeps_the_old_ones(client, demo_site):
    held = demo_certificates()
    data = client.get(f"/api/v1/certificates/{held['revoked'].code}").json()
    assert data["revocation_reason"] == "error" and data["revocation"]["reason"] == "error"
    assert data["revoked_at"] == data["revocation"]["revoked_at"]
    data = client.get(f"/api/v1/certificates/{held['superseded'].code}").json()
    assert data["superseded_by"] == held["valid"].code and data["revoked_at"] is None


@pytest.mark.django_db
def test_the_staff_api_marks_the_current_certificate_and_why_others_are_void(client, employer):
    held = demo_certificates()
    _token, secret = create_token(organization=employer, name="HRIS")
    data = client.get("/api/v1/staff", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    (member,) = [m for m in data["staff"] if m["email"] == TRAINEE]
    by_code = {c["code"]: c for c in member["certificates"]}
    assert [code for code, c in by_code.items() if c["current"]] == [held["valid"].code]
    assert by_code[held["revoked"].code]["revocation_reason"] == "error"
    assert by_code[held["superseded"].code]["superseded_by"] == held["valid"].code


# --- CSV for Russian Excel ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_staff_csv_starts_with_a_bom_and_uses_semicolons_and_russian(hr_client):
    response = hr_client.get(ROSTER, {"format": "csv"})
    assert response.content.startswith("\ufeff".encode())
    rows = csv_rows(response)
    assert rows[0] == ["Сотрудник", "Адрес электронной почты", "Код", "Курс", "Версия", "Статус"] + [
        "Действует до",
        rows[0][7],  # "Current": a new heading, translated when the catalogue is merged
    ]
    held = demo_certificates()
    mine = {row[2]: row for row in rows[1:] if row[1] == TRAINEE}
    assert mine[held["valid"].code][6] == held["valid"].expires_at.astimezone(
        zoneinfo.ZoneInfo("Europe/Moscow")
    ).strftime("%d.%m.%Y")
    assert mine[held["revoked"].code][5:7] == ["Отозван", ""]  # void: no validity date
    assert mine[held["superseded"].code][5:7] == ["Заменён", ""]
    current = [code for code, row in mine.items() if row[7] == mine[held["valid"].code][7]]
    assert current == [held["valid"].code]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ROSTER, MATRIX])
def test_csv_uses_a_comma_when_asked(hr_client, url):
    semicolons = hr_client.get(url, {"format": "csv"})
    commas = hr_client.get(url, {"format": "csv", "sep": "comma"})
    assert commas.content.startswith("\ufeff".encode())
    first_line = commas.content.decode("utf-8-sig").splitlines()[0]
    assert ";" not in first_line and first_line.count(",") >= 6
    assert csv_rows(commas, delimiter=",") == csv_rows(semicolons, delimiter=";")


@pytest.mark.django_db
def test_the_matrix_csv_is_for_russian_excel(hr_client):
    response = hr_client.get(MATRIX, {"format": "csv"})
    assert response.content.startswith("\ufeff".encode())
    rows = csv_rows(response)
    assert rows[0][:2] == ["Должностная роль", "Сотрудник"] and len(rows[0]) == 7
    statuses = {row[4] for row in rows[1:]}
    assert statuses and statuses <= {"Соответствует", "Истекает", "Срок действия истёк", "Идёт", "Нет"}


@pytest.mark.django_db
def test_the_bulk_verify_csv_names_the_successor_and_the_revocation(hr_client):
    held = demo_certificates()
    codes = f"{held['revoked'].code}\n{held['superseded'].code}"
    response = hr_client.post(f"{EMPLOYER}/verify/", {"codes": codes, "format": "csv"})
    assert response.content.startswith("\ufeff".encode())
    header, revoked, superseded = csv_rows(response)
    assert header[:3] == ["Введено", "Код", "Статус"]
    assert revoked[2] == "Отозван" and revoked[6] == ""  # no validity date for a void certificate
    assert revoked[7] == local_date(held["revoked"].revoked_at) and revoked[8] == "Выдан по ошибке"
    assert superseded[2] == "Заменён" and superseded[9] == held["valid"].code


def test_the_safe_writer_keeps_formula_safety_and_numbers_with_semicolons():
    out = io.StringIO()
    writer = SafeWriter(out, delimiter=";", bom=True)
    writer.writerow(["=HYPERLINK(1)", 3, -12.5, "a;b", "@x"])
    assert out.getvalue() == "\ufeff'=HYPERLINK(1);3;-12.5;\"a;b\";'@x\r\n"
    plain = io.StringIO()
    SafeWriter(plain).writerow(["a", 1])
    assert plain.getvalue() == "a,1\r\n"  # no BOM and the csv module's comma unless asked


def test_the_separator_follows_the_language_unless_asked():
    assert csv_delimiter(None, "ru") == ";"
    assert csv_delimiter(None, "en") == ","
    assert csv_delimiter("comma", "ru") == ","
    assert csv_delimiter("semicolon", "en") == ";"
    assert csv_delimiter("nonsense", "ru") == ";"


# --- Dates and times ---------------------------------------------------------------------------------------


def test_dates_read_30_11_2026_in_russian_and_iso_in_english_csv():
    day = date(2026, 11, 30)
    late = datetime(2026, 11, 30, 22, 30, tzinfo=UTC)  # 01:30 on 1 December in Moscow
    with translation.override("ru"):
        assert local_date(day) == "30.11.2026"
        assert Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": day})) == "30.11.2026"
        assert spreadsheet_date(day) == "30.11.2026"
        assert local_date(late) == "01.12.2026"  # the local day, not UTC's
    with translation.override("en"):
        assert spreadsheet_date(day) == "2026-11-30"


def test_times_name_the_zone_in_words_not_msk():
    moment = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    with translation.override("ru"):
        shown = local_datetime(moment)
        assert shown.startswith("30.11.2026 12:05 ")
        assert shown.endswith(zone_in_words("Europe/Moscow"))
        assert "MSK" not in shown and "МСК" not in shown
    with translation.override("en"):
        assert local_datetime(moment) == "11/30/2026 12:05 Moscow time"
        assert local_datetime(moment, zone="UTC") == "11/30/2026 09:05 UTC"
        assert zone_in_words("Asia/Yekaterinburg") == "time zone Asia/Yekaterinburg"


@pytest.mark.django_db
def test_no_msk_in_the_matrix_pdf_and_russian_dates_in_it(hr_client):
    from pypdf import PdfReader

    response = hr_client.get(MATRIX, {"format": "pdf"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert not re.search(r"\bMSK\b", text)  # a word: random certificate codes may hold the letters
    assert local_date(timezone.now()) in text.replace("\n", " ")
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO dates


@pytest.mark.django_db
def test_the_exam_signature_time_on_the_verify_page_names_the_zone_in_words(client, demo_site):
    from certificates.models import Certificate as Model

    certificate = Model.objects.filter(revoked_at__isnull=True).first()
    Model.objects.filter(pk=certificate.pk).update(exam_signed_at=timezone.now())
    page = BeautifulSoup(client.get(f"/verify/{certificate.code}/?lang=en").content, "html.parser")
    signed = page.select_one("[data-exam-signed]").get_text()
    assert "Moscow time" in signed and "MSK" not in signed
