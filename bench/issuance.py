"""Certificates per second rendered by 1 and by 2 task workers (`manage.py db_worker`), and their ratio.

Run: .venv/bin/python bench/issuance.py [--count 10000] [--workdir /tmp/cart-bench]
     .venv/bin/python bench/issuance.py --database sqlite --count 3      (the tiny run of make test)

By default starts its own throwaway PostgreSQL cluster (initdb under --workdir, port --pg-port, as the
`postgres` user when run as root, like .ci/run) and stops it at the end; `--database sqlite` uses the bench's
SQLite file instead. Prepares 2 x N signed certificate rows in bulk (the EdDSA signature is made here, timed
per certificate), then, as issuance does on commit, enqueues `certificates.tasks.render_certificate` for the
first N and times one real `db_worker --batch` until the queue drains; then the same for the other N with two
workers at once. Prints certificates per second from start to exit (Django start-up included) and over the
draining itself (first task started to last finished, from the task rows), the ratio of 2 workers to 1
(target >= 1.7x), and CPU seconds per certificate (workers, and PostgreSQL's server processes) so that a
figure from a shared machine can be read for what it is. Email is kept in memory; PDFs go under the bench
folder. The workers keep their database connections (DATABASE_CONN_MAX_AGE=60, as deploy/env.example).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import harness

ROOT = harness.ROOT
TICKS = os.sysconf("SC_CLK_TCK")


class PostgreSQL:
    """A throwaway cluster: initdb, start on a port of its own, stop and delete."""

    def __init__(self, folder: Path, port: int):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit(
                "PostgreSQL is not installed (apt-get install postgresql), or use --database sqlite"
            )
        self.bin, self.folder, self.port = bins[-1], folder, port
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def pg(self, *command: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            [*self.as_postgres, str(self.bin / command[0]), *command[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> str:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        self.pg(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg(
            "pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-w", "-o", options, "start"
        )
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "cart_bench")
        return f"postgres://postgres@127.0.0.1:{self.port}/cart_bench"

    def cpu_seconds(self) -> float:
        """CPU of the postmaster and of its ended children (the backends of closed connections)."""
        pid = (self.folder / "data" / "postmaster.pid").read_text().split()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(value) for value in fields[11:15]) / TICKS  # utime, stime, cutime, cstime

    def stop(self) -> None:
        self.pg("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare(count: int) -> tuple[list[int], float]:
    """2 x count signed certificate rows; their ids and the signing milliseconds per certificate."""
    from django.db import transaction
    from django.utils import timezone

    from certificates.api import Certificate
    from certificates.signing import sign
    from people.api import User

    holders = [
        User.objects.get_or_create(
            email=f"issuance{index}@example.org",
            defaults={
                "full_name": f"Констанция Преображенская {index}",
                "latin_name": f"Konstantsiya {index}",
            },
        )[0]
        for index in range(50)
    ]
    now = timezone.now()
    signing = 0.0
    certificates = []
    for index in range(2 * count):
        holder = holders[index % len(holders)]
        certificate = harness.certificate_row(
            holder,
            index,
            issued_at=now,
            title_ru=f"Асептическое производство CAR-T, поток {index}",
            title_en=f"Aseptic processing for CAR-T, cohort {index}",
            issuer="Учебный центр / Training centre",
            hours=12,
        )
        started = time.perf_counter()
        certificate.jws, certificate.key_id = sign(certificate.claims())
        signing += time.perf_counter() - started
        certificates.append(certificate)
    with transaction.atomic():
        created = Certificate.objects.bulk_create(certificates, batch_size=1000)
    return [certificate.pk for certificate in created], signing * 1000 / len(certificates)


def run_workers(ids: list[int], workers: int, env: dict, postgres: PostgreSQL | None) -> dict:
    from django.db import connection, transaction
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    from certificates.api import Certificate
    from certificates.tasks import render_certificate

    with transaction.atomic():
        enqueued = [render_certificate.enqueue(pk).id for pk in ids]
    connection.close()  # nothing of ours holds a connection while the workers run
    pg_before = postgres.cpu_seconds() if postgres else 0.0
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
        for _ in range(workers)
    ]
    cpu = 0.0
    for process in processes:
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        if process.returncode != 0:
            raise SystemExit(f"db_worker failed: {process.stderr.read().decode()[-3000:]}")
    wall = time.perf_counter() - started
    time.sleep(0.5)  # the postmaster reaps the backends of the closed connections (their CPU joins its own)
    pg_cpu = postgres.cpu_seconds() - pg_before if postgres else 0.0
    tasks = DBTaskResult.objects.filter(id__in=enqueued)
    done = tasks.filter(status="SUCCESSFUL").count()
    span = tasks.aggregate(first=Min("started_at"), last=Max("finished_at"))
    draining = max((span["last"] - span["first"]).total_seconds(), 1e-3)  # one tick at the tiny size
    rendered = Certificate.objects.filter(pk__in=ids).exclude(pdf="").count()
    if done != len(ids) or rendered != len(ids):
        raise SystemExit(f"{workers} worker(s): {done} tasks succeeded, {rendered} PDFs of {len(ids)}")
    return {
        "workers": workers,
        "wall": wall,
        "draining": draining,
        "cpu": cpu,
        "pg_cpu": pg_cpu,
        "n": len(ids),
    }


def report(result: dict) -> None:
    n = result["n"]
    print(
        f"{result['workers']} worker(s): {n} certificates in {result['wall']:.1f} s "
        f"({n / result['wall']:.1f}/s start to exit), draining {result['draining']:.1f} s "
        f"({n / result['draining']:.1f}/s); CPU {result['cpu'] * 1000 / n:.1f} ms per certificate in the "
        f"workers + {result['pg_cpu'] * 1000 / n:.1f} ms in PostgreSQL; the workers used "
        f"{result['cpu'] / result['wall']:.2f} CPU cores on average (load average {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="certificates per run (1 then 2 workers)")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cart-bench"))  # noqa: S108 - scratch
    parser.add_argument("--pg-port", type=int, default=54333)
    args = parser.parse_args()

    postgres = None
    if args.database == "postgres":
        postgres = PostgreSQL(args.workdir.resolve() / "issuance-pg", args.pg_port)
        os.environ["DATABASE_URL"] = postgres.start()
    try:
        os.environ["TASKS_BACKEND"] = "database"
        os.environ["DEBUG"] = "false"
        harness.start("issuance")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        ids, signing_ms = prepare(args.count)
        print(
            f"prepared {len(ids)} signed certificates in {time.perf_counter() - started:.1f} s "
            f"(signature: {signing_ms:.2f} ms per certificate) on {args.database}; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        # The workers keep their database connection between tasks, as deploy/env.example runs them: with
        # Django's default (0) db_worker closes it after every task and each certificate pays a new
        # PostgreSQL backend (a fork, authentication, cold catalogue caches) on both sides.
        env = {
            **os.environ,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        }
        one = run_workers(ids[: args.count], 1, env, postgres)
        report(one)
        two = run_workers(ids[args.count :], 2, env, postgres)
        report(two)
        ratio = (args.count / two["draining"]) / (args.count / one["draining"])
        wall_ratio = one["wall"] / two["wall"]
        print(
            f"2 workers / 1 worker: {ratio:.2f}x draining, {wall_ratio:.2f}x start to exit "
            f"(target >= 1.7x): {'pass' if ratio >= 1.7 else 'no'}"
        )
    finally:
        if postgres:
            from django.db import connections

            connections.close_all()
            postgres.stop()


if __name__ == "__main__":
    main()
