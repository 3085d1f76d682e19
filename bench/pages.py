"""Requests per second of our pages next to reference projects, and the queries each of our pages makes.

Run: .venv/bin/python bench/pages.py [--workdir /tmp/cart-bench] [--duration 10] [--rounds 3]
     .venv/bin/python bench/pages.py --tiny     (query counts only: no network, no pip, no wrk, no server)

The full run builds, in --workdir (never in the repository):
  ours/  this project's database with `load_demo` (development settings: production refuses demo content),
         then `collectstatic`, served with production settings (DEBUG off, SQLite, WhiteNoise);
  bare/  a bare `wagtail start` project with this virtualenv's Wagtail, its home page, plus one bare Django
         JSON view at /bench-json/ (production settings of the template, DEBUG off, SQLite);
  lms/   a separate virtualenv with the peer package wagtail-lms 0.11.1 (pip, so it needs the network once),
         a `wagtail start` project using it and a course page with 10 H5P lesson pages, created by a script.
Each is served by gunicorn with 2 sync workers on 127.0.0.1 (ports --port .. --port+2), warmed, and measured
with wrk (2 threads x 16 connections). Ours and its reference alternate (ours, ref, ours, ref, ...) so that
the load of a shared machine falls on both; the table shows the mean of the rounds. The enrolled course page
carries the session cookie of a signed-in trainee enrolled in the course (ours: the demo trainee; wagtail-lms:
an enrolled user). Anything answering other than 2xx is counted and marked. Then the queries per page with
Django's test client (cache cleared, then the same request again), which is all the tiny run does.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import harness

ROOT = harness.ROOT
PYTHON = Path(sys.executable)
LMS_VERSION = "0.11.1"
# The reference project installs the same Wagtail, Django and gunicorn as ours (requirements.txt).
LMS_PINS = ["wagtail==8.0.1", "Django==5.2.19", "gunicorn==27.0.1"]
SITE_URL = "https://cart-bench.example"
HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front of production sets

LMS_SETUP = """
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonPage

