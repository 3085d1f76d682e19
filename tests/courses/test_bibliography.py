"""The source register as a bibliography: checking sources.yaml, reference lists in ru and en, in-text
citation links, quiz feedback links, and re-import when the register changes (docs/course-packages.md)."""

import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from assessments.models import Assessment
from assessments.services import start_attempt, submit_attempt
from courses.models import LessonPage, ProviderPage
from courses.packages import import_package, read_package
from courses.packages.bibliography import check_entry, format_citation, short_citation
from learning.services import enrol
from people.models import Organization
from tests.courses.test_packages import SOURCES, imported_pages, problems_of, write_package

REGISTER = Path(settings.SITE_DIR) / "content" / "sources.yaml"


@pytest.fixture
def spaces(demo_site):
    """The demo university's publisher pages, where the test package is imported (as in test_packages)."""
    university = Organization.objects.get(slug="demo-university")
    return {
        language: ProviderPage.objects.get(organization=university, locale__language_code=language)
        for language in ("ru", "en")
    }


ARTICLE = {
    "kind": "article",
    "authors": ["Lee D. W.", "et al."],
    "title": "ASTCT consensus grading.",
    "title_ru": "Консенсусная шкала ASTCT",
    "published_in": "Biol Blood Marrow Transplant. 2019;25:625–638",
    "date": 2019,
    "url": "https://example.org/astct",
}
LAW = {
    "kind": "regulation",
    "title": "Федеральный закон от 23.06.2016 № 180-ФЗ «О биомедицинских клеточных продуктах»",
    "title_en": 'Federal Law No. 180-FZ "On Biomedical Cell Products"',
    "language": "ru",
    "issuer": "Гарант",
    "date": "2016-06-23",
    "url": "https://example.org/180-fz",
    "note_ru": "Текст на стороннем сайте",
    "note_en": "Text on a third-party site",
}
NO_URL = {
    "kind": "article",
    "issuer": "American Society of Hematology (ASH)",
    "title": "Commercial tisagenlecleucel manufacturing, abstract",
    "date": 2021,
    "note_ru": "Тезисы прочитаны без адреса в интернете.",
    "note_en": "Abstract read without a web address.",
}


def structured_sources() -> str:
    return yaml.safe_dump(
        {
            "S1": {
                "kind": "guidance",
                "issuer": "U.S. Food and Drug Administration (FDA)",
                "title": "Considerations for the Development of CAR T Cell Products",
                "title_ru": "Рекомендации по разработке препаратов CAR-T",
                "date": "2024-01",
                "url": "https://www.fda.gov/car-t-guidance",
            },
            "S2": SOURCES["S2"],  # the old form, next to the new one
        },
        allow_unicode=True,
    )


# -- checking entries ----------


def test_the_old_and_the_new_forms_are_accepted():
    assert check_entry("S1", {"title": "A title", "url": "https://example.org/a"}) == []
    assert check_entry("S1", {"title": "A title"}) == []
    for entry in (ARTICLE, LAW, NO_URL):
        assert check_entry("S9", entry) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"publisher": "X"}, "S9: unknown key 'publisher' (known: title, title_ru"),
        ({"kind": "book"}, "S9: kind must be one of regulation, guidance, label, article, press, web"),
        ({"date": "26 Mar 2021"}, "S9: date must be a year, YYYY-MM or YYYY-MM-DD"),
        ({"date": "2021-13"}, "S9: date must be a year, YYYY-MM or YYYY-MM-DD"),
        ({"accessed": "yesterday"}, "S9: accessed must be a year, YYYY-MM or YYYY-MM-DD"),
        ({"authors": "Lee D. W."}, "S9: authors must be a list of names"),
        ({"url": "retrieved without URL"}, "S9: url must be an http(s) address"),
        ({"title": ""}, "S9: title must be a text"),
        ({"title_ru": 5}, "S9: title_ru must be a text"),
        ({"language": "Russian"}, "S9: language is a two-letter code such as ru or en"),
    ],
)
def test_a_bad_key_is_refused_with_a_message(change, message):
    with translation.override("en"):
        problems = check_entry("S9", {**ARTICLE, **change})
    assert len(problems) == 1
    assert problems[0][1].startswith(message)


