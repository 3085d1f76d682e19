"""Reading a whole package folder: course.yaml, the modules, their lessons and question banks."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .bibliography import check_entry
from .markdown import LessonParser
from .quizzes import READ_BANK_HOOK, no_handler, quiz_handler
from .reader import Reader, bilingual, line_at, quiz_spec
from .spec import (
    COURSE_KEYS,
    COURSE_REQUIRED,
    LANGUAGES,
    LESSON_FILE,
    LEVELS,
    MODULE_KEYS,
    MODULE_REQUIRED,
    NUMBERED,
    SLUG,
    CourseSpec,
    LessonSpec,
    ModuleSpec,
    PackageError,
    Problem,
)


def _shared_file(reader: Reader, root: Path, name: str, *, with_lines: bool = False):
    """The package's own file, else its parent folder's, else the platform's (site/content).

    (path, data), or (path, data, lines) with `with_lines`."""
    from django.conf import settings

    found: tuple = (None, {}, {})
    for folder in (root, root.parent, Path(settings.SITE_DIR) / "content"):
        candidate = folder / name
        if candidate.is_file():
            data, lines = reader.yaml(candidate)
            if data is None:
                found = (candidate, {}, {})
            elif not isinstance(data, dict):
                reader.problem(candidate, 1, _("expected a mapping of keys (key: value)"))
                found = (candidate, {}, {})
            else:
                found = (candidate, data, lines)
            break
    return found if with_lines else found[:2]


def _sources(reader: Reader, root: Path) -> dict:
    """The source register, each entry checked (the old title + url form and the structured one)."""
    path, data, lines = _shared_file(reader, root, "sources.yaml", with_lines=True)
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
            reader.problem(
                path,
                1,
                _("glossary entry %(key)s needs ru and en, each with term and definition")
                % {"key": repr(key)},
            )
            continue
        glossary[str(key)] = entry
    return glossary


def read_package(root: Path | str) -> CourseSpec:
    """Read and check a whole package; raise `PackageError` listing every problem."""
    from ..models import JobRole, Topic

    root = Path(root).resolve()
    reader = Reader(root)
    if not root.is_dir():
        raise PackageError([Problem(str(root), 0, _("not a folder"))])
    sources = _sources(reader, root)
    glossary = _glossary(reader, root)

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
        if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 999:
            reader.problem(course_path, line_at(lines, "hours"), _("hours must be a number of hours (0–999)"))
            hours = 1
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
                "estimated_hours": hours,
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
    if reader.problems or spec is None:
        raise PackageError(
            reader.problems or [Problem(reader.rel(course_path), 1, _("no course description"))]
        )
    spec.modules = modules
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
