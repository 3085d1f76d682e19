"""Reading a whole package folder: course.yaml, the modules, their lessons and question banks."""

from __future__ import annotations

import math
from pathlib import Path

from django.utils.translation import gettext as _

from .bibliography import check_entry
from .markdown import LessonParser
from .quizzes import READ_BANK_HOOK, no_handler, quiz_handler
from .reader import Reader, bilingual, line_at, quiz_spec
from .spec import (
    COURSE_KEYS,
    COURSE_REQUIRED,
    HOURS_TOLERANCE,
    HOURS_TOLERANCE_MIN,
    LANGUAGES,
    LESSON_FILE,
    LEVELS,
    MODULE_KEYS,
    MODULE_REQUIRED,
    NUMBERED,
    SLUG,
    UNTIMED_QUIZ_MINUTES_PER_QUESTION,
    CourseSpec,
    LessonSpec,
    ModuleSpec,
    PackageError,
    Problem,
)


def _shared_file(reader: Reader, root: Path, name: str) -> tuple[Path | None, dict, dict]:
    """The package's own file, else its parent folder's, else the platform's (site/content).

    Returns (path, data, lines): `lines` maps a key path to its line, as `Reader.yaml` does.
    """
    from django.conf import settings

    for folder in (root, root.parent, Path(settings.SITE_DIR) / "content"):
        candidate = folder / name
        if candidate.is_file():
            data, lines = reader.yaml(candidate)
            if data is None:
                return candidate, {}, {}
            if not isinstance(data, dict):
                reader.problem(candidate, 1, _("expected a mapping of keys (key: value)"))
                return candidate, {}, {}
            return candidate, data, lines
    return None, {}, {}


def _sources(reader: Reader, root: Path) -> dict:
    """The source register, each entry checked (the old title + url form and the structured one)."""
    path, data, lines = _shared_file(reader, root, "sources.yaml")
    sources = {}
    for key, entry in data.items():
        problems = check_entry(str(key), entry)
        for keys, message in problems:
            reader.problem(path, line_at(lines, key, *keys), message)
        if not problems:
            sources[str(key)] = entry
        elif isinstance(entry, dict):
            sources[str(key)] = {"title": str(entry.get("title") or key)}  # cited ids stay known
    return sources


GLOSSARY_ENTRY_KEYS = frozenset({*LANGUAGES, "sources"})
GLOSSARY_LANGUAGE_KEYS = frozenset({"term", "definition", "preferred", "forbidden"})
GLOSSARY_FORMS = ("preferred", "forbidden")


def _glossary_entry_problems(entry: dict, sources: dict) -> list[tuple[tuple, str]]:
    """What is wrong with one well-formed glossary entry's optional keys, as (key path, message) pairs."""
    problems = []
    for key in sorted(set(entry) - GLOSSARY_ENTRY_KEYS, key=str):
        problems.append(
            (
                (key,),
                _("unknown key %(key)s (allowed: %(allowed)s)")
                % {"key": repr(key), "allowed": "ru, en, sources"},
            )
        )
    cited = entry.get("sources", [])
    if not isinstance(cited, list) or not all(isinstance(item, str) for item in cited):
        problems.append((("sources",), _("sources must be a list of source ids (e.g. [S82])")))
    else:
        for item in cited:
            if item not in sources:
                problems.append(
                    (
                        ("sources",),
                        _("unknown source id %(source)s (not in sources.yaml)") % {"source": repr(item)},
                    )
                )
    for language in LANGUAGES:
        fields = entry[language]
        for key in sorted(set(fields) - GLOSSARY_LANGUAGE_KEYS, key=str):
            problems.append(
                (
                    (language, key),
                    _("unknown key %(key)s (allowed: %(allowed)s)")
                    % {"key": repr(key), "allowed": "term, definition, preferred, forbidden"},
                )
            )
        forms = {}
        for kind in GLOSSARY_FORMS:
            value = fields.get(kind, [])
            if not isinstance(value, list) or not all(
                isinstance(item, str) and item.strip() for item in value
            ):
                problems.append(
                    ((language, kind), _("%(key)s must be a list of words or phrases") % {"key": kind})
                )
                value = []
            forms[kind] = {normalise_form(item) for item in value}
        for form in sorted(forms["preferred"] & forms["forbidden"]):
            problems.append(
                (
                    (language, "forbidden"),
                    _("%(form)s is both preferred and forbidden") % {"form": repr(form)},
                )
            )
    return problems


def normalise_form(text: str) -> str:
    """A term form as forbidden forms are compared: lower case, ё read as е, spaces collapsed."""
    return " ".join(text.lower().replace("ё", "е").split())


def _glossary(reader, root, sources: dict) -> dict:
    path, data, lines = _shared_file(reader, root, "glossary.yaml")
    glossary = {}
    for key, entry in data.items():
        ok = isinstance(entry, dict) and all(
            isinstance(entry.get(language), dict)
            and isinstance(entry[language].get("term"), str)
            and isinstance(entry[language].get("definition"), str)
            for language in LANGUAGES
        )
        if not ok:
            reader.problem(
                path,
                line_at(lines, key),
                _("glossary entry %(key)s needs ru and en, each with term and definition")
                % {"key": repr(key)},
            )
            continue
        for keys, message in _glossary_entry_problems(entry, sources):
            reader.problem(path, line_at(lines, key, *keys), f"{key}: {message}")
        glossary[str(key)] = entry  # kept, so that lessons naming it are not reported as well
    return glossary


