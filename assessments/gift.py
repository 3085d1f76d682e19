"""A parser for Moodle's GIFT question format; it needs nothing but Django's gettext (for its messages).

GIFT ("General Import Format Template") describes quiz questions in plain text::

    // a comment
    $CATEGORY: cart-t/manufacturing

    ::Target::Which antigen does tisagenlecleucel target? {=CD19 ~BCMA ~CD22}

    Leukapheresis product is stored at room temperature for a week.{F}

`parse_gift` turns such a file into `ParsedQuestion` values and raises `GiftError`, naming the file and
the line, at the first problem. It never raises anything else for any input string. The message is in
the active language (gettext at raise time: Russian by default, the admin's language in the admin); the
file and the line are not translated.

How the text is read (following Moodle's importer, ``question/format/gift/format.php``):

* Questions are separated by blank lines; each line is stripped of surrounding whitespace; whole lines
  starting with ``//`` are comments and are dropped (they do not separate questions).
* ``$CATEGORY: path`` lines at the start of a paragraph set the category of the questions that follow.
* ``\\~ \\= \\# \\{ \\} \\: \\\\`` stand for the literal character and ``\\n`` for a newline. A backslash
  before anything else is kept as it is.
* The first answer block ``{...}`` decides the type. If text follows the block, the block is a gap: the
  text before it is ``text`` and the text after it is ``text_after`` (the whitespace next to the gap is
  kept, so ``text + "_____" + text_after`` renders the question as Moodle does). A single-choice question
  with a gap is a "missing word" question; other kinds keep their kind and just carry ``text_after``.

Choices, feedback and matching sides may start with a format tag such as ``[html]``; the tag is checked
and removed, and the text is assumed to use the question's format. A "tag" is ``[`` + lowercase ASCII
letters + ``]``; anything else in brackets (``[Note]``, ``[1, 2]``) is ordinary text.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "KINDS",
    "SUPPORTED_KINDS",
    "TEXT_FORMATS",
    "kind_label",
    "Choice",
    "GiftError",
    "MatchPair",
    "NumericAnswer",
    "ParsedQuestion",
    "parse_gift",
]

#: Every kind `parse_gift` can return.
KINDS = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numeric",
    "matching",
    "missing_word",
    "ordering",
    "essay",
    "description",
)
#: The kinds the platform can import; essays and descriptions are recognised but not supported.
SUPPORTED_KINDS = frozenset(KINDS) - {"essay", "description"}
#: What an editor calls the kinds the platform cannot import (the others have labels in the kind registry).
_UNSUPPORTED_LABELS = {
    "essay": gettext_lazy("essay"),
    "description": gettext_lazy("description (text without answers)"),
}
#: Text formats a ``[tag]`` may name; the first is the default.
TEXT_FORMATS = ("moodle", "html", "plain", "markdown")

_ESCAPABLE = frozenset("~=#{}:\\")
_CATEGORY_PREFIX = "$CATEGORY:"
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_MARKERS = re.compile(r"[=~]")
_WORD = re.compile(r"[A-Za-z]+")
_FORMAT_TAG = re.compile(r"\[([a-z]+)\]")
_WEIGHT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SUM_TOLERANCE = 0.01  # percent


@dataclass(frozen=True)
class Choice:
    """An option of a choice, true/false or short-answer question.

    `weight` is the fraction of the mark it earns, in [-1, 1]: 1.0 for ``=``, 0.0 for a plain ``~`` and
    n/100 for ``%n%``.
    """

    text: str
    weight: float
    feedback: str = ""


@dataclass(frozen=True)
class MatchPair:
    """A matching pair; `left` is empty for a distractor (an extra answer that matches nothing)."""

    left: str
    right: str


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted numeric answer.

    ``value:tolerance`` (or a bare value) sets `value` and `tolerance`, with `low`/`high` None;
    ``low..high`` sets `low` and `high`, with `value` None and `tolerance` 0. A catch-all ``~#feedback``
    (any other answer) has all three None and weight 0.
    """

    value: float | None
    tolerance: float
    low: float | None
    high: float | None
    weight: float
    feedback: str


