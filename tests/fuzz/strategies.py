"""Hostile inputs shared by the fuzz tests: text that breaks parsers, numbers that break int(), files that
break readers."""

from __future__ import annotations

import codecs
import io
import zipfile

from hypothesis import strategies as st

# Pieces that have broken (or could break) something somewhere: full-text operators, SQL, path tricks,
# template and HTML syntax, format strings, Unicode oddities.
NASTY = [
    "",
    " ",
    "\x00",
    "\r",
    "\r\n",
    "\t",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "\U0001f600",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b, 3)",
    "*",
    "^",
    "(",
    ")",
    '"',
    "'",
    "`",
    '"unclosed',
    "a*",
    "-",
    "--",
    "+",
    ":",
    "col:val",
    "' OR 1=1 --",
    "'; DROP TABLE people_user; --",
    "%",
    "%s",
    "%(x)s",
    "{0}",
    "{{ x }}",
    "{% if %}",
    "<script>alert(1)</script>",
    "&amp;",
    "//evil.example",
    "/../../etc/passwd",
    "..",
    "../",
    "\\..\\",
    "%2e%2e%2f",
    "%00",
    "%ZZ",
    "?",
    "#",
    "CART-",
    "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-3",
    "0" * 40,
    "١٢٣",
    "𝟙𝟚𝟛",
    "Ⅻ",
    "٣",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "9" * 30,
    "0x10",
    "Курс CAR-T",
    "Kymriah",
]

nasty_pieces = st.sampled_from(NASTY)

# Any code point except surrogates (which no client can send as UTF-8), control characters included.
any_char = st.characters(exclude_categories=("Cs",))


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Arbitrary Unicode, runs of nasty pieces, and now and then a very long string."""
    mixed = st.lists(st.one_of(nasty_pieces, st.text(any_char, max_size=12)), max_size=12).map("".join)
    return st.one_of(
        st.text(any_char, max_size=max_size),
        mixed,
        nasty_pieces,
        st.builds(
            lambda piece, times: piece * times,
            nasty_pieces | st.text(any_char, max_size=3),
            st.integers(1, 1000),
        ),
    )


def hostile_int_text() -> st.SearchStrategy[str]:
    """What a form field meant for a whole number may receive."""
    return st.one_of(
        st.integers().map(str),
        st.integers(-(10**40), 10**40).map(str),
        st.sampled_from(
            ["", "-0", "+1", " 1", "1 ", "1.5", "1e3", "١", "٣", "𝟙", "Ⅻ", "²", "0x1", "NaN", "inf"]
        ),
        st.text(st.characters(categories=("Nd", "No", "Nl")), max_size=12),
        hostile_text(30),
    )


def url_segment() -> st.SearchStrategy[str]:
    """Text for one URL path segment, left for the caller to percent-encode (or not)."""
    return st.one_of(
        hostile_text(120), st.text(st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ23456789-"), max_size=40)
    )


# Byte-order marks and encodings a spreadsheet or text editor may write.
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "latin-1", "utf-32", "koi8-r"]


@st.composite
def encoded_text(draw, text: st.SearchStrategy[str]) -> bytes:
    value = draw(text)
    encoding = draw(st.sampled_from(ENCODINGS))
    return draw(st.sampled_from(BOMS)) + value.encode(encoding, errors="replace")


csv_cell = st.one_of(
    hostile_text(40),
    st.sampled_from(['"', '""', '"a""b"', ",", ";", "\t", "\r", "\n", "\r\n", "=1+1", "@SUM(A1)", "code"]),
    st.integers(1, 200_000).map(lambda n: "X" * n),
)


@st.composite
def csv_bytes(draw) -> bytes:
    """A CSV-ish file: rows of hostile cells joined by random separators and line ends, or random bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=2000))
    rows = draw(st.lists(st.lists(csv_cell, max_size=4), max_size=8))
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r", ""]))
    text = line_end.join(separator.join(row) for row in rows)
    return draw(st.sampled_from(BOMS)) + text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


