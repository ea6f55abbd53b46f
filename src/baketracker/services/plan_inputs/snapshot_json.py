"""The JSON a definition snapshot holds, built from definitions read as plain rows.

A recipe snapshot keeps the flattened ingredient totals, the lines, sub-recipes and
finished units; a finished-good snapshot keeps the composition tree and its totals, so
production, assembly and planning never read the live definition again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from baketracker.domain.numbers import decimal_text
from baketracker.services.plan_inputs.rows import (
    DefinitionRows,
    flat_line_dict,
    node,
    unreconciled_dict,
)


def recipe_snapshot(
    rows: DefinitionRows, rid: int, scale: Decimal, *, production_run_id: int | None = None
) -> dict[str, Any]:
    """Everything production and planning need, without reading the live recipe again."""
    row = rows.recipes[rid]
    result = rows.flatten({rid: scale}, lenient=True)
    return {
        "schema": 1,
        "recipe": {
            "id": row.id,
            "slug": row.slug,
            "name": row.name,
            "category": row.category,
            "variant_name": row.variant_name,
        },
        "scale_factor": decimal_text(scale),
        "ingredients": [_jsonable(flat_line_dict(line)) for line in result.lines],
        "unreconciled": [_jsonable(unreconciled_dict(line)) for line in result.unreconciled],
        "lines": [
            _jsonable(
                {
                    "id": li.id,
                    "ingredient_id": li.ingredient_id,
                    "ingredient_slug": rows.ingredients[li.ingredient_id].slug,
                    "ingredient_name": rows.ingredients[li.ingredient_id].name,
                    "quantity": li.quantity,
                    "unit": li.unit,
                    "note": li.note,
                }
            )
            for li in rows.lines[rid]
        ],
        "components": [
            {
                "recipe_id": c.component_recipe_id,
                "recipe_slug": rows.recipes[c.component_recipe_id].slug,
                "recipe_name": rows.recipes[c.component_recipe_id].name,
                "multiplier": decimal_text(c.multiplier),
            }
            for c in rows.components[rid]
        ],
        "finished_units": [
            {
                "id": u.id,
                "slug": u.slug,
                "name": u.name,
                "items_per_batch": decimal_text(u.items_per_batch),
                "batch_portion": decimal_text(u.batch_portion),
            }
            for u in rows.units_by_recipe[rid]
        ],
        "production_run_id": production_run_id,
        "taken_at": datetime.now(UTC).isoformat(),
    }


def good_snapshot(
    rows: DefinitionRows, gid: int, *, assembly_run_id: int | None = None
) -> dict[str, Any]:
    """One good's composition recursively and its flattened totals, for one good."""
    good = rows.goods[gid]
    exploded = rows.explode({gid: Decimal(1)})
    for line in (*exploded["finished_units"], *exploded["materials"]):
        line["quantity"] = decimal_text(line["quantity"])
    return {
        "schema": 1,
        "finished_good": {
            "id": good.id,
            "slug": good.slug,
            "name": good.name,
            "kind": good.kind,
        },
        "components": _tree(rows, gid),
        "flattened": exploded,
        "assembly_run_id": assembly_run_id,
        "taken_at": datetime.now(UTC).isoformat(),
    }


def _tree(rows: DefinitionRows, gid: int) -> list[dict[str, Any]]:
    lines = []
    for part in rows.parts[gid]:
        kind, part_id = node(part)
        if kind == "fu":
            unit = rows.units[part_id]
            lines.append(
                {
                    "type": "finished_unit",
                    "id": unit.id,
                    "slug": unit.slug,
                    "name": unit.name,
                    "quantity": decimal_text(part.quantity),
                    "recipe_id": unit.recipe_id,
                    "recipe_slug": rows.recipes[unit.recipe_id].slug,
                    "items_per_batch": decimal_text(unit.items_per_batch),
                    "batch_portion": decimal_text(unit.batch_portion),
                }
            )
        elif kind == "fg":
            nested = rows.goods[part_id]
            lines.append(
                {
                    "type": "finished_good",
                    "id": nested.id,
                    "slug": nested.slug,
                    "name": nested.name,
                    "quantity": decimal_text(part.quantity),
                    "kind": nested.kind,
                    "components": _tree(rows, nested.id),
                }
            )
        else:
            mat = rows.materials[part_id]
            lines.append(
                {
                    "type": "material",
                    "id": mat.id,
                    "slug": mat.slug,
                    "name": mat.name,
                    "quantity": decimal_text(part.quantity),
                    "unit": mat.base_unit,
                }
            )
    return lines


def _jsonable(line: dict[str, Any]) -> dict[str, Any]:
    return {
        key: decimal_text(value) if isinstance(value, Decimal) else value
        for key, value in line.items()
        if key not in ("reconciled",)
    }
