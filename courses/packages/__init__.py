"""Course packages: read, validate and import a course from YAML, Markdown and GIFT files.

The format is documented in `docs/course-packages.md`. `read_package` reads and checks everything first and
raises `PackageError` with every problem as `FILE:LINE: message`; `import_package` then writes the course
in one transaction. Pages carry a digest of what the package said about them, so re-importing an
unchanged package changes nothing and a changed one gets a new revision (and new question versions).

Modules: `spec` (data classes, problems), `reader` (files and YAML), `markdown` (lessons to blocks),
`loader` (the whole folder: `read_package`), `importer` (pages: `import_package`), `archive` (zips),
`quizzes` (the hooks below).

Question banks and quizzes belong to another app (`courses` must not import `assessments`), which
registers two Wagtail hooks (`assessments/wagtail_hooks.py`, implemented in `assessments/packages.py`):

``course_package_read_bank(text, *, path, sources, quiz) -> (questions, problems)``
    Called by `read_package` for each `questions.LANG.gift` file. `text` is the file's text, `path` its
    name as problems report it, `sources` the source register (id -> entry), `quiz` the module's
    `QuizSpec` or None. Returns the parsed questions (stored in `ModuleSpec.questions`) and a list of
    `Problem` (empty when the bank is valid).

``course_package_import_quizzes(spec, *, organization, courses, module_pages, summary, publish) -> None``
    Called by `import_package` inside its transaction, after the pages are written. `courses` maps a
    language to the course page, `module_pages` a language to the module pages in package order;
    the handler adds what it created or changed to `summary` (an `ImportSummary`).

When several functions are registered for a hook, the last one in Wagtail's hook order is used. A
package with question banks, a module quiz or a final exam is refused with a problem when no handler
is registered, rather than imported without its quizzes.
"""

from .archive import unpack_zip
from .importer import ImportSummary, import_package
from .loader import read_package
from .quizzes import IMPORT_QUIZZES_HOOK, READ_BANK_HOOK
from .spec import CITATION, LANGUAGES, CourseSpec, LessonSpec, ModuleSpec, PackageError, Problem, QuizSpec

__all__ = [
    "CITATION",
    "LANGUAGES",
    "IMPORT_QUIZZES_HOOK",
    "READ_BANK_HOOK",
    "CourseSpec",
    "ImportSummary",
    "LessonSpec",
    "ModuleSpec",
    "PackageError",
    "Problem",
    "QuizSpec",
    "import_package",
    "read_package",
    "unpack_zip",
]
