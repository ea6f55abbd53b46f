"""CLI: recipes with their ingredient lines, sub-recipes, finished units and costs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import typer
from slugify import slugify
from sqlalchemy.orm import Session

from baketracker.cli.common import (
    JsonOption,
    console,
    money,
    new_app,
    ok,
    parse_amount_option,
    print_json,
    qty,
    table,
)
from baketracker.db import command_unit_of_work
from baketracker.domain import units
from baketracker.domain.yields import yield_amount
from baketracker.errors import Invalid, NotFound
from baketracker.services import catalog, costing, recipes

recipe_app = new_app("Recipes: ingredient lines, sub-recipes, what a batch yields, cost.")

IngredientOption = typer.Option(
    "--ingredient", "-i", help="'flour: 2 1/2 cups' (repeat for each line)."
)
ComponentOption = typer.Option(
    "--component", "-c", help="A sub-recipe and its batches: 'vanilla-frosting: 2'."
)
YieldsOption = typer.Option(
    "--yields", "-y", help="'Sugar cookie: 24', 'Cake: 1 batch' or 'Half cake: 50%'."
)


def register(app: typer.Typer) -> None:
    app.add_typer(recipe_app, name="recipe")


# --- parsing what bakers type ----------------------------------------------------------


def split_pair(text: str, *, option: str, example: str) -> tuple[str, str]:
    """'flour: 2 cups' → ('flour', '2 cups'); Invalid naming the option otherwise."""
    left, sep, right = text.rpartition(":")
    if not sep or not left.strip() or not right.strip():
        raise Invalid(f"{option} {text!r}: write it as '{example}'", field=option.lstrip("-"))
    return left.strip(), right.strip()


def ingredient_ref(uow: Session, text: str) -> str:
    """An ingredient slug as typed, else the slug of a typed name ('Brown sugar')."""
    try:
        return str(catalog.get_ingredient(text, session=uow)["slug"])
    except NotFound:
        return slugify(text) or text


def parse_ingredient(uow: Session, text: str) -> tuple[str, Decimal, str]:
    name, amount = split_pair(text, option="--ingredient", example="flour: 2 1/2 cups")
    quantity, unit = parse_amount_option(amount, field="ingredient")
    return ingredient_ref(uow, name), quantity, unit


def parse_component(text: str) -> tuple[str, Decimal]:
    name, amount = split_pair(text, option="--component", example="vanilla-frosting: 2")
    return name, units.to_decimal(amount, field="component", record=name)


def parse_yield(text: str) -> dict[str, Any]:
    """'Sugar cookie: 24' → items per batch; 'Cake: 1 batch' or 'Half cake: 50%' →
    the portion of a batch one unit takes."""
    name, amount = split_pair(text, option="--yields", example="Sugar cookie: 24")
    try:
        key, value = yield_amount(amount)
    except Invalid:
        raise Invalid(
            f"--yields {text!r}: write a count ('24'), a batch share ('1 batch') or a "
            "percentage ('50%')",
            field="yields",
        ) from None
    return {"name": name, key: value}


def describe_yield(unit: dict[str, Any]) -> str:
    if unit["items_per_batch"] is not None:
        return f"{unit['items_per_batch'].normalize():f} per batch"
    portion = unit["batch_portion"] * 100
    return f"{portion.normalize():f}% of a batch"


# --- commands --------------------------------------------------------------------------


@recipe_app.command("add")
def recipe_add(
    name: str,
    ingredient: Annotated[list[str] | None, IngredientOption] = None,
    component: Annotated[list[str] | None, ComponentOption] = None,
    yields: Annotated[list[str] | None, YieldsOption] = None,
    category: Annotated[str | None, typer.Option()] = None,
    slug: Annotated[str | None, typer.Option(help="Portable key; derived from the name.")] = None,
    base: Annotated[str | None, typer.Option(help="Base recipe, for a variant.")] = None,
    variant: Annotated[str | None, typer.Option(help="Variant name, with --base.")] = None,
    instructions: Annotated[str | None, typer.Option()] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a recipe with its lines, sub-recipes and what a batch yields."""
    with command_unit_of_work() as uow:
        row = recipes.create_recipe(
            name,
            ingredients=[parse_ingredient(uow, text) for text in ingredient or []],
            components=[parse_component(text) for text in component or []],
            finished_units=[parse_yield(text) for text in yields or []],
            slug=slug,
            category=category,
            base_recipe=base,
            variant_name=variant,
            instructions=instructions,
            notes=notes,
            session=uow,
        )
    if as_json:
        print_json(row)
        return
    made = ", ".join(u["slug"] for u in row["finished_units"])
    ok(f"Added recipe {row['name']} ({row['slug']})" + (f"; yields {made}" if made else ""))


