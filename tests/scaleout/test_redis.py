"""Several web nodes and workers share one Redis (ADR 0020): cache, rate-limit counters, sessions, tasks.

Against a real redis-server started for the run (tests/scaleout/conftest.py). "Another node" is another
Python process with the development settings and REDIS_URL, as deploy/run-local.sh starts them.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_ratelimit.core import get_usage

from config.settings.scaleout import redis_caches

MOMENT = datetime(2026, 11, 30, 10, 0, 5, tzinfo=UTC)  # both nodes count in the same window


def other_node(script: str, redis_url: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Run `script` in a separate process: the development settings with REDIS_URL (another node)."""
    dropped = ("DJANGO_", "DATABASE_", "S3_", "TASKS_", "REDIS_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    base.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        REDIS_URL=redis_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'node.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        **env,
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=settings.BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture
def on_redis(redis_db, redis_url):
    with override_settings(
        CACHES=redis_caches(redis_url),
        RATELIMIT_USE_CACHE="ratelimit",
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    ):
        yield redis_db


def test_default_and_ratelimit_caches_are_apart_on_one_redis(on_redis):
    caches["default"].set("greeting", "привет")
    caches["ratelimit"].set("greeting", 7)

    assert caches["default"].get("greeting") == "привет"
    assert caches["ratelimit"].get("greeting") == 7
    assert sorted(key.decode() for key in on_redis.keys("*")) == ["cart-rl:1:greeting", "cart:1:greeting"]


def test_two_nodes_count_one_client_against_one_rate_limit(on_redis, redis_url, tmp_path):
    request = RequestFactory().get("/verify/X/", REMOTE_ADDR="10.0.0.7")
    with time_machine.travel(MOMENT, tick=False):
        for _ in range(3):
            usage = get_usage(request, group="g", key="ip", rate="3/m", increment=True)
    assert usage["count"] == 3 and not usage["should_limit"]

    script = (
        "import json, time_machine; from datetime import datetime;"
        "from django.test import RequestFactory; from django_ratelimit.core import get_usage\n"
        f"with time_machine.travel(datetime.fromisoformat({MOMENT.isoformat()!r}), tick=False):\n"
        "    seen = {}\n"
        "    for ip in ('10.0.0.7', '10.0.0.8'):\n"
        "        r = RequestFactory().get('/verify/X/', REMOTE_ADDR=ip)\n"
        "        u = get_usage(r, group='g', key='ip', rate='3/m', increment=True)\n"
        "        seen[ip] = [u['count'], u['should_limit']]\n"
        "print(json.dumps(seen))"
    )
    seen = json.loads(other_node(script, redis_url, tmp_path).stdout.strip().splitlines()[-1])

    assert seen == {"10.0.0.7": [4, True], "10.0.0.8": [1, False]}  # the 4th request, on the other node


def test_sessions_are_read_from_redis_and_kept_in_the_database(on_redis, client, trainee):
    client.force_login(trainee)
    key = client.session.session_key
    assert on_redis.exists(f"cart:1:django.contrib.sessions.cached_db{key}")
    assert Session.objects.filter(session_key=key).exists()  # a Redis restart signs nobody out
    assert client.get(reverse("people:profile")).status_code == 200

    on_redis.flushdb()  # Redis lost everything: the database row still holds the session
    assert client.get(reverse("people:profile")).status_code == 200

    Session.objects.filter(session_key=key).delete()
    on_redis.flushdb()
    assert client.get(reverse("people:profile")).status_code == 302  # gone from both: signed out


def test_settings_with_redis_url_use_redis_everywhere(redis_url, tmp_path):
    script = (
        "import json; from django.conf import settings\n"
        "print(json.dumps({'caches': {k: v['BACKEND'] for k, v in settings.CACHES.items()},"
        " 'ratelimit': settings.RATELIMIT_USE_CACHE, 'sessions': settings.SESSION_ENGINE,"
        " 'tasks': settings.TASKS['default']['BACKEND'], 'rq': settings.RQ_QUEUES['default']['URL']}))"
    )
    seen = json.loads(other_node(script, redis_url, tmp_path).stdout.strip().splitlines()[-1])

    assert seen == {
        "caches": {"default": "django_redis.cache.RedisCache", "ratelimit": "django_redis.cache.RedisCache"},
        "ratelimit": "ratelimit",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "tasks": "django_tasks_rq.RQBackend",
        "rq": redis_url,
    }
    kept = other_node(
        "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])",
        redis_url,
        tmp_path,
        TASKS_BACKEND="database",
    )
    assert kept.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend"


def test_an_enqueued_task_is_run_by_an_rq_worker(redis_db, redis_url, tmp_path):
    enqueue = (
        "from tests.scaleout.tasks import shout\n"
        "assert type(shout.get_backend()).__name__ == 'RQBackend', shout.get_backend()\n"
        "print(shout.enqueue('узел').id)"
    )
    result_id = other_node(enqueue, redis_url, tmp_path).stdout.strip().splitlines()[-1]
    check = (
        "from tests.scaleout.tasks import shout\n"
        f"r = shout.get_result({result_id!r}); print(r.status, r.return_value if r.is_finished else '')"
    )
    assert other_node(check, redis_url, tmp_path).stdout.strip().splitlines()[-1] == "READY"

    worker = (
        "from django.core.management import call_command\n"
        "call_command('rqworker', 'default', burst=True, job_class='django_tasks_rq.Job')"
    )
    other_node(worker, redis_url, tmp_path)

    assert other_node(check, redis_url, tmp_path).stdout.strip().splitlines()[-1] == "SUCCESSFUL УЗЕЛ!"


def test_the_rq_worker_runs_jobs_in_its_own_process_and_checks_its_connection_around_each(
    redis_url, tmp_path
):
    """ADR 0025: no fork per job (SimpleWorker); a connection past CONN_MAX_AGE (or broken) is closed when a
    job starts or finishes, as around a request, so a long-lived worker survives a database restart."""
    script = (
        "from django.db import connection\n"
        "from django_rq.workers import get_worker_class\n"
        "from django_tasks.signals import task_finished, task_started\n"
        "from django_tasks_rq import RQBackend\n"
        "from types import SimpleNamespace\n"
        "result = SimpleNamespace(id='x', task=SimpleNamespace(module_path='t'), status='RUNNING')\n"
        "closed = []\n"
        "for signal in (task_started, task_finished):\n"
        "    connection.ensure_connection(); connection.close_at = 0  # obsolete\n"
        "    signal.send(sender=RQBackend, task_result=result)\n"
        "    closed.append(connection.connection is None)\n"
        "print(get_worker_class().__name__, closed)"
    )
    done = other_node(script, redis_url, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "SimpleWorker [True, True]"
