"""Site chrome: the home page and menu of the active locale, and links to the same page in each language."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, Site


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def localized_home(request) -> Page | None:
    """The site's root page in the active language (falls back to the default locale's root)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    language = translation.get_language()
    if root.locale.language_code == language:
        return root
    return (
        Page.objects.live()
        .filter(translation_key=root.translation_key, locale__language_code=language)
        .first()
        or root
    )


def menu_pages(home: Page | None) -> list[Page]:
    if home is None:
        return []
    return list(
        home.get_children().live().in_menu().public().only("id", "title", "url_path", "path", "depth")
    )


def language_links(
    request, page: Page | None = None, urls: dict[str, str] | None = None
) -> list[LanguageLink]:
    """For each language, the URL of what the person is looking at now, in that language.

    For a Wagtail page, its live translation (or that locale's home page when there is none); for a view
    that names its own translations (`urls`, language code → URL: a view puts them in its context as
    `language_urls`), those, and that locale's home page for a language it has none in; for any other
    view, the same URL under the other language prefix.
    """
    current = translation.get_language()
    targets: dict[str, str] = {}
    is_page = isinstance(page, Page) and page.pk
    if is_page:
        translations = (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            .only("id", "url_path", "locale__language_code")
        )
        for item in translations:
            targets[item.locale.language_code] = item.get_url(request=request)
    if urls is not None:
        targets.update(urls)
    if is_page or urls is not None:
        missing = [code for code, _name in settings.LANGUAGES if code not in targets]
        if missing:
            site = Site.find_for_request(request)
            root = site.root_page if site else None
            if root is not None:
                homes = (
                    Page.objects.live()
                    .filter(translation_key=root.translation_key, locale__language_code__in=missing)
                    .select_related("locale")
                )
                for home in homes:
                    targets[home.locale.language_code] = home.get_url(request=request)
    # Built from what the URL resolved to, never from the raw path: a 404 (nothing resolved) links to each
    # language's home page, so whatever was typed after the host is never echoed into a link.
    match = getattr(request, "resolver_match", None)
    prefixed = any(request.path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)
    links = []
    for code, name in settings.LANGUAGES:
        if code in targets:
            url = targets[code]
        elif match is None or match.url_name == "wagtail_serve" or urls is not None:
            # Not found (a Wagtail path with no page behind it is a 404 here too), or no translation of
            # what the view shows and no home page in that language.
            url = f"/{code}/"
        elif prefixed:
            with translation.override(code):
                url = _with_query(_reverse(match, code), request.GET.urlencode(safe="/"))
        else:
            # Pages outside the language prefixes (certificate verification) take the language as ?lang=.
            query = request.GET.copy()
            query["lang"] = code
            url = _with_query(_reverse(match, code), query.urlencode(safe="/"))
        links.append(LanguageLink(code=code, name=name, url=url, current=(code == current)))
    return links


def _reverse(match, code: str) -> str:
    try:
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return f"/{code}/"


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