def study_minutes(spec: CourseSpec) -> dict[str, float]:
    """Minutes of study: the lessons read at the language's rate, plus every quiz's time limit.

    `reading` is the slower of the two languages; a quiz without a time limit counts
    UNTIMED_QUIZ_MINUTES_PER_QUESTION per drawn question.
    """
    from ..models import READING_WORDS_PER_MINUTE

    reading = max(
        sum(lesson.words.get(language, 0) for module in spec.modules for lesson in module.lessons)
        / READING_WORDS_PER_MINUTE[language]
        for language in LANGUAGES
    )
    quizzes = [module.quiz for module in spec.modules] + [spec.final_exam]
    quiz = sum(
        q.time_limit_minutes or q.draw * UNTIMED_QUIZ_MINUTES_PER_QUESTION for q in quizzes if q is not None
    )
    return {"reading": reading, "quizzes": quiz, "total": reading + quiz}


def study_hours(spec: CourseSpec) -> float:
    """The computed study time in hours, rounded up to the next half hour (half an hour at least)."""
    return max(0.5, math.ceil(study_minutes(spec)["total"] / 30) / 2)


def _check_hours(reader: Reader, spec: CourseSpec, course_path: Path, lines: list[str]) -> None:
    """The course's hours are computed; a declared `hours` far from the computed figure is a problem."""
    computed = study_hours(spec)
    declared = spec.shared["estimated_hours"]
    spec.shared["estimated_hours"] = computed
    tolerance = max(HOURS_TOLERANCE_MIN, HOURS_TOLERANCE * computed)
    if declared is not None and abs(declared - computed) > tolerance:
        minutes = study_minutes(spec)
        reader.problem(
            course_path,
            line_at(lines, "hours"),
            _(
                "hours: %(declared)s declared, but the lessons and quizzes take about %(computed)s h "
                "(%(reading)s min of reading, %(quizzes)s min of quizzes); write hours: %(computed)s "
                "or leave hours out"
            )
            % {
                "declared": f"{declared:g}",
                "computed": f"{computed:g}",
                "reading": round(minutes["reading"]),
                "quizzes": round(minutes["quizzes"]),
            },
        )


def read_package(root: Path | str) -> CourseSpec:
    """Read and check a whole package; raise `PackageError` listing every problem."""
    from ..models import JobRole, Topic

    root = Path(root).resolve()
    reader = Reader(root)
    if not root.is_dir():
        raise PackageError([Problem(str(root), 0, _("not a folder"))])
    sources = _sources(reader, root)
    glossary = _glossary(reader, root, sources)

    course_path = root / "course.yaml"
    data, lines = reader.yaml(course_path)
    spec = None
    if data is not None and reader.check_keys(course_path, data, lines, COURSE_KEYS, COURSE_REQUIRED):
        slug = str(data.get("slug", ""))
        if not SLUG.match(slug):
            reader.problem(
                course_path,
                line_at(lines, "slug"),
                _("slug: lowercase Latin letters, digits and hyphens (e.g. car-t-basics)"),
            )
        level = data.get("level")
        if level not in LEVELS:
            reader.problem(
                course_path,
                line_at(lines, "level"),
                _("level must be one of %(levels)s") % {"levels": ", ".join(LEVELS)},
            )
        hours = data.get("hours")
        if hours is not None and (
            not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 999
        ):
            reader.problem(course_path, line_at(lines, "hours"), _("hours must be a number of hours (0–999)"))
            hours = None
        validity = data.get("certificate_validity_months", 24)
        if not isinstance(validity, int) or isinstance(validity, bool) or not 0 <= validity <= 120:
            reader.problem(
                course_path,
                line_at(lines, "certificate_validity_months"),
                _("certificate_validity_months: a whole number of months, 0–120"),
            )
            validity = 24
        version = str(data.get("version", "")).strip()
        if not version or len(version) > 20:
            reader.problem(
                course_path, line_at(lines, "version"), _('version: up to 20 characters, e.g. "1.0"')
            )
        roles = set(JobRole.objects.values_list("code", flat=True))
        audience = data.get("audience") or []
        for code in audience if isinstance(audience, list) else [audience]:
            if code not in roles:
                reader.problem(
                    course_path,
                    line_at(lines, "audience"),
                    _("unknown job role code %(code)s") % {"code": repr(code)},
                )
        known_topics = set(Topic.objects.values_list("slug", flat=True))
        topics = data.get("topics") or []
        for topic in topics if isinstance(topics, list) else [topics]:
            if topic not in known_topics:
                reader.problem(
                    course_path,
                    line_at(lines, "topics"),
                    _("unknown topic %(topic)s") % {"topic": repr(topic)},
                )
        title = bilingual(reader, course_path, data, lines, "title")
        summary = bilingual(reader, course_path, data, lines, "summary")
        objectives = bilingual(reader, course_path, data, lines, "objectives", as_list=True)
        prerequisites = bilingual(
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
                "estimated_hours": hours,  # replaced by the computed study hours once the modules are read
                "version_label": version[:20],
                "certificate_validity_months": validity,
            },
            audience=[code for code in audience if code in roles] if isinstance(audience, list) else [],
            topics=[topic for topic in topics if topic in known_topics] if isinstance(topics, list) else [],
            final_exam=quiz_spec(reader, course_path, data, lines, "final_exam"),
        )
        if spec.final_exam is not None and quiz_handler(READ_BANK_HOOK) is None:
            reader.problem(course_path, line_at(lines, "final_exam"), no_handler(READ_BANK_HOOK))

    folders = sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith("."))
    module_slugs: set[str] = set()
    modules = []
    for folder in folders:
        match = NUMBERED.match(folder.name)
        if not match:
            reader.problem(folder, 0, _("module folders are named NN-slug (e.g. 01-car-t-products)"))
            continue
        if match.group(2) in module_slugs:
            reader.problem(folder, 0, _("duplicate module slug %(slug)s") % {"slug": repr(match.group(2))})
            continue
        module_slugs.add(match.group(2))
        module = _read_module(reader, folder, match.group(2), {"sources": sources, "glossary": glossary})
        if module is not None:
            modules.append(module)
    if not folders:
        reader.problem(root, 0, _("a course needs at least one module folder (NN-slug)"))
    if spec is not None:
        spec.modules = modules
        _check_hours(reader, spec, course_path, lines)
    if reader.problems or spec is None:
        raise PackageError(
            reader.problems or [Problem(reader.rel(course_path), 1, _("no course description"))]
        )
    return spec


