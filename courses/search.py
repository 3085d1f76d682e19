"""Site search over courses and lessons in the active language, with highlighted snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from .models import CoursePage, LessonPage

SNIPPET_CHARS = 220


@dataclass
class SearchHit:
    page: Page
    kind: str
    snippet: SafeString


def highlight(text: str, query: str, width: int = SNIPPET_CHARS) -> SafeString:
    """A window of `text` around the first query word found, with every query word in <mark>."""
    text = " ".join(text.split())
    words = [re.escape(word) for word in query.split() if len(word) > 1]
    if not words:
        return mark_safe(escape(text[:width]))  # noqa: S308 - escaped above
    pattern = re.compile("(" + "|".join(words) + ")", re.IGNORECASE)
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - width // 3)
    window = text[start : start + width]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    parts = pattern.split(window)
    html = "".join(
        f"<mark>{escape(part)}</mark>" if index % 2 else escape(part) for index, part in enumerate(parts)
    )
    return mark_safe(prefix + html + suffix)  # noqa: S308 - every part is escaped


# Search syntax characters of the databases' full-text engines (a double quote breaks SQLite's FTS5): the
# catalog's search is for words, so anything but letters, digits, hyphens and spaces is a separator.
NOT_A_WORD = re.compile(r"[^\w\s-]+")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without characters a full-text engine would read as syntax."""
    return " ".join(NOT_A_WORD.sub(" ", query).split())


def search_pages(*, query: str) -> list[SearchHit]:
    query = search_terms(query)
    if not query:
        return []
    locale = Locale.get_active()
    found = (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .type(CoursePage, LessonPage)
        .search(query, operator="and")
    )
    pages = list(found[:100])
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    hits = []
    for page in pages:
        page = specific.get(page.pk, page)
        if isinstance(page, LessonPage):
            hits.append(SearchHit(page=page, kind="lesson", snippet=highlight(page.body_text(), query)))
        else:
            text = f"{page.summary} {getattr(page, 'objectives', '')}"
            hits.append(SearchHit(page=page, kind="course", snippet=highlight(text, query)))
    return hits
