"""What a course package says: its data classes, the problems found in it, and the format's constants."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

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
COURSE_REQUIRED = {"slug", "version", "level", "title", "summary", "objectives"}
MODULE_KEYS = {"title", "summary", "objectives", "roles", "quiz"}
MODULE_REQUIRED = {"title", "summary", "objectives"}
QUIZ_KEYS = {"draw", "pass_mark", "time_limit_minutes", "max_attempts"}
FRONT_MATTER_KEYS = {"title", "summary", "procedure", "sop", "sop_reference"}
# Study time (docs/course-packages.md, "Study time"): a quiz without a time limit counts this many minutes
# per drawn question; a declared `hours` may differ from the computed figure by this share of it, or by
# half an hour if that is more.
UNTIMED_QUIZ_MINUTES_PER_QUESTION = 1
HOURS_TOLERANCE = 0.25
HOURS_TOLERANCE_MIN = 0.5
CALLOUTS = {"note": "note", "warning": "warning", "gmp": "gmp"}
DIRECTIVES = {*CALLOUTS, "key-facts", "term", "references"}
NUMBERED = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(ru|en)\.md$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[(S\d+[a-z]?)\]")
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
    questions: dict[str, list]  # language -> the quiz handler's parsed questions
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
