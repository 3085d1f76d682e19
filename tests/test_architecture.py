"""The dependency direction and the apps' public APIs hold (import-linter, configured in pyproject.toml)."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"
#: Every root package of the import contracts, as pyproject.toml names them.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=root,
        env={**os.environ, "COLUMNS": "400"},  # one violation per line
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_import_contracts_are_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_the_project(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("templates", "static", "*.pyc")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_a_lower_app_importing_a_higher_one_breaks_the_build(tmp_path):
    """Even hidden inside a function, people importing certificates is reported with its line."""
    project = copy_of_the_project(tmp_path)
    services = project / "people" / "services.py"
    services.write_text(
        services.read_text()
        + "\n\ndef sneaky():\n    from certificates.api import Certificate\n\n    return Certificate\n"
    )
    result = lint(project)
    assert result.returncode != 0
    assert "people is not allowed to import certificates" in result.stdout
    assert "people.services -> certificates.api" in result.stdout


def test_reaching_past_another_apps_api_breaks_the_build(tmp_path):
    project = copy_of_the_project(tmp_path)
    views = project / "employers" / "views.py"
    views.write_text(views.read_text() + "\nfrom learning.models import Enrolment  # noqa\n")
    result = lint(project)
    assert result.returncode != 0
    assert (
        "employers.views" in result.stdout
        and "imports learning.models (import learning.api)" in result.stdout
    )
