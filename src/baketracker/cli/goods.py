"""CLI: finished goods (bare and bundles) and gift-box packages."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from baketracker.cli.common import JsonOption, console, money, new_app, ok, print_json, qty, table
from baketracker.cli.recipes import split_pair
from baketracker.db import command_unit_of_work
from baketracker.domain import units
from baketracker.services import costing, goods

good_app = new_app("Finished goods: a bare item or a bundle of units, goods and packaging.")
package_app = new_app("Packages: gift-box templates listing finished goods.")


def register(app: typer.Typer) -> None:
    app.add_typer(good_app, name="good")
    app.add_typer(package_app, name="package")


def _part(text: str, key: str, option: str) -> dict[str, Any]:
    ref, amount = split_pair(text, option=option, example=f"{key.replace('_', '-')}: 2")
    return {key: ref, "quantity": units.to_decimal(amount, field=option.lstrip("-"), record=ref)}


def _lines_table(title: str, good: dict[str, Any]) -> None:
    table(
        title,
        ["Type", "Part", "Quantity"],
        [
            [line["type"].replace("_", " "), line["slug"], qty(line["quantity"], line["unit"])]
            for line in good["components"]
        ],
    )


def _needs_tables(result: dict[str, Any], per: str) -> None:
    if result["finished_units"]:
        table(
            f"Finished units per {per}",
            ["Finished unit", "Recipe", "Quantity"],
            [[u["slug"], u["recipe_slug"], u["quantity"]] for u in result["finished_units"]],
        )
    if result["materials"]:
        table(
            f"Packaging per {per}",
            ["Material", "Quantity"],
            [[m["slug"], qty(m["quantity"], m["unit"])] for m in result["materials"]],
        )


@good_app.command("add")
def good_add(
    name: str,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="'sugar-cookie: 6' (repeatable).")
    ] = None,
    good: Annotated[
        list[str] | None, typer.Option("--good", "-g", help="A nested good: 'cookie-box: 1'.")
    ] = None,
    material: Annotated[
        list[str] | None, typer.Option("--material", "-m", help="Packaging: 'gift-box: 1'.")
    ] = None,
    slug: Annotated[str | None, typer.Option()] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a bundle of finished units, nested goods and packaging materials."""
    components = (
        [_part(t, "finished_unit", "--unit") for t in unit or []]
        + [_part(t, "finished_good", "--good") for t in good or []]
        + [_part(t, "material", "--material") for t in material or []]
    )
    row = goods.create_finished_good(name, components=components, slug=slug, notes=notes)
    if as_json:
        print_json(row)
    else:
        ok(f"Added finished good {row['name']} ({row['slug']}), {len(row['components'])} line(s)")


@good_app.command("list")
def good_list(
    kind: Annotated[str | None, typer.Option(help="bare or bundle.")] = None,
    search: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """List finished goods."""
    rows = goods.list_finished_goods(kind=kind, search=search)
    if as_json:
        print_json(rows)
        return
    table(
        "Finished goods",
        ["Slug", "Name", "Kind", "Lines", "On hand"],
        [
            [r["slug"], r["name"], r["kind"].lower(), str(len(r["components"])), str(r["on_hand"])]
            for r in rows
        ],
    )


@good_app.command("show")
def good_show(
    good: str,
    quantity: Annotated[str, typer.Option(help="How many, for needs and cost.")] = "1",
    as_json: bool = JsonOption,
) -> None:
    """Show a finished good: its lines, what it needs, and its estimated cost."""
    count = units.to_decimal(quantity, field="quantity")
    with command_unit_of_work(read_only=True) as uow:
        row = goods.get_finished_good(good, session=uow)
        needs = goods.explode_finished_good(row["id"], count, session=uow)
        cost = costing.estimate_finished_good_cost(row["id"], count, session=uow)
    if as_json:
        print_json({"finished_good": row, "needs": needs, "cost": cost})
        return
    console.print(
        f"[bold]{row['name']}[/bold] ({row['slug']}) · {row['kind'].lower()} · "
        f"on hand {row['on_hand']}"
    )
    _lines_table("Lines", row)
    _needs_tables(needs, "good" if count == 1 else f"{count.normalize():f} goods")
    _cost_summary(cost, "per_good_cost", "each")


def _cost_summary(cost: dict[str, Any], per_key: str, per: str) -> None:
    table(
        None,
        ["Item", "Quantity", "Est. cost", "How"],
        [
            [
                line["name"],
                qty(*units.best_display_unit(line["quantity"], line["unit"])),
                money(line["cost"]),
                line["explanation"],
            ]
            for line in cost["lines"]
        ],
    )
    flag = " [yellow](estimated)[/yellow]" if cost["estimated"] else ""
    console.print(
        f"Estimated cost: {money(cost['total_cost'])}{flag}, {money(cost[per_key])} {per}"
    )
    if cost["unpriced"]:
        console.print(f"[yellow]No price known for: {', '.join(cost['unpriced'])}[/yellow]")


@package_app.command("add")
def package_add(
    name: str,
    good: Annotated[
        list[str] | None, typer.Option("--good", "-g", help="'cookie-tin: 2' (repeatable).")
    ] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a gift-box template."""
    contents: list[tuple[object, object]] = []
    for text in good or []:
        ref, amount = split_pair(text, option="--good", example="cookie-tin: 2")
        contents.append((ref, units.to_decimal(amount, field="good", record=ref)))
    row = goods.create_package(name, contents=contents, notes=notes)
    if as_json:
        print_json(row)
    else:
        ok(f"Added package {row['name']} (id {row['id']}), {len(row['contents'])} good(s)")


@package_app.command("list")
def package_list(as_json: bool = JsonOption) -> None:
    """List packages."""
    rows = goods.list_packages()
    if as_json:
        print_json(rows)
        return
    table(
        "Packages",
        ["Id", "Name", "Contents"],
        [
            [
                str(r["id"]),
                r["name"],
                ", ".join(f"{c['quantity']} × {c['finished_good_slug']}" for c in r["contents"]),
            ]
            for r in rows
        ],
    )


@package_app.command("show")
def package_show(package: str, as_json: bool = JsonOption) -> None:
    """Show a package: its goods and what one box needs."""
    row = goods.get_package(int(package) if package.isdigit() else package)
    if as_json:
        print_json(row)
        return
    console.print(f"[bold]{row['name']}[/bold] (id {row['id']})")
    table(
        "Contents",
        ["Finished good", "Quantity"],
        [[c["finished_good_slug"], str(c["quantity"])] for c in row["contents"]],
    )
    _needs_tables(row, "box")
