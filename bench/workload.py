"""The older app's own workload, side by side: `python -m bench --only workload`.

The two documents in ../shared/data (holiday-workload-x1.json and -x10.json: the older
bake-tracker app's full sample export plus finished units, bundles and an event with
targets; x10 copies recipes, bundles and targets ten times) are imported unchanged into a
fresh database, and the operations the older app was timed on are timed here the same way:
one warm-up call, then the median of several runs.

- import: `import_document` into an empty database (each run its own database);
- create_plan, first: on the DRAFT event, in a session rolled back after each run;
- create_plan again: after a plan was created and committed, with nothing changed
  (rolled back after each run);
- the full plan: `get_plan_summary` (batches, ingredients, shopping, feasibility);
- record_batch_production: one batch of the first recipe in the document's `bench`
  section, for the event (committed, as a baker records it);
- record_assembly: one of the document's bench bundle, for the event (committed);
- overall progress: `get_event_overall_progress`.

The older app's figures are those measured on the same documents (issue 15's table).
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from baketracker import db as dbmod
from baketracker.errors import BakeTrackerError
from baketracker.services import assembly, planning, production, progress
from baketracker.services.transfer import import_document
from bench.measure import count_statements

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SIZES = ("x1", "x10")

# Operation → (older app x1, older app x10) in ms, measured on the same documents.
OLDER_APP_MS: dict[str, tuple[float, float]] = {
    "import": (2487, 10430),
    "create_plan, first": (259, 2215),
    "create_plan again": (10, 15),
    "full plan": (1000, 11766),
    "record_batch_production": (25, 37),
    "record_assembly": (32, 56),
    "overall progress": (7.4, 71),
}
# Operation → (budget x1, budget x10) in ms: each at least 20× ahead of the older app.
BUDGET_MS: dict[str, tuple[float, float]] = {
    "import": (120, 500),
    "create_plan, first": (13, 110),
    "create_plan again": (2, 2),
    "full plan": (10, 100),
    "record_batch_production": (2, 2),
    "record_assembly": (2, 2),
    "overall progress": (0.5, 3.5),
}
BUDGET_STATEMENTS = {"record_batch_production": 12, "record_assembly": 12}


@dataclass
class WorkloadTiming:
    operation: str
    size: str
    database: str
    runs_ms: list[float] = field(default_factory=list)
    first_ms: float = 0.0
    statements: int = 0
    refused: str | None = None  # why the operation could not run

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else math.nan

    def _at(self, table: dict[str, tuple[float, float]]) -> float:
        return table[self.operation][SIZES.index(self.size)]

    @property
    def older_ms(self) -> float:
        return self._at(OLDER_APP_MS)

    @property
    def budget_ms(self) -> float:
        return self._at(BUDGET_MS)

    @property
    def ratio(self) -> float:
        return self.older_ms / self.median_ms if self.runs_ms else math.nan

    @property
    def statement_budget(self) -> int | None:
        return BUDGET_STATEMENTS.get(self.operation)

    @property
    def ok(self) -> bool:
        if self.refused or not self.runs_ms or self.median_ms > self.budget_ms:
            return False
        limit = self.statement_budget
        return limit is None or self.statements <= limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "size": self.size,
            "database": self.database,
            "median_ms": round(self.median_ms, 3) if self.runs_ms else None,
            "runs_ms": [round(t, 3) for t in self.runs_ms],
            "first_call_ms": round(self.first_ms, 3),
            "statements": self.statements,
            "older_app_ms": self.older_ms,
            "ratio": round(self.ratio, 1) if self.runs_ms else None,
            "budget_ms": self.budget_ms,
            "statement_budget": self.statement_budget,
            "within_budget": self.ok,
            "refused": self.refused,
        }


def _reason(exc: BakeTrackerError) -> str:
    """The refusal in one line: the heading and the first error it lists."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:2])[:240]


def load(size: str) -> dict[str, Any]:
    """The workload document of `size`, read from ../shared/data (never copied)."""
    document: dict[str, Any] = json.loads((DATA / f"holiday-workload-{size}.json").read_text())
    return document


