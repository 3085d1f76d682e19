"""The source register (`sources.yaml`) as a bibliography: checking entries and formatting them.

An entry is either the old minimal form (`title` and `url`) or a structured one::

    S9:
      kind: article                  # regulation | guidance | label | article | press | web
      authors: [Lee D. W., et al.]   # people; "et al." is written as the last item
      issuer: ASTCT                  # organisation, agency, publisher or site
      title: ASTCT consensus grading for cytokine release syndrome …   # in its original language
      title_ru: Консенсусная шкала ASTCT …   # optional translation, in brackets
      language: en                   # the original's language (default en)
      published_in: Biol Blood Marrow Transplant. 2019;25(4):625–638
      date: 2019                     # a year, 2019-04 or 2019-04-01
      accessed: 2026-03-01           # when the address was last checked (only if known)
      url: https://…
      note_ru: Копия на стороннем сайте.     # where the copy is a mirror or secondary source
      note_en: Copy on a third-party site.

A Russian reference list follows ГОСТ Р 7.0.100-2018 loosely (areas separated by « — », «[Электронный
ресурс]», «URL: … (дата обращения: …)»); an English one reads Authors. Title [Translation]. Issuer.
Published in. Date. Available at: URL (accessed …). Nothing is printed for what an entry does not give.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

KINDS = ("regulation", "guidance", "label", "article", "press", "web")
KEYS = (
    "title",
    "title_ru",
    "title_en",
    "language",
    "authors",
    "issuer",
    "published_in",
    "date",
    "accessed",
    "kind",
    "url",
    "note_ru",
    "note_en",
)
TEXT_KEYS = ("title", "title_ru", "title_en", "issuer", "published_in", "note_ru", "note_en", "url")
SOURCE_ID = re.compile(r"^S\d+[a-z]?$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
ET_AL = {"et al.", "et al", "и др.", "и др"}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Citation:
    """A formatted reference: the text before the address, the address, the text after it."""

    before: str
    url: str
    after: str

    def __str__(self) -> str:
        return f"{self.before} {self.url}{self.after}" if self.url else self.before


def _date(value) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a `date`/`accessed` value, or None when it is not one."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = PARTIAL_DATE.match(value.strip())
        if match:
            year, month, day = (int(part) if part else None for part in match.groups())
            try:
                datetime.date(year, month or 1, day or 1)
            except ValueError:
                return None
            return year, month, day
    return None


def check_entry(source: str, entry) -> list[tuple[tuple, str]]:
    """Problems with one register entry, each as (key path, message); an empty list when it is fine."""
    label = {"source": source}
    if not SOURCE_ID.match(str(source)):
        return [
            ((), _("source ids are S and a number, e.g. S11 (got %(source)s)") % {"source": repr(source)})
        ]
    if not isinstance(entry, dict):
        return [((), _("%(source)s: expected keys such as title: and url:") % label)]
    problems = []
    for key in entry:
        if key not in KEYS:
            problems.append(
                (
                    (key,),
                    _("%(source)s: unknown key %(key)s (known: %(known)s)")
                    % {**label, "key": repr(key), "known": ", ".join(KEYS)},
                )
            )
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append((("title",), _("%(source)s: title must be a text") % label))
    for key in TEXT_KEYS:
        if key != "title" and key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(((key,), _("%(source)s: %(key)s must be a text") % {**label, "key": key}))
    url = entry.get("url")
    if isinstance(url, str) and not re.match(r"^https?://\S+$", url.strip()):
        problems.append((("url",), _("%(source)s: url must be an http(s) address") % label))
    authors = entry.get("authors")
    if "authors" in entry and (
        not isinstance(authors, list)
        or not authors
        or not all(isinstance(name, str) and name.strip() for name in authors)
    ):
        problems.append((("authors",), _("%(source)s: authors must be a list of names") % label))
    for key in ("date", "accessed"):
        if key in entry and _date(entry[key]) is None:
            problems.append(
                (
                    (key,),
                    _("%(source)s: %(key)s must be a year, YYYY-MM or YYYY-MM-DD") % {**label, "key": key},
                )
            )
    if "kind" in entry and entry["kind"] not in KINDS:
        problems.append(
            (("kind",), _("%(source)s: kind must be one of %(kinds)s") % {**label, "kinds": ", ".join(KINDS)})
        )
    if "language" in entry and (
        not isinstance(entry["language"], str) or not re.match(r"^[a-z]{2}$", entry["language"])
    ):
        problems.append(
            (("language",), _("%(source)s: language is a two-letter code such as ru or en") % label)
        )
    return problems


def _text(entry: dict, key: str) -> str:
    value = entry.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _end(text: str) -> str:
    """`text` closed with a full stop unless it already ends with punctuation (no "al.." or "?.")."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def format_date(value, language: str) -> str:
    parts = _date(value)
    if parts is None:
        return ""
    year, month, day = parts
    if language == "ru":
        if day:
            return f"{day:02d}.{month:02d}.{year}"
        return f"{month:02d}.{year}" if month else str(year)
    if day:
        return f"{day} {MONTHS_EN[month - 1]} {year}"
    return f"{MONTHS_EN[month - 1]} {year}" if month else str(year)


