"""Fuzzing the public surfaces: site search, the verification page and the verification API."""

import json
from urllib.parse import quote

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from certificates.models import Certificate

from .counting import fuzz_test
from .strategies import hostile_int_text, hostile_text, url_segment

with translation.override("ru"):
    NOT_FOUND = escape(gettext("No certificate has this code."))

# Ways a code reaches the path: percent-encoded whole, with path characters left raw, or already
# percent-encoded text sent as it is (malformed escapes included).
SAFE = st.sampled_from(["", "/", "/:@?#", "/%"])


def as_path(text: str, safe: str) -> str:
    return quote(text.encode("utf-8"), safe=safe)


def spelled(code: str, how: int) -> str:
    """A real code as a person (or a script) might type it."""
    return [
        code,
        code.lower(),
        f"  {code}  ",
        code.replace("-", ""),
        code[:-1],
        code + "X",
        code.replace("-", " "),
    ][how]


@pytest.mark.django_db
@fuzz_test(examples=250)
@given(
    query=hostile_text(), page=hostile_int_text(), language=st.sampled_from(["ru", "en"]), raw=st.booleans()
)
def test_search_answers_any_query_with_a_page(client, fuzz, query, page, language, raw):
    if raw:  # the query string exactly as sent: malformed escapes, NUL, bare '&' and '='
        response = client.get(f"/{language}/search/?q={as_path(query, '%&=+')}&page={as_path(page, '%')}")
    else:
        response = client.get(f"/{language}/search/", {"q": query, "page": page})
    fuzz.check(response, allowed=(200,))
    assert b'name="q"' in response.content  # the search page itself, with its form


@pytest.mark.django_db
@fuzz_test(examples=200)
@given(
    data=st.data(),
    text=url_segment(),
    safe=SAFE,
    real=st.integers(0, 7),
    suffix=st.sampled_from(["/", "/pdf", ""]),
)
def test_verify_page_answers_any_code_with_a_page(client, unlimited, fuzz, data, text, safe, real, suffix):
    codes = list(Certificate.objects.order_by("pk").values_list("code", flat=True)[:4])
    code = spelled(data.draw(st.sampled_from(codes)), real) if real < 7 and codes else text
    response = client.get(f"/verify/{as_path(code, safe)}{suffix}")
    fuzz.check(response, allowed=(200, 301, 302, 404, 410))
    if response.status_code == 404:
        assert NOT_FOUND in response.content.decode()  # the page that says so, in Russian


@pytest.mark.django_db
@fuzz_test(examples=100)
@given(code=hostile_text(300), language=st.sampled_from(["ru", "en", "", "xx", "\x00"]))
def test_verify_form_answers_any_input(client, unlimited, fuzz, code, language):
    response = client.get("/verify/", {"code": code, "lang": language})
    fuzz.check(response, allowed=(200, 301, 302))


@pytest.mark.django_db
@fuzz_test(examples=300)
@given(data=st.data(), text=url_segment(), safe=SAFE, real=st.integers(0, 7))
def test_verify_api_answers_any_code_with_json(client, unlimited, fuzz, data, text, safe, real):
    codes = list(Certificate.objects.order_by("pk").values_list("code", flat=True)[:4])
    code = spelled(data.draw(st.sampled_from(codes)), real) if real < 7 and codes else text
    response = client.get(f"/api/v1/certificates/{as_path(code, safe)}")
    fuzz.check(response, allowed=(200, 301, 302, 404))
    if response.status_code == 404 and response["Content-Type"].startswith("application/json"):
        assert json.loads(response.content) in ({"status": "not_found"}, {"detail": "Not Found"})
    elif response.status_code == 200:
        body = json.loads(response.content)
        assert body["status"] in ("valid", "expired", "revoked", "superseded") and body["proof"]["jws"]
