"""Fuzzing the employer's bulk verification: pasted codes, uploaded CSV files and broken multipart bodies."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from .conftest import demo_user
from .counting import fuzz_test
from .strategies import csv_bytes, hostile_text

URL = "/ru/accounts/organizations/demo-employer/verify/"
RESULT_STATUSES = {"valid", "expired", "revoked", "superseded", "invalid", "not_found"}

formats = st.sampled_from(["", "csv", "html", "CSV", "\x00", "csv\n"])


@pytest.fixture
def hr_client(client, demo_site):
    client.force_login(demo_user("hr@employer.example"))
    return client


def check_answer(response):
    """A table of results, a CSV download, or the form again with a message saying what is wrong."""
    if response["Content-Type"].startswith("text/csv"):
        assert response.content.startswith("\ufeffВведено;Код;Статус;".encode())  # for Russian Excel
        return
    form, results = response.context["form"], response.context["results"]
    if results is None:
        assert form.errors, "refused without saying why"
    else:
        assert {row["status"] for row in results} <= RESULT_STATUSES


@pytest.mark.django_db
@fuzz_test(examples=150)
@given(
    lines=st.lists(
        st.one_of(hostile_text(80), st.sampled_from(["CART", "code", "Код сертификата"])), max_size=12
    ),
    separator=st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x1c", "\u2028", "\x85"]),
    output=formats,
)
def test_pasted_codes_get_results_or_a_clear_message(hr_client, fuzz, lines, separator, output):
    response = hr_client.post(URL, {"codes": separator.join(lines), "format": output})
    fuzz.check(response, allowed=(200,))
    check_answer(response)


@st.composite
def broken_multipart(draw) -> tuple[bytes, str]:
    """A multipart body that lies: random bytes, a boundary never closed, headers cut short."""
    boundary = draw(st.sampled_from(["BoUnDaRy", "", "x" * 80, "a b", "\u00e9"]))
    parts = draw(
        st.lists(
            st.sampled_from(
                [
                    f"--{boundary}\r\n",
                    'Content-Disposition: form-data; name="file"; filename="codes.csv"\r\n',
                    'Content-Disposition: form-data; name="codes"\r\n',
                    "Content-Disposition: form-data\r\n",
                    'Content-Disposition: form-data; name="file"; filename="../../x"\r\n',
                    "Content-Type: text/csv\r\n",
                    "Content-Transfer-Encoding: base64\r\n",
                    "\r\n",
                    "CODE-1\r\n",
                    f"--{boundary}--\r\n",
                    "=?utf-8?b?AAAA?=",
                ]
            ),
            max_size=12,
        )
    )
    body = "".join(parts).encode("utf-8") + draw(st.binary(max_size=200))
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db
@fuzz_test(examples=150)
@given(
    content=csv_bytes(),
    name=st.sampled_from(["codes.csv", "codes.txt", "../../etc/passwd", "коды.csv", "a" * 300, "x\x00.csv"]),
    pasted=st.sampled_from(["", "CART-1"]),
    output=formats,
    broken=st.one_of(st.none(), broken_multipart()),
)
def test_uploaded_files_get_results_or_a_clear_message(
    hr_client, fuzz, content, name, pasted, output, broken
):
    if broken is not None:
        body, content_type = broken
        response = hr_client.generic("POST", URL, body, content_type=content_type)
        fuzz.check(response, allowed=(200, 400))
        return
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    response = hr_client.post(URL, {"codes": pasted, "file": upload, "format": output})
    fuzz.check(response, allowed=(200,))
    check_answer(response)
