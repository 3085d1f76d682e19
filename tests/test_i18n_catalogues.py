"""Every UI string has a Russian translation, and the compiled catalogues match their sources."""

import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE_DIR = settings.SITE_DIR / "locale"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = catalogue("ru")
    assert len(po) > 50
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in ru: {untranslated}"
    assert fuzzy == [], f"fuzzy in ru: {fuzzy}"


def test_placeholders_survive_translation():
    for entry in catalogue("ru").translated_entries():
        for placeholder in ("%(email)s", "%(name)s", "%(count)s", "{", "}"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), entry.msgid


@pytest.mark.parametrize("language", ["ru", "en"])
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    source = {entry.msgid: entry.msgstr for entry in po.translated_entries()}
    assert compiled == source, "run `make messages` and commit the .mo files"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (make test installs it)")
def test_catalogue_contains_every_string_in_the_code(tmp_path, monkeypatch):
    """Extract the strings afresh into a temporary folder; each must be in the committed catalogue."""
    monkeypatch.chdir(settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        call_command(
            "makemessages",
            locale=["ru"],
            ignore_patterns=[".venv/*", "var/*", "tests/*", "site/locale/*"],
            no_location=True,
            verbosity=0,
        )
    fresh = polib.pofile(str(tmp_path / "ru" / "LC_MESSAGES" / "django.po"))
    committed = {(entry.msgctxt, entry.msgid) for entry in catalogue("ru").translated_entries()}
    missing = [entry.msgid for entry in fresh if (entry.msgctxt, entry.msgid) not in committed]
    assert missing == [], f"strings missing from site/locale/ru: {missing}"
