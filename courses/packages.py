"""Course packages: read, validate and import a course from YAML, Markdown and GIFT files.

The format is documented in `docs/course-packages.md`. `read_package` reads and checks everything first and
raises `PackageError` with every problem as `FILE:LINE: message`; `import_package` then writes the course
in one transaction. Pages carry a digest of what the package said about them, so re-importing an
unchanged package changes nothing and a changed one gets a new revision (and new question versions).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from assessments.gift import SUPPORTED_KINDS, GiftError, ParsedQuestion, parse_gift

LANGUAGES = ("ru", "en")
LEVELS = ("introductory", "intermediate", "advanced")
COURSE_KEYS = {
    "slug",
    "version",
    "provider",
    "level",
    "hours",
    "certificate_validity_months",
    "audience",
    "topics",
    "title",
    "summary",
    "objectives",
    "prerequisites",
    "final_exam",
}
COURSE_REQUIRED = {"slug", "version", "level", "hours", "title", "summary", "objectives"}
MODULE_KEYS = {"title", "summary", "objectives", "roles", "quiz"}
MODULE_REQUIRED = {"title", "summary", "objectives"}
QUIZ_KEYS = {"draw", "pass_mark", "time_limit_minutes", "max_attempts"}
FRONT_MATTER_KEYS = {"title", "summary"}
CALLOUTS = {"note": "note", "warning": "warning", "gmp": "gmp"}
DIRECTIVES = {*CALLOUTS, "key-facts", "term", "references"}
NUMBERED = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(ru|en)\.md$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[(S\d+[a-z]?)\]")
DIRECTIVE_LINE = re.compile(r"^:::\s*([a-z-]*)\s*(.*)$")
RAW_HTML = re.compile(r"^\s*<[a-zA-Z/!]")
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class PackageError(Exception):
    """Every problem found in a package; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class QuizSpec:
    draw: int
    pass_mark: int
    time_limit_minutes: int | None = None
    max_attempts: int | None = None


@dataclass
class LessonSpec:
    slug: str
    fields: dict[str, dict]  # language -> page fields (title, summary, body)
    words: dict[str, int]
    sources: set[str]


@dataclass
class ModuleSpec:
    slug: str
    fields: dict[str, dict]
    quiz: QuizSpec | None
    lessons: list[LessonSpec]
    banks: dict[str, tuple[str, str]]  # language -> (path, GIFT source)
    questions: dict[str, list[ParsedQuestion]]
    roles: list[str]
    has_references: dict[str, bool]


@dataclass
class CourseSpec:
    root: Path
    slug: str
    provider: str
    fields: dict[str, dict]
    shared: dict  # level, hours, version, validity
    audience: list[str]
    topics: list[str]
    final_exam: QuizSpec | None
    modules: list[ModuleSpec] = field(default_factory=list)


# -- reading helpers ------------------------------------------------------------------------------------


