"""Fuzzing the token API: /api/v1/certificates/verify, /api/v1/staff and /api/v1/dossier with hostile
Authorization headers, bodies and query strings. Without a live token the answer is always 401."""

import json
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.models import Certificate
from people.models import Organization
from people.tokens import create_token, revoke_token

from .counting import fuzz_test
from .strategies import hostile_int_text, hostile_text

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text(40)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text(10), inner, max_size=4)
    ),
    max_leaves=12,
)

codes = st.lists(st.one_of(hostile_text(60), st.sampled_from(["REAL", "real"])), max_size=12)


@st.composite
def bodies(draw) -> tuple[bytes, str]:
    kind = draw(st.integers(0, 4))
    if kind == 0:  # the expected shape, with hostile codes
        values = draw(codes)
        return json.dumps({"codes": values}).encode(), "application/json"
    if kind == 1:  # any JSON
        return json.dumps(draw(json_values)).encode(), "application/json"
    if kind == 2:  # not JSON at all
        return draw(st.binary(max_size=300)), "application/json"
    if kind == 3:  # the right shape, too many codes
        return json.dumps({"codes": ["x"] * draw(st.integers(1000, 1100))}).encode(), "application/json"
    content_type = draw(
        st.sampled_from(["text/plain", "multipart/form-data", "application/x-www-form-urlencoded", ""])
    )
    return draw(st.binary(max_size=200)), content_type


@pytest.fixture
def tokens(demo_site):
    employer = Organization.objects.get(slug="demo-employer")
    publisher = Organization.objects.get(slug="demo-university")
    _token, employer_secret = create_token(organization=employer, name="fuzz")
    _token, publisher_secret = create_token(organization=publisher, name="fuzz")
    revoked, revoked_secret = create_token(organization=employer, name="revoked")
    revoke_token(token=revoked)
    return {"employer": employer_secret, "publisher": publisher_secret, "revoked": revoked_secret}


@st.composite
def authorizations(draw, live: list[str], dead: str) -> tuple[str | None, bool]:
    """An Authorization header (or none) and whether it carries a live token."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return None, False
    if kind == 1:
        return draw(hostile_text(300)), False
    if kind == 2:
        return "Bearer " + draw(hostile_text(300)), False
    if kind == 3:
        prefix = draw(st.sampled_from(live)).split("_")[1]
        return f"Bearer cart_{prefix}_{draw(hostile_text(60))}", False
    if kind == 4:
        return f"Bearer {dead}", False
    scheme = draw(st.sampled_from(["Bearer", "bearer", "BEARER"]))
    return f"{scheme} {draw(st.sampled_from(live))}", scheme == "Bearer" or scheme.lower() == "bearer"


@pytest.mark.django_db
@fuzz_test(examples=300)
@given(
    data=st.data(),
    endpoint=st.sampled_from(["verify", "staff", "dossier"]),
    course=st.one_of(st.just("real"), st.uuids().map(str), hostile_text(60)),
    version=st.one_of(st.just("1.0"), hostile_text(40)),
    date=st.one_of(st.dates().map(str), hostile_int_text(), st.just("2026-02-30")),
)
def test_token_api_answers_any_request_without_a_server_error(
    client, tokens, fuzz, data, endpoint, course, version, date
):
    authorization, live = data.draw(
        authorizations([tokens["employer"], tokens["publisher"]], tokens["revoked"])
    )
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    if endpoint == "verify":
        body, content_type = data.draw(bodies())
        real = list(Certificate.objects.values_list("code", flat=True)[:2])
        body = body.replace(b'"REAL"', json.dumps(real[0] if real else "").encode())
        response = client.generic(
            "POST", "/api/v1/certificates/verify", body, content_type=content_type, **headers
        )
        allowed = (200, 400, 401, 422)
    elif endpoint == "staff":
        response = client.get("/api/v1/staff", **headers)
        allowed = (200, 401, 403)
    else:
        if course == "real":
            course = str(Certificate.objects.values_list("course_key", flat=True).first())
        query = f"course={quote(course)}&version={quote(version)}&date={quote(date)}"
        response = client.get(f"/api/v1/dossier?{query}", **headers)
        allowed = (200, 400, 401, 403, 422)
    fuzz.check(response, allowed=allowed)
    assert response["Content-Type"].startswith("application/json")
    if not live:
        assert response.status_code == 401