@pytest.mark.django_db
def test_the_loader_reports_a_bad_entry_with_file_and_line(tmp_path, demo_site):
    register = structured_sources().replace("kind: guidance", "kind: memo")
    package = write_package(tmp_path, {"sources.yaml": register})
    line = register.split("\n").index("  kind: memo") + 1

    with translation.override("en"):
        problems = problems_of(package)

    assert problems == [
        f"sources.yaml:{line}: S1: kind must be one of regulation, guidance, label, article, press, web"
    ]


@pytest.mark.django_db
def test_the_loader_reads_old_and_new_entries_side_by_side(tmp_path, demo_site):
    spec = read_package(write_package(tmp_path, {"sources.yaml": structured_sources()}))

    assert spec.modules[0].lessons[0].sources == {"S1", "S2"}


# -- formatting ----------


def test_a_russian_entry_reads_like_a_reference_list():
    assert str(format_citation(ARTICLE, "ru")) == (
        "Lee D. W. [и др.]. ASTCT consensus grading [Консенсусная шкала ASTCT] [Электронный ресурс]. — "
        "Biol Blood Marrow Transplant. 2019;25:625–638. — URL: https://example.org/astct."
    )
    assert str(format_citation(LAW, "ru")) == (
        "Федеральный закон от 23.06.2016 № 180-ФЗ «О биомедицинских клеточных продуктах» "
        "[Электронный ресурс] / Гарант. — URL: https://example.org/180-fz. — Текст на стороннем сайте."
    )
    assert str(format_citation(NO_URL, "ru")) == (
        "Commercial tisagenlecleucel manufacturing, abstract / American Society of Hematology (ASH). — "
        "2021. — Тезисы прочитаны без адреса в интернете."
    )


def test_an_english_entry_is_author_title_issuer_year_url():
    assert str(format_citation(ARTICLE, "en")) == (
        "Lee D. W. et al. ASTCT consensus grading. Biol Blood Marrow Transplant. 2019;25:625–638. "
        "Available at: https://example.org/astct"
    )
    assert str(format_citation(LAW, "en")) == (
        "Федеральный закон от 23.06.2016 № 180-ФЗ «О биомедицинских клеточных продуктах» "
        '[Federal Law No. 180-FZ "On Biomedical Cell Products"]. Гарант. '
        "Available at: https://example.org/180-fz. Text on a third-party site."
    )


def test_the_access_date_is_printed_only_when_known():
    assert "дата обращения" not in str(format_citation(ARTICLE, "ru"))
    assert "accessed" not in str(format_citation(ARTICLE, "en"))
    checked = {**ARTICLE, "accessed": "2026-03-01"}
    assert str(format_citation(checked, "ru")).endswith(
        "URL: https://example.org/astct (дата обращения: 01.03.2026)."
    )
    assert str(format_citation(checked, "en")).endswith("https://example.org/astct (accessed 1 Mar 2026).")


def test_the_short_citation_names_who_what_and_when():
    assert short_citation(ARTICLE, "ru") == "Lee D. W. [и др.]. ASTCT consensus grading. 2019"
    assert short_citation(NO_URL, "en") == (
        "American Society of Hematology (ASH). Commercial tisagenlecleucel manufacturing, abstract. 2021"
    )


def test_every_entry_of_the_platform_register_is_a_clean_reference():
    register = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))
    assert len(register) > 100
    for source, entry in register.items():
        assert check_entry(source, entry) == [], source
        for language in ("ru", "en"):
            text = str(format_citation(entry, language))
            assert not re.search(r"n\.d\.|without URL|\.\.(?!\.)|\.\s\.", text), (source, language, text)


