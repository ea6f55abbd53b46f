"""CLI: record production (batches baked, with losses) and assembly, and list the runs."""

from __future__ import annotations

from typing import Annotated

import typer

from baketracker.cli.common import JsonOption, money, ok, print_json, table
from baketracker.db import command_unit_of_work
from baketracker.services import assembly, production


def register(app: typer.Typer) -> None:
    app.command("produce")(produce)
    app.command("assemble")(assemble)
    app.command("runs")(runs)


def produce(
    recipe: Annotated[str, typer.Argument(help="Recipe slug.")],
    batches: Annotated[str, typer.Argument(help="Batches baked, e.g. 2 or 1.5.")],
    event: Annotated[str | None, typer.Option(help="Event name; leave out for standalone.")] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Finished unit made (when the recipe has several).")
    ] = None,
    actual: Annotated[
        int | None, typer.Option("--yield", help="Units that came out; default as expected.")
    ] = None,
    loss: Annotated[
        str | None,
        typer.Option(help="burnt, broken, contaminated, dropped, wrong_ingredients or other."),
    ] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Record batches baked: ingredients are drawn from stock oldest first."""
    result = production.record_batch_production(
        recipe,
        batches,
        finished_unit=unit,
        actual_yield=actual,
        loss_category=loss,
        event=event,
        loss_notes=notes,
    )
    if as_json:
        print_json(result)
        return
    lost = (
        f", {result['loss_quantity']} lost ({result['loss_category']})"
        if result["loss_quantity"]
        else ""
    )
    ok(
        f"Baked {result['batches']} × {result['recipe_slug']}: {result['actual_yield']} of "
        f"{result['expected_yield']} {result['finished_unit_slug']}{lost}; cost "
        f"{money(result['total_cost'])}; now {result['on_hand']} on hand"
    )


def assemble(
    good: Annotated[str, typer.Argument(help="Finished good slug.")],
    quantity: Annotated[str, typer.Argument(help="How many were put together.")],
    event: Annotated[str | None, typer.Option(help="Event name; leave out for standalone.")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Record goods assembled from finished units, nested goods and materials."""
    result = assembly.record_assembly(good, quantity, event=event, notes=notes)
    if as_json:
        print_json(result)
        return
    ok(
        f"Assembled {result['quantity']} × {result['finished_good_slug']} for "
        f"{money(result['total_cost'])}; now {result['on_hand']} on hand"
    )


def runs(
    event: Annotated[str | None, typer.Option(help="Only runs for this event.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List production and assembly runs, newest first."""
    with command_unit_of_work(read_only=True) as uow:
        made = production.list_production_runs(event=event, session=uow)
        assembled = assembly.list_assembly_runs(event=event, session=uow)
    if as_json:
        print_json({"production": made, "assembly": assembled})
        return
    table(
        "Production runs",
        ["Run", "When", "Recipe", "Batches", "Yield", "Loss", "Cost"],
        [
            [
                str(r["id"]),
                r["produced_at"].strftime("%Y-%m-%d %H:%M"),
                r["recipe_name"],
                r["batches"],
                f"{r['actual_yield']}/{r['expected_yield']}",
                f"{r['loss_quantity']} {r['loss_category'] or ''}".strip()
                if r["loss_quantity"]
                else "",
                money(r["total_cost"]),
            ]
            for r in made
        ],
    )
    table(
        "Assembly runs",
        ["Run", "When", "Good", "Quantity", "Cost"],
        [
            [
                str(r["id"]),
                r["assembled_at"].strftime("%Y-%m-%d %H:%M"),
                r["finished_good_name"],
                str(r["quantity"]),
                money(r["total_cost"]),
            ]
            for r in assembled
        ],
    )