@dataclass(frozen=True, kw_only=True)
class ParsedQuestion:
    """One question read from a GIFT file.

    `kind` is one of `KINDS`. `name` is the ``::title::`` (empty when there is none). For true/false
    questions `answer_true` is the right answer and `choices` holds "True" and "False" with their weights
    and the feedback shown when that option is picked. `line` is the 1-based line the question starts on.
    """

    kind: str
    name: str
    text: str
    text_format: str
    category: str
    choices: tuple[Choice, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    answer_true: bool | None = None
    items: tuple[str, ...] = ()
    text_after: str = ""
    general_feedback: str = ""
    line: int


def kind_label(kind: str) -> str:
    """A kind as messages name it: translated for the unsupported kinds, the code for the others."""
    label = _UNSUPPORTED_LABELS.get(kind)
    return str(label) if label is not None else kind


class GiftError(Exception):
    """A problem in GIFT input; ``str(error)`` is ``"{path}:{line}: {message}"``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def __reduce__(self):
        return (type(self), (self.path, self.line, self.message))


MAX_QUESTIONS = 2000  # per file: a bank is built from several files, and a 60 000-question file is an attack


def parse_gift(source: str, *, path: str = "<string>") -> list[ParsedQuestion]:
    """Parse GIFT text into questions, in file order.

    `path` only labels errors. Raises `GiftError` at the first problem, or when the file holds more than
    `MAX_QUESTIONS` questions (before parsing the rest).
    """
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    questions = []
    category = ""
    for paragraph in _paragraphs(text):
        while paragraph and paragraph[0][1].startswith(_CATEGORY_PREFIX):
            category = paragraph[0][1][len(_CATEGORY_PREFIX) :].strip()
            paragraph = paragraph[1:]
        if paragraph:
            if len(questions) == MAX_QUESTIONS:
                raise GiftError(
                    path,
                    paragraph[0][0],
                    _("more than %(max)s questions in one file: split it into several files")
                    % {"max": MAX_QUESTIONS},
                )
            questions.append(_QuestionParser(_Chunk(paragraph), path, category).parse())
    return questions


def _fraction(percent: float) -> float:
    """A percentage as a fraction, rounded so that %33.33333% gives 0.3333333."""
    return round(percent / 100, 12)


def _paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """Split text into paragraphs of (line number, stripped line), dropping ``//`` comment lines."""
    paragraphs = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = []
        elif not line.startswith("//"):
            current.append((number, line))
    if current:
        paragraphs.append(current)
    return paragraphs


def _decode_line(line: str) -> tuple[str, list[int]]:
    """Resolve the escapes of one line; return the text and the offsets of the escaped characters."""
    parts = []
    escaped = []
    length = 0
    pos = 0
    while True:
        slash = line.find("\\", pos)
        if slash < 0 or slash == len(line) - 1:
            parts.append(line[pos:])
            break
        parts.append(line[pos:slash])
        length += slash - pos
        following = line[slash + 1]
        if following in _ESCAPABLE or following == "n":
            parts.append("\n" if following == "n" else following)
            escaped.append(length)
            pos = slash + 2
        else:  # not an escape: keep the backslash, read the next character normally
            parts.append("\\")
            pos = slash + 1
        length += 1
    return "".join(parts), escaped


class _Chunk:
    """The decoded text of one question, remembering which characters were escaped and their lines."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        parts = []
        escaped: set[int] = set()
        self.starts: list[int] = []
        self.numbers: list[int] = []
        offset = 0
        for number, line in lines:
            decoded, positions = _decode_line(line)
            self.starts.append(offset)
            self.numbers.append(number)
            escaped.update(offset + p for p in positions)
            parts.append(decoded)
            offset += len(decoded) + 1
        self.chars = "\n".join(parts)
        self.escaped = frozenset(escaped)

    def line_at(self, index: int) -> int:
        """The source line holding decoded position `index`."""
        return self.numbers[max(bisect.bisect_right(self.starts, index) - 1, 0)]

    def _unescaped(self, pos: int, token: str) -> bool:
        return not any(pos + k in self.escaped for k in range(len(token)))

    def find(self, token: str, start: int, end: int) -> int:
        """First position of `token` in [start, end) made only of unescaped characters, or -1."""
        while True:
            pos = self.chars.find(token, start, end)
            if pos < 0 or self._unescaped(pos, token):
                return pos
            start = pos + 1

    def rfind(self, token: str, start: int, end: int) -> int:
        """Last position of `token` in [start, end) made only of unescaped characters, or -1."""
        while True:
            pos = self.chars.rfind(token, start, end)
            if pos < 0 or self._unescaped(pos, token):
                return pos
            end = pos + len(token) - 1

    def span(self, start: int, end: int) -> _Span:
        return _Span(self, start, end)


@dataclass(frozen=True)
class _Span:
    """A slice [start, end) of a chunk's decoded text."""

    chunk: _Chunk
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.chunk.chars[self.start : self.end]

    @property
    def line(self) -> int:
        return self.chunk.line_at(self.start)

    def __bool__(self) -> bool:
        return self.end > self.start

    def strip(self) -> _Span:
        text = self.text
        start = self.start + len(text) - len(text.lstrip())
        end = max(start, self.start + len(text.rstrip()))
        return _Span(self.chunk, start, end)

    def find(self, token: str, start: int | None = None) -> int:
        return self.chunk.find(token, self.start if start is None else start, self.end)

    def startswith(self, token: str) -> bool:
        chunk = self.chunk
        return chunk.chars.startswith(token, self.start, self.end) and chunk._unescaped(self.start, token)

    def before(self, pos: int) -> _Span:
        return _Span(self.chunk, self.start, pos)

    def after(self, pos: int) -> _Span:
        return _Span(self.chunk, pos, self.end)


@dataclass(frozen=True)
class _Item:
    """One ``=``/``~`` entry of an answer block (marker "" for text before the first marker)."""

    marker: str
    percent: float | None
    body: _Span
    feedback: _Span | None
    line: int


class _QuestionParser:
    """Parses the chunk of one question."""

    def __init__(self, chunk: _Chunk, path: str, category: str) -> None:
        self.chunk = chunk
        self.path = path
        self.category = category
        self.line = chunk.numbers[0]

    def error(self, line: int, message: str) -> GiftError:
        return GiftError(self.path, line, message)

    # -- question level ------------------------------------------------------------------------------

    def parse(self) -> ParsedQuestion:
        span = self.chunk.span(0, len(self.chunk.chars)).strip()
        name, span = self._title(span)
        text_format, span = self._format(span)
        text_format = text_format or TEXT_FORMATS[0]
        span = span.strip()
        base = {"name": name, "text_format": text_format, "category": self.category, "line": self.line}

        opening = span.find("{")
        self._no_stray_closing(span.before(opening if opening >= 0 else span.end))
        if opening < 0:
            text = span.text.strip()
            if not text:
                raise self.error(self.line, _("question has no text"))
            return ParsedQuestion(kind="description", text=text, **base)

        block_line = self.chunk.line_at(opening)
        closing = span.find("}", opening + 1)
        nested = span.find("{", opening + 1)
        if nested >= 0 and (closing < 0 or nested < closing):
            raise self.error(
                block_line,
                _(
                    "answer block '{' is not closed with '}' before the next '{' on line %(line)s"
                    " (write a literal brace as \\{)"
                )
                % {"line": self.chunk.line_at(nested)},
            )
        if closing < 0:
            raise self.error(block_line, _("answer block '{' is not closed with '}'"))
        after = span.after(closing + 1)
        second = after.find("{")
        if second >= 0:
            raise self.error(
                self.chunk.line_at(second),
                _("a question can have only one answer block '{…}' (write a literal '{' as \\{)"),
            )
        self._no_stray_closing(after)

        before_text = span.before(opening).text
        after_text = after.text.rstrip()
        if after_text.strip():
            text, text_after = before_text, after_text
        else:
            text, text_after = before_text.rstrip(), ""
        if not text.strip() and not text_after.strip():
            raise self.error(self.line, _("question has no text"))
        base.update(text=text, text_after=text_after)
        return self._answers(span.chunk.span(opening + 1, closing), block_line, base)

    def _title(self, span: _Span) -> tuple[str, _Span]:
        if not span.startswith("::"):
            return "", span
        brace = span.find("{")
        closing = self.chunk.find("::", span.start + 2, brace if brace >= 0 else span.end)
        if closing < 0:
            raise self.error(
                self.line, _("question title '::' is not closed with '::' (write a literal ':' as \\:)")
            )
        return self.chunk.chars[span.start + 2 : closing].strip(), span.after(closing + 2).strip()

    def _format(self, span: _Span) -> tuple[str | None, _Span]:
        """Split a leading format tag off `span`; return (format or None, rest)."""
        match = _FORMAT_TAG.match(span.text)
        if not match:
            return None, span
        if match.group(1) not in TEXT_FORMATS:
            raise self.error(
                span.line,
                _("unknown format tag [%(tag)s] (use [html], [moodle], [plain] or [markdown])")
                % {"tag": match.group(1)},
            )
        return match.group(1), span.after(span.start + match.end())

    def _rich_text(self, span: _Span | None) -> str:
        """Answer or feedback text: stripped, with an optional format tag checked and removed."""
        if span is None:
            return ""
        return self._format(span.strip())[1].text.strip()

    def _no_stray_closing(self, span: _Span) -> None:
        pos = span.find("}")
        if pos >= 0:
            raise self.error(
                self.chunk.line_at(pos), _("'}' without an opening '{' (write a literal '}' as \\})")
            )

    # -- answer blocks -------------------------------------------------------------------------------

    def _answers(self, block: _Span, block_line: int, base: dict) -> ParsedQuestion:
        separator = self.chunk.rfind("####", block.start, block.end)
        if separator >= 0:
            base["general_feedback"] = self._rich_text(block.after(separator + 4))
            block = block.before(separator)
        block = block.strip()
        if not block:
            return ParsedQuestion(kind="essay", **base)
        if block.startswith("#"):
            return self._numeric(block.after(block.start + 1).strip(), block_line, base)
        if block.startswith(">"):
            return self._ordering(block, block_line, base)
        word = _WORD.match(block.text)
        if word and word.group().upper() in _TRUE_FALSE:
            return self._true_false(block, word.end(), base)
        if not (block.startswith("=") or block.startswith("~")):
            raise self.error(
                block.line,
                _("each answer must start with '=' (right) or '~' (wrong), or the block is T or F"),
            )

        items = self._items(block)
        has_wrong = any(item.marker == "~" for item in items)
        if not has_wrong and any("->" in item.body.text for item in items):
            return self._matching(items, block_line, base)
        choices = tuple(self._choice(item) for item in items)
        if has_wrong:
            return self._choice_question(items, choices, block_line, base)
        if max(choice.weight for choice in choices) < 1.0:
            raise self.error(block_line, _("short-answer question has no answer worth 100%"))
        return ParsedQuestion(kind="short", choices=choices, **base)

    def _items(self, block: _Span) -> list[_Item]:
        """Split a block at its unescaped ``=`` and ``~`` markers."""
        chunk = self.chunk
        marks = [m.start() for m in _MARKERS.finditer(chunk.chars, block.start, block.end)]
        marks = [pos for pos in marks if pos not in chunk.escaped]
        items = []
        leading = block.before(marks[0] if marks else block.end)
        if leading.strip():
            items.append(self._item("", leading, leading.strip().line))
        for index, pos in enumerate(marks):
            end = marks[index + 1] if index + 1 < len(marks) else block.end
            items.append(self._item(chunk.chars[pos], chunk.span(pos + 1, end), chunk.line_at(pos)))
        return items

    def _item(self, marker: str, body: _Span, line: int) -> _Item:
        body = body.strip()
        percent = None
        if body.startswith("%"):
            closing = body.find("%", body.start + 1)
            if closing < 0:
                raise self.error(
                    body.line,
                    _("answer weight is not closed with '%%' (write it as %(example)s)")
                    % {"example": "%50%"},
                )
            raw = self.chunk.chars[body.start + 1 : closing].strip()
            if not _WEIGHT.fullmatch(raw):
                raise self.error(
                    body.line,
                    _("answer weight %(weight)s is not a number (write it as %(example)s)")
                    % {"weight": f"%{raw}%", "example": "%50%"},
                )
            percent = float(raw)
            if not -100 <= percent <= 100:
                raise self.error(
                    body.line, _("answer weight %(weight)s is outside -100..100") % {"weight": f"{raw}%"}
                )
            body = body.after(closing + 1).strip()
        hash_pos = body.find("#")
        if hash_pos < 0:
            return _Item(marker, percent, body, None, line)
        return _Item(marker, percent, body.before(hash_pos).strip(), body.after(hash_pos + 1), line)

    def _choice(self, item: _Item) -> Choice:
        text = self._rich_text(item.body)
        if not text:
            raise self.error(item.line, _("answer is empty: write its text after '=' or '~'"))
        default = 1.0 if item.marker == "=" else 0.0
        weight = default if item.percent is None else _fraction(item.percent)
        return Choice(text=text, weight=weight, feedback=self._rich_text(item.feedback))

    def _choice_question(
        self, items: list[_Item], choices: tuple[Choice, ...], block_line: int, base: dict
    ) -> ParsedQuestion:
        if len(choices) < 2:
            raise self.error(block_line, _("a choice question needs at least two options"))
        if any(item.marker == "=" for item in items):
            if not any(choice.weight == 1.0 for choice in choices):
                raise self.error(block_line, _("single-choice question has no answer worth 100%"))
            kind = "missing_word" if base["text_after"] else "single"
            return ParsedQuestion(kind=kind, choices=choices, **base)
        positive = sum(item.percent for item in items if item.percent is not None and item.percent > 0)
        if not positive:
            raise self.error(block_line, _("single-choice question has no correct answer (mark it with '=')"))
        if abs(positive - 100) > _SUM_TOLERANCE + 1e-9:
            raise self.error(
                block_line,
                _("positive weights of a multiple-answer question add up to %(total)s, not 100%%")
                % {"total": f"{positive:g}%"},
            )
        return ParsedQuestion(kind="multiple", choices=choices, **base)

    def _matching(self, items: list[_Item], block_line: int, base: dict) -> ParsedQuestion:
        pairs = []
        for item in items:
            if item.percent is not None or item.feedback is not None:
                raise self.error(item.line, _("matching pairs take no weight or feedback"))
            arrow = item.body.find("->")
            if arrow < 0:
                raise self.error(item.line, _("matching pair has no '->' (write it as left -> right)"))
            right = self._rich_text(item.body.after(arrow + 2))
            if not right:
                raise self.error(item.line, _("matching pair has nothing after '->'"))
            pairs.append(MatchPair(left=self._rich_text(item.body.before(arrow)), right=right))
        if sum(1 for pair in pairs if pair.left) < 2:
            raise self.error(block_line, _("matching question needs at least two pairs"))
        return ParsedQuestion(kind="matching", pairs=tuple(pairs), **base)

    def _ordering(self, block: _Span, block_line: int, base: dict) -> ParsedQuestion:
        """The platform's extension: items in the right order, each on a line that starts with ``>``."""
        chars = self.chunk.chars
        starts = [block.start] + [
            pos + 1
            for pos in range(block.start, block.end - 1)
            if chars[pos] == "\n" and chars[pos + 1] == ">"
        ]
        items = []
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else block.end
            body = self.chunk.span(start + 1, end).strip()
            if not body:
                raise self.error(self.chunk.line_at(start), _("ordering item after '>' is empty"))
            items.append(self._rich_text(body))
        if len(items) < 2:
            raise self.error(block_line, _("ordering question needs at least two items"))
        if len(set(items)) != len(items):
            raise self.error(block_line, _("ordering question repeats an item"))
        return ParsedQuestion(kind="ordering", items=tuple(items), **base)

    def _true_false(self, block: _Span, word_end: int, base: dict) -> ParsedQuestion:
        value = _TRUE_FALSE[block.text[:word_end].upper()]
        rest = block.after(block.start + word_end)
        marker = min((pos for pos in (rest.find("="), rest.find("~")) if pos >= 0), default=-1)
        hash_pos = rest.find("#")
        extra = rest.before(hash_pos if hash_pos >= 0 else rest.end).strip()
        if extra or marker >= 0:
            line = extra.line if extra else self.chunk.line_at(marker)
            raise self.error(line, _("true/false block takes only T or F and up to two #feedbacks"))
        feedbacks = []
        while hash_pos >= 0:
            following = rest.find("#", hash_pos + 1)
            feedbacks.append(
                self._rich_text(rest.chunk.span(hash_pos + 1, following if following >= 0 else rest.end))
            )
            hash_pos = following
        if len(feedbacks) > 2:
            raise self.error(rest.line, _("true/false block takes at most two feedbacks (#wrong#right)"))
        wrong, right = (feedbacks + ["", ""])[:2]
        choices = (
            Choice(text="True", weight=1.0 if value else 0.0, feedback=right if value else wrong),
            Choice(text="False", weight=0.0 if value else 1.0, feedback=wrong if value else right),
        )
        return ParsedQuestion(kind="truefalse", answer_true=value, choices=choices, **base)

    # -- numeric -------------------------------------------------------------------------------------

    def _numeric(self, body: _Span, block_line: int, base: dict) -> ParsedQuestion:
        if not body:
            raise self.error(
                block_line, _("numeric answer block has no answer (write it as {#42} or {#42:0.5})")
            )
        answers = tuple(self._numeric_answer(item) for item in self._items(body))
        if not any(answer.weight == 1.0 for answer in answers):
            raise self.error(block_line, _("numeric question has no answer worth 100%"))
        return ParsedQuestion(kind="numeric", numeric=answers, **base)

    def _numeric_answer(self, item: _Item) -> NumericAnswer:
        feedback = self._rich_text(item.feedback)
        if item.marker == "~":
            if item.body or item.percent is not None:
                raise self.error(
                    item.line,
                    _("'~' in a numeric block only gives feedback for other answers (write ~#feedback)"),
                )
            return NumericAnswer(
                value=None, tolerance=0.0, low=None, high=None, weight=0.0, feedback=feedback
            )
        weight = 1.0 if item.percent is None else _fraction(item.percent)
        body = item.body
        dots = body.find("..")
        if dots >= 0:
            low = self._number(body.before(dots), item.line)
            high = self._number(body.after(dots + 2), item.line)
            if low > high:
                raise self.error(
                    item.line,
                    _("numeric range %(range)s is empty: the lower bound comes first")
                    % {"range": f"{low:g}..{high:g}"},
                )
            return NumericAnswer(
                value=None, tolerance=0.0, low=low, high=high, weight=weight, feedback=feedback
            )
        colon = body.find(":")
        value = self._number(body.before(colon if colon >= 0 else body.end), item.line)
        tolerance = self._number(body.after(colon + 1), item.line) if colon >= 0 else 0.0
        if tolerance < 0:
            raise self.error(item.line, _("numeric tolerance cannot be negative"))
        return NumericAnswer(
            value=value, tolerance=tolerance, low=None, high=None, weight=weight, feedback=feedback
        )

    def _number(self, span: _Span, line: int) -> float:
        raw = span.text.strip()
        number = float(raw) if _NUMBER.fullmatch(raw) else math.nan
        if not math.isfinite(number):
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            raise self.error(line, _("numeric answer %(answer)s is not a number") % {"answer": repr(shown)})
        return number
