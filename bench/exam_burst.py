#!/usr/bin/env python3
"""A burst of trainees sitting the same final exam at once, on the production layout (issue 14, ADR 0020).

Full size (the default): deploy/run_local.py's cluster on this machine: nginx (port 8820) in front of two
gunicorn nodes, one RQ worker, the scheduler, PostgreSQL (initdb in a temporary folder), Redis and moto's S3
server. 200 trainees of the demo course, each with every lesson confirmed and the module quiz passed (the
final exam's prerequisites), are created first; then each one, as an asyncio HTTP client (httpx) with its
own cookies, arrives at a random moment in the first --ramp seconds and: opens the sign-in page (CSRF), signs
in (allauth), starts the SAME final exam ("Итоговый экзамен"), opens the attempt page, saves its answers,
and submits them signed with its password. Every fifth trainee answers only the first question and fails.
After the worker has drained the queue (certificate PDFs to S3, emails), the database is counted.

Rate limits: 200 sign-ins from 127.0.0.1 would exceed allauth's "30/m/ip" login limit, so each simulated
trainee sends its own address in X-Bench-Client; nginx (the realip module, bench only) makes that the client
address and passes it on as X-Real-IP, which the app reads (RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP), as it
reads the real client address behind nginx in production. The limits themselves are unchanged.

Passwords: the set-up hashes with MD5 to create 200 accounts in seconds, then gives every trainee the same
hash made by the project's first hasher (Argon2id, ADR 0025), so the burst's sign-ins and exam signatures
pay the real cost.

"Within one minute" (issue 14) is measured from the first trainee's first request to the last submission's
answer, arrivals included; the output also gives the span of the arrivals themselves, the load average and
the CPU seconds each part of the cluster used during the burst (the machine may be shared).

--tiny (tests/test_bench_smoke.py): 3 trainees, the bench's SQLite file, one in-process WSGI server on a free
loopback port (no nginx, no gunicorn), tasks run immediately; the same steps and the same counts.

Run: .venv/bin/python bench/exam_burst.py [--trainees 200] [--ramp 30] [--port 8820]
(--port: nginx's; the nodes take the next ones, PostgreSQL +10, Redis +11, moto +12)
"""

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-burst-2026-pass"  # noqa: S105 - throwaway bench accounts
EMAIL = "burst{:03d}@bench.example"
FINAL_EXAM = "Итоговый экзамен"
MODULE_QUIZ = "Тест по модулю «Что такое CAR-T-препарат»"
STEPS = ("login page", "sign in", "start exam", "exam page", "save answers", "submit")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')


# -- set-up (in this process, through the services, as a trainee's earlier days would have done) ----------


def prepare_trainees(count: int) -> int:
    """`count` trainees ready for the final exam; returns the exam's id."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    from assessments.models import Assessment
    from courses.models import CoursePage, LessonPage
    from learning.services import complete_lesson, enrol, record_visit
    from people.models import User
    from tests.assessments.conftest import pass_attempt

    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    module_quiz = Assessment.objects.get(title=MODULE_QUIZ)
    exam = Assessment.objects.get(title=FINAL_EXAM, page__locale__language_code="ru")
    started = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for index in range(count):
            user = User.objects.create_user(
                email=EMAIL.format(index), password=PASSWORD, full_name=f"Стажёр Нагрузочный {index:03d}"
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            enrolment, _created = enrol(user=user, course=course)
            for lesson in lessons:
                record_visit(enrolment=enrolment, lesson=lesson)
                complete_lesson(user=user, lesson=lesson, secret=PASSWORD)
            pass_attempt(user, module_quiz, secret=PASSWORD)
            if count >= 20 and (index + 1) % (count // 10) == 0:
                print(f"  set-up: {index + 1}/{count} trainees", flush=True)
    hashed = make_password(PASSWORD)  # the project's first hasher, as a sign-up or a password change makes it
    User.objects.filter(email__endswith="@bench.example").update(password=hashed)
    print(f"set-up: {count} trainees ready for the final exam in {time.perf_counter() - started:.0f} s")
    return exam.pk


def form_fields(attempt_id: int, *, right: bool) -> list[tuple[str, str]]:
    """The attempt form's fields: every answer right, or (`right=False`) only the first question answered."""
    from assessments.models import AttemptQuestion
    from tests.assessments.conftest import right_response

    fields: list[tuple[str, str]] = []
    questions = AttemptQuestion.objects.filter(attempt_id=attempt_id).select_related("version")
    for question in questions.order_by("position"):
        if not right and question.position > 1:
            break
        name, kind = f"q{question.position}", question.version.kind
        response = right_response(question.version)

        def token(index: int, question=question) -> str:
            return question.option_tokens[question.option_order.index(index)]

        if kind in ("single", "missing_word"):
            fields.append((name, token(response["choice"])))
        elif kind == "multiple":
            fields += [(name, token(index)) for index in response["choices"]]
        elif kind == "truefalse":
            fields.append((name, "true" if response["value"] else "false"))
        elif kind in ("short", "numeric"):
            fields.append((name, str(response.get("text", response.get("value")))))
        elif kind == "ordering":
            fields += [(f"{name}-slot{slot}", token(i)) for slot, i in enumerate(response["order"], 1)]
        elif kind == "matching":
            fields += [(f"{name}-m{left}", token(right)) for left, right in response["matches"].items()]
        else:
            raise ValueError(f"the bench does not know how to answer a {kind} question")
    return fields


