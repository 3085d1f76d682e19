"""Curriculum, second edition (issue 16): every package in site/content and site/demo, read as files.

ru/en parity of the question banks, the terminology list (no forbidden form in any lesson or question),
a source cited in every question's feedback, no question asked twice in one course, and one test per
correction of the expert review (REMS, liso-cel denominator, Annex 1 "at rest", tisa-cel activation,
BIOPROM-2025 dates and resolution, lymphodepletion days). The glossary's new keys are checked through
`read_package`, the importer's own validation.
"""

import functools
import re
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from assessments.gift import ParsedQuestion, parse_gift
from courses.packages import CITATION, LANGUAGES, PackageError, read_package
from tests.courses.test_packages import GLOSSARY, PACKAGE, write_package

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "site" / "content"
DEMO = ROOT / "site" / "demo"
SEED = "seeds/000_4c6b3d3ab2314f2b.txt"

PACKAGES = sorted(path.parent for path in CONTENT.glob("*/course.yaml")) + sorted(
    path.parent for path in DEMO.glob("*/course.yaml")
)
MODULES = [
    (package, folder)
    for package in PACKAGES
    for folder in sorted(package.iterdir())
    if folder.is_dir() and re.match(r"^\d{2}-", folder.name)
]
MODULE_IDS = [f"{package.name}/{folder.name}" for package, folder in MODULES]
BANK_MODULES = [(package, folder) for package, folder in MODULES if list(folder.glob("questions.*.gift"))]
BANK_MODULE_IDS = [f"{package.name}/{folder.name}" for package, folder in BANK_MODULES]


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@functools.cache
def bank(folder: Path, language: str) -> tuple[ParsedQuestion, ...]:
    path = folder / f"questions.{language}.gift"
    return tuple(parse_gift(path.read_text(encoding="utf-8"), path=rel(path))) if path.is_file() else ()


def normalise(text: str) -> str:
    """Text as forms and sentences are compared: lower case, ё read as е, spaces collapsed."""
    return " ".join(text.lower().replace("ё", "е").split())


def lesson_files(language: str) -> list[Path]:
    return sorted(path for package in PACKAGES for path in package.glob(f"*/*.{language}.md"))


def bank_files(language: str) -> list[Path]:
    return sorted(path for package in PACKAGES for path in package.glob(f"*/questions.{language}.gift"))


def sentences(text: str) -> list[str]:
    """Paragraphs, list items and table rows of `text`, cut into sentences, each with its lines joined."""
    pieces = []
    for paragraph in re.split(r"\n\s*\n", text):
        item: list[str] = []
        for line in paragraph.splitlines():
            if re.match(r"^\s*([-*>|]|\d+\.|~|=|#{2,4}|::)", line) and item:
                pieces.append(" ".join(item))
                item = []
            item.append(line.strip())
        if item:
            pieces.append(" ".join(item))
    return [sentence for piece in pieces for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«\"(])", piece)]


def question_texts(question: ParsedQuestion, *, claims_only: bool = False) -> list[str]:
    """Everything a trainee reads in a question: stem, answers, matching pairs, items and feedback.

    With `claims_only`, what the question asserts to be true: it leaves out the stem and the wrong answers,
    where a scenario may quote a mistaken claim on purpose.
    """
    texts = [] if claims_only else [question.text, question.text_after]
    texts.append(question.general_feedback)
    texts += [choice.text for choice in question.choices if not claims_only or choice.weight > 0]
    texts += [choice.feedback for choice in question.choices]
    texts += [f"{pair.left} {pair.right}" for pair in question.pairs] + list(question.items)
    texts += [answer.feedback for answer in question.numeric]
    return [text for text in texts if text]


