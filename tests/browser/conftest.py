"""Browser tests: the app served by gunicorn (2 workers) on a free loopback port, driven by
Debian's Chromium through Playwright. Never a downloaded browser.

The live server uses its own SQLite file (built with `flask db upgrade`) and the shipped
content, so these tests see what a resident sees."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run a `flask` CLI command against the live server's database."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env,
            input=input, capture_output=True, text=True, check=True, timeout=120,
        )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "AWARENESS_ENV": "development",
        "DATABASE_URL": f"sqlite:///{folder / 'live.sqlite'}",
        "SECRET_KEY": "browser-test-secret-key-0123456789abcdef",
        "MAIL_URL": f"file://{folder / 'mail'}",
        "CONTENT_DIR": str(ROOT / "content"),
        "PYTHONPATH": str(ROOT),
        # Every browser test's resident posts from 127.0.0.1 to this one server, like a
        # library's shared address: a budget for a whole session of tests.
        "RESIDENT_POST_LIMIT": "2000/minute",
    }
    port = _free_port()
    env["PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    server = LiveServer(f"http://127.0.0.1:{port}", env)
    server.flask("db", "upgrade")
    server.flask("content", "sync")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(server.url, process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 30 s")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page) -> list[dict[str, Any]]:
    """Run axe-core (shipped inside the axe-playwright-python package) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_21_AA)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]
