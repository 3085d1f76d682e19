"""Course packages (docs/course-packages.md): reading, validating and importing them."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Locale, Page, Revision

from assessments.models import (
    Assessment,
    Attempt,
    AttemptQuestion,
    DrawRule,
    Question,
    QuestionBank,
    QuestionVersion,
)
from assessments.packages import bank_name
from courses.models import CoursePage, LessonPage, ModulePage, ProviderPage
from courses.packages import PackageError, import_package, read_package
from people.models import Organization

PACKAGE = "pkg-course"
SLUG = "pkg-test-course"
MODULE = f"{PACKAGE}/01-basics"


@pytest.fixture(autouse=True)
def _english():
    """The problems are checked in English (their msgids); Russian ones in test_package_upload.py."""
    with translation.override("en"):
        yield


SOURCES = {
    "S1": {"title": "FDA, CAR T guidance, Jan 2024", "url": "https://www.fda.gov/car-t-guidance"},
    "S2": {"title": "EU GMP Part IV", "url": "https://health.ec.europa.eu/part-iv"},
}
GLOSSARY = {
    "chain-of-identity": {
        "ru": {"term": "Цепь идентичности", "definition": "Связь продукта с пациентом на всех этапах."},
        "en": {"term": "Chain of identity", "definition": "The link between product and patient throughout."},
    }
}

COURSE_YAML = """\
slug: pkg-test-course
version: "1.0"
provider: demo-university
level: introductory
hours: 1
certificate_validity_months: 24
audience: [operator, qc]
topics: [gmp]
title:
  ru: Тестовый курс
  en: Test course
summary:
  ru: Краткое описание тестового курса.
  en: A short summary of the test course.
objectives:
  ru: [Понять основы.]
  en: [Understand the basics.]
final_exam:
  draw: 4
  pass_mark: 75
  time_limit_minutes: 30
"""

MODULE_YAML = """\
title: {ru: Основы, en: Basics}
summary: {ru: О модуле., en: About the module.}
objectives:
  ru: [Цель модуля.]
  en: [Module objective.]
roles: [qc]
quiz:
  draw: 3
  pass_mark: 80
"""

LESSON_A = {
    "ru": """\
---
title: Урок А
summary: Кратко об уроке А.
---

Первый абзац о клетках **CAR-T** [S1].

## Раздел урока

:::note Важно
Текст заметки.
:::

:::key-facts Запомните
- Факт один [S1].
- Факт два.
:::

:::term chain-of-identity
:::

### Подраздел

| Параметр | Значение |
|---|---|
| Температура | −150 °C |

:::references
- S1
- S2
:::
""",
    "en": """\
---
title: Lesson A
summary: About lesson A.
---

The first paragraph about **CAR-T** cells [S1].

## A lesson section

:::note Important
The text of the note.
:::

:::key-facts Remember
- Fact one [S1].
- Fact two.
:::

:::term chain-of-identity
:::

### A subsection

| Parameter | Value |
|---|---|
| Temperature | −150 °C |

:::references
- S1
- S2
:::
""",
}

LESSON_B = {
    "ru": "---\ntitle: Урок Б\nsummary: Кратко об уроке Б.\n---\n\nТекст второго урока [S2].\n",
    "en": "---\ntitle: Lesson B\nsummary: About lesson B.\n---\n\nThe text of the second lesson [S2].\n",
}

BANK = {
    "ru": """\
// Вопросы модуля «Основы»

::Q1 antigen::На какой антиген направлен тисагенлеклейцел?{
=CD19
~BCMA#BCMA — мишень других препаратов.
####Тисагенлеклейцел направлен на CD19. [S1]
}