def all_texts(language: str, *, claims_only: bool = False) -> list[tuple[str, str]]:
    """(where, sentence) for every sentence of every lesson, question and glossary definition."""
    found = []
    for path in lesson_files(language):
        found += [(rel(path), sentence) for sentence in sentences(path.read_text(encoding="utf-8"))]
    for path in bank_files(language):
        for question in bank(path.parent, language):
            where = f"{rel(path)}:{question.line} ::{question.name}::"
            texts = question_texts(question, claims_only=claims_only)
            found += [(where, sentence) for text in texts for sentence in sentences(text)]
    for glossary in (CONTENT / "glossary.yaml", *DEMO.glob("*/glossary.yaml")):
        for key, entry in yaml.safe_load(glossary.read_text(encoding="utf-8")).items():
            text = entry[language]["definition"]
            found += [(f"{rel(glossary)} {key}", sentence) for sentence in sentences(text)]
    return found


# ru/en parity, citations, duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(("package", "folder"), MODULES, ids=MODULE_IDS)
def test_ru_and_en_banks_ask_the_same_kinds_of_question_in_the_same_order(package, folder):
    ru, en = bank(folder, "ru"), bank(folder, "en")

    assert len(ru) == len(en), f"{len(ru)} questions in Russian, {len(en)} in English"
    differ = [
        f"#{number}: ru {a.kind} ::{a.name}:: / en {b.kind} ::{b.name}::"
        for number, (a, b) in enumerate(zip(ru, en, strict=True), start=1)
        if a.kind != b.kind
    ]
    assert not differ, differ


@pytest.mark.parametrize(("package", "folder"), BANK_MODULES, ids=BANK_MODULE_IDS)
def test_every_question_feedback_cites_a_source_of_the_register(package, folder):
    register = set(yaml.safe_load((CONTENT / "sources.yaml").read_text(encoding="utf-8")))
    own = package / "sources.yaml"
    if own.is_file():
        register |= set(yaml.safe_load(own.read_text(encoding="utf-8")))

    for language in LANGUAGES:
        questions = bank(folder, language)
        assert questions, language
        uncited = [q.name for q in questions if not set(CITATION.findall(q.general_feedback)) & register]
        assert not uncited, f"{language}: feedback cites no source id: {uncited}"


@pytest.mark.parametrize("package", PACKAGES, ids=[package.name for package in PACKAGES])
def test_no_question_is_asked_in_two_modules_of_a_course(package):
    for language in LANGUAGES:
        seen: dict[str, str] = {}
        repeated = []
        for folder in sorted(package.glob("[0-9][0-9]-*")):
            for question in bank(folder, language):
                text = re.sub(r"[^\w ]", "", normalise(question.text))
                where = f"{folder.name} ::{question.name}::"
                if text in seen and not seen[text].startswith(folder.name):
                    repeated.append(f"{where} repeats {seen[text]}")
                seen.setdefault(text, where)
        assert not repeated, f"{language}: {repeated}"


# the terminology list ---------------------------------------------------------------------------------


def glossary_forms(kind: str) -> dict[str, dict[str, str]]:
    """language -> {normalised form: term id} for the glossary's `preferred` or `forbidden` lists."""
    glossary = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))
    forms: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for key, entry in glossary.items():
        for language in LANGUAGES:
            for form in entry[language].get(kind, []):
                forms[language][normalise(form)] = key
    return forms


def test_the_terminology_list_names_the_forms_the_review_found():
    forbidden = glossary_forms("forbidden")
    preferred = glossary_forms("preferred")

    assert {"короткоживущий препарат", "транспортер", "роста на дату нет", "part iv"} <= set(forbidden["ru"])
    assert {
        "препарат с коротким сроком годности",
        "транспортный дьюар",
        "отрицательно на текущую дату",
    } <= set(preferred["ru"])
    assert preferred["ru"]["тисагенлеклейцел"] == "tisagenlecleucel"
    assert forbidden["ru"]["тисагенлеклейсел"] == "tisagenlecleucel"
    assert {"negative to date", "dry shipper"} <= set(preferred["en"])


