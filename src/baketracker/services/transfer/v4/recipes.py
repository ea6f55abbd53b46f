"""bake-tracker 4.x: recipes with lines, components and nested finished units."""

from __future__ import annotations

from typing import Any

from slugify import slugify

from baketracker.domain.recipes import decimal_text
from baketracker.services.transfer.v4.mapper import Mapper, title_key
from baketracker.services.transfer.v4.oddities import on_leaf

RECIPE_FIELDS = {
    "name",
    "slug",
    "base_recipe_slug",
    "notes",
    "source",
    "description",
    "instructions",
    "ingredients",
    "base_ingredients",
    "components",
    "previous_slug",
    "finished_units",
    "category",
    "variant_name",
    "variants",
}


def recipes(m: Mapper) -> None:
    rows = m.rows("recipes")
    for _path, raw in rows:
        name = m.text(raw, "name")
        slug = m.text(raw, "slug") or slugify(name or "")
        if name is not None and slug:
            m.recipes_by_name.setdefault(title_key(name), slug)
    normal = {slug.replace("_", "-"): slug for slug in m.recipes_by_name.values()}
    for path, raw in rows:
        _recipe(m, path, raw, normal)
    for path, raw in m.rows("finished_units"):
        ref = m.text(raw, "recipe_slug", "recipe_name")
        key = m.recipe_key(ref) if ref else None
        parent = m.recipe_slugs.get(key or "")
        if parent is None:
            m.p.error(f"{path}.recipe_slug", f"unknown recipe {ref!r}")
            continue
        items = parent["finished_units"]
        m.origin[f"{_path_of(m, parent)}.finished_units[{len(items)}]"] = path
        items.append(_unit(m, path, raw, "display_name"))
        m.seen(
            "finished_units",
            path,
            raw,
            {
                "slug",
                "display_name",
                "recipe_slug",
                "recipe_name",
                "yield_mode",
                "items_per_batch",
                "item_unit",
                "batch_percentage",
                "portion_description",
            },
        )
    for recipe in m.out["recipes"]:
        if not recipe["finished_units"] and recipe["slug"]:
            unit = {
                "slug": recipe["slug"],
                "name": recipe["name"],
                "items_per_batch": "1",
                "batch_portion": None,
            }
            recipe["finished_units"].append(unit)
            m.units.setdefault(recipe["slug"], unit)
            m.p.warn(
                f"recipe {recipe['slug']!r} has no finished units; one was added: "
                "1 per batch (as bake-tracker does)"
            )


def _path_of(m: Mapper, record: dict[str, Any]) -> str:
    return f"recipes[{m.out['recipes'].index(record)}]"


def _recipe(m: Mapper, path: str, raw: dict[str, Any], normal: dict[str, str]) -> None:
    name = m.need(raw, path, "name")
    slug = m.text(raw, "slug") or slugify(name or "")
    base = m.text(raw, "base_recipe_slug")
    if base is not None:
        base = normal.get(base.replace("_", "-"), base)
    notes = [m.text(raw, "notes")]
    if m.text(raw, "source"):
        notes.append(f"Source: {m.text(raw, 'source')}")
    instructions = "\n\n".join(
        x for x in (m.text(raw, "description"), m.text(raw, "instructions")) if x
    )
    lines = _lines(m, path, raw, name or "recipe")
    components = _components(m, path, raw)
    previous = m.text(raw, "previous_slug")
    units_ = [_unit(m, here, u, "name") for here, u in m.items(raw, "finished_units", path)]
    record = m.add(
        "recipes",
        {
            "slug": slug,
            "name": name,
            "category": m.text(raw, "category"),
            "instructions": instructions or None,
            "notes": "\n".join(x for x in notes if x) or None,
            "variant_name": m.text(raw, "variant_name"),
            "archived": False,
            "base_recipe": base,
            "former_slugs": [{"slug": previous}] if previous and previous != slug else [],
            "ingredients": lines,
            "components": components,
            "finished_units": units_,
        },
        path,
    )
    m.recipe_slugs[slug] = record
    if "variants" in raw:
        m.p.warn(
            f"{path}.variants: ingredient changes of variants are not imported; "
            "make each variant a recipe of its own"
        )
    m.seen("recipes", path, raw, RECIPE_FIELDS)


def _lines(m: Mapper, path: str, raw: dict[str, Any], recipe: str) -> list[dict[str, Any]]:
    key = "ingredients" if "ingredients" in raw else "base_ingredients"
    lines = []
    for here, line in m.items(raw, key, path):
        ingredient = m.ingredient_ref(
            m.need(line, here, "ingredient_slug"), here + ".ingredient_slug"
        )
        lines.append(
            {
                "ingredient": on_leaf(m, ingredient, here, "recipe_lines", recipe),
                "quantity": decimal_text(m.number(line, here, "quantity")),
                "unit": m.unit(line, here, "unit"),
                "note": m.text(line, "notes"),
            }
        )
    return lines


def _components(m: Mapper, path: str, raw: dict[str, Any]) -> list[dict[str, Any]]:
    components = []
    for here, part in m.items(raw, "components", path):
        ref = m.text(part, "recipe_name", "component_recipe_slug", "component_recipe_name")
        if ref is None:
            m.p.error(f"{here}.recipe_name", "is required")
            continue
        components.append(
            {
                "recipe": m.recipe_key(ref),
                "multiplier": decimal_text(m.number(part, here, "quantity", default=1)),
            }
        )
    return components


def _unit(m: Mapper, path: str, raw: dict[str, Any], name_key: str) -> dict[str, Any]:
    slug = m.need(raw, path, "slug")
    name = m.text(raw, name_key, "name", "display_name") or slug
    mode = raw.get("yield_mode") or "discrete_count"
    quantity_key = "unit_yield_quantity"
    if quantity_key not in raw:
        quantity_key = "batch_percentage" if mode == "batch_portion" else "items_per_batch"
    amount = m.number(raw, path, quantity_key)
    record: dict[str, Any] = {
        "slug": slug,
        "name": name,
        "items_per_batch": None,
        "batch_portion": None,
    }
    if mode == "batch_portion":
        record["batch_portion"] = decimal_text(amount / 100 if amount else None)
    else:
        if mode != "discrete_count":
            what = m.text(raw, "unit_yield_unit", "item_unit") or "items"
            m.p.warn(
                f"{path}.yield_mode: {mode!r} is not a yield mode here; read as "
                f"{decimal_text(amount)} {what} per batch"
            )
        if amount is not None and amount != amount.to_integral_value():
            m.p.error(f"{path}.{quantity_key}", "items per batch must be a whole number")
        record["items_per_batch"] = decimal_text(amount)
    if slug:
        m.units[slug] = record
    return record


# --- inventory ---
