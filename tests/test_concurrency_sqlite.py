"""Twenty people sign in at the same moment, then submit their quiz attempts at the same moment, against a
real server on the embedded SQLite database: no 5xx, every sign-in works, every attempt is graded once.

Why not pytest-django's `live_server`: on SQLite the test database is in memory and the live server
thread shares the test's one connection, so requests would take turns and nothing would be concurrent.
Here the test database (migrated, demo content loaded) is copied into a file, and gunicorn serves that
file the way production serves PostgreSQL: two worker processes with ten threads each, so SQLite's
locking (WAL, IMMEDIATE transactions, the 20 s busy timeout of config/settings/base.py) is what keeps
writers apart. Requests go to 127.0.0.1 only.
"""

import http.cookiejar
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection

from tests.factories import PASSWORD

PEOPLE = 20

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite concurrency test needs SQLite (settings use another DB)"
)

# Run by `manage.py shell` against the file: 20 verified trainees, a quiz of every kind, an open attempt each.
SETUP = f"""
import json
from assessments.models import Assessment, DrawRule
from assessments.services import start_attempt
from courses.models import CoursePage
from tests.assessments.conftest import ALL_KINDS, make_bank
from tests.factories import UserFactory

course = CoursePage.objects.get(locale__language_code="ru", slug="vvedenie-v-car-t")
bank = make_bank("Параллельная сдача")
quiz = Assessment.objects.create(title="Параллельная сдача", page=course, pass_mark=50)
DrawRule.objects.create(assessment=quiz, bank=bank, count=len(ALL_KINDS))
people = []
for index in range({PEOPLE}):
    user = UserFactory(email=f"parallel{{index:02d}}@example.org")
    attempt, _ = start_attempt(user=user, assessment=quiz)
    people.append({{"email": user.email, "attempt": attempt.pk}})
print(json.dumps(people))
"""


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class Browser:
    """One person's cookies and requests (the standard library's urllib; no redirects followed)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects)

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            return error.code, dict(error.headers), error.read()

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)

    def form(self, path: str) -> dict[str, list[str]]:
        """The fields of the page's main form with the first value each offers (the CSRF token among them)."""
        status, _headers, content = self.request(path)
        assert status == 200, (path, status)
        fields: dict[str, list[str]] = {}
        for element in BeautifulSoup(content, "html.parser").select(
            "main form input[name], main form select[name]"
        ):
            if element.get("type") in ("radio", "checkbox") and element["name"] in fields:
                continue
            value = element.get("value")
            if element.name == "select":
                options = [o.get("value", "") for o in element.select("option") if o.get("value")]
                value = options[0] if options else ""
            fields.setdefault(element["name"], []).append(value or "")
        return fields


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def all_at_once(count: int, work) -> list:
    """Run work(index) in `count` threads released together by a barrier; exceptions are returned."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - returned and asserted on
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture(scope="module")
def sqlite_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database (demo content loaded, nothing else) copied into a file."""
    path = tmp_path_factory.mktemp("concurrency") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


@pytest.fixture(scope="module")
def server(sqlite_file):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{sqlite_file}",
    }
    manage = [sys.executable, "manage.py"]
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    people = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--worker-class", "gthread", "--threads", "10", "--timeout", "120"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until both workers answer, at most about a minute
            if gunicorn.poll() is not None:
                pytest.fail(f"gunicorn stopped: {gunicorn.stderr.read().decode()[-2000:]}")
            try:
                if Browser(base).request("/ru/accounts/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base, people, sqlite_file
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


@pytest.mark.django_db  # so that pytest-django sets up the test database the fixture copies
def test_twenty_sign_ins_and_then_twenty_quiz_submits_at_once_on_sqlite(server):
    base, people, database = server
    browsers = [Browser(base) for _ in people]
    forms = [browser.form("/ru/accounts/login/") for browser in browsers]

    def sign_in(index):
        fields = {**forms[index], "login": people[index]["email"], "password": PASSWORD}
        return browsers[index].request("/ru/accounts/login/", fields)

    signed = all_at_once(PEOPLE, sign_in)
    assert not [r for r in signed if isinstance(r, Exception)], signed
    assert [status for status, _headers, _body in signed] == [302] * PEOPLE, [s[0] for s in signed]
    assert all(browser.cookie("sessionid") for browser in browsers)
    assert {headers["Location"] for _status, headers, _body in signed} == {"/ru/dashboard/"}  # trainees

    quiz_forms = [browsers[i].form(f"/ru/attempts/{person['attempt']}/") for i, person in enumerate(people)]

    def submit(index):
        # The attempt's sequence number and CSRF token; the questions left unanswered (graded as wrong).
        fields = {name: quiz_forms[index][name] for name in ("csrfmiddlewaretoken", "sequence")}
        fields["submit_anyway"] = "1"  # the trainee confirmed: no confirmation step
        return browsers[index].request(f"/ru/attempts/{people[index]['attempt']}/submit/", fields)

    submitted = all_at_once(PEOPLE, submit)
    assert not [r for r in submitted if isinstance(r, Exception)], submitted
    statuses = [status for status, _headers, _body in submitted]
    assert statuses == [302] * PEOPLE, statuses
    for (_status, headers, _body), person in zip(submitted, people, strict=True):
        assert headers["Location"] == f"/ru/attempts/{person['attempt']}/result/"

    with sqlite3.connect(database) as db:
        ids = [person["attempt"] for person in people]
        rows = db.execute(
            f"SELECT status, percent IS NOT NULL, sequence FROM assessments_attempt WHERE id IN ({','.join('?' * PEOPLE)})",  # noqa: S608, E501
            ids,
        ).fetchall()
    assert len(rows) == PEOPLE
    assert {(status, graded) for status, graded, _sequence in rows} == {("submitted", 1)}
    # Graded exactly once: every attempt went through the same writes, and nobody got a second attempt.
    assert len({sequence for _status, _graded, sequence in rows}) == 1
    with sqlite3.connect(database) as db:
        per_person = db.execute(
            "SELECT COUNT(*) FROM assessments_attempt a JOIN people_user u ON u.id = a.user_id"
            " WHERE u.email LIKE 'parallel%' GROUP BY a.user_id"
        ).fetchall()
    assert per_person == [(1,)] * PEOPLE