# -- the burst ----------------------------------------------------------------------------------------


class Trainee:
    def __init__(self, index: int, client, timings: dict, errors: list):
        self.index, self.client, self.timings, self.errors = index, client, timings, errors
        self.arrived = self.done = None  # perf_counter() at the first request, at the submission's answer
        self.passes = index % 5 != 4  # every fifth trainee fails

    async def step(self, name: str, method: str, url: str, expect: int, **kwargs):
        started = time.perf_counter()
        response = await self.client.request(method, url, **kwargs)
        self.timings[name].append(time.perf_counter() - started)
        if response.status_code != expect:
            raise RuntimeError(f"{name}: {method} {url} answered {response.status_code}, not {expect}")
        return response

    def csrf(self) -> str:
        return self.client.cookies["csrftoken"]

    async def sit(self, exam_id: int, delay: float) -> bool | None:
        await asyncio.sleep(delay)
        self.arrived = time.perf_counter()
        try:
            page = await self.step("login page", "GET", "/ru/accounts/login/", 200)
            token = CSRF.search(page.text).group(1)
            data = {"login": EMAIL.format(self.index), "password": PASSWORD, "csrfmiddlewaretoken": token}
            await self.step("sign in", "POST", "/ru/accounts/login/", 302, data=data)
            started = await self.step(
                "start exam",
                "POST",
                f"/ru/assessments/{exam_id}/start/",
                302,
                data={"csrfmiddlewaretoken": self.csrf()},
            )
            attempt_url = started.headers["location"]
            attempt_id = int(re.search(r"/attempts/(\d+)/", attempt_url).group(1))
            page = await self.step("exam page", "GET", attempt_url, 200)
            sequence = SEQUENCE.search(page.text).group(1)
            fields: dict[str, list[str]] = defaultdict(list)
            for name, value in await asyncio.to_thread(_fields_closing, attempt_id, self.passes):
                fields[name].append(value)
            json = {"Accept": "application/json"}
            saved = await self.step(
                "save answers",
                "POST",
                f"/ru/attempts/{attempt_id}/answers/",
                200,
                headers=json,
                data={**fields, "sequence": sequence, "csrfmiddlewaretoken": self.csrf()},
            )
            submitted = await self.step(
                "submit",
                "POST",
                f"/ru/attempts/{attempt_id}/submit/",
                200,
                headers=json,
                data={
                    **fields,
                    "sequence": str(saved.json()["sequence"]),
                    "secret": PASSWORD,
                    "csrfmiddlewaretoken": self.csrf(),
                },
            )
            self.done = time.perf_counter()
            result = submitted.json()
            if result["passed"] != self.passes:
                raise RuntimeError(f"trainee {self.index}: passed={result['passed']}, meant {self.passes}")
            return result["passed"]
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown, none is fatal
            self.errors.append(f"trainee {self.index}: {type(error).__name__}: {error}")
            return None


def _fields_closing(attempt_id: int, right: bool):
    from django.db import connection

    try:
        return form_fields(attempt_id, right=right)
    finally:
        connection.close()  # a thread of its own: its connection goes with it


