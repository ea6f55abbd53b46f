"""Pointing the process at another database while requests run (tests, restore) never
leaves it on a half-switched or stale database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from baketracker import db as dbmod


def test_a_database_configured_while_a_request_falls_back_to_the_default_is_the_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = dbmod._Database()
    chosen = f"sqlite:///{tmp_path / 'chosen.sqlite3'}"
    default = f"sqlite:///{tmp_path / 'default.sqlite3'}"
    monkeypatch.setattr(dbmod, "get_settings", lambda: _Settings(default))
    falling_back = threading.Event()
    may_finish = threading.Event()
    real_bind = dbmod._bind

    def slow_bind(url: str) -> dbmod._Bound:
        if url == default:  # the late request's fall-back, caught half-way
            falling_back.set()
            may_finish.wait(5)
        return real_bind(url)

    monkeypatch.setattr(dbmod, "_bind", slow_bind)
    late_request = threading.Thread(target=database.bound)
    late_request.start()
    assert falling_back.wait(5)
    switching = threading.Thread(target=database.configure, args=(chosen,))
    switching.start()
    may_finish.set()
    late_request.join(5)
    switching.join(5)

    assert database.bound().url == chosen
    database.dispose()


def test_a_request_after_a_switch_uses_the_new_database_and_never_a_disposed_one(
    tmp_path: Path,
) -> None:
    database = dbmod._Database()
    first = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    second = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    database.configure(first)
    before = database.session_factory()
    database.configure(second)

    after = database.session_factory()

    assert after is not before
    assert str(after.kw["bind"].url) == second
    database.dispose()


class _Settings:
    def __init__(self, url: str) -> None:
        self.url = url

    def resolved_database_url(self) -> str:
        return self.url
