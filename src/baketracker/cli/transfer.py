"""CLI: export, import, backup, restore and the demo data set."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from baketracker.cli.common import JsonOption, console, err_console, ok, print_json, table
from baketracker.services import transfer
from baketracker.services.transfer import DocumentInvalid

# Below this many records an import or export is quick enough to need no bar.
PROGRESS_THRESHOLD = 2000
# Records listed per kind of mapping (the JSON report has them all).
MAPPED_SHOWN = 10


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.command("demo")(demo_command)


@contextmanager
def _bar(records: int | None = None) -> Iterator[Callable[[str, int, int], None] | None]:
    """A Rich progress bar on a terminal, for stages of more than a few thousand records
    (`records`, when known up front, skips the bar at once for small jobs); else None."""
    if not console.is_terminal or (records is not None and records <= PROGRESS_THRESHOLD):
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if total <= PROGRESS_THRESHOLD:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _count(document: Any) -> int:
    if not isinstance(document, dict):
        return 0
    return sum(len(v) for v in document.values() if isinstance(v, list))


def _refused(exc: DocumentInvalid) -> typer.Exit:
    count = len(exc.errors)
    err_console.print(
        f"[bold red]Not imported:[/bold red] {count} error{'s' if count != 1 else ''} "
        "(nothing was changed)"
    )
    for line in exc.errors:
        err_console.print(f"  {escape(line)}", soft_wrap=True)
    return typer.Exit(2)


def _print_report(report: dict[str, Any], *, verb: str) -> None:
    counts = report["counts"]
    rows = [[name, c["created"], c["skipped"]] for name, c in counts.items()]
    title = f"{verb} from {report['format']} ({report['mode']})"
    if report["dry_run"]:
        title += ": dry run, nothing written"
    table(title, ["Records", "Created", "Skipped"], rows)
    for entity, keys in report["skipped"].items():
        shown = ", ".join(keys[:10]) + (f", … ({len(keys)} in all)" if len(keys) > 10 else "")
        console.print(f"Skipped {entity} already stored: {escape(shown)}")
    if report["provisional"]:
        console.print(
            f"[yellow]Provisional ingredients[/yellow] ({len(report['provisional'])}): "
            + escape(", ".join(report["provisional"]))
        )
    _print_mapped(report.get("mapped") or {})
    for warning in report["warnings"]:
        console.print(f"[yellow]Warning:[/yellow] {escape(warning)}", soft_wrap=True)


def _print_mapped(mapped: dict[str, Any]) -> None:
    """What was carried over differently from the file, by kind, with counts and records."""
    if not mapped:
        return
    console.print("[bold]Mapped, not refused[/bold]")
    for entry in mapped.values():
        console.print(f"{escape(entry['label'])}: {entry['count']}", soft_wrap=True)
        for line in entry["records"][:MAPPED_SHOWN]:
            console.print(f"  {escape(line)}", soft_wrap=True)
        if entry["count"] > MAPPED_SHOWN:
            console.print(f"  … ({entry['count']} in all)")


def export_command(
    file: Annotated[Path, typer.Argument(help="Where to write the document ('-' for stdout).")],
) -> None:
    """Export everything as one JSON document (the project's own format)."""
    with _bar(None) as progress:
        document = transfer.export_document(progress=progress)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if str(file) == "-":
        sys.stdout.write(text)
        return
    file.write_text(text, encoding="utf-8")
    ok(f"Exported {_count(document)} records to {file}")


def import_command(
    file: Annotated[
        Path, typer.Argument(help="A Bake Tracker document or a bake-tracker 4.x file.")
    ],
    mode: Annotated[
        str, typer.Option(help="merge: keep what is stored, skip what exists; replace: swap all.")
    ] = "merge",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse ingredients a file uses but never defines, and records on a "
            "category ingredient (by default mapped to a leaf and reported).",
        ),
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Import a document: checked whole first, then written in one transaction."""
    if not file.is_file():
        err_console.print(f"[bold red]Error:[/bold red] {escape(str(file))}: no such file")
        raise typer.Exit(2)
    try:
        document = transfer.parse_text(file.read_bytes())
        with _bar(_count(document)) as progress:
            report = transfer.import_document(
                document, mode=mode, dry_run=dry_run, strict=strict, progress=progress
            )
    except DocumentInvalid as exc:
        raise _refused(exc) from None
    if as_json:
        print_json(report)
    else:
        _print_report(report, verb="Imported")


def backup_command(
    file: Annotated[
        Path, typer.Argument(help="FILE.sqlite3 (or .db): a SQLite copy; anything else: JSON.")
    ],
) -> None:
    """Back up the database while the app runs (SQLite online copy, or the JSON document)."""
    with _bar(None) as progress:
        result = transfer.backup(file, progress=progress)
    what = "SQLite copy" if result["kind"] == "sqlite" else "JSON document"
    ok(f"Backed up to {result['path']} ({what}, {result['bytes']:,} bytes)")


def restore_command(
    file: Annotated[Path, typer.Argument(help="A backup: JSON document or SQLite copy.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """Replace ALL data with a backup, in one transaction (a bad backup changes nothing)."""
    try:
        with _bar(None) as progress:
            report = transfer.restore(file, dry_run=dry_run, progress=progress)
    except DocumentInvalid as exc:
        raise _refused(exc) from None
    if as_json:
        print_json(report)
    else:
        _print_report(report, verb="Restored")


def demo_command(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only when the database has no recipes yet.")
    ] = False,
) -> None:
    """Load the demo Christmas 2026 season: recipes, goods, packages, recipients, stock."""
    report = transfer.load_demo(if_empty=if_empty)
    if report is None:
        console.print("The database already has recipes; demo not loaded.")
        return
    created = sum(c["created"] for c in report["counts"].values())
    skipped = sum(c["skipped"] for c in report["counts"].values())
    ok(f"Demo loaded: {created} records created, {skipped} already there (event 'Christmas 2026')")