# -- lessons on the page ----------


def _page(client, trainee, lesson) -> BeautifulSoup:
    client.force_login(trainee)
    response = client.get(lesson.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "Considerations for the Development of CAR T Cell Products "
            "[Рекомендации по разработке препаратов "
            "CAR-T] [Электронный ресурс] / U.S. Food and Drug Administration (FDA). — 01.2024. — "
            "URL: https://www.fda.gov/car-t-guidance.",
        ),
        (
            "en",
            "Considerations for the Development of CAR T Cell Products. "
            "U.S. Food and Drug Administration (FDA). Jan 2024. Available at: https://www.fda.gov/car-t-guidance",
        ),
    ],
)
def test_a_lesson_ends_with_its_numbered_reference_list_and_links_its_citations(
    language, expected, tmp_path, client, trainee, spaces
):
    import_package(
        read_package(write_package(tmp_path, {"sources.yaml": structured_sources()})), publish=True
    )
    pages = imported_pages(spaces)[language]
    enrol(user=trainee, course=pages["course"])

    page = _page(client, trainee, pages["a"])

    entries = page.select(".references ol > li")
    assert [entry["id"] for entry in entries] == ["ref-S1", "ref-S2"]
    assert " ".join(entries[0].get_text().split()) == expected
    assert entries[0].a["href"] == "https://www.fda.gov/car-t-guidance"
    ids = [element["id"] for element in page.select("[id]")]
    assert [name for name, count in Counter(ids).items() if count > 1] == []
    citations = page.select("a.citation")
    assert citations, "the [S1] citations are links"
    for link in citations:
        assert link["href"] == "#ref-S1" and link.text == "[1]"
        assert "1" in link["aria-label"]  # its wording is a new msgid (Russian once the catalogue has it)
    assert "[S1]" not in page.select_one("main").get_text()
    assert "n.d." not in page.get_text()


@pytest.mark.django_db
def test_a_source_cited_but_not_listed_joins_the_end_of_the_list(tmp_path, demo_site):
    from tests.courses.test_packages import LESSON_A, MODULE

    lesson = LESSON_A["en"].replace(
        "The first paragraph about **CAR-T** cells [S1].", "About CAR-T [S1] [S2]."
    )
    lesson = lesson.replace("- S1\n- S2\n", "- S1\n")
    assert "- S2" not in lesson
    spec = read_package(write_package(tmp_path, {f"{MODULE}/01-a.en.md": lesson}))

    body = spec.modules[0].lessons[0].fields["en"]["body"]
    references = next(block for block in body if block["type"] == "references")
    assert [item["source_id"] for item in references["value"]["items"]] == ["S1", "S2"]


@pytest.mark.django_db
def test_a_second_references_block_is_refused(tmp_path, demo_site):
    from tests.courses.test_packages import LESSON_A, MODULE

    lesson = LESSON_A["en"] + "\n:::references\n- S2\n:::\n"
    package = write_package(tmp_path, {f"{MODULE}/01-a.en.md": lesson})
    with translation.override("en"):
        problems = problems_of(package)
    assert any("a lesson has one ':::references' block" in problem for problem in problems)


# -- re-import ----------


