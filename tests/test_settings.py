"""Production settings refuse to start without their three variables and pass `check --deploy` with them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD = {
    "SECRET_KEY": "p" + "rod-key-for-tests-only-" + "x7Kq2mZ9vR4tL8wN3bH6jD1fG5sA0cE-Yu",
    "ALLOWED_HOSTS": "cart-academy.example",
    "DATABASE_URL": "sqlite:////tmp/cart-academy-deploy-check.sqlite3",
    "SITE_URL": "https://cart-academy.example",
}


def run_manage(*args: str, env_overrides: dict[str, str | None]):
    unwanted = {*GOOD, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    for key, value in env_overrides.items():
        if value is not None:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_variable(missing):
    result = run_manage("check", env_overrides={**GOOD, missing: None})
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", env_overrides={**GOOD, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_passes_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_load_demo_is_refused():
    result = run_manage("load_demo", env_overrides=GOOD)
    assert result.returncode != 0
    assert "load_demo refuses to run with these settings" in result.stderr


def test_the_embedded_sqlite_database_queues_writers_instead_of_failing(tmp_path):
    """WAL journal, a busy timeout and IMMEDIATE transactions on the `make run` default (issue 13)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    script = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]