async def burst(*, count: int, exam_id: int, ramp: float, transport=None, base_url: str) -> dict:
    import httpx

    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    rng = random.Random(14)  # noqa: S311 - arrival times, not secrets
    clients = []
    tasks = []
    trainees = []
    # One connection pool for every trainee (each keeps its own cookies): 200 transports would each build
    # an SSL context, seconds of the bench's own CPU before the first arrival.
    transport = transport or httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=count))
    started = time.perf_counter()
    for index in range(count):
        client = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(600.0),
            headers={"X-Bench-Client": f"10.{index // 250}.{index % 250}.{7}", "Accept-Language": "ru"},
        )
        clients.append(client)
        trainees.append(Trainee(index, client, timings, errors))
        tasks.append(trainees[-1].sit(exam_id, rng.uniform(0, ramp)))
    outcomes = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    await transport.aclose()
    arrivals = [t.arrived for t in trainees if t.arrived is not None]
    finished = [t.done for t in trainees if t.done is not None]
    return {
        "timings": timings,
        "errors": errors,
        "outcomes": outcomes,
        "elapsed": elapsed,
        "arrival_span": max(arrivals) - min(arrivals) if arrivals else 0.0,
        "first_to_last": max(finished) - min(arrivals) if finished and arrivals else float("nan"),
    }


# -- after the burst ----------------------------------------------------------------------------------


def wait_for_worker(limit: float = 600.0) -> float:
    """Seconds until the RQ queue is empty and no job is running (the worker has drained)."""
    import django_rq
    from rq.registry import StartedJobRegistry

    queue = django_rq.get_queue("default")
    started = time.perf_counter()
    while queue.count or StartedJobRegistry(queue=queue).count:
        if time.perf_counter() - started > limit:
            raise RuntimeError(f"the worker did not drain in {limit:.0f} s: {queue.count} queued")
        time.sleep(0.5)
    return time.perf_counter() - started


def counts(exam_id: int) -> dict:
    from django.db import connection
    from django.db.models import Count

    from assessments.models import Assessment, Attempt
    from certificates.models import Certificate

    connection.close()
    exam = Assessment.objects.get(pk=exam_id)
    attempts = Attempt.objects.filter(assessment=exam, user__email__endswith="@bench.example")
    certificates = Certificate.objects.filter(holder__email__endswith="@bench.example")
    duplicates = (
        certificates.values("holder", "course_key", "course_version")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "attempts": attempts.count(),
        "graded": attempts.exclude(status=Attempt.OPEN).filter(percent__isnull=False).count(),
        "passed": attempts.filter(passed=True).count(),
        "certificates": certificates.count(),
        "with PDF": certificates.exclude(pdf="").count(),
        "duplicates": duplicates,
    }


