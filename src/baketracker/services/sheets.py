"""The data of each printable sheet (shopping list, bake-day sheet, box labels), gathered
from the other services in one read-only use case each.

Every builder returns plain dicts (Decimals for quantities and money, display strings
beside them) that `reports.render`, the CSV writer and the tests read alike. Nothing here
renders pages; nothing here writes to the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import units
from baketracker.domain.allergens import describe
from baketracker.domain.recipes import flattened_from_snapshot
from baketracker.errors import Invalid
from baketracker.models import EventProductionTarget, Recipe, RecipeComponent, RecipeSnapshot
from baketracker.services import allergen_graph, catalog, events, goods, planning
from baketracker.services import allergens as allergen_service
from baketracker.services.plan_inputs.rows import (
    DefinitionRows,
    flat_line_dict,
    unreconciled_dict,
)
from baketracker.services.plan_summary_types import BatchRequirement, PlanSummary, ShoppingRow

PACKAGING = "Packaging"
OTHER_INGREDIENTS = "Other ingredients"
INGREDIENTS = "Ingredients"
_ZERO = Decimal(0)


def file_stem(kind: str, event: Mapping[str, Any]) -> str:
    """A download name without extension: "shopping-christmas-2026"."""
    return f"{kind}-{slugify(str(event['name'])) or event['id']}"


def kitchen_amount(quantity: Decimal, unit: str) -> str:
    """A quantity the way a baker measures it: kg over 1000 g, spoons and cups for
    volumes, bare counts for items ("3" eggs); an unknown unit is shown as given."""
    try:
        dimension = units.dimension(unit)
        base_quantity, base = units.to_base(quantity, unit)
    except Invalid:
        return units.format_quantity(quantity, unit)
    if dimension == "count":
        return units.format_quantity(base_quantity, "").strip()
    if dimension == "volume":
        return units.format_quantity(*units.kitchen_volume(base_quantity))
    return units.format_quantity(*units.best_display_unit(base_quantity, base))


def _event(summary: PlanSummary) -> dict[str, Any]:
    event = dict(summary["event"])
    event["date_text"] = _date_text(event.get("event_date"))
    return event


def _date_text(value: object) -> str:
    if isinstance(value, date):
        return f"{value:%A} {value.day} {value:%B %Y}"
    return ""


# --- shopping list ---------------------------------------------------------------------


def _ingredient_roots(session: Session) -> dict[str, tuple[str, bool]]:
    """slug → (name of its top ancestor, whether it has an ancestor at all)."""
    rows = catalog.list_ingredients(session=session)
    by_slug = {row["slug"]: row for row in rows}
    roots: dict[str, tuple[str, bool]] = {}
    for row in rows:
        top, seen = row, {row["slug"]}
        while top["parent_slug"] in by_slug and top["parent_slug"] not in seen:
            top = by_slug[top["parent_slug"]]
            seen.add(top["slug"])
        roots[row["slug"]] = (str(top["name"]), top is not row)
    return roots


def _group_title(line: ShoppingRow, roots: dict[str, tuple[str, bool]]) -> str:
    if line["kind"] == "material":
        return PACKAGING
    slug, unknown = line["ingredient_slug"], (line["name"], False)  # slug: set on ingredients
    root, has_parent = roots.get(slug, unknown) if slug is not None else unknown
    return root if has_parent else OTHER_INGREDIENTS


def _group_order(title: str) -> tuple[int, str]:
    if title == PACKAGING:
        return (3, "")
    if title in (OTHER_INGREDIENTS, INGREDIENTS):
        return (2, "")
    return (1, title.lower())


@transactional(read_only=True)
def shopping_sheet(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """The event's shopping list grouped for the shop: ingredients by the top of their
    hierarchy (flour, sugar…; ingredients without a parent under "Other ingredients", or
    all under "Ingredients" when none has a parent), then packaging; alphabetical inside
    a group. Each group has a subtotal; `total` is the plan's shopping total and
    `unpriced` counts the lines it cannot include. Raises NotFound.
    """
    summary = planning.get_plan_summary(event, session=session)
    roots = _ingredient_roots(session)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in summary["shopping_list"]:
        title = _group_title(line, roots)
        grouped[title].append({**line, "group": title})
    if set(grouped) == {OTHER_INGREDIENTS} or set(grouped) == {OTHER_INGREDIENTS, PACKAGING}:
        grouped[INGREDIENTS] = [
            {**line, "group": INGREDIENTS} for line in grouped.pop(OTHER_INGREDIENTS)
        ]
    groups: list[dict[str, Any]] = []
    for title in sorted(grouped, key=_group_order):
        lines = sorted(grouped[title], key=lambda line: (line["name"].lower(), line["unit"]))
        groups.append(
            {
                "title": title,
                "kind": "material" if title == PACKAGING else "ingredient",
                "lines": lines,
                "subtotal": sum((line["estimated_cost"] or _ZERO for line in lines), _ZERO),
                "unpriced": sum(1 for line in lines if line["estimated_cost"] is None),
            }
        )
    lines = [line for group in groups for line in group["lines"]]
    return {
        "kind": "shopping",
        "title": "Shopping list",
        "event": _event(summary),
        "groups": groups,
        "lines": lines,
        "total": summary["shopping_total"],
        "unpriced": sum(group["unpriced"] for group in groups),
        "file_stem": file_stem("shopping", summary["event"]),
    }


# --- bake-day sheet --------------------------------------------------------------------


def _ingredient_lines(flat: list[dict[str, Any]], batches: Decimal) -> list[dict[str, Any]]:
    """Flattened recipe lines for `batches` batches, as a baker measures them."""
    out = []
    for line in flat:
        quantity, unit = line["quantity"], line["unit"]
        flag = None
        if not line["reconciled"]:
            flag = line.get("reason") or "kept in the recipe's unit"
        out.append(
            {
                "slug": line["ingredient_slug"],
                "name": line["ingredient_name"],
                "quantity": quantity,
                "unit": unit,
                "amount": kitchen_amount(quantity, unit),
                "per_batch": kitchen_amount(quantity / batches, unit),
                "flag": flag,
            }
        )
    return sorted(out, key=lambda line: (line["flag"] is not None, line["name"].lower()))


def _components_by_recipe(session: Session) -> dict[int, list[tuple[RecipeComponent, Recipe]]]:
    """Every recipe's sub-recipes in the recipe's order, read in one query (not one recipe
    at a time). The rows are returned with them, so the session, which holds them only
    weakly, answers later look-ups of these recipes by id without asking again."""
    by_recipe: dict[int, list[tuple[RecipeComponent, Recipe]]] = defaultdict(list)
    rows = session.execute(
        select(RecipeComponent, Recipe)
        .join(Recipe, Recipe.id == RecipeComponent.component_recipe_id)
        .order_by(RecipeComponent.recipe_id, RecipeComponent.position, RecipeComponent.id)
    ).all()
    for component, sub_recipe in rows:
        by_recipe[component.recipe_id].append((component, sub_recipe))
    return by_recipe


def _flattened(rows: DefinitionRows, recipe_id: int, batches: Decimal) -> list[dict[str, Any]]:
    """`recipes.flatten_recipe(recipe_id, batches, lenient=True)`, from definitions read
    once for the whole sheet rather than once per recipe."""
    result = rows.flatten({recipe_id: batches}, lenient=True)
    return [flat_line_dict(li) for li in result.lines] + [
        unreconciled_dict(li) for li in result.unreconciled
    ]


def _sub_recipes(
    components: dict[int, list[tuple[RecipeComponent, Recipe]]],
    recipe_id: int,
    batches: Decimal,
    parent: str,
    depth: int,
    rows: DefinitionRows,
) -> list[dict[str, Any]]:
    """Every sub-recipe under `recipe_id`, depth first, with its own batch count."""
    out: list[dict[str, Any]] = []
    for component, sub_recipe in components.get(recipe_id, []):
        sub_batches = Decimal(component.multiplier) * batches
        flat = _flattened(rows, sub_recipe.id, sub_batches)
        out.append(
            {
                "slug": sub_recipe.slug,
                "name": sub_recipe.name,
                "parent": parent,
                "depth": depth,
                "batches": sub_batches,
                "per_batch": Decimal(component.multiplier),
                "ingredients": _ingredient_lines(flat, sub_batches),
            }
        )
        out += _sub_recipes(
            components, sub_recipe.id, sub_batches, sub_recipe.name, depth + 1, rows
        )
    return out


def _planning_snapshots(
    session: Session, event_id: int, recipe_ids: list[int]
) -> dict[int, RecipeSnapshot]:
    """Each recipe's planning snapshot for the event, where the plan took one: one query."""
    if not recipe_ids:
        return {}
    rows = session.execute(
        select(EventProductionTarget.recipe_id, RecipeSnapshot)
        .join(RecipeSnapshot, RecipeSnapshot.id == EventProductionTarget.recipe_snapshot_id)
        .where(
            EventProductionTarget.event_id == event_id,
            EventProductionTarget.recipe_id.in_(recipe_ids),
        )
    ).all()
    return {recipe_id: snapshot for recipe_id, snapshot in rows}


