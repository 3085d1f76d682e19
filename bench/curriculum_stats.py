"""Per-module figures of course packages: words per language, questions per type per language, sources cited.

Run: .venv/bin/python bench/curriculum_stats_i16b.py [PACKAGE ...]   (default: every package in site/content)
Reads the packages exactly as `import_course` does (courses.packages.read_package), so the figures are the
importer's own: words as LessonSpec.words counts them, question types as the GIFT reader classifies them,
source ids cited in lessons and in the banks' feedback. Prints Markdown tables and each course's computed
study hours. read_package looks up job roles and topics, so it migrates a throwaway SQLite database under
var/bench/ first (unless DATABASE_URL is set).
"""

import argparse
import re
from collections import Counter
from pathlib import Path

import harness

ROOT = harness.ROOT
CITATION = re.compile(r"\[(S\d+[a-z]?)\]")


def _question_sources(question) -> set[str]:
    texts = [question.general_feedback, getattr(question, "text", "")]
    texts.extend(str(getattr(choice, "feedback", "")) for choice in getattr(question, "choices", []) or [])
    return {source for text in texts for source in CITATION.findall(str(text or ""))}


def module_rows(spec) -> list[dict]:
    rows = []
    for module in spec.modules:
        sources = set().union(*(lesson.sources for lesson in module.lessons))
        kinds = {}
        for language in ("ru", "en"):
            questions = module.questions.get(language, [])
            kinds[language] = Counter(question.kind for question in questions)
            for question in questions:
                sources |= _question_sources(question)
        rows.append(
            {
                "module": f"{spec.slug}/{module.slug}",
                "words": {
                    lang: sum(lesson.words.get(lang, 0) for lesson in module.lessons) for lang in ("ru", "en")
                },
                "kinds": kinds,
                "sources": sorted(sources, key=lambda s: (int(re.sub(r"\D", "", s)), s)),
            }
        )
    return rows


def _kinds(counter: Counter) -> str:
    return (
        ", ".join(f"{kind} {count}" for kind, count in sorted(counter.items()))
        + f" (= {sum(counter.values())})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", help="package folders (default: site/content/*)")
    args = parser.parse_args()
    harness.start("curriculum_stats")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from courses.packages import read_package
    from courses.packages.loader import study_hours, study_minutes

    folders = [Path(p) for p in args.packages] or sorted(
        p.parent for p in (ROOT / "site/content").glob("*/course.yaml")
    )
    print(
        "| Module | Words ru | Words en | Questions ru | Questions en | Same types and order "
        "| Sources cited |"
    )
    print("|---|---|---|---|---|---|---|")
    summaries = []
    for folder in folders:
        spec = read_package(folder)
        for row, module in zip(module_rows(spec), spec.modules, strict=True):
            same = [q.kind for q in module.questions.get("ru", [])] == [
                q.kind for q in module.questions.get("en", [])
            ]
            print(
                f"| {row['module']} | {row['words']['ru']} | {row['words']['en']} "
                f"| {_kinds(row['kinds']['ru'])} | {_kinds(row['kinds']['en'])} | {'yes' if same else 'NO'} "
                f"| {' '.join(row['sources'])} |"
            )
        minutes = study_minutes(spec)
        summaries.append(
            f"{spec.slug}: {study_hours(spec):g} h computed "
            f"({minutes['reading']:.0f} min reading, {minutes['quizzes']:.0f} min quizzes)"
        )
    print()
    for line in summaries:
        print(line)


if __name__ == "__main__":
    main()
