"""`python -m bench`: time planning, the main pages and a 20,000-lot import.

On each database (a temporary SQLite file, and a throw-away PostgreSQL server when one can
be started):
- plan: for each dataset (reference, stress) it generates the data, checks its invariants,
  and times the plan summary and create_plan (median and SQL statement count);
- pages: on the reference dataset, the server time of the main pages of its event
  rendered through the app in-process (bench/pages.py);
- import: import_document (merge) of a 20,000-lot document into an empty database, and
  export_document of it (bench/imports.py);
- workload: the older app's own workload documents, imported and planned, our figures
  beside the older app's with the ratio (bench/workload.py).
Everything is reported against its budget (printed, never asserted: machines are noisy).
`--only plan|pages|import|workload` runs one part. Results also go to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
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
from bench import checks, generate, imports, measure, pages, workload

BUDGET_MS = {"reference": 50.0, "stress": 1000.0}
# The stress event's own budgets (issue 15), per operation; peak memory of each in MB.
STRESS_BUDGET_MS = {"get_plan_summary": 300.0, "create_plan": 400.0}
PEAK_BUDGET_MB = 150.0
RESULTS = Path(__file__).parent / "results" / "latest.json"
# Wide enough for the table when the output is a file or a pipe (make bench | tee).
console = Console(width=max(110, shutil.get_terminal_size((110, 24)).columns))


@dataclass
class Row:
    dataset: str
    database: str
    timing: measure.Timing
    peak_mb: float | None = None  # tracemalloc peak of one call (stress event only)

    @property
    def budget_ms(self) -> float:
        if self.dataset == "stress":
            return STRESS_BUDGET_MS.get(self.timing.operation, BUDGET_MS["stress"])
        return BUDGET_MS.get(self.dataset, BUDGET_MS["reference"])

    @property
    def ok(self) -> bool:
        within_memory = self.peak_mb is None or self.peak_mb <= PEAK_BUDGET_MB
        return self.timing.median_ms <= self.budget_ms and within_memory


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
    url: str,
    spec: generate.Spec,
    database: str,
    runs: int,
    want_profile: bool,
    *,
    plan: bool = True,
    page_runs: int = 0,
) -> tuple[list[Row], list[pages.PageTiming], dict[str, Any]]:
    """Generate `spec`; time planning if `plan`, then the pages if `page_runs`."""
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
    for operation in measure.OPERATIONS if plan else ():
        timing = measure.measure(engine, made.event_id, operation, runs)
        peak = measure.peak_mb(engine, made.event_id, operation) if spec.name == "stress" else None
        rows.append(Row(spec.name, database, timing, peak))
        console.print(
            f"  {operation}: median {timing.median_ms:.1f} ms over {runs} runs "
            f"(first call {timing.first_ms:.0f} ms), {timing.statements} statements"
            + (f", peak memory {peak:.0f} MB" if peak is not None else "")
        )
        if want_profile:
            console.print(profile(engine, made.event_id, operation), markup=False)
    found: list[pages.PageTiming] = []
    if page_runs:
        console.print(f"  pages of the {spec.name} event, {page_runs} runs each:")
        found = pages.measure_pages(
            made.event_id,
            page_runs,
            report=lambda t: console.print(
                f"    {t.path}: median {t.median_ms:.1f} ms (first call {t.first_ms:.0f} ms), "
                f"{t.statements} statements, HTTP {t.status}, {t.kilobytes:.0f} KB",
                highlight=False,
            ),
            profile=(
                (
                    lambda path, text_: console.print(
                        f"cProfile of GET {path}\n{text_}", markup=False
                    )
                )
                if want_profile
                else None
            ),
        )
    info = {
        "rows": made.counts,
        "generate_seconds": round(made.seconds, 2),
        "invariant_violations": problems,
    }
    return rows, found, info


def print_table(rows: list[Row]) -> None:
    table = Table(title="Planning benchmark (median of several runs)")
    right = ("median ms", "statements", "peak MB")
    for column in ("dataset", "database", "operation", *right, "budget", ""):
        table.add_column(column, justify="right" if column in right else "left")
    for row in rows:
        t = row.timing
        table.add_row(
            row.dataset,
            row.database,
            t.operation,
            f"{t.median_ms:,.1f}",
            f"{t.statements:,}" + (" (varies)" if t.statements_vary else ""),
            "" if row.peak_mb is None else f"{row.peak_mb:,.0f}",
            f"≤ {row.budget_ms:,.0f} ms"
            + ("" if row.peak_mb is None else f", ≤ {PEAK_BUDGET_MB:,.0f} MB"),
            "[green]ok[/]" if row.ok else "[red]over[/]",
        )
    console.print(table)


def print_pages(found: list[tuple[str, pages.PageTiming]]) -> None:
    if not found:
        return
    table = Table(
        title="Page server time, reference event (median of several runs; wall time of "
        "TestClient.get in-process, its overhead included)"
    )
    right = ("median ms", "first ms", "statements", "KB")
    for column in ("database", "page", *right, "budget", ""):
        table.add_column(column, justify="right" if column in right else "left")
    for database, t in found:
        verdict = "[dim]baseline[/]" if t.baseline else "[green]ok[/]" if t.ok else "[red]over[/]"
        if t.status != 200:
            verdict = f"[red]HTTP {t.status}[/]"
        table.add_row(
            database,
            t.path + (f" ({t.note})" if t.note else ""),
            f"{t.median_ms:,.1f}",
            f"{t.first_ms:,.0f}",
            f"{t.statements:,}",
            f"{t.kilobytes:,.0f}",
            "" if t.baseline else f"≤ {t.budget_ms:,.0f} ms, ≤ {pages.MAX_STATEMENTS} st.",
            verdict,
        )
    console.print(table)


def print_transfers(found: list[imports.TransferTiming]) -> None:
    if not found:
        return
    table = Table(title=f"Import and export of {imports.LOTS:,} lots (median of several runs)")
    right = ("records", "median s", "runs s")
    for column in ("database", "operation", *right, "budget", ""):
        table.add_column(column, justify="right" if column in right else "left")
    for t in found:
        table.add_row(
            t.database,
            t.operation,
            f"{t.records:,}",
            f"{t.median_s:,.1f}",
            ", ".join(f"{s:.1f}" for s in t.runs_s),
            f"well under {imports.BUDGET_S:.0f} s",
            "[green]ok[/]" if t.ok else "[red]over[/]",
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


def run_import(
    database: str, postgres: Postgres | None, folder: Path, args: argparse.Namespace
) -> list[imports.TransferTiming]:
    """The 20,000-lot import and export on `database`, each run into a fresh database."""

    def empty(run: int) -> Any:
        if database == "postgresql" and postgres is not None:
            return postgres.database()
        return sqlite_database(folder, f"import-{run}")

    console.print(
        f"[bold]import[/] on {database}: {imports.LOTS:,} lots, {args.import_runs} runs, "
        "each into an empty database"
    )
    return imports.measure_transfer(
        database,
        empty,
        args.import_runs,
        report=lambda line: console.print(line, highlight=False),
        profile=(
            (lambda what, text_: console.print(f"cProfile of {what}\n{text_}", markup=False))
            if args.profile
            else None
        ),
    )


def _numbered(empty: Any, name: str, run: int) -> Any:
    return empty(f"{name}-{run}")


def run_workload(
    database: str, postgres: Postgres | None, folder: Path, args: argparse.Namespace
) -> list[workload.WorkloadTiming]:
    """Both workload documents on `database`: the import, then the operations."""

    def empty(name: str) -> Any:
        if database == "postgresql" and postgres is not None:
            return postgres.database()
        return sqlite_database(folder, name)

    found: list[workload.WorkloadTiming] = []
    for size in workload.SIZES:
        console.print(f"[bold]workload {size}[/] on {database}")
        imported = workload.measure_import(
            size,
            database,
            functools.partial(_numbered, empty, f"workload-{size}"),
            args.import_runs,
        )
        found.append(imported)
        if imported.refused:
            console.print(f"  [red]the import refused the document:[/] {imported.refused}")
            continue
        console.print(f"  import: median {imported.median_ms:,.0f} ms", highlight=False)
        with empty(f"workload-{size}") as url:
            found += workload.measure_operations(size, database, url, args.runs or 7)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--datasets", default="reference,stress")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--only",
        choices=("all", "plan", "pages", "import", "workload"),
        default="all",
        help="run one part only (default: all)",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="timed runs for every dataset and page"
    )
    parser.add_argument(
        "--import-runs", type=int, default=3, help="timed imports (and exports) per database"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one call of each")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    datasets = [generate.SPECS[name] for name in args.datasets.split(",") if name]
    databases = [name for name in args.databases.split(",") if name]
    runs = {"reference": 7, "stress": 3}
    do_plan = args.only in ("all", "plan")
    do_pages = args.only in ("all", "pages")
    do_import = args.only in ("all", "import")
    do_workload = args.only in ("all", "workload")
    if not do_plan:  # the pages are timed on the reference event only
        datasets = [generate.REFERENCE] if do_pages else []
    load_before = os.getloadavg()

    # Never touch the developer's own database or data folder.
    os.environ.pop("BAKETRACKER_DATABASE_URL", None)
    rows: list[Row] = []
    page_rows: list[tuple[str, pages.PageTiming]] = []
    transfers: list[imports.TransferTiming] = []
    workloads: list[workload.WorkloadTiming] = []
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
                    page_runs = n if do_pages and spec.name == "reference" else 0
                    with place as url:
                        found, timed_pages, info = run_dataset(
                            url,
                            spec,
                            database,
                            n,
                            args.profile,
                            plan=do_plan,
                            page_runs=page_runs,
                        )
                    rows += found
                    page_rows += [(database, t) for t in timed_pages]
                    generated[f"{spec.name}/{database}"] = info
                if do_import:
                    transfers += run_import(database, postgres, Path(folder), args)
                if do_workload:
                    workloads += run_workload(database, postgres, Path(folder), args)
        finally:
            if postgres is not None:
                postgres.stop()

    if rows:
        print_table(rows)
    growth = ratios(rows)
    print_ratios(growth)
    print_pages(page_rows)
    print_transfers(transfers)
    if workloads:
        workload.print_table(console, workloads)
    load_after = os.getloadavg()
    console.print(
        f"Load average (1, 5, 15 min): before {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after {', '.join(f'{x:.2f}' for x in load_after)}"
    )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "only": args.only,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
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
                "peak_mb": None if r.peak_mb is None else round(r.peak_mb, 1),
                "within_budget": r.ok,
                "most_repeated_statements": r.timing.repeated,
                "result": r.timing.result,
            }
            for r in rows
        ],
        "statement_growth": growth,
        "pages": [
            {
                "database": database,
                "page": t.name,
                "path": t.path,
                "note": t.note,
                "median_ms": round(t.median_ms, 2),
                "runs_ms": [round(x, 2) for x in t.runs_ms],
                "first_call_ms": round(t.first_ms, 2),
                "statements": t.statements,
                "status": t.status,
                "kilobytes": round(t.kilobytes, 1),
                "most_repeated_statements": t.repeated,
                "budget_ms": None if t.baseline else t.budget_ms,
                "budget_statements": None if t.baseline else pages.MAX_STATEMENTS,
                "within_budget": None if t.baseline else t.ok,
            }
            for database, t in page_rows
        ],
        "import": [
            {
                "database": t.database,
                "operation": t.operation,
                "records": t.records,
                "median_s": round(t.median_s, 2),
                "runs_s": [round(x, 2) for x in t.runs_s],
                "budget_s": imports.BUDGET_S,
                "within_budget": t.ok,
            }
            for t in transfers
        ],
        "workload": [t.as_dict() for t in workloads],
        "generated": generated,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    console.print(f"Results written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
