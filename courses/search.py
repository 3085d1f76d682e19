"""Site search over courses and lessons in the active language, with highlighted snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from base.api import WORD, is_stop_word, query_stems, stem, stems_in_python, words

from .models import CoursePage, LessonPage

SNIPPET_CHARS = 220


@dataclass
class SearchHit:
    page: Page
    kind: str
    snippet: SafeString
    course_title: str = ""  # a lesson's course and module, to say where the lesson is
    module_title: str = ""


def highlight(text: str, query: str, width: int = SNIPPET_CHARS) -> SafeString:
    """A window of `text` around the first query word found, with every word that shares a query word's stem
    in <mark> (a search for «лейкафереза» marks «лейкаферез» and «лейкаферезом» too)."""
    text = " ".join(text.split())
    wanted = {stem(word) for word in words(query) if len(word) > 1 and not is_stop_word(word)}
    if not wanted:
        return mark_safe(escape(text[:width]))  # noqa: S308 - escaped above
    found = [match for match in WORD.finditer(text) if stem(match.group()) in wanted]
    start = max(0, (found[0].start() if found else 0) - width // 3)
    end = start + width
    html, position = [], start
    for match in found:
        if match.start() < start or match.end() > end:
            continue
        html += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        position = match.end()
    html.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every part is escaped


# Search syntax characters of the databases' full-text engines (a double quote breaks SQLite's FTS5): the
# catalog's search is for words, so anything but letters, digits, hyphens and spaces is a separator.
NOT_A_WORD = re.compile(r"[^\w\s-]+")


def search_terms(query: str) -> str:
    """The words of a visitor's query, without characters a full-text engine would read as syntax."""
    return " ".join(NOT_A_WORD.sub(" ", query).split())


def search_pages(*, query: str) -> list[SearchHit]:
    query = search_terms(query)
    if not words(query):  # nothing but hyphens: no word to find
        return []
    # PostgreSQL stems with its `russian` configuration; elsewhere the index and the query hold stems.
    searched = query_stems(query) if stems_in_python() else query
    if not searched:  # only stop words («и», "the"): PostgreSQL finds nothing for them either
        return []
    locale = Locale.get_active()
    found = (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .type(CoursePage, LessonPage)
        .search(searched, operator="and")
    )
    pages = list(found[:100])
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    pages = [specific.get(page.pk, page) for page in pages]
    titles = ancestor_titles([page for page in pages if isinstance(page, LessonPage)])
    hits = []
    for page in pages:
        if isinstance(page, LessonPage):
            step = page.steplen
            hits.append(
                SearchHit(
                    page=page,
                    kind="lesson",
                    snippet=highlight(page.body_text(), query),
                    course_title=titles.get(page.path[: -2 * step], ""),
                    module_title=titles.get(page.path[:-step], ""),
                )
            )
        else:
            text = f"{page.summary} {getattr(page, 'objectives', '')}"
            hits.append(SearchHit(page=page, kind="course", snippet=highlight(text, query)))
    return hits


def ancestor_titles(lessons: list[LessonPage]) -> dict[str, str]:
    """The titles of the module and course above each lesson, by path, in one query for all the lessons."""
    paths = set()
    for lesson in lessons:
        paths.update(lesson.path[:end] for end in (-lesson.steplen, -2 * lesson.steplen))
    if not paths:
        return {}
    return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
