"""Browser tests: Debian's Chromium through pytest-playwright, the app served by uvicorn in a
thread on a free loopback port. One browser and one server per test process (xdist worker);
each test gets a fresh SQLite file, which the process-wide database points at meanwhile."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser

from baketracker import db as dbmod
from baketracker.app import create_app
from baketracker.config import Settings
from baketracker.web.templating import STATIC_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make system-deps` (apt-get install chromium)",
                    pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app on http://127.0.0.1:<free port>, for the whole test process."""
    if not (STATIC_DIR / "vendor" / "htmx" / "htmx.min.js").exists():
        pytest.fail("Front-end assets are missing: run `make assets`", pytrace=False)
    app = create_app(Settings(password=None, secret_key="browser-tests"), init_database=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning",
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture
def fresh_db(
    sqlite_template: Path, tmp_path: Path, live_server: str, browser: Browser
) -> Iterator[str]:
    """A fresh, migrated SQLite file that the served app (and the test's services) use.

    The test's browser contexts are closed at its end, so no page of it (a service worker
    saving pages ahead, a queue sending records) reaches the server during the next test."""
    path = tmp_path / "browser.sqlite3"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    dbmod.configure(url)
    yield url
    for context in browser.contexts:
        context.close()
    dbmod.dispose()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
