"""Reading package files: UTF-8 text, YAML with line numbers, key checks, bilingual fields, quiz settings."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .spec import (
    LANGUAGES,
    MAX_FILE_BYTES,
    QUIZ_KEYS,
    Problem,
    QuizSpec,
)

MAX_YAML_DEPTH = 50
MAX_YAML_NODES = 50_000


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with no aliases (an alias bomb grows exponentially) and bounded depth and size
    (a 50 000-deep document would exhaust the recursion of the composer)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 (PyYAML's name)
        # Refused while scanning, at the first bracket too deep: the scanner's bookkeeping of "[[[[…" grows
        # with the square of the depth, so waiting for the composer's check costs a second at 50 000.
        super().fetch_flow_collection_start(TokenClass)
        if self.flow_level > MAX_YAML_DEPTH:
            raise yaml.scanner.ScannerError(
                None,
                None,
                _("nested more than %(max)s levels deep") % {"max": MAX_YAML_DEPTH},
                self.get_mark(),
            )

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                _("aliases (*name) are not allowed in course packages: write the value out"),
                self.peek_event().start_mark,
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("nested more than %(max)s levels deep") % {"max": MAX_YAML_DEPTH},
                    self.peek_event().start_mark,
                )
            if self._nodes > MAX_YAML_NODES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("more than %(max)s values in one file") % {"max": MAX_YAML_NODES},
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class Reader:
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
            self.problem(path, 0, _("missing file"))
            return None
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            self.problem(path, 0, _("file is larger than %(max)s MB") % {"max": MAX_FILE_BYTES // 1_000_000})
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problem(
                path,
                line,
                _("not UTF-8 text (byte %(byte)s); save the file as UTF-8")
                % {"byte": f"0x{raw[error.start]:02x}"},
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
            loader = BoundedLoader(text)
            try:
                node = loader.get_single_node()
                data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line + first_line) if mark else first_line
            self.problem(path, line, _("invalid YAML: %(problem)s") % {"problem": yaml_problem(error)})
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
            self.problem(path, first_line, _("the file is empty"))
            return None, {}
        walk(node, ())
        return data, lines

    def check_keys(self, path: Path, data, lines: dict, allowed: set[str], required: set[str]) -> bool:
        """Report unknown and missing keys; False when `data` is not a mapping at all."""
        if not isinstance(data, dict):
            self.problem(path, 1, _("expected a mapping of keys (key: value)"))
            return False
        for key in data:
            if key not in allowed:
                self.problem(
                    path,
                    line_at(lines, key),
                    _("unknown key %(key)s (allowed: %(allowed)s)")
                    % {"key": repr(key), "allowed": ", ".join(sorted(allowed))},
                )
        for key in sorted(required - set(data)):
            self.problem(path, 1, _("missing key %(key)s") % {"key": repr(key)})
        return True


#: PyYAML's most common complaints, said so that an editor knows what to change (others stay as PyYAML
#: words them).
_YAML_PROBLEMS = {
    "mapping values are not allowed here": gettext_lazy(
        "a ':' where no key can start (put a text that holds ': ' in quotes, or fix the indentation)"
    ),
    "could not find expected ':'": gettext_lazy("a line is neither 'key: value' nor a list item '- …'"),
    "found character '\\t' that cannot start any token": gettext_lazy("a tab character: indent with spaces"),
    "found unexpected end of stream": gettext_lazy("a quotation mark is opened and never closed"),
    "found a tab character that violates indentation": gettext_lazy("a tab character: indent with spaces"),
}


def yaml_problem(error: yaml.YAMLError) -> str:
    """What PyYAML found wrong, in the active language when it is one of the common problems."""
    problem = getattr(error, "problem", None) or str(error)
    if problem.startswith("expected <block end>"):
        return _("a line is indented differently from the lines around it (indent with spaces, evenly)")
    known = _YAML_PROBLEMS.get(problem)
    return str(known) if known is not None else problem


def line_at(lines: dict, *keys) -> int:
    """The line of the key path `keys`, else of its nearest parent, else of the document."""
    while keys:
        if keys in lines:
            return lines[keys]
        keys = keys[:-1]
    return lines.get((), 1)


def bilingual(reader, path, data, lines, key, *, as_list=False, required=True) -> dict[str, object]:
    value = data.get(key)
    result: dict[str, object] = {}
    if value is None:
        if required:
            reader.problem(path, line_at(lines, key), _("missing %(key)s") % {"key": repr(key)})
        return {language: ([] if as_list else "") for language in LANGUAGES}
    if not isinstance(value, dict):
        reader.problem(
            path, line_at(lines, key), _("%(key)s needs a value for ru and en") % {"key": repr(key)}
        )
        return {language: ([] if as_list else "") for language in LANGUAGES}
    for extra in set(value) - set(LANGUAGES):
        reader.problem(
            path,
            line_at(lines, key, extra),
            _("unknown language %(language)s in %(key)s (use ru and en)")
            % {"language": repr(extra), "key": repr(key)},
        )
    for language in LANGUAGES:
        item = value.get(language)
        if as_list:
            if item is None:
                item = []
            if not isinstance(item, list) or not all(
                isinstance(entry, str) and entry.strip() for entry in item
            ):
                reader.problem(
                    path,
                    line_at(lines, key, language),
                    _("%(field)s must be a list of texts") % {"field": f"{key}.{language}"},
                )
                item = []
            elif required and not item:
                reader.problem(
                    path,
                    line_at(lines, key, language),
                    _("missing translation: %(field)s") % {"field": f"{key}.{language}"},
                )
            result[language] = [entry.strip() for entry in item]
        else:
            if not isinstance(item, str) or not item.strip():
                if required:
                    reader.problem(
                        path,
                        line_at(lines, key),
                        _("missing translation: %(field)s") % {"field": f"{key}.{language}"},
                    )
                item = ""
            result[language] = item.strip()
    return result


def quiz_spec(reader, path, data, lines, key) -> QuizSpec | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        reader.problem(
            path,
            line_at(lines, key),
            _("%(key)s must be a mapping (draw, pass_mark, …)") % {"key": repr(key)},
        )
        return None
    for extra in set(value) - QUIZ_KEYS:
        reader.problem(
            path,
            line_at(lines, key, extra),
            _("unknown key %(key)s in %(parent)s (allowed: %(allowed)s)")
            % {"key": repr(extra), "parent": repr(key), "allowed": ", ".join(sorted(QUIZ_KEYS))},
        )
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
                reader.problem(
                    path, line_at(lines, key), _("%(field)s is required") % {"field": f"{key}.{name}"}
                )
            continue
        if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
            reader.problem(
                path,
                line_at(lines, key, name),
                _("%(field)s must be a whole number %(low)s–%(high)s")
                % {"field": f"{key}.{name}", "low": low, "high": high},
            )
            continue
        numbers[name] = raw
    if "draw" not in numbers or "pass_mark" not in numbers:
        return None
    return QuizSpec(**numbers)