def _read_module(reader: Reader, folder: Path, slug: str, context: dict) -> ModuleSpec | None:
    path = folder / "module.yaml"
    data, lines = reader.yaml(path)
    quiz = None
    fields = {}
    roles = []
    if data is not None and reader.check_keys(path, data, lines, MODULE_KEYS, MODULE_REQUIRED):
        title = bilingual(reader, path, data, lines, "title")
        summary = bilingual(reader, path, data, lines, "summary")
        objectives = bilingual(reader, path, data, lines, "objectives", as_list=True)
        fields = {
            language: {
                "title": str(title[language])[:255],
                "slug": slug,
                "summary": summary[language],
                "objectives": "\n".join(objectives[language]),
            }
            for language in LANGUAGES
        }
        quiz = quiz_spec(reader, path, data, lines, "quiz")
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
                _(
                    "unexpected file (lessons are NN-slug.ru.md and NN-slug.en.md; "
                    "question banks questions.ru.gift and questions.en.gift)"
                ),
            )
            continue
        lessons.setdefault(f"{match.group(1)}-{match.group(2)}", {})[match.group(3)] = entry
    lesson_specs = []
    has_references = dict.fromkeys(LANGUAGES, False)
    seen_slugs: set[str] = set()
    for name, files in sorted(lessons.items()):
        lesson_slug = name[3:]
        if lesson_slug in seen_slugs:
            reader.problem(
                folder / name, 0, _("duplicate lesson slug %(slug)s") % {"slug": repr(lesson_slug)}
            )
            continue
        seen_slugs.add(lesson_slug)
        lesson_fields, words, cited = {}, {}, set()
        for language in LANGUAGES:
            if language not in files:
                reader.problem(
                    folder / f"{name}.{language}.md",
                    0,
                    _("missing translation: no %(language)s version") % {"language": language},
                )
                continue
            text = reader.text(files[language])
            if text is None:
                continue
            parser = LessonParser(reader, files[language], {**context, "language": language})
            parsed = parser.parse(text)
            if parsed is not None:
                lesson_fields[language] = {**parsed, "slug": lesson_slug}
                words[language] = parser.words
                cited |= parser.cited
                has_references[language] |= parser.has_references
        lesson_specs.append(LessonSpec(slug=lesson_slug, fields=lesson_fields, words=words, sources=cited))
    if not lessons:
        reader.problem(folder, 0, _("a module needs at least one lesson (NN-slug.ru.md and NN-slug.en.md)"))
    for language in LANGUAGES:
        if lessons and not has_references[language]:
            reader.problem(
                folder, 0, _("no ':::references' block in any %(language)s lesson") % {"language": language}
            )

    banks, questions = {}, {}
    read_bank = quiz_handler(READ_BANK_HOOK)
    for language in LANGUAGES:
        bank_path = folder / f"questions.{language}.gift"
        if not bank_path.exists():
            if quiz is not None:
                reader.problem(bank_path, 0, _("missing file: the module has a quiz but no question bank"))
            continue
        text = reader.text(bank_path)
        if text is None:
            continue
        label = reader.rel(bank_path)
        if read_bank is None:
            reader.problem(label, 0, no_handler(READ_BANK_HOOK))
            continue
        parsed, problems = read_bank(text, path=label, sources=context["sources"], quiz=quiz)
        reader.problems.extend(problems)
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
