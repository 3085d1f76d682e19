"""The layout guard: `site/` holds templates and static files and must never become a package."""

import importlib
import sys

from django.conf import settings


def test_site_folder_is_not_a_python_package():
    assert (settings.SITE_DIR / "templates").is_dir()
    assert not (settings.SITE_DIR / "__init__.py").exists(), "site/__init__.py would shadow the stdlib 'site'"


def test_stdlib_site_module_is_the_one_imported():
    site_module = importlib.import_module("site")
    assert "site-packages" not in site_module.__file__
    assert site_module.__file__.startswith(sys.base_prefix) or "lib/python" in site_module.__file__
    assert str(settings.BASE_DIR) not in site_module.__file__


def test_every_app_of_the_layout_is_installed():
    for app in ("base", "people", "courses", "assessments", "certificates"):
        assert any(entry == app or entry.startswith(f"{app}.") for entry in settings.INSTALLED_APPS), app
    assert (settings.BASE_DIR / "config" / "settings" / "production.py").is_file()
    assert (settings.BASE_DIR / "docs" / "decisions").is_dir()