home = Page.objects.get(depth=2)
course = CoursePage.objects.filter(slug="bench-course").first()
if course is None:
    course = CoursePage(title="Bench course", slug="bench-course", description="<p>Ten lessons.</p>")
    home.add_child(instance=course)
    course.save_revision().publish()
    for index in range(1, 11):
        lesson = H5PLessonPage(
            title=f"Lesson {index}", slug=f"lesson-{index}", intro=f"<p>What lesson {index} is about.</p>"
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
user, _ = get_user_model().objects.get_or_create(username="learner", defaults={"email": "l@example.org"})
CourseEnrollment.objects.get_or_create(user=user, course=course)
client = Client()
client.force_login(user)
print("URL", course.url)
print("SESSION", client.cookies["sessionid"].value)
"""

BARE_JSON_VIEW = '''

from django.http import JsonResponse


def bench_json(request):
    """The bare Django JSON view the certificate API is compared with."""
    return JsonResponse({"status": "valid", "code": "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z", "holder": "Bench"})


urlpatterns.insert(0, path("bench-json/", bench_json))
'''


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    print("  $", " ".join(str(part) for part in command[:6]), "..." if len(command) > 6 else "", flush=True)
    return subprocess.run([str(part) for part in command], check=True, **kwargs)  # noqa: S603 - our commands


# -- Our project --------------------------------------------------------------------------------------------
def our_env(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **env,
        "VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SECRET_KEY": "bench-" + "k3y-n0t-s3cr3t-" * 5,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": SITE_URL,
        "CERTIFICATE_SIGNING_KEY_FILE": str(folder / "keys" / "certificate-signing.pem"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "immediate",
        # wrk asks from one address: the per-address limit would answer 429 after 60 requests.
        "VERIFY_RATE_LIMIT": "100000000/m",
        "LOG_LEVEL": "WARNING",
    }


def build_ours(folder: Path, rebuild: bool) -> dict[str, str]:
    env = our_env(folder)
    if rebuild or not (folder / "db.sqlite3").exists():
        print("building our project (migrate, load_demo with the curriculum, collectstatic) ...", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        dev = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
        run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=dev)
        run([PYTHON, "manage.py", "load_demo"], cwd=ROOT, env=dev, stdout=subprocess.DEVNULL)
    production = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=production)
    return production


# -- References -------------------------------------------------------------------------------------------
def start_project(wagtail: Path, name: str, folder: Path) -> None:
    folder.mkdir(parents=True)
    run([wagtail, "start", name, folder], stdout=subprocess.DEVNULL)
    (folder / name / "settings" / "local.py").write_text(
        f'SECRET_KEY = "{secrets.token_urlsafe(50)}"\n'
        'ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]\n'
    )


def build_bare(folder: Path, rebuild: bool) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bareref.settings.production"}
    env.pop("DATABASE_URL", None)
    if rebuild or not (folder / "db.sqlite3").exists():
        print("building the bare Wagtail project (wagtail start) ...", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        start_project(PYTHON.parent / "wagtail", "bareref", folder)
        with open(folder / "bareref" / "urls.py", "a") as urls:
            urls.write(BARE_JSON_VIEW)
        run([PYTHON, "manage.py", "migrate", "-v0"], cwd=folder, env=env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=folder, env=env)
    return env


def build_lms(folder: Path, rebuild: bool) -> tuple[dict[str, str], str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lmsref.settings.production"}
    env.pop("DATABASE_URL", None)
    venv = folder / "venv"
    project = folder / "project"
    if rebuild or not (project / "db.sqlite3").exists():
        print(
            f"building the wagtail-lms {LMS_VERSION} project (its own virtualenv, pip install) ...",
            flush=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        run(["python3.11" if shutil.which("python3.11") else "python3", "-m", "venv", venv])
        run([venv / "bin/pip", "install", "-q", f"wagtail-lms=={LMS_VERSION}", *LMS_PINS])
        start_project(venv / "bin/wagtail", "lmsref", project)
        base = project / "lmsref" / "settings" / "base.py"
        base.write_text(base.read_text().replace('"home",', '"home",\n    "wagtail_lms",', 1))
        with open(project / "lmsref" / "urls.py", "a") as urls:
            urls.write('\nurlpatterns.insert(0, path("lms/", include("wagtail_lms.urls")))\n')
        run([venv / "bin/python", "manage.py", "migrate", "-v0"], cwd=project, env=env)
        run([venv / "bin/python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=project, env=env)
    done = subprocess.run(  # noqa: S603 - the reference's own interpreter
        [str(venv / "bin/python"), "manage.py", "shell", "-c", LMS_SETUP],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = dict(
        line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("URL ", "SESSION "))
    )
    return env, found["URL"], found["SESSION"]


# -- Serving and measuring ----------------------------------------------------------------------------------
class Server:
    def __init__(self, name: str, gunicorn: Path, app: str, cwd: Path, env: dict, port: int, log: Path):
        self.name, self.port = name, port
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn from a virtualenv we built
            [
                str(gunicorn),
                app,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--no-control-socket",
            ],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: gunicorn stopped, see {self.log.name}")
            try:
                status_of(self.url("/"), {})  # any answer will do (ours redirects http to https)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name}: gunicorn did not answer on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, headers: dict) -> int:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, headers: dict, seconds: int) -> tuple[float, int]:
    # A slow page on a busy machine must not be cut off at wrk's default 2 s timeout and counted as nothing.
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "60s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(  # noqa: S603 - wrk against our local servers
        [*command, url], check=True, capture_output=True, text=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rate, (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)


def measure(pairs: list[dict], servers: dict, duration: int, rounds: int) -> list[dict]:
    print("warming every target and checking it answers 200 ...", flush=True)
    for pair in pairs:
        for side in ("ours", "ref"):
            server, path, headers = pair[side]
            url = servers[server].url(path)
            code = status_of(url, headers)
            if code != 200:
                raise SystemExit(f"{pair['page']} ({side}): {url} answered {code}, not 200")
            wrk(url, headers, 2)  # warm: worker processes, templates, caches meant to be warm
    rows = []
    for pair in pairs:
        rates = {"ours": [], "ref": []}
        bad = 0
        for _ in range(rounds):
            for side in ("ours", "ref"):  # interleaved: ours, ref, ours, ref, ...
                server, path, headers = pair[side]
                rate, failures = wrk(servers[server].url(path), headers, duration)
                rates[side].append(rate)
                bad += failures
        ours, ref = statistics.mean(rates["ours"]), statistics.mean(rates["ref"])
        rows.append(
            {
                **pair,
                "ours_rps": ours,
                "ref_rps": ref,
                "ratio": ours / ref if ref else float("nan"),
                "bad": bad,
            }
        )
        print(f"  {pair['page']}: ours {rates['ours']}, reference {rates['ref']}", flush=True)
    return rows


def print_table(rows: list[dict]) -> None:
    print()
    print("| page | ours req/s | reference req/s | ratio | target | pass |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        passed = "yes" if row["ratio"] >= row["target"] and not row["bad"] else "no"
        note = f" ({row['bad']} non-2xx answers or socket errors)" if row["bad"] else ""
        print(
            f"| {row['page']} vs {row['ref_name']} | {row['ours_rps']:.1f} | {row['ref_rps']:.1f} "
            f"| {row['ratio']:.2f}x | >= {row['target']}x | {passed}{note} |"
        )


# -- Query counts (both runs) ------------------------------------------------------------------------------
def our_pages() -> tuple[dict[str, str], object]:
    """Our pages by name, and the trainee enrolled in the demo course (enrolled here if not yet)."""
    from certificates.api import Certificate
    from courses.api import CourseIndexPage, CoursePage, LessonPage
    from learning.api import enrol
    from people.api import User

    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lesson = LessonPage.objects.descendant_of(course).live().order_by("path").first()
    trainee = User.objects.get(email="trainee@cart-academy.example")
    enrol(user=trainee, course=course)
    code = (
        Certificate.objects.filter(revoked_at=None, superseded_at=None).values_list("code", flat=True).first()
    )
    catalog = CourseIndexPage.objects.live().filter(locale__language_code="ru").first()
    return {
        "home": "/ru/",
        "catalog": catalog.url,
        "course": course.url,
        "first lesson": lesson.url,
        "certificate API": f"/api/v1/certificates/{code}",
    }, trainee


def query_counts(pages: dict[str, str], trainee) -> str:
    """Print the queries of each page, cache cold then warm; return the enrolled trainee's session key."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # the test client's host name allowed
    anonymous, enrolled = Client(headers=HEADERS), Client(headers=HEADERS)
    enrolled.force_login(trainee)
    cases = [(name, path, anonymous, "anonymous") for name, path in pages.items()]
    cases.insert(3, ("course", pages["course"], enrolled, "enrolled"))
    print()
    print("| page | who | status | queries, cache cold | queries, cache warm |")
    print("|---|---|---|---|---|")
    for name, path, client, who in cases:
        counts, statuses = [], set()
        for state in ("cold", "warm"):
            if state == "cold":
                for cache in caches.all():
                    cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True, follow=True)
            counts.append(len(captured))
            statuses.add(response.status_code)
        status = "/".join(str(code) for code in sorted(statuses))
        print(f"| {name} ({path}) | {who} | {status} | {counts[0]} | {counts[1]} |")
        if statuses != {200}:
            raise SystemExit(f"{name} answered {status}")
    return enrolled.cookies["sessionid"].value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="query counts of our pages only (make test)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cart-bench"))  # noqa: S108 - a scratch folder
    parser.add_argument("--rebuild", action="store_true", help="build the projects again even if present")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved wrk runs per side of each pair")
    parser.add_argument("--port", type=int, default=8831, help="first of three ports for gunicorn")
    parser.add_argument(
        "--only", action="append", default=[], metavar="PAGE", help='only this row, e.g. "certificate API"'
    )
    args = parser.parse_args()

    if args.tiny:
        bench_dir = Path(os.environ.get("BENCH_DIR") or ROOT / "var" / "bench")
        os.environ.setdefault("VAR_DIR", str(bench_dir / "pages-var"))  # the file cache, kept out of var/
        os.environ.setdefault("VERIFY_RATE_LIMIT", "100000000/m")
        harness.start("pages")
        from django.core.management import call_command

        from demo.loader import load_demo

        call_command("migrate", verbosity=0)
        load_demo(curriculum=False)
        pages, trainee = our_pages()
        query_counts(pages, trainee)
        print()
        print("references skipped: tiny mode (no network, no pip installs, no wrk, no gunicorn)")
        return

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk); --tiny runs without it")
    workdir = args.workdir.resolve()
    if workdir == ROOT or ROOT in workdir.parents:
        raise SystemExit("--workdir must be outside the repository: the references' code is never committed")
    workdir.mkdir(parents=True, exist_ok=True)
    ours_env = build_ours(workdir / "ours", args.rebuild)
    bare_env = build_bare(workdir / "bare", args.rebuild)
    lms_env, lms_course, lms_session = build_lms(workdir / "lms", args.rebuild)

    os.environ.update(ours_env)
    harness.start("pages", settings="config.settings.production")
    pages, trainee = our_pages()
    session = query_counts(pages, trainee)
    print()

    enrolled = {**HEADERS, "Cookie": f"sessionid={session}"}
    lms_enrolled = {"Cookie": f"sessionid={lms_session}"}
    bare, lms = "bare `wagtail start` home", f"wagtail-lms {LMS_VERSION} course (10 lessons)"
    pairs = [
        {
            "page": "course, anonymous",
            "ours": ("ours", pages["course"], HEADERS),
            "ref": ("lms", lms_course, {}),
        },
        {"page": "course, enrolled", "ours": ("ours", pages["course"], enrolled)},
        {"page": "first lesson, anonymous", "ours": ("ours", pages["first lesson"], HEADERS)},
        {"page": "home", "ours": ("ours", pages["home"], HEADERS)},
        {"page": "catalog", "ours": ("ours", pages["catalog"], HEADERS)},
        {"page": "certificate API", "ours": ("ours", pages["certificate API"], HEADERS)},
    ]
    references = [
        (lms, ("lms", lms_course, {}), 1.5),
        (lms + ", enrolled", ("lms", lms_course, lms_enrolled), 1.5),
        (bare, ("bare", "/", {}), 0.8),
        (bare, ("bare", "/", {}), 0.8),
        (bare, ("bare", "/", {}), 0.6),
        ("bare Django JSON view", ("bare", "/bench-json/", {}), 0.6),
    ]
    for pair, (name, ref, target) in zip(pairs, references, strict=True):
        pair.update(ref_name=name, ref=ref, target=target)
    if args.only:
        unknown = set(args.only) - {pair["page"] for pair in pairs}
        if unknown:
            rows = [pair["page"] for pair in pairs]
            raise SystemExit(f"--only: no such row {sorted(unknown)}; rows: {rows}")
        pairs = [pair for pair in pairs if pair["page"] in args.only]

    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    servers = {
        "ours": Server(
            "ours", PYTHON.parent / "gunicorn", "config.wsgi", ROOT, ours_env, args.port, logs / "ours.log"
        ),
        "bare": Server(
            "bare",
            PYTHON.parent / "gunicorn",
            "bareref.wsgi",
            workdir / "bare",
            bare_env,
            args.port + 1,
            logs / "bare.log",
        ),
        "lms": Server(
            "lms",
            workdir / "lms/venv/bin/gunicorn",
            "lmsref.wsgi",
            workdir / "lms/project",
            lms_env,
            args.port + 2,
            logs / "lms.log",
        ),
    }
    try:
        for server in servers.values():
            server.wait()
        print(
            f"gunicorn, 2 sync workers each; wrk -t2 -c16, {args.rounds} x {args.duration} s per side",
            flush=True,
        )
        rows = measure(pairs, servers, args.duration, args.rounds)
    finally:
        for server in servers.values():
            server.stop()
    print_table(rows)


if __name__ == "__main__":
    main()
