"""Import and export of a 20,000-lot document (bench/documents.py: big_document).

Each run migrates an empty database of its own (not timed), then times
`import_document(doc, mode="merge")` into it and `export_document()` of the result.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from baketracker import db as dbmod
from baketracker.services.transfer import export_document, import_document
from bench.documents import big_document

LOTS = 20_000
BUDGET_S = 60.0  # the issue: "well under a minute"


@dataclass
class TransferTiming:
    operation: str  # import_document (merge) or export_document
    database: str
    runs_s: list[float] = field(default_factory=list)
    records: int = 0  # lots created, or purchases exported

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs_s)

    @property
    def ok(self) -> bool:
        return self.median_s < BUDGET_S


def _profiled(call: Callable[[], Any], lines: int = 25) -> tuple[Any, str]:
    profiler = cProfile.Profile()
    profiler.enable()
    result = call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return result, out.getvalue()


def measure_transfer(
    database: str,
    empty_database: Callable[[int], AbstractContextManager[str]],
    runs: int,
    report: Callable[[str], None] = lambda _s: None,
    profile: Callable[[str, str], None] | None = None,
) -> list[TransferTiming]:
    """`runs` imports, each into a fresh database from `empty_database(run)`, each followed
    by an export; the cProfile of the last run's two calls goes to `profile`."""
    document = big_document(LOTS)
    imported = TransferTiming("import_document (merge)", database)
    exported = TransferTiming("export_document", database)
    for run in range(runs):
        with empty_database(run) as url:
            dbmod.init_db(url)
            last = profile is not None and run == runs - 1

            started = time.perf_counter()
            if profile is not None and last:
                result, text_ = _profiled(lambda: import_document(document, mode="merge"))
                profile("import_document", text_)
            else:
                result = import_document(document, mode="merge")
            imported.runs_s.append(time.perf_counter() - started)
            imported.records = result["counts"]["lots"]["created"]

            started = time.perf_counter()
            if profile is not None and last:
                out, text_ = _profiled(export_document)
                profile("export_document", text_)
            else:
                out = export_document()
            exported.runs_s.append(time.perf_counter() - started)
            exported.records = len(out["purchases"])
            report(
                f"  run {run + 1}: import {imported.runs_s[-1]:.1f} s "
                f"({imported.records:,} lots), export {exported.runs_s[-1]:.1f} s "
                f"({exported.records:,} purchases)"
            )
    return [imported, exported]
