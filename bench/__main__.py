"""`python -m bench`: time the plan summary and create_plan on generated events.

For each dataset (reference, stress) and each database (a temporary SQLite file, and a
throw-away PostgreSQL server when one can be started) it generates the data, checks its
invariants, and reports the median time and the SQL statement count of each operation
against the budgets (printed, never asserted: machines are noisy). Results also go to
bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from baketracker import db as dbmod
from bench import checks, generate, measure

BUDGET_MS = {"reference": 50.0, "stress": 1000.0}
RESULTS = Path(__file__).parent / "results" / "latest.json"
# Wide enough for the table when the output is a file or a pipe (make bench | tee).
console = Console(width=max(110, shutil.get_terminal_size((110, 24)).columns))


@dataclass
class Row:
    dataset: str
    database: str
    timing: measure.Timing

    @property
    def budget_ms(self) -> float:
        return BUDGET_MS.get(self.dataset, BUDGET_MS["reference"])

    @property
    def ok(self) -> bool:
        return self.timing.median_ms <= self.budget_ms


class Postgres:
    """A throw-away server (tests/support/postgres.py) and a fresh database per dataset."""

    def __init__(self) -> None:
        from tests.support.postgres import start_server

        self.server = start_server()
        self.admin = create_engine(self.server.admin_url, isolation_level="AUTOCOMMIT")

    @contextmanager
    def database(self) -> Iterator[str]:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield self.server.url_for(name)
        finally:
            dbmod.dispose()
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def stop(self) -> None:
        self.admin.dispose()
        self.server.stop()


@contextmanager
def sqlite_database(folder: Path, dataset: str) -> Iterator[str]:
    path = folder / f"{dataset}.sqlite3"
    try:
        yield f"sqlite:///{path}"
    finally:
        dbmod.dispose()


def profile(engine: Engine, event_id: int, operation: str, lines: int = 25) -> str:
    """cProfile of one call, the functions with the most cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    measure.OPERATIONS[operation](engine, event_id)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def run_dataset(
    url: str, spec: generate.Spec, database: str, runs: int, want_profile: bool
) -> tuple[list[Row], dict[str, Any]]:
    engine = dbmod.init_db(url)
    made = generate.generate(engine, spec)
    with Session(engine) as session:
        problems = checks.violations(session)
    state = "ok" if not problems else f"{len(problems)} VIOLATIONS: {problems[:3]}"
    console.print(
        f"[bold]{spec.name}[/] on {database}: generated {sum(made.counts.values()):,} rows "
        f"in {made.seconds:.1f} s; invariants {state}"
    )
    rows = []
    for operation in measure.OPERATIONS:
        timing = measure.measure(engine, made.event_id, operation, runs)
        rows.append(Row(spec.name, database, timing))
        console.print(
            f"  {operation}: median {timing.median_ms:.1f} ms over {runs} runs "
            f"(first call {timing.first_ms:.0f} ms), {timing.statements} statements"
        )
        if want_profile:
            console.print(profile(engine, made.event_id, operation), markup=False)
    info = {
        "rows": made.counts,
        "generate_seconds": round(made.seconds, 2),
        "invariant_violations": problems,
    }
    return rows, info


def print_table(rows: list[Row]) -> None:
    table = Table(title="Planning benchmark (median of several runs)")
    for column in ("dataset", "database", "operation", "median ms", "statements", "budget", ""):
        table.add_column(
            column, justify="right" if column in ("median ms", "statements") else "left"
        )
    for row in rows:
        t = row.timing
        table.add_row(
            row.dataset,
            row.database,
            t.operation,
            f"{t.median_ms:,.1f}",
            f"{t.statements:,}" + (" (varies)" if t.statements_vary else ""),
            f"≤ {row.budget_ms:,.0f} ms",
            "[green]ok[/]" if row.ok else "[red]over[/]",
        )
    console.print(table)