def report(result: dict, found: dict, *, count: int, drained: float | None) -> bool:
    meant = sum(1 for index in range(count) if index % 5 != 4)
    print(f"\n{count} trainees, one final exam: finished in {result['elapsed']:.1f} s")
    within = result["first_to_last"]
    print(
        f"first trainee's first request -> last submission answered: {within:.1f} s "
        f"(arrivals spread over {result['arrival_span']:.1f} s): within one minute: "
        f"{'yes' if within <= 60 else 'NO'}"
    )
    print(f"{'step':14} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for step in STEPS:
        values = sorted(result["timings"].get(step, []))
        if not values:
            continue
        p50 = statistics.median(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{step:14} {len(values):5d} {p50 * 1000:9.0f} {p95 * 1000:9.0f} {values[-1] * 1000:9.0f}")
    print(f"errors: {len(result['errors'])}")
    for line in result["errors"][:10]:
        print(f"  {line}")
    if drained is not None:
        print(f"worker drained {drained:.1f} s after the last submission")
    print(
        "in the database: {attempts} attempts, {graded} graded, {passed} passed, {certificates} "
        "certificates ({with PDF} with their PDF stored), {duplicates} duplicate certificates".format(**found)
    )
    ok = (
        not result["errors"]
        and found["attempts"] == found["graded"] == count
        and found["passed"] == found["certificates"] == found["with PDF"] == meant
        and found["duplicates"] == 0
    )
    expected = f"{count} attempts and grades, {meant} passes = certificates"
    print(f"counts as expected ({expected}): {'yes' if ok else 'NO'}")
    return ok


# -- the two modes ------------------------------------------------------------------------------------


def run_tiny(count: int) -> bool:
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    os.environ.setdefault("DEBUG", "0")
    harness.start("exam_burst")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo.loader import load_demo

    load_demo(curriculum=False)
    exam_id = prepare_trainees(count)
    import socketserver
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), ThreadedServer, QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        result = asyncio.run(burst(count=count, exam_id=exam_id, ramp=0, base_url=base_url))
    finally:
        server.shutdown()
    return report(result, counts(exam_id), count=count, drained=None)


# -- where the CPU went (the machine may be shared) ------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_session() -> dict[int, float]:
    """CPU seconds (own and of reaped children) of every process on the machine, summed by session id."""
    found: dict[int, float] = defaultdict(float)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        found[int(fields[3])] += sum(int(value) for value in fields[11:15]) / TICKS
    return found


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(value) / TICKS for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


def cluster_parts(cluster) -> dict[str, int]:
    """Each part of the cluster and the session id its processes share."""
    parts = {name: process.pid for name, process in cluster.processes}  # start_new_session: sid == pid
    postmaster = Path(cluster._postgres) / "data" / "postmaster.pid"
    parts["postgres"] = os.getsid(int(postmaster.read_text().split()[0]))
    return parts


def cpu_report(before: dict, after: dict, parts: dict[str, int], busy: tuple, wall: float) -> None:
    used = {name: after.get(sid, 0.0) - before.get(sid, 0.0) for name, sid in parts.items()}
    ours = sum(used.values()) + after.get(os.getsid(0), 0.0) - before.get(os.getsid(0), 0.0)
    machine = busy[1][0] - busy[0][0]
    cores = os.cpu_count() or 1
    print(
        f"CPU during the burst ({wall:.1f} s wall, {cores} cores = {wall * cores:.0f} core-seconds): "
        f"machine busy {machine:.0f} s, of which this bench's cluster and clients {ours:.0f} s and "
        f"others {max(machine - ours, 0):.0f} s; load average {os.getloadavg()[0]:.1f}"
    )
    print("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in used.items() if seconds >= 0.05))


def run_full(count: int, ramp: float, nodes: int, port: int) -> bool:
    sys.path.insert(0, str(ROOT / "deploy"))
    from run_local import Cluster, Ports

    cluster = Cluster(
        nodes=nodes,
        workers=1,
        ports=Ports(nginx=port, web=port + 1, postgres=port + 10, redis=port + 11, s3=port + 12),
        client_header="X-Bench-Client",
        email_backend="django.core.mail.backends.locmem.EmailBackend",
        proxy_read_timeout=600,
    )
    with cluster:
        cluster.start_services()
        os.environ.update(cluster.env())
        cluster.prepare(demo=True, curriculum=False)
        harness.start("exam_burst")
        exam_id = prepare_trainees(count)
        from django.db import connection

        connection.close()
        cluster.start_nodes()
        print(
            f"burst: {count} trainees via nginx {cluster.url}, {nodes} web nodes, arriving over {ramp:.0f} s"
        )
        parts, before, busy = cluster_parts(cluster), cpu_by_session(), machine_busy()
        result = asyncio.run(burst(count=count, exam_id=exam_id, ramp=ramp, base_url=cluster.url))
        after, busy = cpu_by_session(), (busy, machine_busy())
        drained = wait_for_worker()
        ok = report(result, counts(exam_id), count=count, drained=drained)
        cpu_report(before, after, parts, busy, result["elapsed"])
        return ok


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the cluster on the way out
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=None, help="simulated trainees (200; tiny: 3)")
    parser.add_argument(
        "--ramp", type=float, default=30.0, help="arrivals spread over this many seconds (30)"
    )
    parser.add_argument("--nodes", type=int, default=2, help="gunicorn nodes behind nginx (2)")
    parser.add_argument(
        "--port", type=int, default=8820, help="nginx's (8820); nodes next, PostgreSQL +10, Redis +11, S3 +12"
    )
    parser.add_argument(
        "--tiny", action="store_true", help="3 trainees, SQLite, one in-process server, immediate tasks"
    )
    args = parser.parse_args()
    ok = (
        run_tiny(args.trainees or 3)
        if args.tiny
        else run_full(args.trainees or 200, args.ramp, args.nodes, args.port)
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