class _Reader:
    """Collects problems while reading one package."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path) if isinstance(path, Path) else path, line, message))

    def text(self, path: Path) -> str | None:
        if not path.is_file():
            self.problem(path, 0, "missing file")
            return None
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            self.problem(path, 0, f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problem(
                path, line, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
            )
            return None
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def yaml(self, path: Path, text: str | None = None, first_line: int = 1):
        """(data, lines): `lines` maps a key path such as ("title", "ru") to its line number."""
        if text is None:
            text = self.text(path)
            if text is None:
                return None, {}
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line + first_line) if mark else first_line
            self.problem(path, line, f"invalid YAML: {getattr(error, 'problem', None) or error}")
            return None, {}
        lines: dict[tuple, int] = {}

        def walk(item, prefix):
            lines[prefix] = item.start_mark.line + first_line
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    walk(value, (*prefix, key.value))
                    lines[(*prefix, key.value)] = key.start_mark.line + first_line
            elif isinstance(item, yaml.SequenceNode):
                for index, value in enumerate(item.value):
                    walk(value, (*prefix, index))

        if node is None:
            self.problem(path, first_line, "the file is empty")
            return None, {}
        walk(node, ())
        return data, lines


def _line(lines: dict, *keys) -> int:
    while keys:
        if keys in lines:
            return lines[keys]
        keys = keys[:-1]
    return lines.get((), 1)


def _check_keys(reader, path, data, lines, allowed, required) -> bool:
    if not isinstance(data, dict):
        reader.problem(path, 1, "expected a mapping of keys (key: value)")
        return False
    for key in data:
        if key not in allowed:
            reader.problem(
                path, _line(lines, key), f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            )
    for key in sorted(required - set(data)):
        reader.problem(path, 1, f"missing key {key!r}")
    return True


def _bilingual(reader, path, data, lines, key, *, as_list=False, required=True) -> dict[str, object]:
    value = data.get(key)
    result: dict[str, object] = {}
    if value is None:
        if required:
            reader.problem(path, _line(lines, key), f"missing {key!r}")
        return {language: ([] if as_list else "") for language in LANGUAGES}
    if not isinstance(value, dict):
        reader.problem(path, _line(lines, key), f"{key!r} needs a value for ru and en")
        return {language: ([] if as_list else "") for language in LANGUAGES}
    for extra in set(value) - set(LANGUAGES):
        reader.problem(path, _line(lines, key, extra), f"unknown language {extra!r} in {key!r}")
    for language in LANGUAGES:
        item = value.get(language)
        if as_list:
            if item is None:
                item = []
            if not isinstance(item, list) or not all(
                isinstance(entry, str) and entry.strip() for entry in item
            ):
                reader.problem(path, _line(lines, key, language), f"{key}.{language} must be a list of texts")
                item = []
            elif required and not item:
                reader.problem(path, _line(lines, key, language), f"missing translation: {key}.{language}")
            result[language] = [entry.strip() for entry in item]
        else:
            if not isinstance(item, str) or not item.strip():
                if required:
                    reader.problem(path, _line(lines, key), f"missing translation: {key}.{language}")
                item = ""
            result[language] = item.strip()
    return result


def _quiz(reader, path, data, lines, key) -> QuizSpec | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        reader.problem(path, _line(lines, key), f"{key!r} must be a mapping (draw, pass_mark, …)")
        return None
    for extra in set(value) - QUIZ_KEYS:
        reader.problem(path, _line(lines, key, extra), f"unknown key {extra!r} in {key!r}")
    numbers = {}
    for name, low, high, required in (
        ("draw", 1, 200, True),
        ("pass_mark", 1, 100, True),
        ("time_limit_minutes", 1, 600, False),
        ("max_attempts", 1, 100, False),
    ):
        raw = value.get(name)
        if raw is None:
            if required:
                reader.problem(path, _line(lines, key), f"{key}.{name} is required")
            continue
        if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
            reader.problem(path, _line(lines, key, name), f"{key}.{name} must be a whole number {low}–{high}")
            continue
        numbers[name] = raw
    if "draw" not in numbers or "pass_mark" not in numbers:
        return None
    return QuizSpec(**numbers)


# -- Markdown lessons ----------------------------------------------------------------------------------

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


class _LessonParser:
    def __init__(self, reader: _Reader, path: Path, context: dict):
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
        if not _check_keys(self.reader, self.path, front, lines, FRONT_MATTER_KEYS, {"title"}):
            return None
        title = front.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(_line(lines, "title"), "title must be a text")
            title = ""
        summary = front.get("summary") or ""
        if not isinstance(summary, str):
            self.problem(_line(lines, "summary"), "summary must be a text")
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


# -- the package ---------------------------------------------------------------------------------------


def _shared_file(reader: _Reader, root: Path, name: str) -> tuple[Path | None, dict]:
    """The package's own file, else its parent folder's, else the platform's (site/content)."""
    from django.conf import settings

    for folder in (root, root.parent, Path(settings.SITE_DIR) / "content"):
        candidate = folder / name
        if candidate.is_file():
            data, _lines = reader.yaml(candidate)
            if data is None:
                return candidate, {}
            if not isinstance(data, dict):
                reader.problem(candidate, 1, "expected a mapping")
                return candidate, {}
            return candidate, data
    return None, {}