def _planned_ingredients(
    snapshot: RecipeSnapshot | None, line: BatchRequirement, batches: Decimal,
    rows: DefinitionRows,
) -> list[dict[str, Any]]:
    """The flattened lines a planned production run will draw: the snapshot's, if any."""
    if snapshot is None:
        return _flattened(rows, line["recipe_id"], batches)
    flat = flattened_from_snapshot(snapshot.data, batches)
    return [flat_line_dict(li) for li in flat.lines] + [
        unreconciled_dict(li) for li in flat.unreconciled
    ]


@transactional(read_only=True)
def bake_day_sheet(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """What is left to bake, one block per recipe: its remaining batches, what they make
    and for which goods, every ingredient scaled to those batches (sub-recipes included)
    and each sub-recipe with its own batch count and ingredients. A recipe with nothing
    left to bake is listed as done, without ingredients. Raises NotFound.

    Ingredients come from the recipe as planned (its planning snapshot) when the plan is
    finalised, else from the live recipe; a line that cannot be summed for want of a
    density is kept in its own unit and flagged. The sub-recipe breakdown is read live.
    """
    summary = planning.get_plan_summary(event, session=session)
    allergen_rollups = allergen_service.for_recipes(
        [line["recipe_id"] for line in summary["batch_requirements"]], session=session
    )
    blocks = []
    components = _components_by_recipe(session)
    to_bake = [
        line["recipe_id"]
        for line in summary["batch_requirements"]
        if Decimal(line["remaining_batches"]) > 0
    ]
    snapshots = _planning_snapshots(session, summary["event"]["id"], to_bake)
    # Every recipe left to bake and all its sub-recipes, read in a few queries.
    definitions = DefinitionRows.load_for(session, recipes=to_bake)
    for line in summary["batch_requirements"]:
        remaining = Decimal(line["remaining_batches"])
        block: dict[str, Any] = {
            "recipe_slug": line["recipe_slug"],
            "recipe_name": line["recipe_name"],
            "batches": line["batches"],
            "produced_batches": line["produced_batches"],
            "remaining_batches": remaining,
            "done": remaining <= 0,
            "short": line["short"],
            "explanation": line["explanation"],
            "units": [
                {
                    "name": unit["finished_unit_name"],
                    "needed": unit["needed"],
                    "yield_per_batch": unit["yield_per_batch"],
                    "makes": unit["yield_per_batch"] * remaining,
                    "for": [
                        f"{d['target_quantity']} × {d['finished_good_name']}"
                        for d in unit["drivers"]
                    ],
                }
                for unit in line["units"]
            ],
            "ingredients": [],
            "sub_recipes": [],
        }
        allergen = allergen_rollups.get(line["recipe_id"])
        block["allergens"] = allergen["label_contains"] if allergen else ""
        block["may_contain"] = allergen["label_may_contain"] if allergen else ""
        block["allergens_unknown"] = allergen["unknown_names"] if allergen else []
        if remaining > 0:
            snapshot = snapshots.get(line["recipe_id"])
            flat = _planned_ingredients(snapshot, line, remaining, definitions)
            block["ingredients"] = _ingredient_lines(flat, remaining)
            block["sub_recipes"] = _sub_recipes(
                components, line["recipe_id"], remaining, line["recipe_name"], 1, definitions
            )
        blocks.append(block)
    blocks.sort(key=lambda b: (b["done"], b["recipe_name"].lower()))
    return {
        "kind": "bake-day",
        "title": "Bake-day sheet",
        "event": _event(summary),
        "recipes": blocks,
        "remaining_batches": sum((b["remaining_batches"] for b in blocks), _ZERO),
        "file_stem": file_stem("bake-day", summary["event"]),
    }


# --- box labels ------------------------------------------------------------------------


def _few(names: list[str], most: int = 3) -> str:
    """Names for a small label: the first few, then how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _conflict(warning: allergen_service.AllergenWarning | None) -> str | None:
    """What the recipient avoids that the box brings, until someone marks it checked."""
    if not warning or warning["checked_by"] or not warning["conflicts"]:
        return None
    return f"{warning['recipient']} avoids {describe(warning['conflicts'])}"

@transactional(read_only=True)
def label_sheet(event: object, *, session: Session = AUTO) -> dict[str, Any]:
    """One label per box: an assignment of 3 boxes gives 3 labels ("box 1 of 3"), so
    every box that leaves the kitchen carries its recipient. Labels follow the
    assignments' order (recipient name, then package). Each names the recipient, their
    household and address, the package and its contents, what the box contains and may
    contain (from the roll-up, never the recipient's private note), any allergen warning
    not yet marked checked, and the assignment's notes. Raises NotFound.
    """
    event_row = events.get_event(event, session=session)
    assignments = events.list_assignments(event_row["id"], session=session)
    graph = allergen_graph.load(session, packages={a["package_id"] for a in assignments})
    rollups = {
        pid: allergen_service.rollup_dict(graph.package(pid))
        for pid in {a["package_id"] for a in assignments}
    }
    warnings = {
        w["assignment_id"]: w
        for w in allergen_service.warnings_for_event(event_row["id"], session=session)
    }
    packages: dict[int, dict[str, Any]] = {}
    people: dict[int, dict[str, Any]] = {}
    labels = []
    for assignment in assignments:
        package_id = assignment["package_id"]
        if package_id not in packages:
            packages[package_id] = goods.get_package(package_id, session=session)
        recipient_id = assignment["recipient_id"]
        if recipient_id not in people:
            people[recipient_id] = events.get_recipient(recipient_id, session=session)
        package, person = packages[package_id], people[recipient_id]
        contents = [
            {"name": item["finished_good_name"], "quantity": item["quantity"]}
            for item in package["contents"]
        ]
        count = int(assignment["quantity"])
        rollup = rollups[package_id]
        warning = warnings.get(assignment["id"])
        for number in range(1, count + 1):
            labels.append(
                {
                    "assignment_id": assignment["id"],
                    "recipient_name": person["name"],
                    "household": person["household"],
                    "address": person["address"],
                    "contains": rollup["label_contains"],
                    "may_contain": rollup["label_may_contain"],
                    "allergens_unknown": _few(rollup["unknown_names"]),
                    "allergen_warning": _conflict(warning),
                    "allergens_checked_by": warning["checked_by"] if warning else None,
                    "notes": assignment["notes"],
                    "package_name": package["name"],
                    "package_notes": package["notes"],
                    "contents": contents,
                    "box_number": number,
                    "box_count": count,
                    "fulfillment_status": assignment["fulfillment_status"],
                }
            )
    event_info = {
        "id": event_row["id"],
        "name": event_row["name"],
        "event_date": event_row.get("event_date"),
        "plan_state": event_row.get("plan_state"),
    }
    event_info["date_text"] = _date_text(event_info["event_date"])
    return {
        "kind": "labels",
        "title": "Box labels",
        "event": event_info,
        "labels": labels,
        "recipients": len(people),
        "boxes": len(labels),
        "file_stem": file_stem("labels", event_info),
    }