def _authors(entry: dict, language: str) -> str:
    names = [" ".join(name.split()) for name in entry.get("authors") or [] if isinstance(name, str)]
    et_al = bool(names) and names[-1].lower() in ET_AL
    if et_al:
        names = names[:-1]
    text = ", ".join(names)
    if et_al:
        text += " [и др.]" if language == "ru" else " et al."
    return text


def display_title(entry: dict, language: str) -> str:
    """The title in its own language, with the translation for `language` in brackets where one is given."""
    title = _text(entry, "title")
    original = entry.get("language") if isinstance(entry.get("language"), str) else "en"
    translation = _text(entry, f"title_{language}")
    if translation and original != language and translation != title:
        title = f"{title.rstrip('.')} [{translation}]"
    return title


def format_citation(entry: dict, language: str) -> Citation:
    """One reference-list entry in `language` (ru: ГОСТ-like; en: author–title–issuer–year–URL)."""
    authors = _authors(entry, language)
    title = display_title(entry, language)
    issuer = _text(entry, "issuer")
    published_in = _text(entry, "published_in")
    date = format_date(entry.get("date"), language)
    year = _date(entry.get("date"))
    in_title = any(format_date(entry.get("date"), other) in title for other in ("ru", "en"))
    if date and (in_title or (year and not year[1] and str(year[0]) in published_in)):
        date = ""  # "Law of 23.06.2016 …" or "Blood. 2019;134:594" already say it
    url = _text(entry, "url")
    accessed = format_date(entry.get("accessed"), language)
    note = _text(entry, f"note_{language}")
    if language == "ru":
        head = f"{_end(authors)} " if authors else ""
        head += title.rstrip(".")
        if url:
            head += " [Электронный ресурс]"
        if issuer and issuer not in title:
            head += f" / {issuer}"
        areas = [head] + [part for part in (published_in, date) if part]
        before = " — ".join(_end(area) for area in areas)
        after = ""
        if url:
            before += " — URL:"
            after = f" (дата обращения: {accessed})." if accessed else "."
        if note and url:
            after += f" — {_end(note)}"
        elif note:
            before += f" — {_end(note)}"
        return Citation(before, url, after)
    parts = [authors, title, issuer if issuer not in title else "", published_in, date]
    before = " ".join(_end(part) for part in parts if part)
    after = ""
    if url:
        before += " Available at:"
        after = f" (accessed {accessed})." if accessed else ""
    if note:
        if url:
            after = f"{after or '.'} {_end(note)}"
        else:
            before += f" {_end(note)}"
    return Citation(before, url, after)


def short_citation(entry: dict, language: str) -> str:
    """A short label for quiz feedback: the first author or the issuer, the title and the year."""
    who = _authors(entry, language) or _text(entry, "issuer")
    year = _date(entry.get("date"))
    title = _text(entry, "title")
    parts = [who, title, str(year[0]) if year and str(year[0]) not in title else ""]
    return " ".join(_end(part) for part in parts if part).rstrip(".")


@functools.cache
def _register(path: str, modified: float) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else {}


def register_citation(source: str, language: str) -> tuple[str, str]:
    """(short citation, address) of a source in the platform's register (site/content/sources.yaml);
    the bare id and no address when the register does not hold it (or a package brought its own)."""
    from django.conf import settings

    path = Path(settings.SITE_DIR) / "content" / "sources.yaml"
    try:
        register = _register(str(path), path.stat().st_mtime)
    except (OSError, yaml.YAMLError):
        register = {}
    entry = register.get(source)
    if not isinstance(entry, dict) or check_entry(source, entry):
        return source, ""
    return short_citation(entry, language), _text(entry, "url")
