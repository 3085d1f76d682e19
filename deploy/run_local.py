#!/usr/bin/env python3
"""The production layout on one machine, for trying it out and for bench/exam_burst.py (deploy/README.md).

nginx -> N gunicorn web nodes -> PostgreSQL (initdb in a temporary folder), Redis (cache, rate limits,
sessions, the RQ task queue), moto's S3 server (media and private certificate files), M RQ workers and the
scheduler. Ctrl-C stops everything it started and removes the temporary folder (--keep keeps it).

    .venv/bin/python deploy/run_local.py                    # http://127.0.0.1:8820/, demo content
    .venv/bin/python deploy/run_local.py --nodes 3 --workers 2 --without-curriculum

The nodes run the development settings with DEBUG off and REDIS_URL / S3_* set: the same Redis and S3 code
as production (config/settings/scaleout.py); production's own settings insist on https://, which a local
run has not got.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Ports:
    nginx: int = 8820
    web: int = 8821  # the first node; the next ones count up
    postgres: int = 54332
    redis: int = 6392
    s3: int = 5002


@dataclass
class Cluster:
    """Start with `start()`, stop with `stop()` (or use it as a context manager)."""

    nodes: int = 2
    workers: int = 1
    web_processes: int = 2  # gunicorn worker processes per node
    web_threads: int = 4  # threads per gunicorn process (gthread)
    ports: Ports = field(default_factory=Ports)
    folder: Path | None = None  # a temporary folder unless given
    keep: bool = False
    # For bench/exam_burst.py only: nginx takes the client address from this request header (the realip
    # module), so that many simulated trainees from 127.0.0.1 are many clients to the rate limits.
    client_header: str = ""
    email_backend: str = "django.core.mail.backends.console.EmailBackend"
    proxy_read_timeout: int = 60
    quiet: bool = False
    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    # -- set-up ---------------------------------------------------------------------------------------

    def __post_init__(self):
        self._temporary = self.folder is None
        self.folder = Path(self.folder or tempfile.mkdtemp(prefix="cart-cluster-"))
        self.folder.chmod(0o755)
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        self.secret_key = secrets.token_urlsafe(50)
        self.bucket = "cart-files"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports.nginx}"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports.postgres}/cart_academy"

    def env(self) -> dict[str, str]:
        """The environment of every node, worker and command (what deploy/env.example lists)."""
        kept = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "S3_"))}
        return {
            **kept,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports.redis}/0",
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports.s3}",
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "local-cluster",
            "S3_SECRET_ACCESS_KEY": "local-cluster-secret",
            "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
            "VAR_DIR": str(self.folder / "var"),
            "STATIC_ROOT": str(self.folder / "static"),
            "CERTIFICATE_SIGNING_KEY_FILE": str(self.folder / "var" / "keys" / "certificate-signing.pem"),
            "EMAIL_BACKEND": self.email_backend,
        }

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"cluster: {text}", flush=True)

    def spawn(self, name: str, command: list[str], *, env=None, cwd=ROOT) -> subprocess.Popen:
        log = open(self.folder / "logs" / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=cwd,
            env=env or self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this launcher only; it stops them in order
        )
        log.close()
        self.processes.append((name, process))
        return process

    def run(self, command: list[str], *, as_postgres=False) -> None:
        if as_postgres and os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(  # noqa: S603 - our own commands
            command, cwd=ROOT, env=self.env(), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")

    def manage(self, *args: str) -> None:
        self.run([PYTHON, "manage.py", *args])

    def wait_for_port(self, port: int, what: str, process: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{what} exited; see {self.folder}/logs/")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{what} did not open port {port}; see {self.folder}/logs/")

    # -- services -------------------------------------------------------------------------------------

    def start_postgres(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.pg_bin = bins[-1]
        data = self.folder / "postgres"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        self.say(f"PostgreSQL on port {self.ports.postgres}")
        self.run(
            [str(self.pg_bin / "initdb"), "-D", str(data / "data"), "-U", "postgres", "--auth=trust"]
            + ["--encoding=UTF8", "--locale=C.UTF-8"],
            as_postgres=True,
        )
        options = f"-p {self.ports.postgres} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.run(
            [str(self.pg_bin / "pg_ctl"), "-D", str(data / "data"), "-l", str(data / "server.log"), "-w"]
            + ["-o", options, "start"],
            as_postgres=True,
        )
        self._postgres = data
        self.run(
            [str(self.pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.ports.postgres)]
            + ["-U", "postgres", "cart_academy"],
            as_postgres=True,
        )

    def start_redis(self) -> None:
        self.say(f"Redis on port {self.ports.redis}")
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        process = self.spawn(
            "redis",
            [redis, "--port", str(self.ports.redis), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
        )
        self.wait_for_port(self.ports.redis, "redis-server", process)

    def start_s3(self) -> None:
        """moto's S3 server as the stand-in (production: S3 or MinIO), and the bucket."""
        self.say(f"S3 stand-in (moto) on port {self.ports.s3}, bucket {self.bucket}")
        process = self.spawn("s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.ports.s3)])
        self.wait_for_port(self.ports.s3, "moto_server", process)
        import boto3

        env = self.env()
        boto3.client(
            "s3",
            endpoint_url=env["S3_ENDPOINT_URL"],
            region_name=env["S3_REGION"],
            aws_access_key_id=env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        ).create_bucket(Bucket=self.bucket)

    def prepare(self, *, demo: bool = True, curriculum: bool = True) -> None:
        self.say("migrate, collectstatic, signing key" + (", demo content" if demo else ""))
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        # One signing key for every node, made before any node could race to make its own.
        self.run(
            [
                PYTHON,
                "-c",
                "import django; django.setup(); from certificates.signing import current_key; current_key()",
            ]
        )
        if demo:
            self.manage("load_demo", *([] if curriculum else ["--without-curriculum"]))

    def start_web(self) -> None:
        for index in range(self.nodes):
            port = self.ports.web + index
            self.say(f"web node {index + 1} (gunicorn) on port {port}")
            process = self.spawn(
                f"web{index + 1}",
                [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
                + ["--workers", str(self.web_processes), "--threads", str(self.web_threads)]
                + ["--worker-class", "gthread", "--timeout", "120", "--graceful-timeout", "10"]
                + ["--backlog", "2048", "--no-control-socket", "--access-logfile", "-"],
            )
            self.wait_for_port(port, f"web node {index + 1}", process)

    def start_workers(self) -> None:
        for index in range(self.workers):
            self.say(f"task worker {index + 1} (rqworker)")
            self.spawn(
                f"worker{index + 1}",
                [PYTHON, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"],
            )

    def start_scheduler(self) -> None:
        self.say("scheduler")
        self.spawn("scheduler", [PYTHON, "manage.py", "scheduler"])

    def nginx_conf(self) -> str:
        env = self.env()
        servers = "\n        ".join(
            f"server 127.0.0.1:{self.ports.web + index};" for index in range(self.nodes)
        )
        client = ""
        if self.client_header:
            client = f"set_real_ip_from 127.0.0.1;\n    real_ip_header {self.client_header};"
        run_dir = self.folder / "nginx"
        return Template((ROOT / "deploy" / "nginx.conf").read_text()).safe_substitute(
            RUN_DIR=str(run_dir),
            LISTEN=f"127.0.0.1:{self.ports.nginx}",
            UPSTREAM_SERVERS=servers,
            STATIC_ROOT=env["STATIC_ROOT"],
            S3_MEDIA_URL=f"{env['S3_ENDPOINT_URL']}/{self.bucket}/media",
            CLIENT_ADDRESS=client,
            PROXY_READ_TIMEOUT=f"{self.proxy_read_timeout}s",
        )

    def start_nginx(self) -> None:
        run_dir = self.folder / "nginx"
        run_dir.mkdir(exist_ok=True)
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (run_dir / temp).mkdir(exist_ok=True)
            (run_dir / temp).chmod(0o777)  # nginx's worker processes run as an unprivileged user
        conf = run_dir / "nginx.conf"
        conf.write_text(self.nginx_conf())
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.say(f"nginx on {self.url}/")
        process = self.spawn("nginx", [nginx, "-c", str(conf), "-p", str(run_dir), "-g", "daemon off;"])
        self.wait_for_port(self.ports.nginx, "nginx", process)

    def start(self, *, demo: bool = True, curriculum: bool = True) -> "Cluster":
        self.start_services()
        try:
            self.prepare(demo=demo, curriculum=curriculum)
        except BaseException:
            self.stop()
            raise
        return self.start_nodes()

    def start_services(self) -> "Cluster":
        """PostgreSQL, Redis and S3 only (the bench prepares its data before the nodes start)."""
        try:
            self.start_postgres()
            self.start_redis()
            self.start_s3()
        except BaseException:
            self.stop()
            raise
        return self

    def start_nodes(self) -> "Cluster":
        try:
            self.start_web()
            self.start_workers()
            self.start_scheduler()
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    # -- tear-down ------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop what this launcher started, newest first (nginx before the nodes, the nodes before the
        services), each by its process id; then PostgreSQL; then the temporary folder."""
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.say(f"{name} did not stop in 20 s; killing it")
                    process.kill()
                    process.wait()
        self.processes.clear()
        if getattr(self, "_postgres", None):
            subprocess.run(  # noqa: S603
                (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                + [str(self.pg_bin / "pg_ctl"), "-D", str(self._postgres / "data"), "-m", "fast", "stop"],
                capture_output=True,
                check=False,
            )
            self._postgres = None
        if self._temporary and not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2, help="gunicorn web nodes behind nginx (2)")
    parser.add_argument("--workers", type=int, default=1, help="RQ task workers (1)")
    parser.add_argument("--port", type=int, default=8820, help="nginx's port (8820); nodes use the next ones")
    parser.add_argument("--without-curriculum", action="store_true", help="the small demo course only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = parser.parse_args()
    ports = Ports(nginx=args.port, web=args.port + 1)
    cluster = Cluster(nodes=args.nodes, workers=args.workers, ports=ports, keep=args.keep)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    with cluster:
        cluster.start(curriculum=not args.without_curriculum)
        print(f"\nServing on {cluster.url}/  (demo accounts: see README.md). Logs: {cluster.folder}/logs/")
        print("Ctrl-C stops everything.", flush=True)
        try:
            while all(process.poll() is None for _name, process in cluster.processes):
                time.sleep(1)
            died = [name for name, process in cluster.processes if process.poll() is not None]
            print(f"cluster: {', '.join(died)} stopped; stopping the rest", file=sys.stderr)
        except KeyboardInterrupt:
            print("\ncluster: stopping", flush=True)


if __name__ == "__main__":
    main()
