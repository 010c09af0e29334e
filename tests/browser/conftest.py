"""Browser tests: a real `opensota demo` server process and Debian's Chromium, driven by
Playwright. One server and one browser for all of them (package scope: Playwright's
sync API runs an event loop in the main thread, and Django refuses database work
while one runs, so the browser is closed before the rest of the suite goes on).

Without Playwright or /usr/bin/chromium the tests skip, saying what is missing and
how to get it, except on CI (CI=true), where they fail: CI must never pass by
skipping them. Install with `pip install -e .[test]` and
`scripts/install-browser-deps.sh` (not `playwright install`: its browser download is
not needed, Debian's Chromium is used).
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-gpu",
    "--disable-component-update", "--no-first-run",
]
SERVER_START_SECONDS = 120
REPO_ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real browser against a real server")


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[test]'"
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is missing: run scripts/install-browser-deps.sh"
    return None


@pytest.fixture(scope="session")
def browser_available() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run and CI=true, so they may not be skipped: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class LiveServer:
    url: str  # "http://127.0.0.1:PORT", no trailing slash
    database: Path

    def query(self, sql: str, *params) -> list[tuple]:
        """Read the server's own database (read-only), to compare the page with it."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return connection.execute(sql, params).fetchall()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="package")
def demo_server(browser_available, tmp_path_factory) -> LiveServer:
    """`opensota demo` on a free port, with its database in a temporary directory."""
    data = tmp_path_factory.mktemp("browser-server")
    database = data / "catalog.sqlite3"
    environment = dict(os.environ)
    environment.update({
        "OPENSOTA_DATA_DIR": str(data), "OPENSOTA_DB": str(database),
        "OPENSOTA_SECRET_KEY": "browser-tests-only",
    })
    environment.pop("DATABASE_URL", None)
    port = _free_port()
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "opensota", "demo", "--port", str(port)],
        env=environment, stdout=subprocess.PIPE, stderr=log, text=True, cwd=REPO_ROOT,
    )
    try:
        url = None
        deadline = time.monotonic() + SERVER_START_SECONDS
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                break
            match = re.search(r"serving on (http://[\d.]+:\d+)/", line)
            url = match.group(1) if match else None
        if url is None:
            pytest.fail(f"the demo server did not start; see {data / 'server.log'}")
        yield LiveServer(url, database)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="package")
def browser(browser_available):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(demo_server, browser):
    """A fresh page; it fails the test if the page raised a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=demo_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave files for people to look at (git-ignored)."""
    folder = REPO_ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
