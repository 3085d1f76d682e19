"""Production settings refuse to start without their three variables and pass `check --deploy` with them."""

import os
import shutil
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


def run_python(script: str, *, drop=frozenset(), **env_overrides: str):
    """`python -c script` under the development settings: this environment less `drop`, plus overrides."""
    unwanted = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_sqlite_database_queues_writers_instead_of_failing(tmp_path):
    """WAL journal, a busy timeout and IMMEDIATE transactions on the `make run` default (issue 13)."""
    script = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_python(script, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def dev_site_url(**env_overrides: str) -> str:
    """SITE_URL as config.settings.dev computes it from a clean environment plus `env_overrides`."""
    script = (
        "from django.conf import settings; print(settings.SITE_URL); print(settings.WAGTAILADMIN_BASE_URL)"
    )
    result = run_python(script, drop={"SITE_URL", "HOST", "PORT"}, **env_overrides)
    assert result.returncode == 0, result.stderr
    site_url, admin_base_url = result.stdout.split()
    assert admin_base_url == site_url
    return site_url


def test_dev_site_url_follows_host_and_port():
    """`make run PORT=8801` must not print links and QR codes to port 8000 (issue 15)."""
    assert dev_site_url(HOST="127.0.0.1", PORT="8801") == "http://127.0.0.1:8801"
    assert dev_site_url() == "http://127.0.0.1:8000"


def test_an_explicit_site_url_wins_over_host_and_port():
    assert (
        dev_site_url(HOST="192.168.1.5", PORT="8801", SITE_URL="https://lab.example/")
        == "https://lab.example"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_its_address_as_site_url():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8801"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    [load] = [line for line in lines if "manage.py load_demo" in line]
    assert load.startswith("SITE_URL=http://127.0.0.1:8801 "), load
    # The web server, the worker and the scheduler start together from the Procfile (honcho).
    [start] = [line for line in lines if "honcho start" in line]
    assert " SITE_URL=http://127.0.0.1:8801 RUN_ADDR=127.0.0.1:8801 " in start, start
    procfile = dict(
        line.split(":", 1)
        for line in (settings.BASE_DIR / "Procfile").read_text().splitlines()
        if line[:1].isalpha()
    )
    assert procfile["web"].strip() == "python manage.py runserver ${RUN_ADDR:-127.0.0.1:8000}"
    assert "manage.py db_worker" in procfile["worker"] and "manage.py scheduler" in procfile["scheduler"]
    explicit = subprocess.run(
        ["make", "-n", "run", "PORT=8801", "SITE_URL=https://lab.example"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "SITE_URL=https://lab.example RUN_ADDR=127.0.0.1:8801 .venv/bin/honcho start" in explicit.stdout


def test_tasks_backend_is_the_database_unless_told_otherwise():
    """TASKS_BACKEND chooses where tasks run; the tests themselves run them immediately."""
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    result = run_python(
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        drop={"TASKS_BACKEND"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"
    immediate = run_python(
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        TASKS_BACKEND="immediate",
    )
    assert immediate.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend"
    wrong = run_python("from django.conf import settings; settings.TASKS", TASKS_BACKEND="celery")
    assert wrong.returncode != 0 and "TASKS_BACKEND must be one of" in wrong.stderr


def test_production_with_redis_and_s3_passes_check_deploy():
    """Several nodes (ADR 0020): the Redis and S3 settings pass `check --deploy` and are what runs."""
    scaled = {
        **GOOD,
        "REDIS_URL": "redis://127.0.0.1:6399/0",  # not contacted by the checks
        "S3_BUCKET": "cart-files",
        "S3_ENDPOINT_URL": "http://127.0.0.1:5099",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=scaled)
    assert result.returncode == 0, result.stdout + result.stderr
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; from certificates.storage import private_storage as p;"
        "print(s.CACHES['ratelimit']['BACKEND'], s.TASKS['default']['BACKEND'], s.SESSION_ENGINE,"
        " s.STORAGES['default']['BACKEND'], type(p()).__name__, p().location, p().querystring_expire,"
        " s.STORAGES['staticfiles']['BACKEND'])",
        env_overrides=scaled,
    )
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "django_redis.cache.RedisCache",
        "django_tasks_rq.RQBackend",
        "django.contrib.sessions.backends.cached_db",
        "storages.backends.s3.S3Storage",
        "S3Storage",
        "private",
        "300",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ], shown.stderr[-2000:]


def test_production_without_redis_keeps_one_host_caches():
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(sorted(s.CACHES), s.RATELIMIT_USE_CACHE,"
        " s.TASKS['default']['BACKEND'], s.STORAGES['default']['BACKEND'])",
        env_overrides=GOOD,
    )
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "['default',",
        "'ratelimit']",
        "ratelimit",
        "django_tasks_db.DatabaseBackend",
        "django.core.files.storage.FileSystemStorage",
    ], shown.stderr[-2000:]
