"""Timing and statement counting for the planning services.

Statements are counted with a `before_cursor_execute` listener on the engine (an
executemany counts once, as one round trip). `create_plan` writes, so each run happens in
a session that is rolled back afterwards: every run plans the same DRAFT event.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from baketracker.services import planning
from baketracker.services.plan_summary_types import PlanSummary


@dataclass
class Statements:
    """What one block of code sent to the database."""

    texts: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.texts)

    def most_repeated(self, n: int = 3) -> list[tuple[str, int]]:
        """The statements sent most often, first line only, with how many times."""
        common = Counter(" ".join(t.split())[:160] for t in self.texts).most_common(n)
        return [(text, times) for text, times in common if times > 1]


@contextmanager
def count_statements(engine: Engine) -> Iterator[Statements]:
    """Record every statement `engine` executes inside the block."""
    seen = Statements()

    def on_execute(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        seen.texts.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def summary_once(engine: Engine, event_id: int) -> PlanSummary:
    """The plan summary as an entry point gets it: one transaction of its own."""
    return planning.get_plan_summary(event_id)


def create_plan_once(engine: Engine, event_id: int) -> planning.PlanCreated:
    """Finalise the plan in a session that is rolled back, leaving the event as it was."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            return planning.create_plan(event_id, session=session)
        finally:
            session.rollback()


OPERATIONS: dict[str, Callable[[Engine, int], Mapping[str, Any]]] = {
    "get_plan_summary": summary_once,
    "create_plan": create_plan_once,
}


@dataclass
class Timing:
    operation: str
    runs_ms: list[float]
    first_ms: float  # the warm-up call, not in the median (caches, unit registry)
    statements: int
    statements_vary: bool
    repeated: list[tuple[str, int]]
    result: dict[str, Any]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)


def measure(engine: Engine, event_id: int, operation: str, runs: int) -> Timing:
    """One warm-up call, then `runs` timed calls; statements counted on every call."""
    call = OPERATIONS[operation]
    counts: list[int] = []
    times: list[float] = []
    last = Statements()
    result: Mapping[str, Any] = {}
    for _ in range(runs + 1):
        with count_statements(engine) as seen:
            started = time.perf_counter()
            result = call(engine, event_id)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(seen.count)
        last = seen
    compact = {k: v for k, v in result.items() if isinstance(v, int | float | str)}
    if operation == "get_plan_summary":
        compact = {
            "batch_lines": len(result["batch_requirements"]),
            "ingredient_lines": len(result["ingredients"]),
            "shopping_lines": len(result["shopping_list"]),
            "shopping_total": str(result["shopping_total"]),
            "flags": len(result["flags"]),
        }
    return Timing(
        operation=operation,
        runs_ms=times[1:],
        first_ms=times[0],
        statements=counts[-1],
        statements_vary=len(set(counts)) > 1,
        repeated=last.most_repeated(),
        result=compact,
    )


def peak_mb(engine: Engine, event_id: int, operation: str) -> float:
    """The peak of memory allocated by Python during one call (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        OPERATIONS[operation](engine, event_id)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1_000_000
