"""Browser tests: Debian's Chromium driven by Playwright for Python against pytest-django's live server."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.cache import cache

# Playwright's sync API runs an event loop in the main thread, and the test body, fixtures and database
# flushes still make ordinary ORM calls there. (tests/test_settings.py strips this from its subprocesses.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_demo(live_server, transactional_db):
    """The demo site served by the live server (the database is emptied after each browser test, and
    the demo copied back from the run's snapshot before the next: tests/database_template.py)."""
    from tests.database_template import ensure_demo

    cache.clear()
    ensure_demo()
    mail.outbox = []  # the demo's own emails (its reissued certificate) are not the test's
    yield live_server
    cache.clear()


class Session:
    """One browser context that records every request it makes and saves numbered screenshots."""

    def __init__(self, browser, base_url: str, name: str, **context_options):
        self.base_url = base_url
        self.host = urlparse(base_url).netloc
        self.context = browser.new_context(**context_options)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.step = 0

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).netloc != self.host
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def session_factory(browser, live_demo, request):
    sessions = []

    def make(suffix: str = "", **options) -> Session:
        name = re.sub(r"[^\w-]+", "_", request.node.name) + (f"-{suffix}" if suffix else "")
        session = Session(browser, live_demo.url, name, **options)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