::Q2 autologous::Все одобренные CAR-T-препараты аутологичны.{T####Так и есть. [S1]}

::Q3 order::Расположите этапы производства по порядку.{
>Аферез
>Активация
>Трансдукция
>Экспансия
####Порядок этапов процесса. [S2]
}

::Q4 year::В каком году одобрен первый CAR-T-препарат?{#2017:0####В 2017 году. [S1]}
""",
    "en": """\
// Questions of the module "Basics"

::Q1 antigen::Which antigen does tisagenlecleucel target?{
=CD19
~BCMA#BCMA is the target of other products.
####Tisagenlecleucel targets CD19. [S1]
}

::Q2 autologous::All approved CAR-T products are autologous.{T####That is right. [S1]}

::Q3 order::Put the manufacturing steps in order.{
>Apheresis
>Activation
>Transduction
>Expansion
####The order of the process steps. [S2]
}

::Q4 year::In which year was the first CAR-T product approved?{#2017:0####In 2017. [S1]}
""",
}


def package_files() -> dict[str, str]:
    """The files of a small valid package, by path relative to the folder holding sources.yaml."""
    files = {
        "sources.yaml": yaml.safe_dump(SOURCES, allow_unicode=True),
        "glossary.yaml": yaml.safe_dump(GLOSSARY, allow_unicode=True),
        f"{PACKAGE}/course.yaml": COURSE_YAML,
        f"{MODULE}/module.yaml": MODULE_YAML,
    }
    for language in ("ru", "en"):
        files[f"{MODULE}/01-a.{language}.md"] = LESSON_A[language]
        files[f"{MODULE}/02-b.{language}.md"] = LESSON_B[language]
        files[f"{MODULE}/questions.{language}.gift"] = BANK[language]
    return files


def write_package(base: Path, changes: dict | None = None) -> Path:
    """Write the package under `base` with `changes` applied (a text, bytes, or None to leave a file out).

    Returns the package folder (the one holding course.yaml).
    """
    files: dict[str, str | bytes | None] = {**package_files(), **(changes or {})}
    for name, content in files.items():
        path = base / name
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return base / PACKAGE


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "courses": CoursePage.objects.count(),
        "banks": QuestionBank.objects.count(),
        "questions": Question.objects.count(),
        "versions": QuestionVersion.objects.count(),
        "revisions": Revision.objects.count(),
        "assessments": Assessment.objects.count(),
    }


def problems_of(package: Path) -> list[str]:
    with pytest.raises(PackageError) as caught:
        read_package(package)
    assert str(caught.value) == "\n".join(str(problem) for problem in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def university(demo_site):
    return Organization.objects.get(slug="demo-university")


@pytest.fixture
def spaces(university):
    return {
        language: ProviderPage.objects.get(organization=university, locale__language_code=language)
        for language in ("ru", "en")
    }


def imported_pages(spaces) -> dict[str, dict]:
    pages = {}
    for language, space in spaces.items():
        course = CoursePage.objects.child_of(space).get(slug=SLUG)
        module = ModulePage.objects.child_of(course).get(slug="basics")
        lessons = {page.slug: page for page in LessonPage.objects.child_of(module)}
        pages[language] = {"course": course, "module": module, "a": lessons["a"], "b": lessons["b"]}
    return pages


def revision_counts(pages: dict) -> dict[tuple[str, str], int]:
    return {
        (language, name): Revision.objects.for_instance(page).count()
        for language, group in pages.items()
        for name, page in group.items()
    }


def page_states(pages: dict) -> dict[tuple[str, str], tuple]:
    return {
        (language, name): (
            page.live,
            page.has_unpublished_changes,
            page.live_revision_id,
            page.latest_revision_id,
        )
        for language, group in pages.items()
        for name, page in group.items()
    }


# -- a valid package ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_valid_package_is_read(tmp_path, demo_site):
    spec = read_package(write_package(tmp_path))

    assert spec.slug == SLUG
    assert spec.provider == "demo-university"
    assert spec.audience == ["operator", "qc"]
    assert spec.topics == ["gmp"]
    assert spec.shared == {
        "level": "introductory",
        "estimated_hours": 1,
        "version_label": "1.0",
        "certificate_validity_months": 24,
    }
    assert (spec.final_exam.draw, spec.final_exam.pass_mark, spec.final_exam.time_limit_minutes) == (
        4,
        75,
        30,
    )
    assert spec.fields["en"]["title"] == "Test course"
    assert spec.fields["ru"]["objectives"] == "Понять основы."
    [module] = spec.modules
    assert module.slug == "basics"
    assert (module.quiz.draw, module.quiz.pass_mark) == (3, 80)
    assert module.roles == ["qc"]
    assert [lesson.slug for lesson in module.lessons] == ["a", "b"]
    assert module.has_references == {"ru": True, "en": True}
    assert module.lessons[0].sources == {"S1", "S2"}
    assert module.lessons[1].sources == {"S2"}
    assert all(lesson.words["ru"] > 5 and lesson.words["en"] > 5 for lesson in module.lessons)
    for language in ("ru", "en"):
        assert [question.name for question in module.questions[language]] == [
            "Q1 antigen",
            "Q2 autologous",
            "Q3 order",
            "Q4 year",
        ]
        assert [question.kind for question in module.questions[language]] == [
            "single",
            "truefalse",
            "ordering",
            "numeric",
        ]
        assert module.banks[language][0] == f"{MODULE}/questions.{language}.gift"
    assert module.questions["en"][2].items == ("Apheresis", "Activation", "Transduction", "Expansion")


@pytest.mark.django_db
def test_valid_package_imports_and_publishes(tmp_path, university, spaces):
    spec = read_package(write_package(tmp_path))

    summary = import_package(spec, publish=True)

    pages = imported_pages(spaces)
    for language in ("ru", "en"):
        group = pages[language]
        assert group["course"].get_parent().specific == spaces[language]
        for page in group.values():
            assert page.locale == Locale.objects.get(language_code=language)
        assert [page.slug for page in LessonPage.objects.child_of(group["module"]).order_by("path")] == [
            "a",
            "b",
        ]
    for name in ("course", "module", "a", "b"):
        assert pages["ru"][name].translation_key == pages["en"][name].translation_key, name
    assert len({pages["ru"][name].translation_key for name in ("course", "module", "a", "b")}) == 4

    course = pages["ru"]["course"]
    assert course.title == "Тестовый курс"
    assert pages["en"]["course"].title == "Test course"
    assert course.provider == university
    assert course.level == "introductory"
    assert course.estimated_hours == 1
    assert course.certificate_validity_months == 24
    assert sorted(course.audience_roles.values_list("code", flat=True)) == ["operator", "qc"]
    assert list(course.topics.values_list("slug", flat=True)) == ["gmp"]
    assert pages["en"]["module"].title == "Basics"
    assert pages["ru"]["a"].title == "Урок А"
    assert pages["en"]["b"].summary == "About lesson B."

    body = pages["ru"]["a"].body
    assert [block.block_type for block in body] == [
        "paragraph",
        "heading",
        "callout",
        "key_facts",
        "glossary",
        "heading",
        "table",
        "references",
    ]
    assert "<b>CAR-T</b>" in body[0].value.source
    assert (body[1].value["text"], body[1].value["level"]) == ("Раздел урока", "h2")
    assert (body[2].value["kind"], body[2].value["title"]) == ("note", "Важно")
    assert "Текст заметки." in body[2].value["text"].source
    assert body[3].value["title"] == "Запомните"
    assert list(body[3].value["facts"]) == ["Факт один [S1].", "Факт два."]
    glossary = body[4].value
    assert (glossary["term"], glossary["other_language"], glossary["anchor"]) == (
        "Цепь идентичности",
        "Chain of identity",
        "chain-of-identity",
    )
    assert glossary["definition"] == GLOSSARY["chain-of-identity"]["ru"]["definition"]
    assert (body[5].value["text"], body[5].value["level"]) == ("Подраздел", "h3")
    assert body[6].value["data"] == [["Параметр", "Значение"], ["Температура", "−150 °C"]]
    assert body[6].value["first_row_is_table_header"] is True
    references = [(item["source_id"], item["title"], item["url"]) for item in body[7].value["items"]]
    assert references == [
        ("S1", SOURCES["S1"]["title"], SOURCES["S1"]["url"]),
        ("S2", SOURCES["S2"]["title"], SOURCES["S2"]["url"]),
    ]
    en_glossary = pages["en"]["a"].body[4].value
    assert (en_glossary["term"], en_glossary["other_language"]) == ("Chain of identity", "Цепь идентичности")

    for language in ("ru", "en"):
        bank = QuestionBank.objects.get(name=bank_name(spec, spec.modules[0], language))
        assert bank.name == f"{SLUG}/basics ({language})"
        assert bank.organization == university
        assert bank.owner == "demo-university"
        questions = {question.name: question for question in bank.questions.all()}
        assert set(questions) == {"Q1 antigen", "Q2 autologous", "Q3 order", "Q4 year"}
        assert all(question.retired_at is None for question in questions.values())
        order = questions["Q3 order"].current_version
        assert order.kind == "ordering"
        assert order.source_reference == "S2"
        assert questions["Q4 year"].current_version.kind == "numeric"

        quiz = Assessment.objects.get(page=pages[language]["module"])
        assert quiz.is_final is False
        assert quiz.pass_mark == 80
        assert [(rule.bank, rule.count) for rule in DrawRule.objects.filter(assessment=quiz)] == [(bank, 3)]
        exam = Assessment.objects.get(page=pages[language]["course"])
        assert exam.is_final is True
        assert (exam.pass_mark, exam.time_limit_minutes) == (75, 30)
        assert [(rule.bank, rule.count) for rule in DrawRule.objects.filter(assessment=exam)] == [(bank, 4)]
    assert Assessment.objects.get(page=pages["en"]["module"]).title == "Module quiz: Basics"

    assert summary.questions == {"created": 8, "revised": 0, "unchanged": 0, "retired": 0}
    assert summary.revised == []
    assert summary.unchanged == 0
    assert f"course {SLUG} (ru)" in summary.created
    assert "lesson basics/b (en)" in summary.created
    assert len([item for item in summary.created if item.startswith("assessment ")]) == 4
    assert len(summary.created) == 8 + 4


@pytest.mark.django_db
def test_publish_makes_every_imported_page_live(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)

    pages = imported_pages(spaces)
    state = {
        (language, name): (page.live, page.has_unpublished_changes)
        for language, group in pages.items()
        for name, page in group.items()
    }
    assert state == dict.fromkeys(state, (True, False))
    assert all(page.live_revision_id == page.latest_revision_id for page in pages["ru"].values())


@pytest.mark.django_db
def test_the_course_revision_carries_its_audience_and_topics(tmp_path, spaces):
    """What the editor opens (the latest revision) and what a later publish restores must keep them."""
    import_package(read_package(write_package(tmp_path)), publish=True)

    for language in ("ru", "en"):
        latest = imported_pages(spaces)[language]["course"].get_latest_revision_as_object()
        assert sorted(role.code for role in latest.audience_roles.all()) == ["operator", "qc"]
        assert [topic.slug for topic in latest.topics.all()] == ["gmp"]


@pytest.mark.django_db
def test_reimporting_an_unchanged_package_changes_nothing(tmp_path, spaces):
    package = write_package(tmp_path)
    import_package(read_package(package), publish=True)
    before = counts()
    pages_before = revision_counts(imported_pages(spaces))
    state_before = page_states(imported_pages(spaces))

    summary = import_package(read_package(package), publish=True)

    assert counts() == before
    assert revision_counts(imported_pages(spaces)) == pages_before
    assert summary.created == []
    assert summary.revised == []
    assert summary.unchanged == 8
    assert summary.questions == {"created": 0, "revised": 0, "unchanged": 8, "retired": 0}
    assert page_states(imported_pages(spaces)) == state_before


@pytest.mark.django_db
def test_a_changed_lesson_gets_one_new_revision(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    before = revision_counts(imported_pages(spaces))
    versions = QuestionVersion.objects.count()
    changed = LESSON_B["en"].replace("The text of the second lesson", "The revised text of the second lesson")

    summary = import_package(
        read_package(write_package(tmp_path, {f"{MODULE}/02-b.en.md": changed})), publish=True
    )

    pages = imported_pages(spaces)
    after = revision_counts(pages)
    assert after[("en", "b")] == before[("en", "b")] + 1
    assert {key: value for key, value in after.items() if key != ("en", "b")} == {
        key: value for key, value in before.items() if key != ("en", "b")
    }
    assert summary.revised == ["lesson basics/b (en)"]
    assert summary.created == []
    assert summary.unchanged == 7
    assert "The revised text of the second lesson" in pages["en"]["b"].body[0].value.source
    assert pages["en"]["b"].live and not pages["en"]["b"].has_unpublished_changes
    assert QuestionVersion.objects.count() == versions


@pytest.mark.django_db
def test_a_changed_lesson_without_publish_is_a_draft(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    changed = LESSON_B["ru"].replace("Текст второго урока", "Новый текст второго урока")

    import_package(read_package(write_package(tmp_path, {f"{MODULE}/02-b.ru.md": changed})))

    lesson = imported_pages(spaces)["ru"]["b"]
    assert lesson.has_unpublished_changes
    assert "Новый текст" not in lesson.body[0].value.source
    assert "Новый текст" in lesson.get_latest_revision_as_object().body[0].value.source


@pytest.mark.django_db
def test_a_changed_question_gets_a_new_version_only_for_itself(tmp_path, spaces, trainee):
    package = write_package(tmp_path)
    spec = read_package(package)
    import_package(spec, publish=True)
    bank = QuestionBank.objects.get(name=bank_name(spec, spec.modules[0], "ru"))
    # Draw every question into an attempt: their versions are now frozen.
    attempt = Attempt.objects.create(
        assessment=Assessment.objects.get(page=imported_pages(spaces)["ru"]["module"]), user=trainee, seed=1
    )
    for position, question in enumerate(bank.questions.order_by("name"), start=1):
        AttemptQuestion.objects.create(attempt=attempt, version=question.current_version, position=position)
    before = {question.name: question.versions.count() for question in bank.questions.all()}
    changed = BANK["ru"].replace("{#2017:0####", "{#2017:1####")

    summary = import_package(
        read_package(write_package(tmp_path, {f"{MODULE}/questions.ru.gift": changed})), publish=True
    )

    after = {question.name: question.versions.count() for question in bank.questions.all()}
    assert after == {**before, "Q4 year": before["Q4 year"] + 1}
    year = bank.questions.get(name="Q4 year")
    assert year.current_version.number == 2
    assert year.current_version.data["answers"][0]["tolerance"] == 1.0
    assert year.versions.get(number=1).data["answers"][0]["tolerance"] == 0.0
    assert summary.questions == {"created": 0, "revised": 1, "unchanged": 7, "retired": 0}
    assert summary.created == summary.revised == []


@pytest.mark.django_db
def test_a_changed_question_that_was_never_drawn_is_revised(tmp_path, demo_site):
    spec = read_package(write_package(tmp_path))
    import_package(spec, publish=True)
    bank = QuestionBank.objects.get(name=bank_name(spec, spec.modules[0], "en"))
    others = {
        question.name: question.current_version.content()
        for question in bank.questions.exclude(name="Q1 antigen")
    }
    changed = BANK["en"].replace(
        "Which antigen does tisagenlecleucel target?", "Which antigen does Kymriah target?"
    )

    proposal = read_package(write_package(tmp_path, {f"{MODULE}/questions.en.gift": changed}))
    import_package(proposal)  # an editor's import: a live quiz draws from the bank, so it is only proposed
    q1 = bank.questions.get(name="Q1 antigen")
    assert q1.current_version.text == "Which antigen does tisagenlecleucel target?"
    assert q1.has_unpublished_changes

    summary = import_package(proposal, publish=True)

    assert bank.questions.get(name="Q1 antigen").current_version.text == "Which antigen does Kymriah target?"
    assert {
        question.name: question.current_version.content()
        for question in bank.questions.exclude(name="Q1 antigen")
    } == others
    assert summary.questions == {"created": 0, "revised": 1, "unchanged": 7, "retired": 0}


@pytest.mark.django_db
def test_a_removed_question_is_retired(tmp_path, demo_site):
    spec = read_package(write_package(tmp_path))
    import_package(spec, publish=True)
    bank = QuestionBank.objects.get(name=bank_name(spec, spec.modules[0], "ru"))
    start = BANK["ru"].index("::Q2 autologous::")
    end = BANK["ru"].index("::Q3 order::")
    shorter = BANK["ru"][:start] + BANK["ru"][end:]

    changed = read_package(write_package(tmp_path, {f"{MODULE}/questions.ru.gift": shorter}))
    # An editor's import (not published) only proposes the retirement: the live quiz still draws Q2.
    import_package(changed)
    q2 = bank.questions.get(name="Q2 autologous")
    assert q2.retired_at is None and q2.latest_revision.as_object().retired_at is not None

    summary = import_package(changed, publish=True)

    retired = {question.name for question in bank.questions.filter(retired_at__isnull=False)}
    assert retired == {"Q2 autologous"}
    assert bank.questions.count() == 4
    assert summary.questions == {"created": 0, "revised": 0, "unchanged": 7, "retired": 1}
    assert (
        QuestionBank.objects.get(name=bank_name(spec, spec.modules[0], "en"))
        .questions.filter(retired_at__isnull=False)
        .count()
        == 0
    )

    # Putting it back brings it back.
    summary = import_package(read_package(write_package(tmp_path)), publish=True)
    assert not bank.questions.filter(retired_at__isnull=False).exists()
    assert summary.questions["revised"] == 1


# -- validation ---------------------------------------------------------------------------------------


def _replace(name: str, old: str, new: str) -> dict:
    text = package_files()[name]
    assert old in text, old
    return {name: text.replace(old, new, 1)}


def _lesson_ru(old: str, new: str) -> dict:
    return _replace(f"{MODULE}/01-a.ru.md", old, new)


def _bank_ru(old: str, new: str) -> dict:
    return _replace(f"{MODULE}/questions.ru.gift", old, new)


LONG_QUESTION = "::Q5 broken::Что хранят при −150 °C?{=a ~b"
VALIDATION_CASES = {
    "bad YAML in course.yaml": (
        _replace(f"{PACKAGE}/course.yaml", "hours: 1", "hours: 1: 5"),
        f"{PACKAGE}/course.yaml",
        "hours: 1: 5",
        "invalid YAML: a ':' where no key can start"
        " (put a text that holds ': ' in quotes, or fix the indentation)",
    ),
    "unknown key in module.yaml": (
        _replace(f"{MODULE}/module.yaml", "roles: [qc]", "roles: [qc]\ncolour: red"),
        f"{MODULE}/module.yaml",
        "colour: red",
        "unknown key 'colour' (allowed: objectives, quiz, roles, summary, title)",
    ),
    "unknown directive": (
        _lesson_ru(":::note Важно", ":::foo Важно"),
        f"{MODULE}/01-a.ru.md",
        ":::foo",
        "unknown directive ':::foo' (known: gmp, key-facts, note, references, term, warning)",
    ),
    "unclosed directive": (
        _replace(f"{MODULE}/02-b.ru.md", "[S2].\n", "[S2].\n\n:::warning Осторожно\nНе закрыто.\n"),
        f"{MODULE}/02-b.ru.md",
        ":::warning",
        "directive ':::warning' is not closed with ':::'",
    ),
    "unclosed GIFT answer block": (
        _bank_ru("::Q4 year::", f"{LONG_QUESTION}\n\n::Q4 year::"),
        f"{MODULE}/questions.ru.gift",
        "::Q5 broken::",
        "answer block '{' is not closed with '}'",
    ),
    "GIFT answers not starting with = or ~": (
        _bank_ru("{T####Так и есть. [S1]}", "{Да ~Нет}"),
        f"{MODULE}/questions.ru.gift",
        "::Q2 autologous::",
        "each answer must start with '=' (right) or '~' (wrong), or the block is T or F",
    ),
    "unknown source in lesson text": (
        _lesson_ru("Текст заметки.", "Текст заметки [S9999]."),
        f"{MODULE}/01-a.ru.md",
        "[S9999]",
        "unknown source id 'S9999' (not in sources.yaml)",
    ),
    "unknown source in a references block": (
        _lesson_ru("- S2\n", "- S9999\n"),
        f"{MODULE}/01-a.ru.md",
        "- S9999",
        "unknown source id 'S9999' (not in sources.yaml)",
    ),
    "unknown source in question feedback": (
        _bank_ru("Порядок этапов процесса. [S2]", "Порядок этапов процесса. [S9999]"),
        f"{MODULE}/questions.ru.gift",
        "::Q3 order::",
        "unknown source id 'S9999' (not in sources.yaml)",
    ),
    "unknown glossary term": (
        _lesson_ru(":::term chain-of-identity", ":::term chain-of-custody"),
        f"{MODULE}/01-a.ru.md",
        ":::term chain-of-custody",
        "unknown glossary term 'chain-of-custody' (not in glossary.yaml)",
    ),
    "duplicate question name": (
        _bank_ru("::Q4 year::", "::Q1 antigen::"),
        f"{MODULE}/questions.ru.gift",
        "{#2017:0####",
        "duplicate question name 'Q1 antigen' (first on line 3): give each question its own name",
    ),
    "nested directive": (
        _lesson_ru("Текст заметки.\n", "Текст заметки.\n:::warning Внутри\n"),
        f"{MODULE}/01-a.ru.md",
        ":::warning Внутри",
        "directives cannot be nested; close the previous one with ':::'",
    ),
    "a closing ::: without a directive": (
        _replace(f"{MODULE}/02-b.ru.md", "[S2].\n", "[S2].\n\nЕщё абзац.\n:::\n"),
        f"{MODULE}/02-b.ru.md",
        ":::",
        "':::' closes no directive",
    ),
    "key facts with a line that is not an item": (
        _lesson_ru("- Факт два.\n", "- Факт два.\nНе пункт списка.\n"),
        f"{MODULE}/01-a.ru.md",
        "Не пункт списка.",
        "key facts are a bullet list ('- fact')",
    ),
    "a reference that is not a source id": (
        _lesson_ru("- S2\n", "- S2\n- см. FDA\n"),
        f"{MODULE}/01-a.ru.md",
        "- см. FDA",
        "references list source ids, one per line: '- S11'",
    ),
    "an empty callout": (
        _lesson_ru(":::note Важно\nТекст заметки.\n:::", ":::note Важно\n:::"),
        f"{MODULE}/01-a.ru.md",
        ":::note Важно",
        "':::note' needs some text",
    ),
    "a lesson without front matter": (
        _replace(f"{MODULE}/02-b.en.md", "---\ntitle: Lesson B\n", "title: Lesson B\n"),
        f"{MODULE}/02-b.en.md",
        "title: Lesson B",
        "a lesson starts with front matter: ---, title: …, summary: …, ---",
    ),
    "bad YAML in a lesson's front matter": (
        _replace(f"{MODULE}/02-b.en.md", "title: Lesson B\n", "title: [Lesson B\n"),
        f"{MODULE}/02-b.en.md",
        "summary: About lesson B.",
        "invalid YAML: expected ',' or ']', but got ':'",
    ),
    "title without en in course.yaml": (
        _replace(f"{PACKAGE}/course.yaml", "  en: Test course\n", ""),
        f"{PACKAGE}/course.yaml",
        "title:",
        "missing translation: title.en",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(VALIDATION_CASES))
def test_a_broken_package_is_refused_with_file_and_line(case, tmp_path, demo_site):
    changes, path, needle, message = VALIDATION_CASES[case]
    package = write_package(tmp_path, changes)
    line = line_of((tmp_path / path).read_text(encoding="utf-8"), needle)
    before = counts()

    problems = problems_of(package)

    assert problems == [f"{path}:{line}: {message}"]
    assert counts() == before
    assert not CoursePage.objects.filter(slug=SLUG).exists()
    assert not QuestionBank.objects.filter(name__startswith=f"{SLUG}/").exists()


def test_each_validation_needle_names_one_line():
    # A guard against a case whose needle matches the wrong line: each needle occurs once in its file.
    for changes, path, needle, _message in VALIDATION_CASES.values():
        text = {**package_files(), **changes}[path]
        assert text.count(needle) == 1, (path, needle)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"{PACKAGE}/course.yaml", f"{MODULE}/module.yaml"])
@pytest.mark.parametrize("content", ["", "# nothing but a comment\n"], ids=["empty", "comment-only"])
def test_an_empty_yaml_file_is_refused(path, content, tmp_path, demo_site):
    package = write_package(tmp_path, {path: content})
    before = counts()

    problems = problems_of(package)

    assert [problem for problem in problems if problem.startswith(f"{path}:1: ")], problems
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_lesson_in_one_language_only_is_refused(language, tmp_path, demo_site):
    package = write_package(tmp_path, {f"{MODULE}/02-b.{language}.md": None})

    assert problems_of(package) == [
        f"{MODULE}/02-b.{language}.md:0: missing translation: no {language} version"
    ]
    assert not CoursePage.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_a_lesson_that_is_not_utf8_is_refused(tmp_path, demo_site):
    text = LESSON_B["ru"]
    package = write_package(tmp_path, {f"{MODULE}/02-b.ru.md": text.encode("cp1251")})

    [problem] = problems_of(package)

    assert problem.startswith(f"{MODULE}/02-b.ru.md:{line_of(text, 'Урок Б')}: ")
    assert "UTF-8" in problem
    assert "0xd3" in problem  # "У" in cp1251
    assert not CoursePage.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_a_byte_order_mark_is_accepted(tmp_path, demo_site):
    package = write_package(tmp_path, {f"{MODULE}/01-a.ru.md": LESSON_A["ru"].encode("utf-8-sig")})

    spec = read_package(package)

    assert spec.modules[0].lessons[0].fields["ru"]["title"] == "Урок А"


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(tmp_path, demo_site):
    lines = ["// Длинный банк вопросов"]
    number = 0
    while len(lines) < 199:
        number += 1
        lines += [f"::Q{number}::Вопрос номер {number}?{{=да ~нет####Пояснение. [S1]}}", ""]
    lines += [LONG_QUESTION, "", "::Last::Последний вопрос?{=да ~нет####Пояснение. [S1]}", ""]
    bank = "\n".join(lines)
    assert line_of(bank, "::Q5 broken::") == 200
    changes = {
        **_replace(f"{PACKAGE}/course.yaml", "level: introductory", "level: introductory\nlevle: advanced"),
        **_lesson_ru(":::note Важно", ":::foo Важно"),
        f"{MODULE}/questions.ru.gift": bank,
    }
    package = write_package(tmp_path, changes)
    before = counts()

    problems = problems_of(package)

    course_line = line_of(changes[f"{PACKAGE}/course.yaml"], "levle:")
    lesson_line = line_of(changes[f"{MODULE}/01-a.ru.md"], ":::foo")
    assert len(problems) == 3
    assert problems[0] == f"{MODULE}/01-a.ru.md:{lesson_line}: " + VALIDATION_CASES["unknown directive"][3]
    assert problems[1] == f"{MODULE}/questions.ru.gift:200: answer block '{{' is not closed with '}}'"
    assert problems[2].startswith(f"{PACKAGE}/course.yaml:{course_line}: unknown key 'levle' (allowed: ")
    assert counts() == before


# -- the management command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_course_dry_run_reports_and_writes_nothing(tmp_path, demo_site):
    package = write_package(tmp_path)
    before = counts()
    out = StringIO()

    call_command("import_course", str(package), "--dry-run", stdout=out)

    output = out.getvalue().splitlines()
    assert output[0].startswith(f"{SLUG}: 1 modules, 2 lessons, words ru ")
    assert output[0].endswith("questions ru 4 / en 4")
    assert f"  created course {SLUG} (ru)" in output
    assert "  created lesson basics/a (en)" in output
    assert "  questions: 8 new, 0 revised, 0 unchanged, 0 retired" in output
    assert output[-1] == "dry run: nothing was written"
    assert counts() == before
    assert not CoursePage.objects.filter(slug=SLUG).exists()
    assert not QuestionBank.objects.filter(name__startswith=f"{SLUG}/").exists()


@pytest.mark.django_db
def test_import_course_publishes(tmp_path, spaces):
    out = StringIO()

    call_command("import_course", str(write_package(tmp_path)), "--publish", stdout=out)

    pages = imported_pages(spaces)
    # (whether the course pages themselves end up live: test_publish_makes_every_imported_page_live)
    assert all(pages[language][name].live for language in ("ru", "en") for name in ("module", "a", "b"))
    assert "dry run" not in out.getvalue()
    assert f"  created course {SLUG} (en)" in out.getvalue().splitlines()


@pytest.mark.django_db
def test_import_course_with_a_broken_package_fails_with_file_and_line(tmp_path, demo_site):
    changes = {
        **_lesson_ru(":::note Важно", ":::foo Важно"),
        **_bank_ru("Порядок этапов процесса. [S2]", "Порядок этапов процесса. [S9999]"),
    }
    package = write_package(tmp_path, changes)
    before = counts()
    err = StringIO()

    with pytest.raises(CommandError, match=r"^2 problem\(s\); nothing was imported$"):
        call_command("import_course", str(package), stderr=err)

    assert err.getvalue().splitlines() == [
        f"{MODULE}/01-a.ru.md:{line_of(changes[f'{MODULE}/01-a.ru.md'], ':::foo')}: "
        + VALIDATION_CASES["unknown directive"][3],
        f"{MODULE}/questions.ru.gift:{line_of(BANK['ru'], '::Q3 order::')}: "
        "unknown source id 'S9999' (not in sources.yaml)",
    ]
    assert counts() == before


@pytest.mark.django_db
def test_duplicate_module_and_lesson_slugs_are_refused(tmp_path, demo_site):
    files = package_files()
    module_files = {name: text for name, text in files.items() if name.startswith(f"{MODULE}/")}
    # A second module folder with the same slug, and a second lesson numbered differently with the same slug.
    changes = {name.replace("/01-basics/", "/02-basics/"): text for name, text in module_files.items()}
    changes[f"{MODULE}/03-a.ru.md"] = files[f"{MODULE}/01-a.ru.md"]
    changes[f"{MODULE}/03-a.en.md"] = files[f"{MODULE}/01-a.en.md"]
    package = write_package(tmp_path, changes)
    before = counts()

    problems = problems_of(package)

    assert f"{PACKAGE}/02-basics:0: duplicate module slug 'basics'" in problems
    assert f"{MODULE}/03-a:0: duplicate lesson slug 'a'" in problems
    assert counts() == before


@pytest.mark.django_db
def test_front_matter_makes_a_lesson_an_sop(tmp_path, spaces):
    front = "---\ntitle: Урок Б\nsummary: Кратко об уроке Б.\n"
    sop = "---\ntitle: Урок Б\nsummary: Кратко об уроке Б.\nsop: true\nsop_reference: СОП-ПР-004 ред. 3\n"
    assert LESSON_B["ru"].startswith(front)
    changed = {f"{MODULE}/02-b.ru.md": LESSON_B["ru"].replace(front, sop, 1)}
    import_package(read_package(write_package(tmp_path, changed)), publish=True)
    pages = imported_pages(spaces)
    assert (pages["ru"]["b"].is_sop, pages["ru"]["b"].sop_reference) == (True, "СОП-ПР-004 ред. 3")
    assert not pages["ru"]["a"].is_sop and not pages["en"]["b"].is_sop  # lessons without `sop:` are not


@pytest.mark.django_db
def test_a_wrong_sop_value_is_reported(tmp_path, demo_site):
    front = "---\ntitle: Урок Б\nsummary: Кратко об уроке Б.\n"
    wrong = LESSON_B["ru"].replace(front, front + "sop: perhaps\n", 1)
    problems = problems_of(write_package(tmp_path, {f"{MODULE}/02-b.ru.md": wrong}))
    assert problems == [f"{MODULE}/02-b.ru.md:4: sop must be true or false"]


# -- study hours and procedure lessons ------------------------------------------------------------------

# 4 500 words: at 150 words a minute (Russian) that is 30 minutes, at 180 (English) 25.
LONG_TEXT = {"ru": "слово " * 4500, "en": "word " * 4500}


def _long_lesson_b() -> dict:
    return {
        f"{MODULE}/02-b.{language}.md": LESSON_B[language] + "\n" + LONG_TEXT[language] + "\n"
        for language in ("ru", "en")
    }


def _hours_line(value: str | None) -> dict:
    course = COURSE_YAML.replace("hours: 1\n", "" if value is None else f"hours: {value}\n")
    return {f"{PACKAGE}/course.yaml": course}


@pytest.mark.django_db
def test_study_hours_are_computed_from_the_words_and_the_quiz_time(tmp_path, demo_site):
    from courses.packages.loader import study_minutes

    short = read_package(write_package(tmp_path / "short", _hours_line(None)))
    long = read_package(write_package(tmp_path / "long", {**_long_lesson_b(), **_hours_line(None)}))

    # The quizzes: the final exam's 30-minute limit, and the module quiz's 3 questions at a minute each.
    assert study_minutes(short)["quizzes"] == study_minutes(long)["quizzes"] == 33
    # The slower language counts: 4 500 Russian words at 150 a minute are 30 minutes more of reading.
    assert study_minutes(long)["reading"] - study_minutes(short)["reading"] == pytest.approx(30, abs=0.1)
    assert short.shared["estimated_hours"] == 1  # 33 minutes and a little reading: rounded up to 1 h
    assert long.shared["estimated_hours"] == 1.5  # over an hour: the next half hour


@pytest.mark.django_db
def test_the_imported_course_shows_the_computed_hours(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path, {**_long_lesson_b(), **_hours_line(None)})))

    assert imported_pages(spaces)["ru"]["course"].estimated_hours == 1.5


@pytest.mark.django_db
@pytest.mark.parametrize("declared", ["1", "2"])
def test_declared_hours_close_to_the_computed_figure_are_accepted(declared, tmp_path, demo_site):
    spec = read_package(write_package(tmp_path, {**_long_lesson_b(), **_hours_line(declared)}))

    assert spec.shared["estimated_hours"] == 1.5  # the computed figure is the one imported


@pytest.mark.django_db
@pytest.mark.parametrize(("declared", "computed"), [("12", "1.5"), ("3", "1.5"), ("0.5", "1.5")])
def test_a_wrong_declared_figure_is_reported(declared, computed, tmp_path, demo_site):
    from courses.packages.loader import study_minutes

    undeclared_package = write_package(tmp_path / "undeclared", {**_long_lesson_b(), **_hours_line(None)})
    undeclared = read_package(undeclared_package)
    reading = round(study_minutes(undeclared)["reading"])
    assert reading in (30, 31)  # 4 500 Russian words at 150 a minute, and lesson A
    changes = {**_long_lesson_b(), **_hours_line(declared)}

    problems = problems_of(write_package(tmp_path / "declared", changes))

    line = line_of(changes[f"{PACKAGE}/course.yaml"], "hours:")
    assert problems == [
        f"{PACKAGE}/course.yaml:{line}: hours: {declared} declared, but the lessons and quizzes take "
        f"about {computed} h ({reading} min of reading, 33 min of quizzes); write hours: {computed} "
        "or leave hours out"
    ]


def _front_b(language: str, extra: str) -> dict:
    title = {"ru": "Урок Б\nsummary: Кратко об уроке Б.\n", "en": "Lesson B\nsummary: About lesson B.\n"}
    front = f"---\ntitle: {title[language]}"
    assert LESSON_B[language].startswith(front)
    return {f"{MODULE}/02-b.{language}.md": LESSON_B[language].replace(front, front + extra, 1)}


@pytest.mark.django_db
def test_the_procedure_flag_round_trips(tmp_path, spaces):
    marked = {**_front_b("ru", "procedure: true\n"), **_front_b("en", "procedure: true\n")}
    import_package(read_package(write_package(tmp_path, marked)), publish=True)
    pages = imported_pages(spaces)
    flags = {(lang, name): pages[lang][name].describes_procedure for lang in pages for name in "ab"}
    assert flags == {("ru", "a"): False, ("ru", "b"): True, ("en", "a"): False, ("en", "b"): True}
    assert not pages["ru"]["b"].is_sop  # a procedure lesson is not an SOP: its confirmation is not signed

    unmarked = {**_front_b("ru", "procedure: false\n"), **_front_b("en", "procedure: false\n")}
    import_package(read_package(write_package(tmp_path, unmarked)), publish=True)
    pages = imported_pages(spaces)
    assert not pages["ru"]["b"].describes_procedure and not pages["en"]["b"].describes_procedure


@pytest.mark.django_db
def test_an_sop_lesson_describes_a_procedure(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path, _front_b("ru", "sop: true\n"))), publish=True)

    page = imported_pages(spaces)["ru"]["b"]
    assert (page.is_sop, page.describes_procedure) == (True, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("procedure: yes please\n", "procedure must be true or false"),
        ("sop: true\nprocedure: false\n", "an SOP describes a procedure: remove procedure: false"),
    ],
)
def test_a_wrong_procedure_value_is_reported(extra, message, tmp_path, demo_site):
    changes = _front_b("ru", extra)
    problems = problems_of(write_package(tmp_path, changes))

    line = line_of(changes[f"{MODULE}/02-b.ru.md"], "procedure:")
    assert problems == [f"{MODULE}/02-b.ru.md:{line}: {message}"]
