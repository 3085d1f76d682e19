"""Lesson Markdown (front matter, CommonMark plus tables, `:::` directives) turned into StreamField blocks."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from .reader import Reader, line_at
from .spec import CALLOUTS, CITATION, DIRECTIVE_LINE, DIRECTIVES, FRONT_MATTER_KEYS, RAW_HTML

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_TAGS = [
    (re.compile(r"<(/?)strong>"), r"<\1b>"),
    (re.compile(r"<(/?)em>"), r"<\1i>"),
    (re.compile(r"</?code>"), ""),
    (re.compile(r"<br />\n?"), "<br/>"),
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


def _list_items(body: str) -> list[tuple[int, str]]:
    items = []
    for offset, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append((offset, stripped[2:].strip()))
        elif stripped and items and line.startswith(("  ", "\t")):
            items[-1] = (items[-1][0], items[-1][1] + " " + stripped)
        elif stripped:
            items.append((offset, None))  # not a list item
    return items


class LessonParser:
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
                    self.problem(line + number, f"unknown source id {source!r} (not in sources.yaml)")
                self.cited.add(source)

    def count(self, text: str) -> None:
        self.words += len(re.findall(r"\w+", CITATION.sub("", text)))

    def parse(self, text: str) -> dict | None:
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if not match:
            self.problem(1, "a lesson starts with front matter: ---, title: …, summary: …, ---")
            return None
        front, lines = self.reader.yaml(self.path, match.group(1), first_line=2)
        if front is None:
            return None
        if not self.reader.check_keys(self.path, front, lines, FRONT_MATTER_KEYS, {"title"}):
            return None
        title = front.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(line_at(lines, "title"), "title must be a text")
            title = ""
        summary = front.get("summary") or ""
        if not isinstance(summary, str):
            self.problem(line_at(lines, "summary"), "summary must be a text")
            summary = ""
        self.count(title + " " + summary)
        start = text[: match.end()].count("\n") + 1
        self.body(text[match.end() :], start)
        return {"title": title.strip()[:255], "summary": summary.strip(), "body": self.blocks}

    def body(self, text: str, first_line: int) -> None:
        lines = text.split("\n")
        chunk: list[str] = []
        chunk_start = first_line
        index = 0
        while index < len(lines):
            line = lines[index]
            number = first_line + index
            directive = DIRECTIVE_LINE.match(line)
            if directive is None:
                if not chunk:
                    chunk_start = number
                chunk.append(line)
                index += 1
                continue
            self.markdown("\n".join(chunk), chunk_start)
            chunk = []
            name, argument = directive.group(1), directive.group(2).strip()
            if not name:
                self.problem(number, "':::' closes no directive")
                index += 1
                continue
            end = index + 1
            while end < len(lines) and not re.match(r"^:::\s*$", lines[end]):
                if DIRECTIVE_LINE.match(lines[end]):
                    self.problem(
                        first_line + end, "directives cannot be nested; close the previous one with ':::'"
                    )
                end += 1
            if end >= len(lines):
                self.problem(number, f"directive ':::{name}' is not closed with ':::'")
                return
            self.directive(name, argument, "\n".join(lines[index + 1 : end]), number)
            index = end + 1
        self.markdown("\n".join(chunk), chunk_start)

    def markdown(self, text: str, first_line: int) -> None:
        if not text.strip():
            return
        for offset, line in enumerate(text.split("\n")):
            if RAW_HTML.match(line):
                self.problem(first_line + offset, "raw HTML is not allowed in lessons")
        self.cite(text, first_line)
        tokens = _md.parse(text)
        paragraph: list[str] = []
        source_lines = text.split("\n")

        def flush():
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
            close = position
            if token.nesting == 1:
                depth = 0
                for close in range(position, len(tokens)):
                    depth += tokens[close].nesting
                    if depth == 0:
                        break
            start, end = token.map or (0, 0)
            segment = "\n".join(source_lines[start:end])
            line = first_line + start
            if token.type == "heading_open":
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
                        f"use '##' or '###' headings (the title is the page's heading), not {token.markup!r}",
                    )
            elif token.type == "table_open":
                flush()
                self.table(tokens[position : close + 1], line)
            elif token.type in ("paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open"):
                self.count(segment)
                paragraph.append(segment)
            elif token.type in ("fence", "code_block"):
                self.problem(line, "code blocks are not supported in lessons")
            elif token.type == "hr":
                flush()
            position = close + 1
        flush()

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
            self.problem(line, "a table needs a header row and at least one row")
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

    def directive(self, name: str, argument: str, body: str, line: int) -> None:
        if name not in DIRECTIVES:
            self.problem(line, f"unknown directive ':::{name}' (known: {', '.join(sorted(DIRECTIVES))})")
            return
        self.cite(body, line + 1)
        self.cite(argument, line)
        if name in CALLOUTS:
            if not body.strip():
                self.problem(line, f"':::{name}' needs some text")
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
            for offset, item in _list_items(body):
                if item is None:
                    self.problem(line + 1 + offset, "key facts are a bullet list ('- fact')")
                elif len(_plain(item)) > 400:
                    self.problem(line + 1 + offset, "a key fact is at most 400 characters")
                else:
                    facts.append(_plain(item))
            if not facts:
                self.problem(line, "':::key-facts' needs at least one '- fact'")
                return
            self.count(argument + " " + " ".join(facts))
            self.blocks.append({"type": "key_facts", "value": {"title": argument[:200], "facts": facts}})
        elif name == "term":
            entry = self.glossary.get(argument)
            if entry is None:
                self.problem(line, f"unknown glossary term {argument!r} (not in glossary.yaml)")
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
            for offset, item in _list_items(body):
                source = (item or "").strip()
                if not source or not re.fullmatch(r"S\d+[a-z]?", source):
                    self.problem(line + 1 + offset, "references list source ids, one per line: '- S11'")
                elif source not in self.sources:
                    self.problem(line + 1 + offset, f"unknown source id {source!r} (not in sources.yaml)")
                else:
                    entry = self.sources[source]
                    items.append(
                        {
                            "source_id": source,
                            "title": str(entry.get("title", ""))[:400],
                            "issuer": "",
                            "date": "",
                            "url": str(entry.get("url", "")),
                        }
                    )
                    self.cited.add(source)
            if not items:
                self.problem(line, "':::references' needs at least one '- Sxx'")
                return
            self.has_references = True
            self.blocks.append({"type": "references", "value": {"items": items}})
