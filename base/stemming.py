"""Russian and English word stems for site search on databases without a stemming full-text engine.

PostgreSQL stems by itself (the `russian` text-search configuration: Snowball's Russian stemmer for
Cyrillic words, its English one for Latin words). SQLite's FTS5 does not, so on SQLite the pages index a
field of stems and the search page stems the visitor's words the same way (docs/decisions/0014-*.md).
Like PostgreSQL, a query drops stop words («и», "the"): `stopwords/` holds PostgreSQL's own lists (from the
Snowball project), so a query finds the same pages on both databases.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
from django.db import connection

# A word as both FTS engines split text: letters and digits (an underscore or a hyphen separates words).
WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=2)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball stem of one word: the Russian stemmer for a Cyrillic word, the English one otherwise."""
    word = word.lower()
    return _stemmer("russian" if CYRILLIC.search(word) else "english").stemWord(word)


def words(text: str) -> list[str]:
    return WORD.findall(text)


@cache
def _stop_words(language: str) -> frozenset[str]:
    path = Path(__file__).with_name("stopwords") / f"{language}.stop"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def is_stop_word(word: str) -> bool:
    word = word.lower()
    return word in _stop_words("russian" if CYRILLIC.search(word) else "english")


def query_stems(query: str) -> str:
    """The stems of a query's words less the stop words, as PostgreSQL's `russian` configuration reads it."""
    return " ".join(stem(word) for word in words(query) if not is_stop_word(word))


def stem_text(text: str) -> str:
    """The stems of every word of `text`, in order, separated by spaces."""
    return " ".join(stem(word) for word in words(text))


def stems_in_python() -> bool:
    """True where the database's full-text search does not stem, so the index and the query carry stems."""
    return connection.vendor != "postgresql"