def test_the_inn_spelling_cites_the_russian_register_entry_of_the_fact_base():
    entry = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))["tisagenlecleucel"]
    sources = yaml.safe_load((CONTENT / "sources.yaml").read_text(encoding="utf-8"))

    assert "S82" in entry["sources"]
    assert "Registration of Kymriah in Russia" in sources["S82"]["title_en"]
    assert "тисагенлеклейцел" in entry["ru"]["definition"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_lesson_or_question_uses_a_forbidden_form(language):
    forbidden = glossary_forms("forbidden")[language]
    preferred = glossary_forms("preferred")[language]
    hints = {
        form: ", ".join(f"«{p}»" for p, key in preferred.items() if key == term)
        for form, term in forbidden.items()
    }
    files = lesson_files(language) + bank_files(language)
    assert files

    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            text = normalise(line)
            found += [
                f"{rel(path)}:{number}: «{form}» (use {hints[form] or 'another form'})"
                for form in forbidden
                if form in text
            ]
    assert not found, "\n".join(found)


def test_the_forbidden_form_check_names_file_and_line(tmp_path, monkeypatch):
    """The check above can fail: a lesson with a forbidden form is reported with its line."""
    lesson = tmp_path / "c" / "01-m" / "01-l.ru.md"
    lesson.parent.mkdir(parents=True)
    lesson.write_text("---\ntitle: T\n---\n\nТекст.\nГотовый короткоживущий препарат везут в транспортёре.\n")
    monkeypatch.setattr(
        "tests.courses.test_curriculum_edition2.lesson_files",
        lambda language: [lesson] if language == "ru" else [],
    )
    monkeypatch.setattr("tests.courses.test_curriculum_edition2.bank_files", lambda language: [])
    monkeypatch.setattr("tests.courses.test_curriculum_edition2.rel", lambda path: path.name)

    with pytest.raises(AssertionError) as failure:
        test_no_lesson_or_question_uses_a_forbidden_form("ru")

    assert "01-l.ru.md:6: «короткоживущий препарат»" in str(failure.value)
    assert "01-l.ru.md:6: «транспортер»" in str(failure.value)


# the glossary's new keys, validated by the importer ---------------------------------------------------


def _glossary_with(ru: dict | None = None, **entry) -> dict[str, str]:
    glossary = {key: {lang: dict(value) for lang, value in item.items()} for key, item in GLOSSARY.items()}
    glossary["chain-of-identity"]["ru"].update(ru or {})
    glossary["chain-of-identity"].update(entry)
    return {"glossary.yaml": yaml.safe_dump(glossary, allow_unicode=True)}


@pytest.mark.django_db
def test_the_glossary_accepts_preferred_forbidden_and_sources(tmp_path, demo_site):
    changes = _glossary_with(
        {"preferred": ["цепь идентичности"], "forbidden": ["цепочка идентичности"]}, sources=["S1"]
    )

    spec = read_package(write_package(tmp_path, changes))

    assert spec.slug


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        (_glossary_with({"forbidden": "цепочка"}), "forbidden"),
        (_glossary_with({"preferred": ["Цепь"], "forbidden": ["цепь"]}), "'цепь'"),
        (_glossary_with({"synonyms": ["цепь"]}), "'synonyms'"),
        (_glossary_with(sources=["S9999"]), "'S9999'"),
        (_glossary_with(note="x"), "'note'"),
    ],
    ids=[
        "forbidden-not-a-list",
        "both-preferred-and-forbidden",
        "unknown-language-key",
        "unknown-source",
        "unknown-key",
    ],
)
def test_the_glossary_refuses_bad_term_lists(tmp_path, demo_site, changes, needle):
    with translation.override("en"), pytest.raises(PackageError) as error:
        read_package(write_package(tmp_path, changes))

    problems = [str(problem) for problem in error.value.problems]
    assert any(
        p.startswith("glossary.yaml:") and "chain-of-identity" in p and needle in p for p in problems
    ), problems
    assert all(not p.startswith(f"{PACKAGE}/") for p in problems), problems


