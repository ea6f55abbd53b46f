"""CLI: the plan of an event (batches, ingredients, shopping, feasibility), its states and
amendments."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from baketracker.cli.common import JsonOption, console, money, new_app, ok, print_json, table
from baketracker.services import amendments, plan_state, planning
from baketracker.services.plan_summary_types import PlanSummary

plan_app = new_app("An event's plan: what to bake, buy and assemble, and its lifecycle.")
amend_app = new_app("Change a plan in production, with a reason; see history and comparison.")

ReasonOption = typer.Option("--reason", help="Why the plan changes (required).")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
    app.add_typer(amend_app, name="amend")


@plan_app.command("show")
def show(
    event: Annotated[str, typer.Argument(help="Event name.")],
    explain: Annotated[bool, typer.Option("--explain", help="Explain every figure.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """Show the plan: batches, ingredients, shopping list and what can be assembled."""
    summary = planning.get_plan_summary(event)
    if as_json:
        print_json(summary)
        return
    ev = summary["event"]
    console.print(f"[bold]{escape(ev['name'])}[/bold] — {ev['event_date']} — {ev['plan_state']}")
    _demand(summary)
    _batches(summary, explain)
    table(
        "Ingredients for the remaining batches",
        ["Ingredient", "Needed", "On hand", "To buy"],
        [
            [
                i["name"] + (" [!]" if i["flag"] else ""),
                i["display"]["needed"],
                i["display"]["on_hand"] or "?",
                i["display"]["to_buy"] or "?",
            ]
            for i in (*summary["ingredients"], *summary["materials"])
        ],
    )
    if explain:
        for i in (*summary["ingredients"], *summary["materials"]):
            console.print(f"  • {escape(i['explanation'])}")
    _shopping(summary)
    table(
        "Assembly feasibility (from what is on hand now)",
        ["Finished good", "Still to assemble", "Can assemble", "Limited by"],
        [
            [
                f["finished_good_name"],
                str(f["needed"]),
                str(f["can_assemble"]),
                ", ".join(f["limiting"]),
            ]
            for f in summary["feasibility"]
        ],
    )
    for flag in summary["flags"]:
        console.print(f"[yellow]![/yellow] {escape(flag)}")


def _demand(summary: PlanSummary) -> None:
    if not summary["demand"]:
        return
    table(
        "Demand",
        ["Finished good", "Target", "Packages need", "Assembled", "Left"],
        [
            [
                d["finished_good_name"] + (" [!]" if d["below_packages"] else ""),
                str(d["target_quantity"]),
                str(d["package_quantity"] or ""),
                str(d["assembled"]),
                str(d["remaining"]),
            ]
            for d in summary["demand"]
        ],
    )


def _batches(summary: PlanSummary, explain: bool) -> None:
    table(
        "Batches",
        ["Recipe", "Units needed", "Per batch", "Batches", "Left over", "Baked", "To bake"],
        [
            [
                b["recipe_name"]
                + ("" if b["decided"] else " (proposed)")
                + (" [short]" if b["short"] else ""),
                b["units_needed"],
                b["yield_per_batch"] or "several",
                str(b["batches"]),
                b["leftover_units"],
                b["produced_batches"],
                b["remaining_batches"],
            ]
            for b in summary["batch_requirements"]
        ],
    )
    if explain:
        for b in summary["batch_requirements"]:
            console.print(f"  • {escape(b['explanation'])}")


def _shopping(summary: PlanSummary) -> None:
    table(
        "Shopping list",
        ["Item", "To buy", "Product", "Packages", "Estimated"],
        [
            [
                s["name"],
                s["to_buy_display"],
                f"{s['product_name']} ({s['package_size']})"
                if s["product_name"]
                else (s["flag"] or ""),
                str(s["packages"] or ""),
                money(s["estimated_cost"]),
            ]
            for s in summary["shopping_list"]
        ],
    )
    console.print(f"Estimated total: {money(summary['shopping_total'])}")


@plan_app.command("shopping")
def shopping(event: str, as_json: bool = JsonOption) -> None:
    """Only the shopping list."""
    summary = planning.get_plan_summary(event)
    if as_json:
        print_json(
            {"shopping_list": summary["shopping_list"], "shopping_total": summary["shopping_total"]}
        )
        return
    _shopping(summary)


@plan_app.command("batches")
def batches(
    event: str,
    recipe: str,
    count: Annotated[int, typer.Argument(help="Whole batches.")],
    confirm_short: Annotated[
        bool, typer.Option("--confirm-short", help="Keep a count that falls short of the need.")
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Decide how many batches of a recipe to bake for the event."""
    result = planning.decide_batches(event, recipe, count, confirm_short=confirm_short)
    if as_json:
        print_json(result)
        return
    note = f" (short: the plan needs {result['needed_batches']})" if result["short"] else ""
    ok(f"{result['recipe_slug']}: {result['target_batches']} batches{note}")


