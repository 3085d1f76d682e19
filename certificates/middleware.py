"""A repeated `GET /api/v1/certificates/<code>` answered from the answer this process built (ADR 0024).

The verification API is the platform's most repeated public read. Its answer for a code and a language
changes only when the certificate, the signing keys or the course versions change (the verification cache's
generation and code token, ADR 0019) or when a valid certificate reaches its expiry. The first call in a
process goes down the whole stack to the django-ninja view; this middleware, first in MIDDLEWARE, keeps
what came back up (the body and every header the stack wrote) with the tokens the record was read under. A
later call with the same code, language and scheme whose tokens are still the current ones in the shared
cache, before the expiry, gets that answer again without the stack, URL resolution, ninja, the record's
unpickling and the JSON serialisation.

The stack's headers on this answer depend on the request only through the language (cookie, then
Accept-Language: part of the key), HTTPS (HSTS: part of the key) and decisions this middleware does not
copy but avoids: a request with a session cookie (the session middleware may delete it), an HTTPS
redirect, a host not allowed (400), CommonMiddleware's user-agent and www rules. Those go down the stack.
Everything else below is the same for every answer of this API (CSP without a nonce, X-Frame-Options,
Permissions-Policy, the security headers) or does nothing for a public JSON answer (CSRF, authentication,
the audit actor, messages, the admin's language and scope, allauth, two-factor, redirects of 404s, the page
cache). Tests compare kept answers with the stack's, header for header.

A kept answer still counts against the client's rate limit, and a client over it gets the view's 429.
Unknown codes, changed certificates, other methods and paths always go down the stack. Answers live in the
process's memory (at most MAX_ANSWERS, least recently used out), so a deploy starts without them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation

from .codes import normalize_code
from .ratelimits import limited_response, too_many
from .verification import current_stamp

# Where config/urls.py mounts the API's GET /certificates/{code} (a test holds the two together).
API_PREFIX = "/api/v1/certificates/"
MAX_ANSWERS = 2048  # per process; an answer is ~6–8 KB


@dataclass(frozen=True)
class VerificationAnswer:
    """What the view tells this middleware about the answer it built, so it can be kept."""

    code: str
    language: str
    stamp: tuple[str, str]  # the verification cache's (generation, code token) read before the database
    until: datetime | None  # when the answer stops being true by itself (a valid certificate expires)


@dataclass(frozen=True)
class _Kept:
    stamp: tuple[str, str]
    until: datetime | None
    body: bytes
    headers: tuple[tuple[str, str], ...]  # as written below this middleware, Content-Type first


_answers: OrderedDict[tuple[str, str, bool], _Kept] = OrderedDict()
_lock = threading.Lock()


def forget_answers() -> None:
    """Drop every kept answer of this process (tests; they are never stale: their tokens are checked)."""
    with _lock:
        _answers.clear()


def _keep(key: tuple[str, str, bool], kept: _Kept) -> None:
    with _lock:
        _answers[key] = kept
        _answers.move_to_end(key)
        while len(_answers) > MAX_ANSWERS:
            _answers.popitem(last=False)


def _key(request, code: str) -> tuple[str, str, bool] | None:
    """(code, language, https) when the middlewares below would answer this request as they answered the
    one kept under the same key; None when a request-dependent decision of theirs could differ: a session
    cookie (the session middleware may delete it), a user agent or host rule of CommonMiddleware, an HTTPS
    redirect, a host not allowed (400)."""
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.DISALLOWED_USER_AGENTS
        or settings.PREPEND_WWW
        or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
    ):
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    # What base.middleware.LocaleMiddleware decides for these unprefixed paths: the cookie, Accept-Language.
    return code, translation.get_language_from_request(request), request.is_secure()


def requested_code(request) -> str | None:
    """The normalised code of a `GET /api/v1/certificates/<code>`; None for anything else."""
    if request.method != "GET" or not request.path_info.startswith(API_PREFIX):
        return None
    return normalize_code(request.path_info[len(API_PREFIX) :])


class VerificationAnswerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = requested_code(request)
        if code is None:
            return self.get_response(request)
        key = _key(request, code)
        kept = _answers.get(key) if key is not None else None
        if (
            kept is not None
            and (kept.until is None or timezone.now() < kept.until)
            and current_stamp(code) == kept.stamp
        ):
            return self._replay(request, kept)
        response = self.get_response(request)
        answer = getattr(request, "verification_answer", None)
        if (
            key is not None
            and answer is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (answer.code, answer.language) == key[:2]
        ):
            headers = tuple(response.headers.items())
            _keep(key, _Kept(answer.stamp, answer.until, response.content, headers))
        return response

    @staticmethod
    def _replay(request, kept: _Kept):
        if too_many(request):
            response = limited_response(request, json=True)
            for name, value in kept.headers:
                if name not in ("Content-Type", "Content-Length"):
                    response.headers.setdefault(name, value)
            response.headers["Content-Length"] = str(len(response.content))
            return response
        response = HttpResponse(kept.body)
        for name, value in kept.headers:
            response.headers[name] = value
        return response
