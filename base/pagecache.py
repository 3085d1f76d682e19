"""The anonymous page cache and the publish generation (docs/decisions/0018-page-cache.md).

- A *generation* token, kept in Django's cache, changes whenever something an anonymous page shows may
  have changed: a page saved, published, unpublished, moved or deleted, or a record of a model listed in
  `settings.PAGE_CACHE_DEPENDENCIES` (topics, job roles, organisations, quizzes, images, site settings …)
  saved or deleted. Everything cached for pages is keyed by it (`generation_key`), so one `cache.set`
  invalidates the whole tree at once; the old entries expire on their own.
- `AnonymousPageCacheMiddleware` (last in MIDDLEWARE, so every middleware above it still runs on a cached
  answer and adds its own headers: CSP, X-Frame-Options, Vary, Content-Language …) stores the 200 answers
  Wagtail gives signed-out visitors for public pages, keyed by generation, host, language and full path,
  and serves them to the next signed-out visitor without touching the database.

It never stores an answer that set a cookie, used the CSRF token or the CSP nonce, carries messages, was
for a signed-in person, a preview or a page with view restrictions (`mark_cacheable`, Wagtail's
`before_serve_page`, decides the last two).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "pagecache:generation"
CACHEABLE_ATTR = "_page_cache_ok"
DEFAULT_TIMEOUT = 24 * 60 * 60


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def generation() -> str:
    """The current generation token (created on first use)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def bump_generation() -> None:
    """Everything keyed by the generation is stale from now on."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def bump_now_and_on_commit() -> None:
    """Bump at once (this request sees its own change) and again when the transaction commits, so nothing
    another request cached from the data before the commit survives it."""
    bump_generation()
    transaction.on_commit(bump_generation)


def generation_key(*parts) -> str:
    """A cache key valid until the next publish: `parts` under the current generation."""
    return ":".join(["pagegen", generation(), *(str(part) for part in parts)])


def cached_for_generation(key_parts: tuple, compute):
    """`compute()`'s value, computed once per generation for `key_parts` (navigation, outlines, facets)."""
    if not enabled():
        return compute()
    key = generation_key(*key_parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout())
    return value


# Invalidation --------------------------------------------------------------------------------------


def _dependencies() -> set[str]:
    return {label.lower() for label in getattr(settings, "PAGE_CACHE_DEPENDENCIES", ())}


def model_changed(sender, instance=None, raw=False, **kwargs) -> None:
    """post_save / post_delete / m2m_changed: bump the generation for a page or a listed model."""
    from wagtail.models import Page

    if raw:
        return
    if isinstance(instance, Page) or sender._meta.label_lower in _dependencies():
        bump_now_and_on_commit()


