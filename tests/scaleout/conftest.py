"""Throwaway servers for the scale-out tests (ADR 0020): a real redis-server and moto's S3 server, each on a
free port, started by the test run and stopped after it. No network beyond 127.0.0.1."""

import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
S3_KEYS = {"access_key": "cart-test-access", "secret_key": "cart-test-secret"}  # moto accepts any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, what: str, limit: float = 20.0) -> None:
    """Poll `ready()` until it is true: a start-up wait for a server, not a timing assertion."""
    deadline = time.monotonic() + limit
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not start")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> str:
    """redis://127.0.0.1:<port>/0 of a redis-server that lives for this test run (no persistence)."""
    if not Path(REDIS_SERVER).exists():
        pytest.fail("redis-server is needed: `apt-get install redis-server` (make chromium / .ci/run do it)")
    import redis

    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(  # noqa: S603 - the system's redis-server, on loopback only
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder), "--daemonize", "no", "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ready() -> bool:
        try:
            return redis.Redis(host="127.0.0.1", port=port).ping()
        except redis.ConnectionError:
            return process.poll() is not None  # it died: stop polling, the ping below fails loudly

    wait_until(ready, "redis-server")
    assert process.poll() is None, "redis-server exited at start"
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_db(redis_url):
    """The test Redis, emptied before and after a test."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()


@dataclass
class S3:
    endpoint: str
    bucket: str

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_KEYS["access_key"],
            aws_secret_access_key=S3_KEYS["secret_key"],
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def options(self, *, location: str, public: bool, expire: int = 300, site_url: str = "") -> dict:
        from config.settings.scaleout import s3_options

        return s3_options(
            bucket=self.bucket,
            endpoint_url=self.endpoint,
            region="us-east-1",
            location=location,
            public=public,
            expire=expire,
            site_url=site_url,
            **S3_KEYS,
        )


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    """moto's S3 server (a real HTTP server in a thread) on a free port, for this test run."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint) -> S3:
    """A fresh bucket on the S3 stand-in."""
    bucket = S3(endpoint=s3_endpoint, bucket=f"cart-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.bucket)
    return bucket
