"""CLI: events, recipients, package assignments and fulfillment, targets and progress."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from baketracker.cli.common import JsonOption, console, fmt, new_app, ok, print_json, table
from baketracker.db import command_unit_of_work
from baketracker.domain.allergens import describe
from baketracker.services import allergens, events
from baketracker.services.progress import EventProgress

event_app = new_app("Events: a gift season, a bake sale, a wedding.")
recipient_app = new_app("The people who receive packages.")
target_app = new_app("What an event commits to: batches per recipe, goods per finished good.")


class Status(StrEnum):
    pending = "pending"
    ready = "ready"
    delivered = "delivered"


class Kind(StrEnum):
    batches = "batches"
    goods = "goods"


def register(app: typer.Typer) -> None:
    app.add_typer(event_app, name="event")
    app.add_typer(recipient_app, name="recipient")
    app.add_typer(target_app, name="target")
    app.command("assign")(assign)
    app.command("assignments")(assignments)
    app.command("unassign")(unassign)
    app.command("fulfil")(fulfil)
    app.command("advance")(advance)
    app.command("progress")(show_progress)


# --- events ----------------------------------------------------------------------------


@event_app.command("add")
def event_add(
    name: str,
    on: Annotated[str, typer.Option("--date", help="The event's date, YYYY-MM-DD.")],
    mode: Annotated[
        str, typer.Option("--mode", help="bundled (gift boxes) or bulk (counts).")
    ] = "bundled",
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add an event; it starts as a DRAFT plan."""
    row = events.create_event(name, event_date=on, output_mode=mode, notes=notes)
    if as_json:
        print_json(row)
    else:
        ok(f"Added event {row['name']} on {row['event_date']} ({row['output_mode']}, "
           f"{row['plan_state']}; id {row['id']})")


@event_app.command("update")
def event_update(
    event: str,
    name: Annotated[str | None, typer.Option()] = None,
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="bundled or bulk")] = None,
    notes: Annotated[str | None, typer.Option(help="'' clears them.")] = None,
) -> None:
    """Change an event's name, date, output mode or notes."""
    row = events.update_event(event, name=name, event_date=on, output_mode=mode, notes=notes)
    ok(f"Updated event {row['name']} ({row['event_date']}, {row['output_mode']})")