def ratios(rows: list[Row]) -> list[dict[str, Any]]:
    """Stress ÷ reference statements per database and operation: 1.0 means no growth."""
    by_key = {(r.dataset, r.database, r.timing.operation): r.timing for r in rows}
    out = []
    for (dataset, database, operation), stress in by_key.items():
        reference = by_key.get(("reference", database, operation))
        if dataset != "stress" or reference is None:
            continue
        out.append(
            {
                "database": database,
                "operation": operation,
                "reference_statements": reference.statements,
                "stress_statements": stress.statements,
                "ratio": round(stress.statements / reference.statements, 2),
                "time_ratio": round(stress.median_ms / reference.median_ms, 1),
                "stress_most_repeated": stress.repeated,
            }
        )
    return out


def print_ratios(lines: list[dict[str, Any]]) -> None:
    if not lines:
        return
    big, small = generate.STRESS, generate.REFERENCE
    table = Table(
        title=f"Stress ÷ reference ({big.recipes}/{small.recipes} recipes, "
        f"{big.bundles:,}/{small.bundles} bundles, {big.lots:,}/{small.lots} lots)"
    )
    for column in ("database", "operation", "statements", "ratio", "time ratio"):
        table.add_column(column)
    for line in lines:
        flat = line["ratio"] <= 1.05
        table.add_row(
            line["database"],
            line["operation"],
            f"{line['reference_statements']:,} → {line['stress_statements']:,}",
            f"[{'green' if flat else 'red'}]{line['ratio']}×[/]",
            f"{line['time_ratio']}×",
        )
    console.print(table)
    for line in lines:
        if line["ratio"] > 1.05 and line["stress_most_repeated"]:
            console.print(
                f"[red]{line['operation']} on {line['database']}[/] grows with the data; "
                "statements sent most often in one stress run:"
            )
            for statement, times in line["stress_most_repeated"]:
                console.print(f"  {times:>6,} × {statement}", markup=False, highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--datasets", default="reference,stress")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=None, help="timed runs for every dataset")
    parser.add_argument("--profile", action="store_true", help="cProfile one call of each")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    datasets = [generate.SPECS[name] for name in args.datasets.split(",") if name]
    databases = [name for name in args.databases.split(",") if name]
    runs = {"reference": 7, "stress": 3}

    # Never touch the developer's own database or data folder.
    os.environ.pop("BAKETRACKER_DATABASE_URL", None)
    rows: list[Row] = []
    generated: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="baketracker-bench-") as folder:
        os.environ["BAKETRACKER_DATA_DIR"] = folder
        postgres: Postgres | None = None
        if "postgresql" in databases:
            try:
                postgres = Postgres()
            except Exception as exc:  # any failure means: SQLite only
                console.print(f"[yellow]PostgreSQL could not be started, SQLite only:[/] {exc}")
        try:
            for database in databases:
                if database == "postgresql" and postgres is None:
                    continue
                for spec in datasets:
                    n = args.runs or runs.get(spec.name, 5)
                    place = (
                        postgres.database()
                        if database == "postgresql" and postgres is not None
                        else sqlite_database(Path(folder), spec.name)
                    )
                    with place as url:
                        found, info = run_dataset(url, spec, database, n, args.profile)
                    rows += found
                    generated[f"{spec.name}/{database}"] = info
        finally:
            if postgres is not None:
                postgres.stop()

    print_table(rows)
    growth = ratios(rows)
    print_ratios(growth)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "results": [
            {
                "dataset": r.dataset,
                "database": r.database,
                "operation": r.timing.operation,
                "median_ms": round(r.timing.median_ms, 2),
                "runs_ms": [round(t, 2) for t in r.timing.runs_ms],
                "first_call_ms": round(r.timing.first_ms, 2),
                "statements": r.timing.statements,
                "statements_vary": r.timing.statements_vary,
                "budget_ms": r.budget_ms,
                "within_budget": r.ok,
                "most_repeated_statements": r.timing.repeated,
                "result": r.timing.result,
            }
            for r in rows
        ],
        "statement_growth": growth,
        "generated": generated,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    console.print(f"Results written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