def _glossary(reader, root) -> dict:
    path, data = _shared_file(reader, root, "glossary.yaml")
    glossary = {}
    for key, entry in data.items():
        ok = isinstance(entry, dict) and all(
            isinstance(entry.get(language), dict)
            and isinstance(entry[language].get("term"), str)
            and isinstance(entry[language].get("definition"), str)
            for language in LANGUAGES
        )
        if not ok:
            reader.problem(path, 1, f"glossary entry {key!r} needs ru and en, each with term and definition")
            continue
        glossary[str(key)] = entry
    return glossary


def read_package(root: Path | str) -> CourseSpec:
    """Read and check a whole package; raise `PackageError` listing every problem."""
    from .models import JobRole, Topic

    root = Path(root).resolve()
    reader = _Reader(root)
    if not root.is_dir():
        raise PackageError([Problem(str(root), 0, "not a folder")])
    _sources_path, sources = _shared_file(reader, root, "sources.yaml")
    glossary = _glossary(reader, root)

    course_path = root / "course.yaml"
    data, lines = reader.yaml(course_path)
    spec = None
    if data is not None and _check_keys(reader, course_path, data, lines, COURSE_KEYS, COURSE_REQUIRED):
        slug = str(data.get("slug", ""))
        if not SLUG.match(slug):
            reader.problem(course_path, _line(lines, "slug"), "slug: lowercase letters, digits and hyphens")
        level = data.get("level")
        if level not in LEVELS:
            reader.problem(course_path, _line(lines, "level"), f"level must be one of {', '.join(LEVELS)}")
        hours = data.get("hours")
        if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 999:
            reader.problem(course_path, _line(lines, "hours"), "hours must be a number of hours (0–999)")
            hours = 1
        validity = data.get("certificate_validity_months", 24)
        if not isinstance(validity, int) or isinstance(validity, bool) or not 0 <= validity <= 120:
            reader.problem(
                course_path, _line(lines, "certificate_validity_months"), "certificate validity: 0–120 months"
            )
            validity = 24
        version = str(data.get("version", "")).strip()
        if not version or len(version) > 20:
            reader.problem(course_path, _line(lines, "version"), 'version: up to 20 characters, e.g. "1.0"')
        roles = set(JobRole.objects.values_list("code", flat=True))
        audience = data.get("audience") or []
        for code in audience if isinstance(audience, list) else [audience]:
            if code not in roles:
                reader.problem(course_path, _line(lines, "audience"), f"unknown job role code {code!r}")
        known_topics = set(Topic.objects.values_list("slug", flat=True))
        topics = data.get("topics") or []
        for topic in topics if isinstance(topics, list) else [topics]:
            if topic not in known_topics:
                reader.problem(course_path, _line(lines, "topics"), f"unknown topic {topic!r}")
        title = _bilingual(reader, course_path, data, lines, "title")
        summary = _bilingual(reader, course_path, data, lines, "summary")
        objectives = _bilingual(reader, course_path, data, lines, "objectives", as_list=True)
        prerequisites = _bilingual(
            reader, course_path, data, lines, "prerequisites", as_list=True, required=False
        )
        spec = CourseSpec(
            root=root,
            slug=slug,
            provider=str(data.get("provider") or ""),
            fields={
                language: {
                    "title": str(title[language])[:255],
                    "slug": slug,
                    "summary": summary[language],
                    "objectives": "\n".join(objectives[language]),
                    "prerequisites": "\n".join(prerequisites[language]),
                    "search_description": str(summary[language])[:300],
                }
                for language in LANGUAGES
            },
            shared={
                "level": level,
                "estimated_hours": hours,
                "version_label": version[:20],
                "certificate_validity_months": validity,
            },
            audience=[code for code in audience if code in roles] if isinstance(audience, list) else [],
            topics=[topic for topic in topics if topic in known_topics] if isinstance(topics, list) else [],
            final_exam=_quiz(reader, course_path, data, lines, "final_exam"),
        )

    folders = sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith("."))
    module_slugs: set[str] = set()
    modules = []
    for folder in folders:
        match = NUMBERED.match(folder.name)
        if not match:
            reader.problem(folder, 0, "module folders are named NN-slug (e.g. 01-car-t-products)")
            continue
        if match.group(2) in module_slugs:
            reader.problem(folder, 0, f"duplicate module slug {match.group(2)!r}")
            continue
        module_slugs.add(match.group(2))
        module = _read_module(reader, folder, match.group(2), {"sources": sources, "glossary": glossary})
        if module is not None:
            modules.append(module)
    if not folders:
        reader.problem(root, 0, "a course needs at least one module folder (NN-slug)")
    if reader.problems or spec is None:
        raise PackageError(reader.problems or [Problem(reader.rel(course_path), 1, "no course description")])
    spec.modules = modules
    return spec


