"""Running the web app with uvicorn: loopback by default, accounts (or a password) before
anything wider; one process, or several on one database."""

from __future__ import annotations

import ipaddress
import os
import secrets
import threading
import time
import webbrowser

import uvicorn

from baketracker.config import Settings
from baketracker.db import current_url
from baketracker.errors import Invalid
from baketracker.services import users


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, password: str | None, accounts: bool = False) -> None:
    """Refuse a non-loopback address unless logins (accounts, or a password) protect every
    page."""
    if not is_loopback(host) and not password and not accounts:
        raise Invalid(
            f"Refusing to listen on {host}: anyone on the network could use Bake Tracker. "
            "Create the owner account first (baketracker user add NAME --role owner) or set "
            "BAKETRACKER_PASSWORD, or serve on 127.0.0.1.",
            field="host",
        )


def browser_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _open_when_started(server: uvicorn.Server, url: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    if server.started:
        webbrowser.open(url)


def serve(
    *, host: str, port: int, open_browser: bool, settings: Settings, workers: int = 1
) -> None:
    """Serve on host:port until interrupted; the database must already be initialised.
    With `workers` > 1, that many processes share the database (and one secret key)."""
    from baketracker.app import create_app

    check_host(host, settings.password, users.has_accounts())
    if workers > 1:
        _serve_workers(host=host, port=port, workers=workers, settings=settings)
        return
    app = create_app(settings, init_database=False)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    if open_browser:
        threading.Thread(
            target=_open_when_started, args=(server, browser_url(host, port)), daemon=True
        ).start()
    server.run()


def _serve_workers(*, host: str, port: int, workers: int, settings: Settings) -> None:
    """Several uvicorn processes on one database. They must agree on the secret key (the
    login and CSRF cookies one signs, another checks): without a configured one, this run
    makes one up for all of them."""
    if workers > 32:
        raise Invalid("--workers: at most 32 processes", field="workers")
    os.environ["BAKETRACKER_DATABASE_URL"] = current_url()
    if not settings.secret_key:
        os.environ["BAKETRACKER_SECRET_KEY"] = secrets.token_urlsafe(32)
    uvicorn.run("baketracker.app:create_worker_app", factory=True, host=host, port=port,
                workers=workers, log_level="info")