def tree_changed(sender=None, **kwargs) -> None:
    """Wagtail's page_published, page_unpublished, post_page_move (and page deletion through post_delete)."""
    bump_now_and_on_commit()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(model_changed, dispatch_uid="pagecache_post_save")
    post_delete.connect(model_changed, dispatch_uid="pagecache_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache_m2m")
    page_published.connect(tree_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(tree_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(tree_changed, dispatch_uid="pagecache_moved")


def _m2m_changed(sender, instance=None, action="", **kwargs) -> None:
    if action.startswith("post_"):
        model_changed(type(instance), instance=instance)


# Serving -------------------------------------------------------------------------------------------


def mark_cacheable(page, request) -> None:
    """Wagtail's `before_serve_page`: a signed-out visitor's answer for this page may be stored when the
    page is public (no password, login or group restriction on it or above it) and not a preview."""
    if getattr(request, "is_preview", False) or request.user.is_authenticated:
        return
    if any(page.path.startswith(path) for path in restricted_paths()):
        return
    setattr(request, CACHEABLE_ATTR, True)


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction (their subtrees are restricted too), once per
    generation: a restriction's save or deletion starts a new one (PAGE_CACHE_DEPENDENCIES)."""
    from wagtail.models import PageViewRestriction

    def compute():
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    if not enabled():
        return compute()
    key = generation_key("restricted-paths")
    paths = cache.get(key)
    if paths is None:  # an empty list is a value: no page is restricted
        paths = compute()
        cache.set(key, paths, timeout())
    return paths


def language_prefixed(path: str) -> bool:
    """A Wagtail page's path (/ru/…, /en/…), not the API, admin or /verify/."""
    return any(path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)


def has_messages(request) -> bool:
    """Messages wait to be shown to this request: its answer must be neither kept nor taken from a cache."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def page_key(request) -> str:
    raw = f"{request.get_host()}|{translation.get_language()}|{request.get_full_path()}"
    return generation_key("page", hashlib.sha256(raw.encode()).hexdigest())


def may_serve_cached(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and language_prefixed(request.path_info)
        and not has_messages(request)
        and not request.user.is_authenticated
    )


def may_store(request, response) -> bool:
    return (
        request.method == "GET"
        and getattr(request, CACHEABLE_ATTR, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # private / no-cache answers stay uncached
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and getattr(request, "_csp_nonce", None) is None
        and not has_messages(request)
        and not request.user.is_authenticated
    )


class AnonymousPageCacheMiddleware:
    """Serves and stores signed-out visitors' answers for public Wagtail pages (see the module docstring)."""

    HIT_HEADER = "X-Page-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_cached(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[self.HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(key, (response.content, headers), timeout())
            response[self.HIT_HEADER] = "miss"
        return response


# Signed-in pages: view restrictions and fragments ---------------------------------------------------


class CachedViewRestrictionsMixin:
    """A page whose view restrictions (its own and its ancestors') are found from the per-generation list of
    restricted tree paths instead of two queries per request (Wagtail's `check_view_restrictions` calls
    `get_view_restrictions` on every serve). Still a queryset, as the admin expects: an empty one (which asks
    nothing) for the usual unrestricted page, else one query for the restrictions that apply. An alias page
    (and so every page under an alias) asks Wagtail, which resolves the alias's source."""

    def get_view_restrictions(self):
        if not enabled() or getattr(self, "alias_of_id", None) is not None:
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        ids = [pk for path, pk in _restrictions_by_path() if self.path.startswith(path)]
        return PageViewRestriction.objects.filter(pk__in=ids) if ids else PageViewRestriction.objects.none()


def _restrictions_by_path() -> list[tuple[str, int]]:
    from wagtail.models import PageViewRestriction

    return cached_for_generation(
        ("view-restriction-ids",),
        lambda: list(PageViewRestriction.objects.values_list("page__path", "pk")),
    )


def fragment_scope(request) -> dict:
    """What a template's `{% cache %}` of page-derived markup is keyed by and kept for: the publish
    generation (so a publish invalidates it) for `timeout()` seconds; a preview's fragments are kept for no
    time under a key of their own (a draft must never fill the live page's fragment)."""
    if not enabled() or getattr(request, "is_preview", False):
        return {"generation": f"nocache-{uuid.uuid4().hex}", "timeout": 0}
    return {"generation": generation(), "timeout": timeout()}


class CachedSiteMiddleware:
    """Wagtail's Site for a page request's host and port, kept per generation (sites are a listed dependency,
    so saving one starts a new generation). Wagtail reads `request._wagtail_site` before it looks the site
    up, so every page, menu and link of the request uses this one, without a query. Placed after Django's
    CommonMiddleware, which has already refused a host not in ALLOWED_HOSTS (no key for arbitrary hosts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http.request import split_domain_port
        from wagtail.models import Site

        if not language_prefixed(request.path_info):  # Wagtail's pages only; the API and admin need no site
            return self.get_response(request)
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = cached_for_generation(
            ("site", hostname, port), lambda: Site._find_for_request(request)
        )
        return self.get_response(request)
