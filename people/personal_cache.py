"""Whole pages kept per person (docs/decisions/0023-personal-page-cache.md).

A signed-in person's answer for a page that asks for it (the course page: `mark_personal_page`, called from
Wagtail's `before_serve_page`) is stored under a key made of

- the publish generation (base.pagecache: any page or page-derived record changed),
- the header version (people.navigation: memberships, organisations, groups, permissions, accounts),
- this person's *learning-state version* (below) and their id,
- the scheme, host, active language and full path.

The learning-state version is one token per person in the cache. Every write that can change what the
person sees bumps it (at once and again on commit, so nothing read before the commit survives): a save or
deletion of a record of a model in `settings.PERSONAL_CACHE_DEPENDENCIES` (mapped to the attribute that
holds the person's id), a change of their groups or permissions, and the `QuerySet.update()` call sites,
which send no signal and call `bump_learning_state(user_id)` themselves.

What is never kept in another person's page or a stale one:
- the CSRF token: while a page is rendered for the cache, the template's `csrf_token` is a placeholder
  (`csrf_placeholder`, a context processor); each answer, stored or fresh, gets this request's token;
- no answer is stored that set a cookie, used the CSP nonce, has its own `Cache-Control`, or showed
  messages, and none is served while a message waits;
- language, host, scheme and path are in the key; a preview or a restricted page is never marked.
Time-based expiry (`PERSONAL_PAGE_TIMEOUT`, 5 minutes) is a safety net only.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from base.api import generation, has_messages, language_prefixed, page_cache_enabled, restricted_paths

from .navigation import header_version

STATE_KEY = "people:learning-state:{}"
MARK_ATTR = "_personal_page_ok"
KEY_ATTR = "_personal_page_key"
DEFAULT_TIMEOUT = 5 * 60
HIT_HEADER = "X-Personal-Page-Cache"  # the anonymous cache says X-Page-Cache


def page_timeout() -> int:
    return getattr(settings, "PERSONAL_PAGE_TIMEOUT", DEFAULT_TIMEOUT)


# The learning-state version ---------------------------------------------------------------------------


def learning_state(user_id) -> str:
    """This person's learning-state version (created on first use)."""
    key = STATE_KEY.format(user_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def _bump(user_ids) -> None:
    cache.set_many({STATE_KEY.format(pk): uuid.uuid4().hex for pk in user_ids}, None)


def bump_learning_state(*user_ids) -> None:
    """Every page kept for these people is stale: now, and again when the transaction commits."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    _bump(ids)
    transaction.on_commit(lambda: _bump(ids))


@memoize
def _dependencies() -> dict[str, tuple[str, ...]]:
    return {
        label.lower(): tuple(path.split("."))
        for label, path in getattr(settings, "PERSONAL_CACHE_DEPENDENCIES", {}).items()
    }


def _person_of(instance, path: tuple[str, ...]):
    value = instance
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def record_changed(sender, instance=None, raw=False, **kwargs) -> None:
    """post_save / post_delete of any model: bump the person a listed model's record belongs to."""
    if raw or instance is None:
        return
    path = _dependencies().get(sender._meta.label_lower)
    if path is not None:
        bump_learning_state(_person_of(instance, path))


def groups_changed(sender, instance=None, action="", reverse=False, pk_set=None, **kwargs) -> None:
    """A person's groups or own permissions changed (from either side of the relation)."""
    if not action.startswith("post_"):
        return
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        bump_learning_state(instance.pk)
    elif action == "post_clear":  # a group cleared of its members: pk_set is not given
        return  # the header version (people.navigation) changes for everyone on any group change
    else:
        bump_learning_state(*(pk_set or ()))


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(record_changed, dispatch_uid="personal_cache_saved")
    post_delete.connect(record_changed, dispatch_uid="personal_cache_deleted")
    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through):
        uid = f"personal_cache_{through._meta.label}"
        m2m_changed.connect(groups_changed, sender=through, dispatch_uid=uid)


# Serving ----------------------------------------------------------------------------------------------


def mark_personal_page(page, request) -> None:
    """`before_serve_page` of a page whose whole answer may be kept for the signed-in person: not a preview,
    no view restriction on it or above it (a password restriction lives in the session)."""
    if getattr(request, "is_preview", False) or not request.user.is_authenticated:
        return
    if any(page.path.startswith(path) for path in restricted_paths()):
        return
    setattr(request, MARK_ATTR, True)


@memoize
def placeholder() -> str:
    """What the template writes for the CSRF token while a page is rendered for the cache: letters and
    digits only (the token's own alphabet), derived from the secret key, the same in every worker."""
    return "csrfph" + hashlib.sha256(f"csrf-placeholder|{settings.SECRET_KEY}".encode()).hexdigest()[:40]


def csrf_placeholder(request) -> dict:
    """Context processor (after Django's own csrf one): the placeholder instead of the token on a page being
    rendered for the personal cache; nothing otherwise."""
    if getattr(request, KEY_ATTR, None) and getattr(request, MARK_ATTR, False):
        return {"csrf_token": placeholder()}
    return {}


def page_key(request) -> str:
    user_id = request.user.pk
    where = f"{request.scheme}|{request.get_host()}|{translation.get_language()}|{request.get_full_path()}"
    return ":".join(
        [
            "personal-page",
            generation(),
            header_version(),
            learning_state(user_id),
            str(user_id),
            hashlib.sha256(where.encode()).hexdigest(),
        ]
    )


def may_serve(request) -> bool:
    return (
        page_cache_enabled()
        and request.method in ("GET", "HEAD")
        and language_prefixed(request.path_info)
        and request.user.is_authenticated
        and not has_messages(request)
    )


def may_store(request, response) -> bool:
    return (
        request.method == "GET"
        and getattr(request, MARK_ATTR, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # something used the real token
        and getattr(request, "_csp_nonce", None) is None
        and not has_messages(request)
    )


def with_token(content: bytes, request) -> bytes:
    """`content` with this request's CSRF token in place of the placeholder (get_token only when needed,
    so the CSRF cookie is set exactly when a form needs it)."""
    mark = placeholder().encode()
    if mark not in content:
        return content
    return content.replace(mark, get_token(request).encode())


class PersonalPageCacheMiddleware:
    """Serves and stores signed-in people's answers for the pages marked with `mark_personal_page` (last in
    MIDDLEWARE, so everything above still runs on a stored answer: sessions, CSRF cookie, CSP, Vary …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(with_token(content, request))
            for name, value in headers:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        setattr(request, KEY_ATTR, key)
        response = self.get_response(request)
        if not getattr(request, MARK_ATTR, False) or response.streaming:
            return response
        content = response.content
        if may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(key, (content, headers), page_timeout())
            response[HIT_HEADER] = "miss"
        response.content = with_token(content, request)
        return response
