"""One web app per set of settings for the whole test process.

FastAPI prepares the validation of every route on an app's first request (about half a
second for this app's routes on these machines), so a new app per test pays that again
and again. An app holds no data between tests: the database is the test's own (the `db`
fixture points baketracker.db at it) and the cookies are the TestClient's.
"""

from __future__ import annotations

from fastapi import FastAPI

from baketracker.app import create_app
from baketracker.config import Settings, get_settings

_apps: dict[str, FastAPI] = {}


def web_app(settings: Settings | None = None) -> FastAPI:
    """The app for `settings` (default: the environment's), on whatever database
    baketracker.db points at; the same app object every time for equal settings."""
    chosen = settings or get_settings()
    key = chosen.model_dump_json()
    if key not in _apps:
        _apps[key] = create_app(chosen, init_database=False)
    return _apps[key]
