"""Server time of the main pages of the reference event, rendered through the app in-process.

The app is `create_app(Settings(password=None, secret_key="bench"), init_database=False)`
on the database baketracker.db already points at (the bench's own). Each page is fetched
with Starlette's TestClient: one warm-up call (template compilation, caches), then `runs`
timed calls of `client.get`. The wall time includes the TestClient's own overhead (an
in-process ASGI round trip, no sockets); `/sheets/sheet.css`, which reads no database and
renders no template, is timed too as that baseline.

The Amendments tab is only complete for an event in production, so it is timed last,
after the event has been locked and started (lock_plan, start_production) in the bench's
throw-away database; every other page is timed on the DRAFT event, as generated.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import fastapi.routing
from sqlalchemy import func, select

import baketracker.models as m
from baketracker import db as dbmod
from baketracker.app import create_app
from baketracker.config import Settings
from baketracker.services import plan_state
from bench.measure import count_statements

with warnings.catch_warnings():  # Starlette's note about httpx vs httpx2, once per import
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

# Issue 15: every page of the reference event within this much server time, per database,
# in at most MAX_STATEMENTS statements (tests/integration/test_statement_counts.py pins that
# each page's count is the same for a bakery three times larger).
BUDGET_MS = {"sqlite": 30.0, "postgresql": 50.0}
MAX_STATEMENTS = 30
BASELINE = "/sheets/sheet.css"


@dataclass
class PageTiming:
    name: str
    path: str
    runs_ms: list[float]
    first_ms: float
    statements: int
    status: int
    kilobytes: float
    repeated: list[tuple[str, int]]  # the statements sent most often in the last run
    note: str = ""
    database: str = "sqlite"

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def baseline(self) -> bool:
        return self.path == BASELINE

    @property
    def budget_ms(self) -> float:
        return BUDGET_MS.get(self.database, BUDGET_MS["postgresql"])

    @property
    def ok(self) -> bool:
        return (self.status == 200 and self.median_ms <= self.budget_ms
                and self.statements <= MAX_STATEMENTS)


def recipe_slug() -> str:
    """The recipe page to time: the one with the most sub-recipes, then ingredient lines."""
    with dbmod.session_scope() as session:
        components = (
            select(func.count()).where(m.RecipeComponent.recipe_id == m.Recipe.id).scalar_subquery()
        )
        lines = (
            select(func.count())
            .where(m.RecipeIngredient.recipe_id == m.Recipe.id)
            .scalar_subquery()
        )
        slug = session.scalar(
            select(m.Recipe.slug).order_by(components.desc(), lines.desc(), m.Recipe.id).limit(1)
        )
    assert slug is not None, "no recipe generated"
    return slug


def pages(event_id: int, recipe: str) -> list[tuple[str, str]]:
    """(name, path) of each page timed on the DRAFT event."""
    return [
        ("dashboard", "/"),
        ("events", "/events"),
        ("event targets", f"/events/{event_id}/targets"),
        ("event assignments", f"/events/{event_id}/assignments"),
        ("event plan", f"/events/{event_id}/plan"),
        ("recipes", "/recipes"),
        ("recipe", f"/recipes/{recipe}"),
        ("goods", "/goods"),
        ("production", "/production"),
        ("inventory", "/inventory"),
        ("shopping sheet", f"/events/{event_id}/sheets/shopping"),
        ("bake-day sheet", f"/events/{event_id}/sheets/bake-day"),
        ("baseline (no db)", BASELINE),
    ]


def production_pages(event_id: int) -> list[tuple[str, str]]:
    """(name, path) of each page timed once the event is locked and in production."""
    return [("event amendments", f"/events/{event_id}/amendments")]


def _time(client: TestClient, name: str, path: str, runs: int, note: str = "") -> PageTiming:
    engine = dbmod.get_engine()
    times: list[float] = []
    counts: list[int] = []
    status, size = 0, 0
    repeated: list[tuple[str, int]] = []
    for _ in range(runs + 1):
        with count_statements(engine) as seen:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(seen.count)
        repeated = seen.most_repeated()
        status, size = response.status_code, len(response.content)
    return PageTiming(
        name, path, times[1:], times[0], counts[-1], status, size / 1024, repeated, note,
        engine.dialect.name,
    )


class _EndpointProfiler:
    """cProfile of the route functions themselves. The TestClient runs the app on a thread
    of its own and FastAPI runs a plain `def` route on a worker thread, where a profiler
    enabled in the calling thread sees nothing; so, while profiling, FastAPI's helper that
    calls a sync route on that worker (`fastapi.routing._run_sync_endpoint`, private: if it
    is gone, profiles say so) is wrapped to profile its own thread."""

    def __init__(self) -> None:
        self.available = hasattr(fastapi.routing, "_run_sync_endpoint")

    def profile(self, client: TestClient, path: str, lines: int = 30) -> str:
        if not self.available:
            return "(no profile: fastapi.routing._run_sync_endpoint is gone)\n"
        profiler = cProfile.Profile()
        original = fastapi.routing._run_sync_endpoint

        def profiled(*args: Any, **kwargs: Any) -> Any:
            return profiler.runcall(original, *args, **kwargs)

        fastapi.routing._run_sync_endpoint = profiled
        try:
            client.get(path)
        finally:
            fastapi.routing._run_sync_endpoint = original
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(lines)
        return out.getvalue()


def measure_pages(
    event_id: int,
    runs: int,
    report: Callable[[PageTiming], None] = lambda _t: None,
    profile: Callable[[str, str], None] | None = None,
) -> list[PageTiming]:
    """Time every page (then advance the event and time its Amendments tab)."""
    app = create_app(Settings(password=None, secret_key="bench"), init_database=False)
    profiler = _EndpointProfiler() if profile is not None else None
    found: list[PageTiming] = []
    with TestClient(app) as client:
        for name, path in pages(event_id, recipe_slug()):
            timing = _time(client, name, path, runs)
            found.append(timing)
            report(timing)
            if profile is not None and profiler is not None and not timing.baseline:
                profile(path, profiler.profile(client, path))
        plan_state.lock_plan(event_id)
        plan_state.start_production(event_id)
        for name, path in production_pages(event_id):
            timing = _time(client, name, path, runs, note="in production")
            found.append(timing)
            report(timing)
            if profile is not None and profiler is not None:
                profile(path, profiler.profile(client, path))
    return found