# one test per correction of the expert review ---------------------------------------------------------

FOUR_WEEKS = re.compile(r"\b4[- ]week|\bfour weeks|\b4 недел|четыре недели|четырех недель")
LABELLING = re.compile(r"label|инструкци")
REMS = re.compile(r"\brems\b")


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_1_the_4_week_stay_was_labelling_not_the_rems(language):
    wrong = [
        f"{where}: {sentence}"
        for where, sentence in all_texts(language, claims_only=True)
        if REMS.search(normalise(sentence))
        and FOUR_WEEKS.search(normalise(sentence))
        and not LABELLING.search(normalise(sentence))
    ]
    assert not wrong, "\n".join(wrong)

    lesson = CONTENT / "car-t-fundamentals" / "03-clinical-interface" / f"02-rems-history.{language}.md"
    stated = [s for s in sentences(lesson.read_text(encoding="utf-8")) if FOUR_WEEKS.search(normalise(s))]
    assert stated and all(LABELLING.search(normalise(s)) for s in stated), stated

    for path in bank_files(language):
        for question in bank(path.parent, language):
            if not REMS.search(normalise(question.text)):
                continue
            right = [
                c.text
                for c in question.choices
                if c.weight > 0
                and FOUR_WEEKS.search(normalise(c.text))
                and not LABELLING.search(normalise(c.text))
            ]
            assert not right, f"{rel(path)} ::{question.name}:: counts the 4-week stay as a REMS rule"
            assert question.kind != "numeric" or not any(a.value == 4 for a in question.numeric), (
                question.name
            )


LISO_CEL = re.compile(r"liso-cel|lisocabtagene|лизокабтаген|лизо-цел|liso-cel")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_2_liso_cel_non_conforming_states_its_denominator(language):
    wrong = []
    for where, sentence in all_texts(language):
        text = normalise(sentence)
        if not re.search(r"\b25\b", text) or not re.search(r"\b(344|294)\b", text):
            continue
        shares = {share.replace(",", ".") for share in PERCENT.findall(text)}
        allowed = ({"8.5"} if "294" in text else set()) | ({"7.3"} if "344" in text else set())
        if ("344" in text and "294" not in text) or shares - allowed:
            wrong.append(f"{where}: {sentence}")
    assert not wrong, "\n".join(wrong)

    cited = [
        rel(path)
        for path in lesson_files(language)
        if re.search(r"\b25\b[^.]*\b294\b|\b294\b[^.]*\b25\b", normalise(path.read_text(encoding="utf-8")))
    ]
    assert len(cited) >= 2, cited  # the QC lesson on OOS products and the GMP lesson on the PQS

    numeric = [
        question
        for path in bank_files(language)
        for question in bank(path.parent, language)
        if question.kind == "numeric" and LISO_CEL.search(normalise(question.text))
    ]
    assert numeric
    for question in numeric:
        for answer in (a for a in question.numeric if a.weight > 0):
            low = answer.low if answer.low is not None else answer.value - answer.tolerance
            high = answer.high if answer.high is not None else answer.value + answer.tolerance
            assert high > low, f"{question.name}: a percentage the source rounds needs a tolerance"
            assert low <= (8.5 if "294" in question.text else 7.3) <= high, question.name


