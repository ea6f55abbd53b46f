"""`baketracker serve`: loopback by default, a password before anything wider."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from baketracker import db as dbmod
from baketracker.cli import app
from baketracker.config import get_settings
from baketracker.errors import Invalid
from baketracker.web import server


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_need_no_password(host: str) -> None:
    server.check_host(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_other_addresses_are_refused_without_a_password(host: str) -> None:
    with pytest.raises(Invalid, match="BAKETRACKER_PASSWORD"):
        server.check_host(host, None)
    server.check_host(host, "a password")
    server.check_host(host, None, accounts=True)  # once the owner account exists


def test_the_browser_is_sent_to_a_reachable_address() -> None:
    assert server.browser_url("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert server.browser_url("::1", 8080) == "http://[::1]:8080/"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Run `baketracker serve` with uvicorn and the web browser replaced by recorders."""
    seen: dict[str, Any] = {"opened": []}

    def fake_run(self: Any) -> None:
        seen["host"], seen["port"] = self.config.host, self.config.port
        seen["app"] = self.config.app
        self.started = True

    monkeypatch.setattr(server.uvicorn.Server, "run", fake_run)
    monkeypatch.setattr(server.webbrowser, "open", lambda url: seen["opened"].append(url))
    monkeypatch.setattr(server.threading, "Thread", _InlineThread)
    monkeypatch.setenv("BAKETRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    get_settings.cache_clear()
    yield seen
    get_settings.cache_clear()
    dbmod.dispose()


class _InlineThread:
    """Runs the browser opener after uvicorn 'started' (the fake run sets it)."""

    pending: list[Any] = []

    def __init__(self, target: Any, args: tuple[Any, ...], daemon: bool) -> None:
        self.target, self.args = target, args

    def start(self) -> None:
        _InlineThread.pending.append(self)


def test_serve_defaults_to_loopback_port_8000_and_opens_the_browser(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    opener = _InlineThread.pending.pop()
    opener.target(*opener.args, timeout=0)
    assert served["opened"] == ["http://127.0.0.1:8000/"]


def test_serve_no_browser_and_a_port(served: dict[str, Any]) -> None:
    _InlineThread.pending.clear()
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 8123 and _InlineThread.pending == []


def test_serve_refuses_a_public_address_without_a_password(served: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "BAKETRACKER_PASSWORD" in result.output
    assert "host" not in served


def test_serve_listens_wider_once_a_password_is_set(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAKETRACKER_PASSWORD", "flour power")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "0.0.0.0"
    assert served["app"].state.guard.login_required
