"""Course packages read and import quizzes only through Wagtail hooks: courses does not import assessments."""

import ast
from pathlib import Path

import pytest
from django.utils import translation
from wagtail import hooks

from assessments import packages as assessment_packages
from assessments.models import Assessment, QuestionBank
from courses.models import CoursePage
from courses.packages import IMPORT_QUIZZES_HOOK, READ_BANK_HOOK, PackageError, import_package, read_package
from tests.courses.test_packages import MODULE, MODULE_YAML, PACKAGE, SLUG, problems_of, write_package

ROOT = Path(__file__).resolve().parents[2]
NO_READER = (
    "question banks and quizzes need a quiz handler, and none is registered "
    "(Wagtail hook 'course_package_read_bank', provided by the assessments app)"
)


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English (their msgids); Russian ones in test_package_upload.py."""
    with translation.override("en"):
        yield


def without_hook(monkeypatch, name: str) -> None:
    hooks.search_for_hooks()  # load every app's wagtail_hooks first, so nothing registers it afterwards
    monkeypatch.setitem(hooks._hooks, name, [])


def no_quizzes(tmp_path: Path) -> Path:
    """The test package without banks, module quiz or final exam."""
    module_yaml = MODULE_YAML[: MODULE_YAML.index("quiz:")]
    package = write_package(
        tmp_path,
        {
            f"{MODULE}/module.yaml": module_yaml,
            f"{MODULE}/questions.ru.gift": None,
            f"{MODULE}/questions.en.gift": None,
        },
    )
    text = (package / "course.yaml").read_text(encoding="utf-8")
    (package / "course.yaml").write_text(text[: text.index("final_exam:")], encoding="utf-8")
    return package


def test_assessments_registers_the_quiz_hooks():
    assert hooks.get_hooks(READ_BANK_HOOK)[-1] is assessment_packages.read_bank
    assert hooks.get_hooks(IMPORT_QUIZZES_HOOK)[-1] is assessment_packages.import_quizzes


@pytest.mark.django_db
def test_without_a_bank_reader_the_quizzes_are_a_problem(tmp_path, demo_site, monkeypatch):
    without_hook(monkeypatch, READ_BANK_HOOK)
    package = write_package(tmp_path)
    course_yaml = (package / "course.yaml").read_text(encoding="utf-8").split("\n")
    exam_line = course_yaml.index("final_exam:") + 1

    assert problems_of(package) == [
        f"{MODULE}/questions.en.gift:0: {NO_READER}",
        f"{MODULE}/questions.ru.gift:0: {NO_READER}",
        f"{PACKAGE}/course.yaml:{exam_line}: {NO_READER}",
    ]


@pytest.mark.django_db
def test_without_a_quiz_importer_nothing_is_written(tmp_path, demo_site, monkeypatch):
    spec = read_package(write_package(tmp_path))
    without_hook(monkeypatch, IMPORT_QUIZZES_HOOK)

    with pytest.raises(PackageError) as caught:
        import_package(spec, publish=True)

    assert [str(problem) for problem in caught.value.problems] == [
        f"{PACKAGE}/course.yaml:0: question banks and quizzes need a quiz handler, and none is registered "
        "(Wagtail hook 'course_package_import_quizzes', provided by the assessments app)"
    ]
    assert not CoursePage.objects.filter(slug=SLUG).exists()
    assert not QuestionBank.objects.filter(name__startswith=f"{SLUG}/").exists()


@pytest.mark.django_db
def test_a_package_without_quizzes_needs_no_handler(tmp_path, demo_site, monkeypatch):
    without_hook(monkeypatch, READ_BANK_HOOK)
    without_hook(monkeypatch, IMPORT_QUIZZES_HOOK)

    quizzes = Assessment.objects.count()

    summary = import_package(read_package(no_quizzes(tmp_path)), publish=True)

    assert len(summary.created) == 8  # the course, the module and two lessons, in ru and en
    assert CoursePage.objects.filter(slug=SLUG).count() == 2
    assert Assessment.objects.count() == quizzes
    assert summary.questions == {"created": 0, "revised": 0, "unchanged": 0, "retired": 0}


@pytest.mark.parametrize(
    "path",
    [
        *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "courses/packages").glob("*.py")),
        "courses/admin_views.py",
        "courses/management/commands/import_course.py",
    ],
)
def test_course_packages_import_neither_assessments_nor_certificates(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"assessments", "certificates"}
