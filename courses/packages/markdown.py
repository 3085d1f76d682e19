"""Lesson Markdown (front matter, CommonMark plus tables, `:::` directives) turned into StreamField blocks.

markdown-it-py parses the lesson, with mdit-py-plugins' `front_matter_plugin` for the leading `---` block and
`container_plugin` for the `:::name argument … :::` directives; problems are located by the tokens' `.map`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .bibliography import display_title, format_citation, format_date
from .reader import Reader, line_at
from .spec import CALLOUTS, CITATION, DIRECTIVES, FRONT_MATTER_KEYS

if TYPE_CHECKING:
    from markdown_it.token import Token

DIRECTIVE_LINE = re.compile(r"^:::\s*([a-z-]*)\s*(.*)$")  # any line starting with ::: (at column 0)
RAW_HTML = re.compile(r"^\s*<[a-zA-Z/!]")
OPTIONS = {"html": False, "linkify": False, "typographer": False}
DIRECTIVE_OPEN = "container_directive_open"
DIRECTIVE_NAME = re.compile(r"^\s*([a-z-]*)\s*(.*)$")
CLOSING_LINE = re.compile(r"^\s*:::+\s*$")


def _opens_directive(params: str, markup: str) -> bool:
    """A directive opens with exactly `:::` and a name; a bare `:::` only closes one."""
    match = DIRECTIVE_NAME.match(params)
    return markup == ":::" and match is not None and bool(match.group(1))


def _directive_name(info: str) -> tuple[str, str]:
    match = DIRECTIVE_NAME.match(info)
    return (match.group(1), match.group(2).strip()) if match else ("", info.strip())


# `_md` renders Markdown to rich text; `_parser` (the same plus front matter and directives) reads lessons.
_md = MarkdownIt("commonmark", OPTIONS).enable("table")
_parser = (
    MarkdownIt("commonmark", OPTIONS)
    .enable("table")
    .use(front_matter_plugin)
    .use(container_plugin, "directive", validate=_opens_directive)
)
_TAGS = [
    (re.compile(r"<(/?)strong>"), r"<\1b>"),
    (re.compile(r"<(/?)em>"), r"<\1i>"),
    (re.compile(r"</?code>"), ""),
    (re.compile(r"<br />\n?"), "<br/>"),
]


def _closing(tokens: list[Token], position: int) -> int:
    """The index of the token closing the one at `position` (itself when it opens nothing)."""
    if tokens[position].nesting != 1:
        return position
    depth = 0
    for index in range(position, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _list_items(children: list[Token], lines: list[str]) -> list[tuple[int, str | None]]:
    """(line, text) of each bullet item in a directive's body; (line, None) for each other non-blank line.

    Nested items count as items of their own; a line continuing an item must be indented (a lazy
    continuation line, which CommonMark would fold into the item, is reported as not being an item).
    """
    items: list[tuple[int, str | None]] = []
    position = 0
    while position < len(children):
        token = children[position]
        close = _closing(children, position)
        if token.type == "bullet_list_open":
            items.extend(_bullet_items(children[position : close + 1], lines))
        elif token.map and token.nesting != -1:
            start, end = token.map
            items.extend((index + 1, None) for index in range(start, end) if lines[index].strip())
        position = close + 1
    return sorted(items, key=lambda item: item[0])


def _bullet_items(tokens: list[Token], lines: list[str]) -> list[tuple[int, str | None]]:
    """The items of one bullet list (nested ones too), each with its text in one line."""
    found: list[tuple[int, list[str] | None]] = []
    stack: list[list[str]] = []
    for token in tokens:
        if token.type == "list_item_open":
            start, end = token.map or (0, 0)
            stack.append([])
            found.append((start + 1, stack[-1]))
            found.extend(
                (index + 1, None)
                for index in range(start + 1, end)
                if lines[index].strip() and not lines[index].startswith((" ", "\t"))
            )
        elif token.type == "list_item_close":
            stack.pop()
        elif token.type == "inline" and stack:
            stack[-1].append(" ".join(part.strip() for part in token.content.split("\n")))
    return [
        (line, (" ".join(filter(None, texts)) or None) if texts is not None else None)
        for line, texts in found
    ]


def _rich_text(markdown: str) -> str:
    html = _md.render(markdown).strip()
    for pattern, replacement in _TAGS:
        html = pattern.sub(replacement, html)
    return html


def _plain(markdown: str) -> str:
    """Inline Markdown reduced to plain text (for list items in key facts)."""
    text = re.sub(r"<[^>]+>", "", _md.renderInline(markdown))
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').strip()


def _source_order(source: str) -> tuple[int, str]:
    """S2 before S10 before S10b."""
    match = re.match(r"S(\d+)(.*)", source)
    return (int(match.group(1)), match.group(2)) if match else (0, source)


def _unknown_source(source: str) -> str:
    return _("unknown source id %(source)s (not in sources.yaml)") % {"source": repr(source)}


class LessonParser:
    """Reads one lesson file into page fields, reporting problems to the package's reader."""

    def __init__(self, reader: Reader, path: Path, context: dict):
        self.reader = reader
        self.path = path
        self.sources = context["sources"]
        self.glossary = context["glossary"]
        self.language = context["language"]
        self.blocks: list[dict] = []
        self.cited: set[str] = set()
        self.has_references = False
        self.words = 0

    def problem(self, line: int, message: str) -> None:
        self.reader.problem(self.path, line, message)

    def cite(self, text: str, line: int) -> None:
        for number, row in enumerate(text.split("\n")):
            for source in CITATION.findall(row):
                if source not in self.sources:
                    self.problem(line + number, _unknown_source(source))
                self.cited.add(source)

    def count(self, text: str) -> None:
        self.words += len(re.findall(r"\w+", CITATION.sub("", text)))

    def parse(self, text: str) -> dict | None:
        """The page fields of the lesson, or None when it has no usable front matter."""
        tokens = _parser.parse(text)
        if not tokens or tokens[0].type != "front_matter" or not text.startswith("---\n"):
            self.problem(1, _("a lesson starts with front matter: ---, title: …, summary: …, ---"))
            return None
        front, lines = self.reader.yaml(self.path, tokens[0].content, first_line=2)
        if front is None:
            return None
        if not self.reader.check_keys(self.path, front, lines, FRONT_MATTER_KEYS, {"title"}):
            return None
        title = front.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(line_at(lines, "title"), _("title must be a text"))
            title = ""
        summary = front.get("summary") or ""
        if not isinstance(summary, str):
            self.problem(line_at(lines, "summary"), _("summary must be a text"))
            summary = ""
        self.count(title + " " + summary)
        self.body(tokens[1:], text.split("\n"), first=tokens[0].map[1])
        self.complete_references()
        fields = {"title": title.strip()[:255], "summary": summary.strip(), "body": self.blocks}
        return {**fields, **self.procedure(front, lines)}

    def procedure(self, front: dict, lines: list[str]) -> dict:
        """`procedure: true` marks a lesson that teaches a procedure step by step; `sop: true` (and
        `sop_reference: …`) make it an SOP whose confirmation is signed, and an SOP always describes a
        procedure. Only lessons that say one of them get the fields, so older packages import unchanged."""
        if not {"procedure", "sop", "sop_reference"} & set(front):
            return {}
        flags = {}
        for key in ("procedure", "sop"):
            flags[key] = front.get(key, False)
            if not isinstance(flags[key], bool):
                self.problem(line_at(lines, key), _("%(key)s must be true or false") % {"key": key})
                flags[key] = False
        sop = flags["sop"]
        if sop and front.get("procedure") is False:
            self.problem(
                line_at(lines, "procedure"), _("an SOP describes a procedure: remove procedure: false")
            )
        reference = front.get("sop_reference") or ""
        if not isinstance(reference, str) or len(reference) > 100:
            self.problem(
                line_at(lines, "sop_reference"), _("sop_reference must be a text of 100 characters at most")
            )
            reference = ""
        if reference and not sop:
            self.problem(line_at(lines, "sop_reference"), _("sop_reference needs sop: true"))
        return {
            "describes_procedure": flags["procedure"] or sop,
            "is_sop": sop,
            "sop_reference": reference.strip(),
        }

    def body(self, tokens: list[Token], lines: list[str], first: int) -> None:
        """Blocks from the top-level tokens; `lines` is the whole file, `first` the index after front matter.

        Token maps are 0-based line indexes into the whole file, so a token's line is `map[0] + 1`.
        """
        in_directives: set[int] = set()
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                html = _rich_text("\n\n".join(paragraph))
                if html:
                    self.blocks.append({"type": "paragraph", "value": html})
                paragraph.clear()

        position = 0
        while position < len(tokens):
            token = tokens[position]
            if token.level != 0 or token.nesting == -1:
                position += 1
                continue
            close = _closing(tokens, position)
            start, end = token.map or (0, 0)
            segment = "\n".join(lines[start:end])
            line = start + 1
            if token.type == DIRECTIVE_OPEN:
                flush()
                closed = end < len(lines) and CLOSING_LINE.match(lines[end]) is not None
                in_directives.update(range(start, end + 1 if closed else end))
                self.directive(token, tokens[position + 1 : close], lines, closed=closed)
            elif token.type == "heading_open":
                flush()
                inline = tokens[position + 1].content
                self.count(inline)
                if token.tag in ("h2", "h3"):
                    self.blocks.append(
                        {"type": "heading", "value": {"text": _plain(inline)[:200], "level": token.tag}}
                    )
                else:
                    self.problem(
                        line,
                        _("use '##' or '###' headings (the title is the page's heading), not %(markup)s")
                        % {"markup": repr(token.markup)},
                    )
            elif token.type == "table_open":
                flush()
                self.table(tokens[position : close + 1], line)
            elif token.type in ("paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open"):
                self.count(segment)
                paragraph.append(segment)
            elif token.type in ("fence", "code_block"):
                self.problem(line, _("code blocks are not supported in lessons"))
            elif token.type == "hr":
                flush()
            position = close + 1
        flush()
        for index in range(first, len(lines)):
            if index in in_directives:
                continue
            if RAW_HTML.match(lines[index]):
                self.problem(index + 1, _("raw HTML is not allowed in lessons"))
            stray = DIRECTIVE_LINE.match(lines[index])
            if stray is not None and not stray.group(1):
                self.problem(index + 1, _("':::' closes no directive"))
            self.cite(lines[index], index + 1)

    def table(self, tokens, line: int) -> None:
        rows: list[list[str]] = []
        row: list[str] | None = None
        for token in tokens:
            if token.type == "tr_open":
                row = []
            elif token.type == "inline" and row is not None:
                row.append(_plain(token.content))
                self.count(token.content)
            elif token.type == "tr_close" and row is not None:
                rows.append(row)
                row = None
        if len(rows) < 2:
            self.problem(line, _("a table needs a header row and at least one row"))
            return
        self.blocks.append(
            {
                "type": "table",
                "value": {
                    "data": rows,
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            }
        )

    def directive(self, token: Token, children: list[Token], lines: list[str], *, closed: bool) -> None:
        """One `:::name argument` block; `children` are its tokens between the opening and the closing."""
        start, end = token.map or (0, 0)
        line = start + 1
        name, argument = _directive_name(token.info)
        for index in range(start + 1, end):
            if DIRECTIVE_LINE.match(lines[index]):
                self.problem(index + 1, _("directives cannot be nested; close the previous one with ':::'"))
        if not closed:
            self.problem(
                line, _("directive %(directive)s is not closed with ':::'") % {"directive": f"':::{name}'"}
            )
            return
        if name not in DIRECTIVES:
            self.problem(
                line,
                _("unknown directive %(directive)s (known: %(known)s)")
                % {"directive": f"':::{name}'", "known": ", ".join(sorted(DIRECTIVES))},
            )
            return
        body = "\n".join(lines[start + 1 : end])
        self.cite(body, line + 1)
        self.cite(argument, line)
        if name in CALLOUTS:
            if not body.strip():
                self.problem(line, _("%(directive)s needs some text") % {"directive": f"':::{name}'"})
                return
            self.count(argument + " " + body)
            self.blocks.append(
                {
                    "type": "callout",
                    "value": {"kind": CALLOUTS[name], "title": argument[:200], "text": _rich_text(body)},
                }
            )
        elif name == "key-facts":
            facts = []
            for item_line, item in _list_items(children, lines):
                if item is None:
                    self.problem(item_line, _("key facts are a bullet list ('- fact')"))
                elif len(_plain(item)) > 400:
                    self.problem(item_line, _("a key fact is at most 400 characters"))
                else:
                    facts.append(_plain(item))
            if not facts:
                self.problem(line, _("':::key-facts' needs at least one '- fact'"))
                return
            self.count(argument + " " + " ".join(facts))
            self.blocks.append({"type": "key_facts", "value": {"title": argument[:200], "facts": facts}})
        elif name == "term":
            entry = self.glossary.get(argument)
            if entry is None:
                self.problem(
                    line,
                    _("unknown glossary term %(term)s (not in glossary.yaml)") % {"term": repr(argument)},
                )
                return
            other = "en" if self.language == "ru" else "ru"
            definition = " ".join(body.split()) or entry[self.language]["definition"]
            self.count(definition)
            self.blocks.append(
                {
                    "type": "glossary",
                    "value": {
                        "term": entry[self.language]["term"][:120],
                        "other_language": entry[other]["term"][:120],
                        "definition": definition,
                        "anchor": argument,
                    },
                }
            )
        elif name == "references":
            items = []
            for item_line, item in _list_items(children, lines):
                source = (item or "").strip()
                if not source or not re.fullmatch(r"S\d+[a-z]?", source):
                    self.problem(item_line, _("references list source ids, one per line: '- S11'"))
                elif source not in self.sources:
                    self.problem(item_line, _unknown_source(source))
                elif any(known["source_id"] == source for known in items):
                    self.problem(item_line, _("%(source)s is listed twice") % {"source": source})
                else:
                    items.append(self.reference(source))
                    self.cited.add(source)
            if not items:
                self.problem(line, _("':::references' needs at least one '- Sxx'"))
                return
            if self.has_references:
                self.problem(line, _("a lesson has one ':::references' block (its reference list)"))
                return
            self.has_references = True
            self.blocks.append({"type": "references", "value": {"items": items}})

    def reference(self, source: str) -> dict:
        """One entry of the lesson's reference list, formatted in the lesson's language."""
        entry = self.sources[source]
        citation = format_citation(entry, self.language)
        return {
            "source_id": source,
            "title": display_title(entry, self.language)[:400],
            "issuer": str(entry.get("issuer") or "")[:200],
            "date": format_date(entry.get("date"), self.language)[:40],
            "url": citation.url,
            "citation": citation.before[:1000],
            "citation_after": citation.after[:400],
        }

    def complete_references(self) -> None:
        """Sources cited in the text but not listed under ':::references' are added to its end, so the
        list holds every source the lesson cites and every [Sxx] in it has an entry to link to."""
        block = next((block for block in self.blocks if block["type"] == "references"), None)
        if block is None:
            return
        listed = {item["source_id"] for item in block["value"]["items"]}
        for source in sorted(self.cited - listed, key=_source_order):
            if source in self.sources:
                block["value"]["items"].append(self.reference(source))