@event_app.command("list")
def event_list(
    year: Annotated[int | None, typer.Option(help="Only this year's events.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List events by date."""
    rows = events.list_events(year=year)
    if as_json:
        print_json(rows)
        return
    table(
        "Events",
        ["Id", "Name", "Date", "Mode", "Plan"],
        [[r["id"], r["name"], r["event_date"], r["output_mode"], r["plan_state"]] for r in rows],
    )


@event_app.command("show")
def event_show(event: str, as_json: bool = JsonOption) -> None:
    """An event's targets with progress, what its packages need, and its assignments."""
    with command_unit_of_work(read_only=True) as uow:
        info = events.get_event(event, session=uow)
        report = events.get_event_progress(info["id"], session=uow)
        needs = events.package_needs(info["id"], session=uow)
        given = events.list_assignments(info["id"], session=uow)
    if as_json:
        print_json({**info, **report, "package_needs": needs, "assignments_list": given})
        return
    console.print(
        f"[bold]{escape(info['name'])}[/bold]  {info['event_date']}  "
        f"{info['output_mode']}  plan {info['plan_state']}"
    )
    if info["notes"]:
        console.print(escape(info["notes"]))
    _print_progress(report)
    if needs:
        table(
            "What the packages need",
            ["Finished good", "Packages need", "Target", ""],
            [[n["finished_good_slug"], n["quantity"], n["target_quantity"], _need_flag(n)]
             for n in needs],
        )
    for status in Status:
        rows = [a for a in given if a["fulfillment_status"] == status.value]
        if rows:
            table(
                f"Packages {status.value} ({len(rows)})",
                ["Id", "Recipient", "Household", "Package", "Qty"],
                [[a["id"], a["recipient_name"], a["household"], a["package_name"],
                  a["quantity"]] for a in rows],
            )
    if not given:
        console.print("No packages assigned yet.")


def _need_flag(need: dict[str, Any]) -> str:
    # Targets are the committed figure; packages only warn when they ask for more.
    if need["target_quantity"] is None:
        return "no target"
    short = need["quantity"] - need["target_quantity"]
    return f"target {short} short" if short > 0 else ""


@event_app.command("delete")
def event_delete(
    event: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete an event and its planning rows (refused once runs are recorded for it)."""
    if not yes:
        # Asked before the write transaction begins: it never waits on a person.
        info = events.get_event(event)
        typer.confirm(
            f"Delete event {info['name']} with its {info['production_targets']} production "
            f"target(s), {info['assembly_targets']} assembly target(s) and "
            f"{info['assignments']} assignment(s)?",
            abort=True,
        )
    with command_unit_of_work() as uow:
        info = events.get_event(event, session=uow)
        events.delete_event(info["id"], session=uow)
    ok(f"Deleted event {info['name']}")


# --- recipients ------------------------------------------------------------------------


@recipient_app.command("add")
def recipient_add(
    name: str,
    household: Annotated[str | None, typer.Option()] = None,
    address: Annotated[str | None, typer.Option()] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    dietary: Annotated[str | None, typer.Option(help="Dietary notes (never printed).")] = None,
    avoids: Annotated[
        str | None, typer.Option(help="Allergen codes to avoid, comma-separated: milk,tree_nuts.")
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a recipient."""
    row = events.create_recipient(
        name, household=household, address=address, notes=notes, dietary_notes=dietary,
        avoids=allergens.parse_text(avoids, record=f"Recipient {name!r}", field="avoids"),
    )
    if as_json:
        print_json(row)
    else:
        ok(f"Added recipient {row['name']} (id {row['id']})")


@recipient_app.command("list")
def recipient_list(
    search: Annotated[str | None, typer.Option(help="Part of a name or household.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List recipients by name."""
    rows = events.list_recipients(search=search)
    if as_json:
        print_json(rows)
        return
    table(
        "Recipients",
        ["Id", "Name", "Household", "Avoids", "Dietary notes", "Notes"],
        [[r["id"], r["name"], r["household"], describe(r["avoids"]), r["dietary_notes"],
          r["notes"]] for r in rows],
    )


# --- assignments and fulfillment -------------------------------------------------------


def assign(
    event: str,
    recipient: Annotated[str, typer.Argument(help="Recipient id, or name when unique.")],
    package: Annotated[str, typer.Argument(help="Package id or name.")],
    quantity: Annotated[str, typer.Option(help="How many of the package.")] = "1",
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Give a recipient a package at an event."""
    row = events.assign_package(event, recipient, package, quantity, notes=notes)
    if as_json:
        print_json(row)
    else:
        ok(f"Assigned {row['quantity']} × {row['package_name']} to {row['recipient_name']} "
           f"(assignment {row['id']}, {row['fulfillment_status']})")


def assignments(
    event: str,
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List an event's package assignments, optionally by status."""
    rows = events.list_assignments(event, status=status.value if status else None)
    if as_json:
        print_json(rows)
        return
    table(
        "Assignments",
        ["Id", "Recipient", "Package", "Qty", "Status", "Notes"],
        [[a["id"], a["recipient_name"], a["package_name"], a["quantity"],
          a["fulfillment_status"], a["notes"]] for a in rows],
    )


def unassign(assignment_id: int) -> None:
    """Remove a package assignment that has not been delivered."""
    events.remove_assignment(assignment_id)
    ok(f"Removed assignment {assignment_id}")


def _moved(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(row)
    else:
        ok(f"{row['package_name']} for {row['recipient_name']} is now "
           f"{row['fulfillment_status']}")


def fulfil(
    assignment_id: int,
    status: Annotated[str, typer.Option("--status", help="ready or delivered")],
    as_json: bool = JsonOption,
) -> None:
    """Set an assignment's status, one step at a time: pending → ready → delivered."""
    _moved(events.update_fulfillment_status(assignment_id, status), as_json)


def advance(assignment_id: int, as_json: bool = JsonOption) -> None:
    """Move an assignment to its next status."""
    _moved(events.advance_fulfillment(assignment_id), as_json)


# --- targets ---------------------------------------------------------------------------


@target_app.command("batches")
def target_batches(
    event: str,
    recipe: Annotated[str, typer.Argument(help="Recipe slug or id.")],
    batches: Annotated[str, typer.Argument(help="Whole batches to make.")],
) -> None:
    """Set how many batches of a recipe the event commits to."""
    row = events.set_production_target(event, recipe, batches)
    ok(f"{row['recipe_name']}: {row['target_batches']} batches")


@target_app.command("goods")
def target_goods(
    event: str,
    good: Annotated[str, typer.Argument(help="Finished good slug or id.")],
    quantity: Annotated[str, typer.Argument(help="How many the event needs.")],
) -> None:
    """Set how many of a finished good the event needs."""
    row = events.set_assembly_target(event, good, quantity)
    ok(f"{row['finished_good_name']}: {row['target_quantity']}")


@target_app.command("list")
def target_list(event: str, as_json: bool = JsonOption) -> None:
    """List an event's production and assembly targets."""
    with command_unit_of_work(read_only=True) as uow:
        made = events.get_production_targets(event, session=uow)
        goods = events.get_assembly_targets(event, session=uow)
    if as_json:
        print_json({"production": made, "assembly": goods})
        return
    table("Batches", ["Recipe", "Name", "Target batches"],
          [[t["recipe_slug"], t["recipe_name"], t["target_batches"]] for t in made])
    table("Finished goods", ["Finished good", "Name", "Target"],
          [[t["finished_good_slug"], t["finished_good_name"], t["target_quantity"]]
           for t in goods])


@target_app.command("delete")
def target_delete(
    event: str,
    kind: Annotated[Kind, typer.Argument(help="batches (a recipe) or goods (a finished good)")],
    ref: Annotated[str, typer.Argument(help="Recipe or finished good slug.")],
) -> None:
    """Remove a target from a DRAFT plan."""
    if kind is Kind.batches:
        events.delete_production_target(event, ref)
    else:
        events.delete_assembly_target(event, ref)
    ok(f"Removed the {kind.value} target for {ref}")


# --- progress --------------------------------------------------------------------------


def _bar(percent: Decimal) -> ProgressBar:
    return ProgressBar(total=100, completed=float(min(percent, Decimal(100))), width=24)


def _progress_table(
    title: str, first: str, rows: list[tuple[str, Any, Any, Any, Any, Decimal]]
) -> None:
    t = Table(title=title, title_justify="left", header_style="bold")
    for col in (first, "Done", "Target", "Left", "Over", "", "%"):
        t.add_column(col)
    for name, done, target, left, over, pct in rows:
        t.add_row(escape(name), fmt(done), fmt(target), fmt(left), fmt(over or None), _bar(pct),
                  f"{fmt(pct)}%")
    console.print(t)


def _print_progress(report: EventProgress) -> None:
    if report["production"]:
        _progress_table("Batches", "Recipe", [
            (r["recipe_name"], r["produced_batches"], r["target_batches"],
             r["remaining_batches"], r["overage_batches"], r["percent"])
            for r in report["production"]
        ])
    if report["assembly"]:
        _progress_table("Finished goods", "Finished good", [
            (r["finished_good_name"], r["assembled_quantity"], r["target_quantity"],
             r["remaining"], r["overage"], r["percent"]) for r in report["assembly"]
        ])
    overall = report["overall"]
    if not overall["targets"]:
        console.print("No targets yet: set them with `target batches` and `target goods`.")
    line = Table.grid(padding=(0, 1))
    line.add_row(
        "[bold]Overall[/bold]",
        _bar(overall["percent"]),
        f"{fmt(overall['percent'])}% {overall['status'].replace('_', ' ')} "
        f"({overall['targets_met']} of {overall['targets']} targets met)",
    )
    console.print(line)


def show_progress(event: str, as_json: bool = JsonOption) -> None:
    """How far an event has got: batches made and goods assembled against its targets."""
    report = events.get_event_progress(event)
    if as_json:
        print_json(report)
        return
    _print_progress(report)