def _read_module(reader: _Reader, folder: Path, slug: str, context: dict) -> ModuleSpec | None:
    path = folder / "module.yaml"
    data, lines = reader.yaml(path)
    quiz = None
    fields = {}
    roles = []
    if data is not None and _check_keys(reader, path, data, lines, MODULE_KEYS, MODULE_REQUIRED):
        title = _bilingual(reader, path, data, lines, "title")
        summary = _bilingual(reader, path, data, lines, "summary")
        objectives = _bilingual(reader, path, data, lines, "objectives", as_list=True)
        fields = {
            language: {
                "title": str(title[language])[:255],
                "slug": slug,
                "summary": summary[language],
                "objectives": "\n".join(objectives[language]),
            }
            for language in LANGUAGES
        }
        quiz = _quiz(reader, path, data, lines, "quiz")
        roles = data.get("roles") or []

    lessons: dict[str, dict[str, Path]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name in ("module.yaml", "questions.ru.gift", "questions.en.gift") or entry.name.startswith(
            "."
        ):
            continue
        match = LESSON_FILE.match(entry.name)
        if match is None:
            reader.problem(
                entry,
                0,
                "unexpected file (lessons are NN-slug.ru.md / NN-slug.en.md; banks questions.ru.gift)",
            )
            continue
        lessons.setdefault(f"{match.group(1)}-{match.group(2)}", {})[match.group(3)] = entry
    lesson_specs = []
    has_references = dict.fromkeys(LANGUAGES, False)
    seen_slugs: set[str] = set()
    for name, files in sorted(lessons.items()):
        lesson_slug = name[3:]
        if lesson_slug in seen_slugs:
            reader.problem(folder / name, 0, f"duplicate lesson slug {lesson_slug!r}")
            continue
        seen_slugs.add(lesson_slug)
        lesson_fields, words, cited = {}, {}, set()
        for language in LANGUAGES:
            if language not in files:
                reader.problem(
                    folder / f"{name}.{language}.md", 0, f"missing translation: no {language} version"
                )
                continue
            text = reader.text(files[language])
            if text is None:
                continue
            parser = _LessonParser(reader, files[language], {**context, "language": language})
            parsed = parser.parse(text)
            if parsed is not None:
                lesson_fields[language] = {**parsed, "slug": lesson_slug}
                words[language] = parser.words
                cited |= parser.cited
                has_references[language] |= parser.has_references
        lesson_specs.append(LessonSpec(slug=lesson_slug, fields=lesson_fields, words=words, sources=cited))
    if not lessons:
        reader.problem(folder, 0, "a module needs at least one lesson (NN-slug.ru.md and NN-slug.en.md)")
    for language in LANGUAGES:
        if lessons and not has_references[language]:
            reader.problem(folder, 0, f"no ':::references' block in any {language} lesson")

    banks, questions = {}, {}
    for language in LANGUAGES:
        bank_path = folder / f"questions.{language}.gift"
        if not bank_path.exists():
            if quiz is not None:
                reader.problem(bank_path, 0, "missing file: the module has a quiz but no question bank")
            continue
        text = reader.text(bank_path)
        if text is None:
            continue
        label = reader.rel(bank_path)
        try:
            parsed = parse_gift(text, path=label)
        except GiftError as error:
            reader.problem(label, error.line, error.message)
            continue
        names: dict[str, int] = {}
        for question in parsed:
            if question.kind not in SUPPORTED_KINDS:
                reader.problem(
                    label, question.line, f"{question.kind} questions cannot be graded automatically"
                )
            if not question.name:
                reader.problem(
                    label, question.line, "every question needs a ::Name:: (it identifies it on re-import)"
                )
            elif question.name in names:
                reader.problem(
                    label,
                    question.line,
                    f"duplicate question name {question.name!r} (first on line {names[question.name]})",
                )
            else:
                names[question.name] = question.line
            texts = [question.general_feedback, question.text]
            texts += [choice.feedback for choice in question.choices]
            texts += [answer.feedback for answer in question.numeric]
            for source in CITATION.findall(" ".join(texts)):
                if source not in context["sources"]:
                    reader.problem(
                        label, question.line, f"unknown source id {source!r} (not in sources.yaml)"
                    )
        if quiz is not None and len(parsed) < quiz.draw:
            reader.problem(label, 1, f"the quiz draws {quiz.draw} questions but the bank has {len(parsed)}")
        banks[language] = (label, text)
        questions[language] = parsed
    return ModuleSpec(
        slug=slug,
        fields=fields,
        quiz=quiz,
        lessons=lesson_specs,
        banks=banks,
        questions=questions,
        roles=list(roles) if isinstance(roles, list) else [],
        has_references=has_references,
    )


# -- importing -----------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: int = 0
    questions: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "revised": 0, "unchanged": 0, "retired": 0}
    )

    def lines(self) -> list[str]:
        out = [f"created {item}" for item in self.created] + [f"revised {item}" for item in self.revised]
        out.append(f"unchanged pages: {self.unchanged}")
        out.append(
            "questions: {created} new, {revised} revised, {unchanged} unchanged, {retired} retired".format(
                **self.questions
            )
        )
        return out


