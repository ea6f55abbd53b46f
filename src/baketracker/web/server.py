"""Running the web app with uvicorn: loopback by default, a password before anything wider."""

from __future__ import annotations

import ipaddress
import threading
import time
import webbrowser

import uvicorn

from baketracker.config import Settings
from baketracker.errors import Invalid


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, password: str | None) -> None:
    """Refuse a non-loopback address unless a password protects every page."""
    if not is_loopback(host) and not password:
        raise Invalid(
            f"Refusing to listen on {host}: anyone on the network could use Bake Tracker. "
            "Set BAKETRACKER_PASSWORD first, or serve on 127.0.0.1.",
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


def serve(*, host: str, port: int, open_browser: bool, settings: Settings) -> None:
    """Serve on host:port until interrupted; the database must already be initialised."""
    from baketracker.app import create_app

    check_host(host, settings.password)
    app = create_app(settings, init_database=False)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    if open_browser:
        threading.Thread(
            target=_open_when_started, args=(server, browser_url(host, port)), daemon=True
        ).start()
    server.run()