AT_REST = {"en": re.compile(r"\bat rest\b"), "ru": re.compile(r"в оснащенном состоянии")}
RUNNING = {
    "en": re.compile(r"installed\s+and\s+(running|operating)"),
    "ru": re.compile(r"установлено\s+и\s+работает"),
}
NOT_RUNNING = {
    "en": re.compile(r"not (operating|running|in operation|switched on)"),
    "ru": re.compile(r"не работа|не эксплуатир|не функционир|выключен"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_3_annex_1_at_rest_has_equipment_installed_but_not_operating(language):
    lesson = (
        CONTENT
        / "gmp-for-atmp"
        / "02-aseptic-processing"
        / f"02-cleanroom-grades-and-monitoring.{language}.md"
    )
    defining = [
        normalise(s)
        for s in sentences(lesson.read_text(encoding="utf-8"))
        if AT_REST[language].search(normalise(s))
    ]

    assert defining
    assert not [s for s in defining if RUNNING[language].search(s) and "2008" not in s], defining
    assert any(NOT_RUNNING[language].search(s) for s in defining), defining


ACTIVATION = re.compile(r"activat|активац")
TRANSDUCTION = re.compile(r"transduc|трансдукц")


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_4_activation_comes_before_transduction(language):
    orderings = [
        (path, question)
        for path in bank_files(language)
        for question in bank(path.parent, language)
        if question.kind == "ordering"
    ]
    checked = 0
    for path, question in orderings:
        items = [normalise(item) for item in question.items]
        activation = [
            i for i, item in enumerate(items) if ACTIVATION.search(item) and not TRANSDUCTION.search(item)
        ]
        transduction = [i for i, item in enumerate(items) if TRANSDUCTION.search(item)]
        if activation and transduction:
            checked += 1
            assert max(activation) < min(transduction), f"{rel(path)} ::{question.name}::"
    assert checked >= 2  # the tisa-cel process question and the demo course's process question

    lesson = (
        CONTENT
        / "car-t-manufacturing-qc"
        / "02-cell-processing"
        / f"01-from-apheresis-to-harvest.{language}.md"
    )
    [process] = [
        normalise(s)
        for s in sentences(lesson.read_text(encoding="utf-8"))
        if re.search(r"cd3/cd28", normalise(s))
    ][:1]
    assert process.index("cd3/cd28") < TRANSDUCTION.search(process).start(), process


BIOPROM = re.compile(r"bioprom|биопром")


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_5_bioprom_session_dates_and_its_resolution(language):
    dated_wrongly = [
        f"{where}: {sentence}"
        for where, sentence in all_texts(language)
        if BIOPROM.search(normalise(sentence))
        and re.search(r"\b8 (october|октября)", normalise(sentence))
        and not re.search(r"report|сообщ|отчет|пресс|ведомост|6[–-]7", normalise(sentence))
    ]
    assert not dated_wrongly, "\n".join(dated_wrongly)

    lessons = [
        path for path in lesson_files(language) if BIOPROM.search(normalise(path.read_text(encoding="utf-8")))
    ]
    assert lessons
    for path in lessons:
        text = normalise(path.read_text(encoding="utf-8"))
        assert not re.search(r"not found|не найден|could not be found|не удалось найти", text), rel(path)
    assert any("[s127]" in normalise(path.read_text(encoding="utf-8")) for path in lessons)
    sources = yaml.safe_load((CONTENT / "sources.yaml").read_text(encoding="utf-8"))
    resolution = sources["S127"]
    assert "БИОПРОМ" in resolution["title"] and "6–7 октября 2025" in resolution["title"]
    assert SEED in resolution["note_en"] and SEED in resolution["note_ru"]  # where the seed is kept


LYMPHODEPLETION = re.compile(r"lymphodeplet|fludarabin|лимфодепле|флударабин")
DAYS = re.compile(r"\b(three|3)[ -]days?\b|\bfor 3 days|три дня|трех дней|\b3 дн|\b3 суток|трое суток")


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_6_lymphodepletion_lasts_as_each_label_states(language):
    wrong = [
        f"{where}: {sentence}"
        for where, sentence in all_texts(language)
        if LYMPHODEPLETION.search(normalise(sentence))
        and DAYS.search(normalise(sentence))
        and "3–4" not in sentence
    ]
    assert not wrong, "\n".join(wrong)

    lesson = (
        CONTENT / "car-t-fundamentals" / "01-car-t-products" / f"03-design-process-and-access.{language}.md"
    )
    text = normalise(lesson.read_text(encoding="utf-8"))
    assert "3–4" in text
    assert re.search(r"(fludarabine is given for 4 days|флударабин вводят 4 дня)", text)
