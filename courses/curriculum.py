"""The platform's own curriculum (site/content): every course package, the glossary page and the role paths.

`load_curriculum` is what `load_demo` runs; like the rest of the demo it is idempotent — unchanged files
change nothing, changed ones give new revisions and question versions.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from django.conf import settings
from wagtail.models import Page

from .models import CoursePage, GlossaryPage, JobRole, LearningPathCourse, LearningPathPage
from .packages import import_package, read_package

CONTENT = Path(settings.SITE_DIR) / "content"
GLOSSARY = {
    "ru": {
        "title": "Глоссарий",
        "slug": "glossarij",
        "intro": "Термины производства и регулирования CAR-T-препаратов: русский и английский.",
    },
    "en": {
        "title": "Glossary",
        "slug": "glossary",
        "intro": "Terms of CAR-T manufacturing and regulation, in Russian and English.",
    },
}


def packages() -> list[Path]:
    return sorted(folder for folder in CONTENT.iterdir() if (folder / "course.yaml").is_file())


def load_curriculum(*, organization, home_ru, home_en, catalog_ru, catalog_en, report) -> None:
    for folder in packages():
        summary = import_package(read_package(folder), organization=organization, publish=True)
        if summary.created or summary.revised:
            report.add(
                f"course package {folder.name}: {len(summary.created)} new, {len(summary.revised)} revised"
            )
    _ensure_glossary(home_ru, home_en, report)
    _ensure_paths(catalog_ru, catalog_en, organization, report)


def _read(name: str) -> dict:
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def _publish_if_changed(page: Page, fields: dict) -> bool:
    latest = page.get_latest_revision_as_object()
    current = {name: getattr(latest, name) for name in fields}
    if "terms" in fields:
        current["terms"] = list(latest.terms.raw_data)
        wanted = [{"type": item["type"], "value": item["value"]} for item in fields["terms"]]
        have = [{"type": item["type"], "value": item["value"]} for item in current["terms"]]
        same = json.dumps(wanted, sort_keys=True) == json.dumps(have, sort_keys=True) and all(
            current[name] == value for name, value in fields.items() if name != "terms"
        )
    else:
        same = current == fields
    if same and page.live:
        return False
    for name, value in fields.items():
        setattr(latest, name, value)
    latest.save_revision().publish()
    return True


def _ensure_glossary(home_ru, home_en, report) -> None:
    glossary = _read("glossary.yaml")
    source = None
    for language, home in (("ru", home_ru), ("en", home_en)):
        other = "en" if language == "ru" else "ru"
        entries = sorted(glossary.items(), key=lambda item: item[1][language]["term"].casefold())
        fields = {
            **GLOSSARY[language],
            "terms": [
                {
                    "type": "term",
                    "value": {
                        "term": entry[language]["term"],
                        "other_language": entry[other]["term"],
                        "definition": entry[language]["definition"],
                        "anchor": key,
                    },
                }
                for key, entry in entries
            ],
        }
        page = GlossaryPage.objects.child_of(home).first()
        if page is None:
            page = GlossaryPage(locale=home.locale, live=False, **fields)
            if source is not None:
                page.translation_key = source.translation_key
            home.add_child(instance=page)
            page.save_revision().publish()
            report.add(f"glossary ({language})")
        elif _publish_if_changed(page, fields):
            report.add(f"glossary ({language}) updated")
        source = source or page


def _ensure_paths(catalog_ru, catalog_en, organization, report) -> None:
    paths = _read("paths.yaml")
    for code, content in paths.items():
        role = JobRole.objects.get(code=code)
        source = None
        for language, catalog in (("ru", catalog_ru), ("en", catalog_en)):
            courses = [
                CoursePage.objects.get(provider=organization, slug=slug, locale=catalog.locale)
                for slug in content["courses"]
            ]
            fields = {"title": content["title"][language], "summary": content["summary"][language].strip()}
            page = LearningPathPage.objects.child_of(catalog).filter(role=role).first()
            if page is None:
                page = LearningPathPage(
                    locale=catalog.locale, role=role, slug=f"path-{code}", live=False, **fields
                )
                if source is not None:
                    page.translation_key = source.translation_key
                page.path_courses = [LearningPathCourse(course=course) for course in courses]
                catalog.add_child(instance=page)
                page.save_revision().publish()
                report.add(f"learning path {code} ({language})")
            else:
                latest = page.get_latest_revision_as_object()
                have = [item.course_id for item in latest.path_courses.all()]
                if have != [course.pk for course in courses] or any(
                    getattr(latest, name) != value for name, value in fields.items()
                ):
                    for name, value in fields.items():
                        setattr(latest, name, value)
                    latest.path_courses = [LearningPathCourse(course=course) for course in courses]
                    latest.save_revision().publish()
                    report.add(f"learning path {code} ({language}) updated")
            source = source or page
