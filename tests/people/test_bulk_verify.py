"""Bulk verification on the organisation page: CSV encodings, blank rows, duplicates, limits, query counts."""

import csv
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from certificates.lookup import MAX_BULK
from certificates.models import Certificate

URL = "/ru/accounts/organizations/demo-employer/verify/"


def in_russian(message: str, **values) -> str:
    with translation.override("ru"):
        text = gettext(message)
    return text % values if values else text


@pytest.fixture
def hr_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="hr@employer.example"))
    return client


@pytest.fixture
def make_certificates(demo_site):
    holder = get_user_model().objects.get(email="operator@employer.example")

    def make(count: int, **fields) -> list[Certificate]:
        now = timezone.now()
        certificates = [
            Certificate(
                holder=holder,
                course_key=uuid.uuid4(),
                course_version="1.0",
                holder_name=holder.full_name,
                course_title_ru=f"Курс проверки {index}",
                course_title_en=f"Verification course {index}",
                issuer_name="Демонстрационный университет",
                issued_at=now,
                expires_at=now + timezone.timedelta(days=365),
                **fields,
            )
            for index in range(count)
        ]
        return Certificate.objects.bulk_create(certificates)

    return make


def upload(content: bytes, name: str = "codes.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def statuses(response) -> list[str]:
    assert response.status_code == 200
    results = response.context["results"]
    assert results is not None, response.context["form"].errors
    return [row["status"] for row in results]


def form_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_utf8_with_a_bom_reads_the_first_code(hr_client, make_certificates):
    first, second = make_certificates(2)
    content = f"\ufeff{first.code}\n{second.code}\n".encode()
    assert content.startswith(b"\xef\xbb\xbf")
    assert statuses(hr_client.post(URL, {"codes": "", "file": upload(content)})) == ["valid", "valid"]


@pytest.mark.django_db
def test_a_windows_1251_file_from_russian_excel_is_read(hr_client, make_certificates):
    (certificate,) = make_certificates(1)
    content = f"Код сертификата,ФИО\r\n{certificate.code},{certificate.holder_name}\r\n".encode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert statuses(response) == ["valid"]  # the heading row is recognised and skipped
    assert certificate.holder_name in response.content.decode()


@pytest.mark.django_db
def test_a_semicolon_separated_csv_from_russian_excel_is_read(hr_client, make_certificates):
    (certificate,) = make_certificates(1)
    content = f"Код;ФИО\r\n{certificate.code};{certificate.holder_name}\r\n".encode("cp1251")
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert statuses(response) == ["valid"]  # "Код" is a heading, skipped


@pytest.mark.django_db
def test_bytes_that_are_no_known_text_encoding_are_refused_with_a_clear_message(hr_client):
    content = b"code\r\n\x98\x98\x98\r\n"  # 0x98 is unassigned in Windows-1251 and invalid UTF-8
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert response.status_code == 200 and response.context["results"] is None
    message = in_russian("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV UTF-8.")
    assert form_errors(response) == [message]
    assert escape(message) in response.content.decode()


@pytest.mark.django_db
def test_blank_lines_are_skipped_in_the_textarea_and_in_the_file(hr_client, make_certificates):
    first, second, third = make_certificates(3)
    pasted = f"\n\n  {first.code}  \n   \n\t\n{second.code}\n\n"
    file = upload(f"\r\n{third.code}\r\n\r\n , \r\n".encode())
    response = hr_client.post(URL, {"codes": pasted, "file": file})
    assert statuses(response) == ["valid", "valid", "valid"]
    assert [row["code"] for row in response.context["results"]] == [first.code, second.code, third.code]


@pytest.mark.django_db
def test_duplicates_are_answered_once_per_row_in_input_order(hr_client, make_certificates):
    certificate, other = make_certificates(2)
    compact = certificate.code.replace("-", "").lower()
    pasted = "\n".join([certificate.code, other.code, compact, "not-a-code", certificate.code])
    response = hr_client.post(URL, {"codes": pasted})
    assert statuses(response) == ["valid", "valid", "valid", "invalid", "valid"]
    codes = [row["code"] for row in response.context["results"]]
    assert codes == [certificate.code, other.code, certificate.code, None, certificate.code]
    download = hr_client.post(URL, {"codes": pasted, "format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == pasted.split("\n")  # what was typed, row for row


@pytest.mark.django_db
def test_a_10000_row_file_is_refused_and_nothing_is_looked_up(hr_client, make_certificates):
    (certificate,) = make_certificates(1)
    content = ("code\n" + f"{certificate.code}\n" * 10_000).encode()
    with CaptureQueriesContext(connection) as captured:
        response = hr_client.post(URL, {"codes": "", "file": upload(content), "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")  # no CSV
    assert response.context["results"] is None
    message = in_russian("At most %(max)s codes at a time.", max=MAX_BULK)
    assert form_errors(response) == [message]
    assert escape(message) in response.content.decode()
    assert not [query for query in captured if "certificates_certificate" in query["sql"]]


@pytest.mark.django_db
def test_exactly_the_limit_is_accepted_and_one_more_is_not(hr_client, make_certificates):
    (certificate,) = make_certificates(1)
    at_limit = hr_client.post(URL, {"codes": "\n".join([certificate.code] * MAX_BULK)})
    assert statuses(at_limit) == ["valid"] * MAX_BULK
    over = hr_client.post(URL, {"codes": "\n".join([certificate.code] * (MAX_BULK + 1))})
    assert over.context["results"] is None and form_errors(over)


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(hr_client):
    from employers.spreadsheets import MAX_UPLOAD_BYTES

    content = b"x" * (MAX_UPLOAD_BYTES + 1)
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert response.context["results"] is None
    assert form_errors(response) == [
        in_russian("The file is larger than %(size)s MB.", size=MAX_UPLOAD_BYTES // 1_000_000)
    ]


def bulk_queries(client, codes: list[str], **extra) -> int:
    payload = {"codes": "\n".join(codes), **extra}
    client.post(URL, payload)  # warm
    with CaptureQueriesContext(connection) as captured:
        response = client.post(URL, payload)
    assert response.status_code == 200
    if not extra:
        assert len(response.context["results"]) == len(codes)
    return len(captured)


@pytest.mark.django_db
def test_bulk_queries_do_not_grow_with_the_number_of_codes(hr_client, make_certificates):
    certificates = make_certificates(200)
    Certificate.objects.filter(pk__in=[c.pk for c in certificates[::7]]).update(revoked_at=timezone.now())
    codes = [certificate.code for certificate in certificates]
    small = [*codes[:8], "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-Z", "hello"]
    large = [*codes[:198], "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-Z", "hello"]
    assert bulk_queries(hr_client, small) == bulk_queries(hr_client, large)
    assert bulk_queries(hr_client, small, format="csv") == bulk_queries(hr_client, large, format="csv")


@pytest.mark.django_db
def test_a_heading_row_does_not_count_towards_the_limit(hr_client, make_certificates):
    (certificate,) = make_certificates(1)
    content = ("code\n" + f"{certificate.code}\n" * MAX_BULK).encode()
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert statuses(response) == ["valid"] * MAX_BULK
    # A first row that is a mistyped code (it has digits) is still checked and reported.
    typo = ("7BHKG-3FJAD\n" + f"{certificate.code}\n").encode()
    assert statuses(hr_client.post(URL, {"codes": "", "file": upload(typo)})) == ["invalid", "valid"]


@pytest.mark.django_db
def test_a_revoked_certificate_shows_no_valid_until_date(hr_client):
    from bs4 import BeautifulSoup

    from certificates.models import Certificate

    held = Certificate.objects.filter(holder__email="trainee@cart-academy.example")
    codes = {certificate.status_at(): certificate for certificate in held}
    response = hr_client.post(URL, {"codes": f"{codes['revoked'].code}\n{codes['valid'].code}"})
    rows = BeautifulSoup(response.content, "html.parser").select("table.content-table tbody tr")
    revoked, valid = ([cell.get_text(strip=True) for cell in row.select("td")] for row in rows)
    assert revoked[-1] == ""  # a revoked certificate is valid until nothing
    assert valid[-1] == timezone.localtime(codes["valid"].expires_at).strftime("%d.%m.%Y")  # 30.11.2026


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"X" * 200_000 + b"\n",  # one cell over the csv module's field limit
        b'"' + b"a" * 140_000 + b'"\n',  # a quoted one
        b'CODE-1\rCODE-2\r\n"un\rclosed\n',  # bare carriage returns, an unclosed quote
        b"\x00\x00\x00code\n",  # NUL bytes
    ],
)
def test_hostile_csv_files_get_a_clear_answer_never_a_500(hr_client, content):
    response = hr_client.post(URL, {"codes": "", "file": upload(content)})
    assert response.status_code == 200
    results = response.context["results"]
    errors = form_errors(response)
    assert errors or results is not None
    if results is not None:  # read: every row answered, none taken for a certificate
        assert all(row["status"] in ("invalid", "not_found") for row in results)


@pytest.mark.django_db
def test_a_cell_over_the_csv_limit_is_refused_in_russian(hr_client):
    import csv

    response = hr_client.post(URL, {"codes": "", "file": upload(b"X" * 200_000 + b"\n")})
    assert response.context["results"] is None
    (error,) = form_errors(response)
    assert error.startswith("Файл не удалось прочитать как CSV (ячейка длиннее ")
    assert f"ячейка длиннее {csv.field_size_limit()} символов" in error
    assert "field limit" not in error