def _digest(fields: dict) -> str:
    return hashlib.sha256(
        json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def _apply(page, fields: dict, *, publish: bool, summary: ImportSummary, label: str) -> None:
    """Give `page` the package's fields as a new revision, unless they are what it already has."""
    digest = _digest(fields)
    latest = page.get_latest_revision_as_object() if page.pk else page
    if page.pk and latest.package_digest == digest:
        if publish and (not page.live or page.has_unpublished_changes):
            page.get_latest_revision().publish()
        summary.unchanged += 1
        return
    target = latest if page.pk else page
    for name, value in fields.items():
        setattr(target, name, value)
    target.package_digest = digest
    revision = target.save_revision()
    if publish:
        revision.publish()
    summary.revised.append(label)


def _new_page(model, parent, fields: dict, *, locale, translation_key=None, publish: bool):
    page = model(locale=locale, live=False)
    for name, value in fields.items():
        setattr(page, name, value)
    if translation_key is not None:
        page.translation_key = translation_key
    page.package_digest = _digest(fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return model.objects.get(pk=page.pk)


def _ensure_page(model, parent, fields, *, locale, source, publish, summary, label):
    """The page at parent/slug (or the translation of `source`), created or revised from `fields`."""
    if source is not None:
        existing = model.objects.filter(translation_key=source.translation_key, locale=locale).first()
    else:
        existing = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing is None:
        page = _new_page(
            model,
            parent,
            fields,
            locale=locale,
            translation_key=source.translation_key if source is not None else None,
            publish=publish,
        )
        summary.created.append(label)
        return page
    _apply(existing, fields, publish=publish, summary=summary, label=label)
    return model.objects.get(pk=existing.pk)


def import_package(
    spec: CourseSpec, *, organization=None, publish: bool = False, dry_run: bool = False
) -> ImportSummary:
    """Write the course in one transaction (rolled back when `dry_run`)."""
    from django.db import transaction
    from wagtail.models import Locale

    from people.models import Organization

    from .models import CoursePage, JobRole, LessonPage, ModulePage, Topic
    from .spaces import ensure_publisher_space, space_page_for

    if organization is None:
        organization = Organization.objects.filter(slug=spec.provider).first()
        if organization is None:
            raise PackageError(
                [
                    Problem(
                        f"{spec.root.name}/course.yaml", 1, f"unknown provider organisation {spec.provider!r}"
                    )
                ]
            )
    if not organization.is_publisher:
        raise PackageError(
            [
                Problem(
                    f"{spec.root.name}/course.yaml",
                    1,
                    f"{organization.slug!r} is not a university or training centre",
                )
            ]
        )
    summary = ImportSummary()
    with transaction.atomic():
        ensure_publisher_space(organization)
        locales = {language: Locale.objects.get(language_code=language) for language in LANGUAGES}
        spaces = {language: space_page_for(organization, locales[language]) for language in LANGUAGES}
        if any(space is None for space in spaces.values()):
            raise PackageError(
                [Problem(spec.root.name, 0, "the site has no course catalog in ru and en yet")]
            )
        courses = {}
        source = None
        roles = list(JobRole.objects.filter(code__in=spec.audience).order_by("code"))
        topics = list(Topic.objects.filter(slug__in=spec.topics).order_by("slug"))
        for language in LANGUAGES:
            # Audience and topics go into the revision with the rest, so publishing it keeps them.
            fields = {**spec.fields[language], **spec.shared, "audience_roles": roles, "topics": topics}
            course = _ensure_page(
                CoursePage,
                spaces[language],
                fields,
                locale=locales[language],
                source=source,
                publish=publish,
                summary=summary,
                label=f"course {spec.slug} ({language})",
            )
            courses[language] = course
            source = source or course
        module_pages: dict[str, list] = {language: [] for language in LANGUAGES}
        for module in spec.modules:
            module_source = None
            lesson_sources: dict[
                str, object
            ] = {}  # the ru lessons by slug: the en ones are their translations
            for language in LANGUAGES:
                page = _ensure_page(
                    ModulePage,
                    courses[language],
                    module.fields[language],
                    locale=locales[language],
                    source=module_source,
                    publish=publish,
                    summary=summary,
                    label=f"module {module.slug} ({language})",
                )
                module_source = module_source or page
                module_pages[language].append(page)
                for lesson in module.lessons:
                    lesson_page = _ensure_page(
                        LessonPage,
                        page,
                        lesson.fields[language],
                        locale=locales[language],
                        source=lesson_sources.get(lesson.slug),
                        publish=publish,
                        summary=summary,
                        label=f"lesson {module.slug}/{lesson.slug} ({language})",
                    )
                    lesson_sources.setdefault(lesson.slug, lesson_page)
        _import_assessments(spec, organization, courses, module_pages, summary, publish=publish)
        if dry_run:
            transaction.set_rollback(True)
        else:
            from audit.api import record

            record(
                "import.package",
                target=courses[LANGUAGES[0]],
                organization=organization,
                after={
                    "package": spec.slug,
                    "version": spec.shared.get("version"),
                    "publish": publish,
                    "created": summary.created,
                    "revised": summary.revised,
                    "unchanged": summary.unchanged,
                    "questions": summary.questions,
                },
            )
    return summary


def bank_name(spec: CourseSpec, module: ModuleSpec, language: str) -> str:
    return f"{spec.slug}/{module.slug} ({language})"


QUIZ_TITLES = {"ru": ("Тест по модулю «{}»", "Итоговый экзамен"), "en": ("Module quiz: {}", "Final exam")}


def _import_assessments(spec, organization, courses, module_pages, summary, *, publish: bool) -> None:
    from assessments.importer import import_gift

    banks = {language: [] for language in LANGUAGES}
    for index, module in enumerate(spec.modules):
        for language in LANGUAGES:
            if language not in module.banks:
                continue
            label, text = module.banks[language]
            report = import_gift(
                source=text,
                path=label,
                bank_name=bank_name(spec, module, language),
                owner=organization.slug,
                organization=organization,
                retire_missing=True,
                as_draft=not publish,  # an editor's import changes questions a live quiz draws only by review
            )
            for key in ("created", "revised", "unchanged", "retired"):
                summary.questions[key] += getattr(report, key)
            from assessments.models import QuestionBank

            bank = QuestionBank.objects.get(name=bank_name(spec, module, language), owner=organization.slug)
            banks[language].append((bank, len(module.questions[language])))
            if module.quiz is not None:
                page = module_pages[language][index]
                title = QUIZ_TITLES[language][0].format(page.title)
                _ensure_assessment(
                    page, title, False, module.quiz, [(bank, module.quiz.draw)], summary, publish=publish
                )
    if spec.final_exam is not None:
        for language in LANGUAGES:
            pool = banks[language]
            if not pool:
                continue
            draw = spec.final_exam.draw
            share, extra = divmod(draw, len(pool))
            rules = []
            for position, (bank, size) in enumerate(pool):
                count = min(size, share + (1 if position < extra else 0))
                if count:
                    rules.append((bank, count))
            _ensure_assessment(
                courses[language],
                QUIZ_TITLES[language][1],
                True,
                spec.final_exam,
                rules,
                summary,
                publish=publish,
            )


def _ensure_assessment(page, title, is_final, quiz: QuizSpec, rules, summary, *, publish: bool) -> None:
    """Create the quiz, or bring its rules in line with the package.

    Changing a live quiz's rules without `publish` (an editor's import) makes a draft revision for the
    publisher's review, as an edit in the admin does; trainees keep the live rules until it is published.
    """
    from assessments.models import Assessment, DrawRule

    assessment = Assessment.objects.filter(page=page, is_final=is_final).order_by("pk").first()
    wanted = {
        "title": title[:200],
        "pass_mark": quiz.pass_mark,
        "time_limit_minutes": quiz.time_limit_minutes,
        "max_attempts": quiz.max_attempts,
    }
    wanted_rules = [(bank.pk, count) for bank, count in rules]
    draw_rules = [
        DrawRule(bank=bank, count=count, sort_order=order) for order, (bank, count) in enumerate(rules)
    ]
    if assessment is None:
        assessment = Assessment(page=page, is_final=is_final, **wanted)
        assessment.draw_rules = draw_rules
        assessment.save()  # modelcluster saves the draw rules with it
        summary.created.append(f"assessment {title!r}")
        _record_rules(assessment, None)
        return
    current_rules = [(rule.bank_id, rule.count) for rule in assessment.draw_rules.all()]
    fields_differ = any(getattr(assessment, name) != value for name, value in wanted.items())
    if not fields_differ and current_rules == wanted_rules:
        return
    summary.revised.append(f"assessment {title!r}")
    before = assessment.rules()
    for name, value in wanted.items():
        setattr(assessment, name, value)
    if current_rules != wanted_rules:
        assessment.draw_rules = draw_rules
    if assessment.live and not publish:
        assessment.save_revision()  # a draft: the live row is unchanged until a reviewer publishes it
        return
    assessment.save()
    _record_rules(assessment, before)


def _record_rules(assessment, before: dict | None) -> None:
    from assessments.services import record_assessment

    after = assessment.rules()
    if after != before:
        action = "assessment.created" if before is None else "assessment.changed"
        record_assessment(action, assessment, before=before, after=after)


# -- zipped packages (the admin upload) ------------------------------------------------------------------

MAX_ZIP_FILES = 500
MAX_ZIP_BYTES = 20_000_000


def unpack_zip(upload, target: Path) -> Path:
    """Extract an uploaded zip into `target` safely and return the folder holding course.yaml.

    Refuses (PackageError) archives that are not zips, are too large, or hold paths outside the folder.
    """
    import zipfile

    name = getattr(upload, "name", "package.zip")
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise PackageError([Problem(name, 0, "not a zip archive")]) from error
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_FILES:
            raise PackageError([Problem(name, 0, f"more than {MAX_ZIP_FILES} files")])
        if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
            raise PackageError([Problem(name, 0, f"more than {MAX_ZIP_BYTES // 1_000_000} MB unpacked")])
        root = target.resolve()
        for info in members:
            destination = (root / info.filename).resolve()
            if not destination.is_relative_to(root) or info.filename.startswith(("/", "\\")):
                raise PackageError([Problem(name, 0, f"unsafe path in the archive: {info.filename!r}")])
            if info.filename.split("/")[-1].startswith(".") or "__MACOSX" in info.filename:
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(destination, "wb") as sink:
                sink.write(source.read(MAX_ZIP_BYTES + 1))
    candidates = sorted(path.parent for path in root.rglob("course.yaml"))
    if len(candidates) != 1:
        raise PackageError([Problem(name, 0, "the archive must hold exactly one course.yaml")])
    return candidates[0]
