"""Course packages: read, validate and import a course from YAML, Markdown and GIFT files.

The format is documented in `docs/course-packages.md`. `read_package` reads and checks everything first and
raises `PackageError` with every problem as `FILE:LINE: message`; `import_package` then writes the course
in one transaction. Pages carry a digest of what the package said about them, so re-importing an
unchanged package changes nothing and a changed one gets a new revision (and new question versions).

Modules: `spec` (data classes, problems), `reader` (files and YAML), `markdown` (lessons to blocks),
`loader` (the whole folder: `read_package`), `importer` (pages: `import_package`), `archive` (zips).
"""

from .archive import unpack_zip
from .importer import ImportSummary, bank_name, import_package
from .loader import read_package
from .spec import CITATION, LANGUAGES, CourseSpec, LessonSpec, ModuleSpec, PackageError, Problem, QuizSpec

__all__ = [
    "CITATION",
    "LANGUAGES",
    "CourseSpec",
    "ImportSummary",
    "LessonSpec",
    "ModuleSpec",
    "PackageError",
    "Problem",
    "QuizSpec",
    "bank_name",
    "import_package",
    "read_package",
    "unpack_zip",
]