@pytest.mark.django_db
def test_a_changed_register_revises_the_lessons_that_cite_it(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    again = import_package(read_package(write_package(tmp_path)), publish=True)
    assert again.revised == []

    summary = import_package(
        read_package(write_package(tmp_path, {"sources.yaml": structured_sources()})), publish=True
    )

    assert {label for label in summary.revised if "lesson" in label} >= {
        "lesson basics/a (ru)",
        "lesson basics/a (en)",
    }
    lesson = LessonPage.objects.get(pk=imported_pages(spaces)["ru"]["a"].pk)
    items = next(block for block in lesson.body if block.block_type == "references").value["items"]
    assert "[Электронный ресурс] / U.S. Food and Drug Administration (FDA)" in items[0]["citation"]


@pytest.mark.django_db
@pytest.mark.parametrize("folder", sorted(path.name for path in REGISTER.parent.iterdir() if path.is_dir()))
def test_every_curriculum_package_imports_cleanly_in_a_dry_run(folder, demo_site):
    out = StringIO()

    call_command("import_course", str(REGISTER.parent / folder), "--dry-run", stdout=out)

    assert out.getvalue().splitlines()[-1] == "dry run: nothing was written"


# -- quiz feedback ----------


def _links(assessment, sources: str) -> BeautifulSoup:
    html = Template("{% load assessment_tags %}{% source_links sources %}").render(
        Context({"assessment": assessment, "sources": sources})
    )
    return BeautifulSoup(html, "html.parser")


@pytest.mark.django_db
def test_feedback_links_a_source_to_the_lesson_section_and_its_reference_entry(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    pages = imported_pages(spaces)["ru"]
    quiz = Assessment.objects.get(page=pages["module"])
    lesson_url = pages["a"].url

    links = _links(quiz, "S1 S2").select("a")

    section, entry = links[0], links[1]
    assert section.text == "Урок А"  # [S1] first appears before the lesson's first heading
    assert section["href"] == lesson_url
    assert entry["href"] == f"{lesson_url}#ref-S1" and entry.text == "[1]"
    assert "1" in entry["aria-label"] and "Урок А" in entry["aria-label"]
    # Lesson A lists S2 too (not in its text): one link to the lesson, then both entries of its list.
    assert [(link["href"], link.text) for link in links[1:]] == [
        (f"{lesson_url}#ref-S1", "[1]"),
        (f"{lesson_url}#ref-S2", "[2]"),
    ]


@pytest.mark.django_db
def test_feedback_names_the_section_that_cites_the_source(tmp_path, spaces):
    from tests.courses.test_packages import LESSON_A, MODULE

    lesson = LESSON_A["ru"].replace(
        "Первый абзац о клетках **CAR-T** [S1].", "Первый абзац о клетках **CAR-T**."
    )
    import_package(read_package(write_package(tmp_path, {f"{MODULE}/01-a.ru.md": lesson})), publish=True)
    pages = imported_pages(spaces)["ru"]
    quiz = Assessment.objects.get(page=pages["module"])

    section = _links(quiz, "S1").select_one("a")

    assert "Урок А" in section.text and "Раздел урока" in section.text
    anchor = section["href"].split("#", 1)[1]
    assert section["href"] == f"{pages['a'].url}#{anchor}" and anchor.startswith("section-")


@pytest.mark.django_db
def test_feedback_gives_a_short_citation_for_a_source_no_lesson_cites(tmp_path, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    quiz = Assessment.objects.get(page=imported_pages(spaces)["ru"]["module"])

    page = _links(quiz, "S15")

    cite = page.select_one("cite")
    assert cite.get_text() == "Drugs.com. Abecma (idecabtagene vicleucel) FDA approval history"
    assert cite.a["href"] == "https://www.drugs.com/history/abecma.html"
    assert "S15" not in page.get_text()


@pytest.mark.django_db
def test_the_result_page_links_the_sources(tmp_path, client, trainee, spaces):
    import_package(read_package(write_package(tmp_path)), publish=True)
    pages = imported_pages(spaces)["ru"]
    quiz = Assessment.objects.get(page=pages["module"])
    quiz.review_policy = Assessment.REVIEW_FULL
    quiz.save()
    attempt, _created = start_attempt(user=trainee, assessment=quiz)
    submit_attempt(attempt=attempt, answers={}, sequence=attempt.sequence)
    client.force_login(trainee)

    page = BeautifulSoup(client.get(f"/ru/attempts/{attempt.pk}/result/").content, "html.parser")

    references = [link["href"] for link in page.select(".review-list a.citation")]
    assert references and all("#ref-S" in href for href in references)
    assert not re.search(r"Источник: S\d", page.get_text())