@recipe_app.command("ingredient")
def recipe_ingredient(
    recipe: str,
    line: Annotated[str, typer.Argument(help="'flour: 2 1/2 cups'")],
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Add an ingredient line to a recipe."""
    with command_unit_of_work() as uow:
        ref, quantity, unit = parse_ingredient(uow, line)
        added = recipes.add_ingredient(recipe, ref, quantity, unit, note=note, session=uow)
    ok(f"Added {qty(added['quantity'], added['unit'])} {added['ingredient_name']} to {recipe}")


@recipe_app.command("component")
def recipe_component(
    recipe: str,
    component: Annotated[str, typer.Argument(help="'vanilla-frosting: 2'")],
) -> None:
    """Use another recipe inside this one, so many batches per batch."""
    ref, multiplier = parse_component(component)
    recipes.add_component(recipe, ref, multiplier)
    ok(f"{recipe} now uses {multiplier.normalize():f} × {ref}")


@recipe_app.command("yields")
def recipe_yields(
    recipe: str,
    spec: Annotated[str, typer.Argument(help="'Sugar cookie: 24' or 'Half cake: 50%'")],
    slug: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a finished unit (and its bare finished good) to a recipe."""
    parsed = parse_yield(spec)
    row = recipes.create_finished_unit(
        recipe,
        parsed["name"],
        items_per_batch=parsed.get("items_per_batch"),
        batch_portion=parsed.get("batch_portion"),
        slug=slug,
    )
    if as_json:
        print_json(row)
    else:
        ok(f"{row['name']} ({row['slug']}): {describe_yield(row)}")


@recipe_app.command("list")
def recipe_list(
    search: Annotated[str | None, typer.Option(help="Part of a name or slug.")] = None,
    category: Annotated[str | None, typer.Option()] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include archived recipes.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """List recipes."""
    rows = recipes.list_recipes(search=search, category=category, include_archived=all_)
    if as_json:
        print_json(rows)
        return
    table(
        "Recipes",
        ["Slug", "Name", "Category", "Lines", "Sub-recipes", "Yields", "Archived"],
        [
            [
                r["slug"],
                r["name"] + (f" ({r['variant_name']})" if r["variant_name"] else ""),
                r["category"],
                str(r["ingredient_count"]),
                str(r["component_count"]),
                ", ".join(r["finished_units"]),
                r["archived"],
            ]
            for r in rows
        ],
    )


@recipe_app.command("units")
def recipe_units(
    recipe: Annotated[str | None, typer.Argument(help="One recipe; default all.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List finished units: what batches yield, and how many are on hand."""
    rows = recipes.list_finished_units(recipe=recipe)
    if as_json:
        print_json(rows)
        return
    table(
        "Finished units",
        ["Slug", "Name", "Recipe", "Yield", "On hand"],
        [
            [r["slug"], r["name"], r["recipe_slug"], describe_yield(r), str(r["on_hand"])]
            for r in rows
        ],
    )


@recipe_app.command("show")
def recipe_show(
    recipe: str,
    batches: Annotated[str, typer.Option(help="Scale the flattened list and cost.")] = "1",
    as_json: bool = JsonOption,
) -> None:
    """Show a recipe: lines, sub-recipes, yields, flattened ingredients and estimated cost."""
    count = units.to_decimal(batches, field="batches")
    with command_unit_of_work(read_only=True) as uow:
        row = recipes.get_recipe(recipe, session=uow)
        flat = recipes.flatten_recipe(row["id"], count, lenient=True, session=uow)
        cost = costing.estimate_recipe_cost(row["id"], count, session=uow)
    if as_json:
        print_json({"recipe": row, "batches": count, "flattened": flat, "cost": cost})
        return
    _print_recipe(row, count, flat, cost)


def _print_recipe(
    row: dict[str, Any], count: Decimal, flat: list[dict[str, Any]], cost: dict[str, Any]
) -> None:
    title = f"[bold]{row['name']}[/bold] ({row['slug']})"
    if row["variant_name"]:
        title += f", variant {row['variant_name']!r} of {row['base_recipe_slug']}"
    if row["category"]:
        title += f" · {row['category']}"
    if row["archived"]:
        title += " · [yellow]archived[/yellow]"
    console.print(title)
    if row["ingredients"]:
        table(
            "Ingredients (as written, per batch)",
            ["Ingredient", "Amount", "Note"],
            [
                [i["ingredient_name"], qty(i["quantity"], i["unit"]), i["note"]]
                for i in row["ingredients"]
            ],
        )
    if row["components"]:
        table(
            "Sub-recipes",
            ["Recipe", "Batches per batch"],
            [[c["recipe_slug"], c["multiplier"]] for c in row["components"]],
        )
    if row["finished_units"]:
        table(
            "Yields",
            ["Finished unit", "Yield", "On hand"],
            [[u["slug"], describe_yield(u), str(u["on_hand"])] for u in row["finished_units"]],
        )
    costs = {(c["slug"], c["unit"]): c for c in cost["lines"]}
    plural = "batch" if count == 1 else "batches"
    table(
        f"All ingredients for {count.normalize():f} {plural} (sub-recipes included)",
        ["Ingredient", "Quantity", "Est. cost", "How"],
        [
            [
                f["ingredient_name"] + ("" if f["reconciled"] else " ⚠"),
                qty(*units.best_display_unit(f["quantity"], f["unit"])),
                money(costs[(f["ingredient_slug"], f["unit"])]["cost"]),
                costs[(f["ingredient_slug"], f["unit"])]["explanation"],
            ]
            for f in flat
        ],
    )
    flag = " [yellow](estimated)[/yellow]" if cost["estimated"] else ""
    console.print(
        f"Estimated cost: {money(cost['total_cost'])}{flag}, "
        f"{money(cost['per_batch_cost'])} per batch"
    )
    if cost["unpriced"]:
        console.print(f"[yellow]No price known for: {', '.join(cost['unpriced'])}[/yellow]")


@recipe_app.command("rename")
def recipe_rename(recipe: str, name: str) -> None:
    """Rename a recipe; its old slug keeps working."""
    row = recipes.update_recipe(recipe, name=name)
    ok(f"Renamed to {row['name']} ({row['slug']})")


@recipe_app.command("archive")
def recipe_archive(
    recipe: str,
    restore: Annotated[bool, typer.Option("--restore", help="Bring it back.")] = False,
) -> None:
    """Archive a recipe (hidden from lists, history kept)."""
    row = recipes.archive_recipe(recipe, archived=not restore)
    ok(f"{'Restored' if restore else 'Archived'} {row['name']} ({row['slug']})")


@recipe_app.command("delete")
def recipe_delete(recipe: str) -> None:
    """Delete a recipe that nothing uses (archive it if it has history)."""
    result = recipes.delete_recipe(recipe)
    ok(f"Deleted recipe {result['deleted']}")