@plan_app.command("from-packages")
def from_packages(event: str) -> None:
    """Set every assembly target to what the recipients' packages need."""
    changed = planning.set_targets_from_packages(event)
    if not changed:
        ok("Targets already match the packages")
    for line in changed:
        ok(f"{line['finished_good_name']}: {line['target_quantity']}")


@plan_app.command("finalise")
def finalise(
    event: str,
    force: Annotated[bool, typer.Option("--force", help="Snapshot every target again.")] = False,
) -> None:
    """Write proposed batch targets and snapshot every target's definition."""
    result = planning.create_plan(event, force_recreate=force)
    ok(
        f"Plan finalised: {result['production_targets_created']} batch targets written, "
        f"{result['recipe_snapshots_created']} recipe and "
        f"{result['finished_good_snapshots_created']} finished-good snapshots taken"
    )


@plan_app.command("lock")
def lock(event: str) -> None:
    """DRAFT → LOCKED: finalise the plan and freeze the targets (batch counts stay editable)."""
    ok(f"{event} is {plan_state.lock_plan(event)}")


@plan_app.command("start")
def start(event: str) -> None:
    """LOCKED → IN_PRODUCTION: record the plan as it stands; changes need amendments."""
    ok(f"{event} is {plan_state.start_production(event)}")


@plan_app.command("complete")
def complete(event: str) -> None:
    """IN_PRODUCTION → COMPLETED: the event becomes read-only."""
    ok(f"{event} is {plan_state.complete_production(event)}")


@amend_app.command("drop")
def amend_drop(event: str, good: str, reason: Annotated[str, ReasonOption]) -> None:
    """Drop a finished good from a plan in production."""
    row = amendments.create_amendment(event, "DROP_FG", {"fg_id": good}, reason)
    ok(f"Dropped {row['data']['fg_name']} (was {row['data']['original_quantity']})")


@amend_app.command("add")
def amend_add(event: str, good: str, quantity: int, reason: Annotated[str, ReasonOption]) -> None:
    """Add a finished good to a plan in production."""
    row = amendments.create_amendment(
        event, "ADD_FG", {"fg_id": good, "new_quantity": quantity}, reason
    )
    ok(f"Added {row['data']['new_quantity']} × {row['data']['fg_name']}")


@amend_app.command("batches")
def amend_batches(
    event: str, recipe: str, new_batches: int, reason: Annotated[str, ReasonOption]
) -> None:
    """Change a recipe's batch count in a plan in production."""
    row = amendments.create_amendment(
        event, "MODIFY_BATCH", {"recipe_id": recipe, "new_batches": new_batches}, reason
    )
    data = row["data"]
    ok(f"{data['recipe_name']}: {data['old_batches']} → {data['new_batches']} batches")


@amend_app.command("history")
def history(event: str, as_json: bool = JsonOption) -> None:
    """Every amendment, oldest first."""
    rows = amendments.get_amendment_history(event)
    if as_json:
        print_json(rows)
        return
    table(
        "Amendments",
        ["When", "Kind", "What", "Reason"],
        [
            [
                r["created_at"].strftime("%Y-%m-%d %H:%M"),
                r["amendment_type"],
                ", ".join(f"{k}={v}" for k, v in r["data"].items() if not k.endswith("_id")),
                r["reason"],
            ]
            for r in rows
        ],
    )


@amend_app.command("compare")
def compare(event: str, as_json: bool = JsonOption) -> None:
    """The plan as started beside the plan now."""
    lines = amendments.compare_plan(event)
    if as_json:
        print_json(lines)
        return
    colours = {"unchanged": "", "modified": "yellow", "added": "green", "dropped": "red"}
    table(
        "Original plan vs now",
        ["Kind", "Name", "Original", "Now", "Status"],
        [
            [
                line["kind"].replace("_", " "),
                line["name"],
                fmt_int(line["original"]),
                fmt_int(line["current"]),
                line["status"],
            ]
            for line in lines
        ],
    )
    changed = [
        f"[{colours[line['status']]}]{line['status']}[/]: {escape(line['name'])}"
        for line in lines
        if line["status"] != "unchanged"
    ]
    if changed:
        console.print("; ".join(changed))


def fmt_int(value: int | None) -> str:
    return "—" if value is None else str(value)