def _time(engine: Engine, timing: WorkloadTiming, call: Callable[[], object], runs: int) -> None:
    """A warm-up call, then `runs` timed calls; the statements of the last call kept."""
    for run in range(runs + 1):
        with count_statements(engine) as seen:
            started = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - started) * 1000
        if run == 0:
            timing.first_ms = elapsed
        else:
            timing.runs_ms.append(elapsed)
        timing.statements = seen.count


@contextmanager
def _rolled_back(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()


def _create_plan_rolled_back(engine: Engine, event: str) -> Callable[[], object]:
    def call() -> object:
        with _rolled_back(engine) as session:
            return planning.create_plan(event, session=session)

    return call


def measure_import(
    size: str,
    database: str,
    empty_database: Callable[[int], AbstractContextManager[str]],
    runs: int,
) -> WorkloadTiming:
    """Time `runs` imports (after a warm-up), each into a database of its own."""
    document = load(size)
    timing = WorkloadTiming("import", size, database)
    for run in range(runs + 1):
        with empty_database(run) as url:
            dbmod.init_db(url)
            started = time.perf_counter()
            try:
                import_document(document)
            except BakeTrackerError as exc:
                timing.refused = _reason(exc)
                break
            elapsed = (time.perf_counter() - started) * 1000
            if run == 0:
                timing.first_ms = elapsed
            else:
                timing.runs_ms.append(elapsed)
    return timing


def measure_operations(size: str, database: str, url: str, runs: int) -> list[WorkloadTiming]:
    """Import the document into `url`, then time the planning and recording operations."""
    document = load(size)
    bench = document["bench"]
    event = bench["event"]
    engine = dbmod.init_db(url)
    import_document(document)
    timings: list[WorkloadTiming] = []

    def timed(operation: str, call: Callable[[], object]) -> None:
        timing = WorkloadTiming(operation, size, database)
        try:
            _time(engine, timing, call, runs)
        except BakeTrackerError as exc:
            timing.refused = _reason(exc)
        timings.append(timing)

    timed("create_plan, first", _create_plan_rolled_back(engine, event))
    planning.create_plan(event)
    timed("create_plan again", _create_plan_rolled_back(engine, event))
    timed("full plan", lambda: planning.get_plan_summary(event))

    _stock_the_bundle(bench, event, runs)
    first = bench["produce"][0]
    timed(
        "record_batch_production",
        lambda: production.record_batch_production(
            first["recipe_slug"], 1, finished_unit=first["finished_unit_slug"], event=event
        ),
    )
    timed("record_assembly", lambda: assembly.record_assembly(bench["assemble"], 1, event=event))
    timed("overall progress", lambda: progress.get_event_overall_progress(event))
    return timings


def _stock_the_bundle(bench: dict[str, Any], event: str, runs: int) -> None:
    """Bake enough of each unit of the bench bundle for `runs` + 1 assemblies (not timed)."""
    for part in bench["produce"]:
        needed = (runs + 1) * part["component_quantity"]
        batches = math.ceil(needed / part["items_per_batch"])
        production.record_batch_production(
            part["recipe_slug"], batches, finished_unit=part["finished_unit_slug"], event=event
        )


def print_table(console: Any, timings: list[WorkloadTiming]) -> None:
    """The side-by-side table: the older app, ours, the ratio and the budget line."""
    from rich.table import Table

    table = Table(title="The older app's workload documents, side by side (median of several runs)")
    right = ("older app ms", "ours ms", "statements", "×")
    for column in ("size", "database", "operation", *right, "budget", "verdict"):
        table.add_column(column, justify="right" if column in right else "left")
    for t in timings:
        budget = f"≤ {t.budget_ms:g} ms"
        if t.statement_budget is not None:
            budget += f", ≤ {t.statement_budget} st."
        if t.refused:
            verdict = f"[red]refused: {t.refused}[/]"
        elif t.ok:
            verdict = "[green]ok[/]"
        else:
            verdict = f"[red]over: {t.median_ms / t.budget_ms:.1f}×[/]"
        table.add_row(
            t.size,
            t.database,
            t.operation,
            f"{t.older_ms:,g}",
            "" if not t.runs_ms else f"{t.median_ms:,.2f}",
            "" if not t.runs_ms or t.operation == "import" else f"{t.statements:,}",
            "" if not t.runs_ms else f"{t.ratio:,.0f}×",
            budget,
            verdict,
        )
    console.print(table)
