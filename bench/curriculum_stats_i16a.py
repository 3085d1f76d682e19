"""Per-module figures for the curriculum packages: words per language, questions per type, sources cited.

Usage: .venv/bin/python bench/curriculum_stats_i16a.py [PACKAGE ...]
(default: every package under site/content and site/demo). Prints a Markdown table.

Words are the whitespace-separated tokens of the lessons' Markdown bodies (front matter excluded), so the
figure is close to, not identical with, what the importer's LessonSpec.words counts. Sources are the
distinct [Sxx] ids cited anywhere in the module's lessons and question banks (both languages).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.gift import parse_gift  # noqa: E402  (plain parser: no Django setup needed)

LANGUAGES = ("ru", "en")
CITATION = re.compile(r"\[(S\d+[a-z]?)\]")
REFERENCE_ITEM = re.compile(r"^-\s*(S\d+[a-z]?)\s*$", re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
KIND_SHORT = {
    "single": "single",
    "multiple": "multi",
    "truefalse": "tf",
    "short": "short",
    "numeric": "num",
    "matching": "match",
    "missing_word": "missing",
    "ordering": "order",
}


def packages() -> list[Path]:
    found = sorted(path.parent for path in (ROOT / "site" / "content").glob("*/course.yaml"))
    found += sorted(path.parent for path in (ROOT / "site" / "demo").glob("*/course.yaml"))
    return found


def modules(package: Path) -> list[Path]:
    return sorted(p for p in package.iterdir() if p.is_dir() and re.match(r"^\d{2}-", p.name))


def questions(folder: Path, language: str):
    path = folder / f"questions.{language}.gift"
    if not path.is_file():
        return []
    return parse_gift(path.read_text(encoding="utf-8"), path=str(path))


def module_stats(folder: Path) -> dict:
    stats = {"module": f"{folder.parent.name}/{folder.name}", "words": {}, "kinds": {}, "sources": set()}
    for language in LANGUAGES:
        words = 0
        for lesson in sorted(folder.glob(f"*.{language}.md")):
            text = lesson.read_text(encoding="utf-8")
            stats["sources"].update(CITATION.findall(text))
            stats["sources"].update(REFERENCE_ITEM.findall(text))
            words += len(FRONT_MATTER.sub("", text).split())
        stats["words"][language] = words
        kinds = Counter()
        for question in questions(folder, language):
            kinds[KIND_SHORT.get(question.kind, question.kind)] += 1
            stats["sources"].update(CITATION.findall(question.general_feedback))
        stats["kinds"][language] = kinds
    return stats


def _kinds(counter: Counter) -> str:
    total = sum(counter.values())
    return f"{total}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counter.items())) if total else "0"


def _source_key(source: str) -> tuple[int, str]:
    match = re.match(r"S(\d+)(.*)", source)
    return int(match.group(1)), match.group(2)


def main(argv: list[str]) -> None:
    chosen = [Path(arg).resolve() for arg in argv] or packages()
    print("| Module | Words ru | Words en | Questions ru | Questions en | Sources cited |")
    print("|---|---|---|---|---|---|")
    for package in chosen:
        for folder in modules(package):
            s = module_stats(folder)
            sources = " ".join(sorted(s["sources"], key=_source_key))
            print(
                f"| {s['module']} | {s['words']['ru']} | {s['words']['en']} | {_kinds(s['kinds']['ru'])} "
                f"| {_kinds(s['kinds']['en'])} | {sources} |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