GIFT_PIECES = [
    "{",
    "}",
    "=",
    "~",
    "#",
    "####",
    "::",
    "::Title::",
    "//",
    "// comment\n",
    "\\{",
    "\\}",
    "\\=",
    "\\~",
    "\\#",
    "\\:",
    "\\n",
    "\\",
    "->",
    "%50%",
    "%-100%",
    "%1e9%",
    "%abc%",
    "{#",
    "{#1:2}",
    "{#1..2}",
    "{#=5:0 =%50%5:1}",
    "{T}",
    "{FALSE#no#yes}",
    "{=a ~b}",
    "{~%50%a ~%50%b ~%-100%c}",
    "{=a -> b =c -> d}",
    "{>",
    "[html]",
    "[moodle]",
    "[markdown]",
    "$CATEGORY: a/b",
    "$CATEGORY:",
    "\n\n",
    "\r\n",
    "\r",
    "Вопрос?",
    "\x00",
]


@st.composite
def gift_source(draw) -> str:
    """Text made of GIFT syntax fragments, well-formed questions and noise."""
    well_formed = st.sampled_from(
        [
            "::Q1:: Мишень Kymriah? {=CD19 ~BCMA}\n\n",
            "Все аутологичные? {T}\n\n",
            "Год? {#2017:0}\n\n",
            "Сокращение {=ЕАЭС}\n\n",
            "Сопоставьте {=a -> 1 =b -> 2 =c -> 3}\n\n",
        ]
    )
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(GIFT_PIECES), well_formed, st.text(any_char, max_size=10)), max_size=30
        )
    )
    return "".join(parts)


YAML_PIECES = [
    "slug: x\n",
    "slug: pkg-fuzz\n",
    "title:\n  ru: Курс\n  en: Course\n",
    "version: '1.0'\n",
    "version: 1.0\n",
    "modules:\n  - slug: m\n",
    "- a\n",
    ": :\n",
    "? ? ?\n",
    "&a [*a]\n",
    "*a\n",
    "!!python/object/apply:os.system ['true']\n",
    "!!binary AAAA\n",
    "{\n",
    "[\n",
    "'\n",
    '"\\x00"\n',
    "\t- tab\n",
    "key: !!int 99999999999999999999999999\n",
    "key: .nan\n",
    "key: 2026-13-45\n",
    "~\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
]


@st.composite
def course_yaml(draw) -> str:
    return "".join(
        draw(st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(any_char, max_size=20)), max_size=12))
    )


entry_names = st.one_of(
    st.sampled_from(
        [
            "course.yaml",
            "pkg/course.yaml",
            "pkg/01-a/module.yaml",
            "pkg/01-a/01-x.ru.md",
            "pkg/01-a/01-x.en.md",
            "pkg/media/a.png",
            "../course.yaml",
            "/abs/course.yaml",
            "pkg/../../x",
            "C:\\x\\course.yaml",
            "pkg/",
            "a" * 300,
            "pkg/\x00.md",
        ]
    ),
    st.text(any_char, min_size=1, max_size=30),
)


@st.composite
def zip_bytes(draw) -> bytes:
    """A zip archive of random entries (a course.yaml with random YAML among them), or random bytes."""
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return draw(st.binary(max_size=500))
    buffer = io.BytesIO()
    entries = draw(
        st.lists(
            st.tuples(
                entry_names,
                st.one_of(
                    course_yaml().map(str.encode),
                    st.binary(max_size=200),
                    hostile_text(100).map(lambda t: t.encode("utf-8", "surrogatepass")),
                ),
            ),
            max_size=5,
        )
    )
    if draw(st.booleans()):
        entries.append(
            (draw(st.sampled_from(["course.yaml", "pkg/course.yaml"])), draw(course_yaml()).encode())
        )
    with zipfile.ZipFile(
        buffer, "w", compression=draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    ) as archive:
        for name, content in entries:
            try:
                archive.writestr(name, content)
            except (ValueError, UnicodeEncodeError):
                continue  # zipfile refuses some names itself (NUL is kept, surrogates are not)
    data = buffer.getvalue()
    if choice == 1 and data:  # damage: truncate or flip a byte
        position = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            data = data[:position]
        else:
            data = (
                data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1 :]
            )
    return data
