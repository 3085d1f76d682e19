"""Kept verification answers (ADR 0024): a repeated GET /api/v1/certificates/<code> is answered by
certificates.middleware from the answer this process built, byte for byte and header for header what the
view and the rest of the stack give, still rate limited, and never after the certificate changed or expired.

"Built" below means the answer of the whole stack without the middleware (settings.MIDDLEWARE minus it),
which is the implementation before ADR 0024; "kept" a call the middleware answered without the view (the
spy on the view's `public_record` proves which)."""

import multiprocessing
from datetime import timedelta

import pytest
import time_machine
from django.core.cache.backends.filebased import FileBasedCache
from django.test import Client
from django.urls import reverse

from base.filecache import CountingFileCache
from certificates import api as certificates_api
from certificates import middleware as answers
from certificates.services import issue_certificate, reissue_certificate

pytestmark = pytest.mark.django_db

MIDDLEWARE = "certificates.middleware.VerificationAnswerMiddleware"
LANGUAGES = {
    "default": {},
    "accept-language en": {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"},
    "accept-language ru": {"HTTP_ACCEPT_LANGUAGE": "ru"},
    "cookie en": {"HTTP_COOKIE": "cart_language=en"},
}


@pytest.fixture
def certificate(trainee, demo_course, settings, django_capture_on_commit_callbacks):
    settings.VERIFY_RATE_LIMIT = "100000/m"
    with django_capture_on_commit_callbacks(execute=True):  # the credentials are signed after the commit
        issued = issue_certificate(user=trainee, course=demo_course).certificate
    issued.refresh_from_db()
    return issued


@pytest.fixture
def built_calls(monkeypatch):
    """How many times the view built an answer (its call of public_record)."""
    calls = []
    original = certificates_api.public_record

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(certificates_api, "public_record", counting)
    return calls


def _without_middleware(settings) -> Client:
    """A client of the stack without the middleware (a client keeps the middleware it started with)."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    return Client()


def _snapshot(response) -> tuple:
    return response.status_code, response.content, list(response.headers.items())


def _url(code: str, query: str = "") -> str:
    return f"/api/v1/certificates/{code}{query}"


def _kept_and_built(client, settings, built_calls, url, headers) -> tuple[tuple, tuple]:
    first = client.get(url, **headers)
    assert len(built_calls) == 1
    kept = client.get(url, **headers)
    assert len(built_calls) == 1, "the second call was answered without the view"
    assert _snapshot(first) == _snapshot(kept)
    built = _without_middleware(settings).get(url, **headers)
    assert len(built_calls) == 2
    return _snapshot(kept), _snapshot(built)


def test_the_prefix_is_where_the_urlconf_mounts_the_endpoint():
    code = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-3"
    assert reverse("api-v1:get_certificate", kwargs={"code": code}) == answers.API_PREFIX + code


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_a_kept_valid_answer_is_the_built_one(client, settings, certificate, built_calls, language, query):
    kept, built = _kept_and_built(
        client, settings, built_calls, _url(certificate.code, query), LANGUAGES[language]
    )
    assert kept == built
    status, body, headers = kept
    headers = dict(headers)
    assert status == 200 and b'"status": "valid"' in body
    wanted = (
        "en" if "en" in language else "ru"
    )  # the API ignores ?lang=; Accept-Language and the cookie choose
    assert headers["Content-Language"] == wanted and headers["Vary"] == "Accept-Language"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Permissions-Policy"] and headers["Referrer-Policy"] == "same-origin"
    assert int(headers["Content-Length"]) == len(body)


@pytest.mark.parametrize("language", ["default", "accept-language en"])
def test_kept_revoked_and_superseded_answers_are_the_built_ones(
    client,
    settings,
    certificate,
    trainee,
    demo_course,
    built_calls,
    language,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate.revoke(reason="misconduct")
        older = issue_certificate(user=trainee, course=demo_course, version="0.9").certificate
        trainee.full_name = "Анна Сергеевна Смирнова"
        trainee.save()
        successor = reissue_certificate(certificate=older)
    stack = list(settings.MIDDLEWARE)
    for code, status in ((certificate.code, "revoked"), (older.code, "superseded")):
        settings.MIDDLEWARE = stack
        built_calls.clear()
        kept, built = _kept_and_built(client, settings, built_calls, _url(code), LANGUAGES[language])
        assert kept == built and f'"status": "{status}"'.encode() in kept[1]
    assert f'"superseded_by": "{successor.code}"'.encode() in built[1]


def test_an_answer_kept_while_valid_is_not_given_after_the_expiry(client, settings, certificate, built_calls):
    url = _url(certificate.code)
    assert client.get(url).json()["status"] == "valid"
    assert client.get(url).json()["status"] == "valid" and len(built_calls) == 1  # kept
    with time_machine.travel(certificate.expires_at + timedelta(seconds=1), tick=False):
        expired = client.get(url)
        assert len(built_calls) == 2 and expired.json()["status"] == "expired"
        assert _snapshot(client.get(url)) == _snapshot(expired) and len(built_calls) == 2  # kept again
        assert _snapshot(_without_middleware(settings).get(url)) == _snapshot(expired)


def test_revocation_is_seen_on_the_next_call_after_a_kept_answer(
    client, certificate, built_calls, django_capture_on_commit_callbacks
):
    url = _url(certificate.code)
    english = LANGUAGES["accept-language en"]
    for headers in ({}, english):
        client.get(url, **headers)
        assert client.get(url, **headers).json()["status"] == "valid"
    assert len(built_calls) == 2  # one per language; the repeats were kept answers
    with django_capture_on_commit_callbacks(execute=True):
        certificate.revoke(reason="misconduct")
    assert client.get(url).json()["status"] == "revoked"
    assert client.get(url, **english).json()["revocation_reason"] == "misconduct"
    assert len(built_calls) == 4


def test_a_signing_key_change_drops_kept_answers(
    client, certificate, built_calls, django_capture_on_commit_callbacks
):
    from certificates.verification import forget_all

    url = _url(certificate.code)
    client.get(url)
    client.get(url)
    assert len(built_calls) == 1
    with django_capture_on_commit_callbacks(execute=True):
        forget_all()  # what a key rotation or a course version sends (ADR 0019)
    client.get(url)
    assert len(built_calls) == 2


def test_unknown_and_malformed_codes_are_never_kept(client, settings, certificate, built_calls):
    stack = list(settings.MIDDLEWARE)
    for code in ("ABCDE-FGHJK-MNPQR-STVWX-YZ012-3", "NOTACODE", "verify"):
        settings.MIDDLEWARE = stack
        answers_ = [client.get(_url(code)) for _ in range(2)]
        built = _without_middleware(settings).get(_url(code))
        assert _snapshot(answers_[0]) == _snapshot(answers_[1]) == _snapshot(built)
        assert built.status_code in (404, 405)
    assert built_calls == []


def test_other_methods_go_to_the_view(client, certificate, built_calls):
    url = _url(certificate.code)
    client.get(url)
    assert client.head(url).status_code == 405  # the endpoint is GET only, kept answer or not
    assert client.post(url).status_code == 405
    assert len(built_calls) == 1


def test_kept_answers_count_against_the_rate_limit_and_refuse_like_the_view(client, settings, certificate):
    settings.VERIFY_RATE_LIMIT = "3/m"
    url = _url(certificate.code)
    statuses = [client.get(url).status_code for _ in range(3)]  # built, kept, kept
    assert statuses == [200, 200, 200]
    kept_refusal = client.get(url)
    stack = _without_middleware(settings)
    other_client = {"REMOTE_ADDR": "10.0.0.9"}
    assert [stack.get(url, **other_client).status_code for _ in range(3)] == [200, 200, 200]
    built_refusal = stack.get(url, **other_client)
    for refusal in (kept_refusal, built_refusal):
        assert refusal.status_code == 429 and refusal.json()["status"] == "rate_limited"
        assert int(refusal["Retry-After"]) >= 1 and refusal.json()["retry_after"] >= 1

    def comparable(response):  # the seconds left differ, and with them the body's length
        return [
            (name, value)
            for name, value in response.headers.items()
            if name not in ("Retry-After", "Content-Length")
        ]

    assert comparable(kept_refusal) == comparable(built_refusal)


def test_the_least_recently_used_answer_goes_first(
    client, certificate, trainee, demo_course, built_calls, monkeypatch
):
    monkeypatch.setattr(answers, "MAX_ANSWERS", 1)
    other = issue_certificate(user=trainee, course=demo_course, version="0.9").certificate
    for code in (certificate.code, other.code, certificate.code):
        client.get(_url(code))
    assert len(built_calls) == 3  # the first answer was pushed out by the second
    client.get(_url(certificate.code))
    assert len(built_calls) == 3


def test_the_cache_turned_off_keeps_nothing(client, settings, certificate, built_calls):
    settings.VERIFY_CACHE_SECONDS = 0
    url = _url(certificate.code)
    client.get(url)
    client.get(url)
    assert len(built_calls) == 2


# -- The rate limits' file cache (production without Redis) ------------------------------------------
def _count(location: str, times: int) -> None:
    cache = CountingFileCache(location, {})
    for _ in range(times):
        cache.incr("hits")


def test_the_counting_file_cache_counts_in_place_atomically_between_processes(tmp_path):
    cache = CountingFileCache(str(tmp_path), {})
    assert cache.add("hits", 1, 60) and not cache.add("hits", 1, 60)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count, args=(str(tmp_path), 150)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(worker.exitcode == 0 for worker in workers)
    assert cache.get("hits") == 451
    assert FileBasedCache(str(tmp_path), {}).get("hits") == 451  # Django's own file format
    assert cache.incr("hits", 9) == 460


def test_the_counting_file_cache_refuses_missing_and_expired_counters(tmp_path):
    cache = CountingFileCache(str(tmp_path), {})
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("old", 5, timeout=-1)
    with pytest.raises(ValueError):
        cache.incr("old")
    assert cache.get("old") is None


def test_https_answers_are_kept_apart_with_their_hsts_header(client, settings, certificate, built_calls):
    settings.SECURE_HSTS_SECONDS = 3600
    url = _url(certificate.code)
    kept, built = _kept_and_built(client, settings, built_calls, url, {"secure": True})
    assert kept == built and dict(kept[2])["Strict-Transport-Security"] == "max-age=3600"
    plain = Client().get(url)  # http: another key, no HSTS (this client has no middleware: same stack)
    assert "Strict-Transport-Security" not in plain.headers


def test_requests_the_stack_may_answer_differently_go_down_it(client, settings, certificate, built_calls):
    url = _url(certificate.code)
    client.get(url)
    client.get(url)
    assert len(built_calls) == 1
    assert client.get(url, HTTP_COOKIE="sessionid=x").status_code == 200  # the session may drop the cookie
    assert len(built_calls) == 2
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
    settings.SECURE_SSL_REDIRECT = True
    redirect = Client().get(url)
    assert redirect.status_code == 301 and redirect["Location"] == f"https://testserver{url}"
    assert len(built_calls) == 2
