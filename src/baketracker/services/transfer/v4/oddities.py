"""bake-tracker 4.x: the oddities of real files, mapped and reported instead of refused.

- A product, recipe line or inventory item on a category ingredient (one with
  sub-ingredients, as "Pecans" over "Pecans, halves" and "Pecans, chopped") goes to a leaf
  created under that category: "Pecans (unspecified)", slug `pecans_unspecified`.
- An inventory item whose product the file lacks (by ingredient and brand) gets that
  product, made from the item's own package fields.
- A slug our slugs cannot hold ("toasted_almond_sablés_standard") is rewritten to one they
  can ("toasted_almond_sables_standard"), and every reference to it follows.

Each mapping is noted per record (`Problems.note`), so the import report lists them by
kind with counts. Under `strict` nothing is mapped: each use is refused where it stands.
"""

from __future__ import annotations

from typing import Any

from slugify import slugify

from baketracker.domain import units
from baketracker.domain.recipes import decimal_text
from baketracker.services.lookup import slug_problem
from baketracker.services.transfer.spec import TOP_LEVEL, Entity
from baketracker.services.transfer.v4.mapper import Mapper, name_of

LEAF_SUFFIX = "_unspecified"
# Kind of mapping → how the report describes it.
KINDS = {
    "leaf_ingredients": "ingredients created under a category for what the file put on the "
    "category itself",
    "products": "products on a category ingredient, moved to its (unspecified) leaf",
    "recipe_lines": "recipe lines on a category ingredient, moved to its (unspecified) leaf",
    "inventory_items": "inventory items on a category ingredient, moved to its (unspecified) leaf",
    "products_from_inventory": "products the file lacks, created from an inventory item's "
    "own package fields",
    "slugs": "slugs with characters a slug here cannot hold, rewritten (references follow)",
}
PACKAGE_FIELDS = ("product_name", "package_size", "package_unit", "package_unit_quantity")


def find_categories(m: Mapper, stored: dict[str, str]) -> None:
    """Every ingredient with sub-ingredients, in the file or (on a merge) stored: slug → name."""
    m.categories = dict(stored)
    for raw in m.ingredients.values():
        parent = m.text(raw, "parent_slug")
        if parent is None or parent in m.categories:
            continue
        own = m.ingredients.get(parent)
        m.categories[parent] = (m.text(own, "display_name") if own else None) or name_of(parent)


def on_leaf(m: Mapper, slug: str | None, path: str, kind: str, label: str) -> str | None:
    """The ingredient a record of `kind` at `path` ends up on: `slug`, or the leaf of the
    category `slug` names (created once, noted per record)."""
    if slug is None or slug not in m.categories:
        return slug
    if m.strict:
        if kind == "inventory_items":  # products and recipe lines are refused by the rules
            m.p.error(
                f"{path}.ingredient_slug",
                f"ingredient {slug!r} is a category with sub-ingredients; use one of them",
            )
        return slug
    leaf = m.leaves.get(slug)
    if leaf is None:
        leaf = _leaf(m, slug)
    m.p.note(kind, f"{path} ({label}): {slug} → {leaf}")
    return leaf


def _leaf(m: Mapper, category: str) -> str:
    slug = category + LEAF_SUFFIX
    n = 2
    while slug in m.ingredients and m.text(m.ingredients[slug], "parent_slug") != category:
        slug, n = f"{category}{LEAF_SUFFIX}_{n}", n + 1
    m.leaves[category] = slug
    if slug in m.ingredients or slug in m.known:
        return slug  # the file (or the database) already has it under the category
    name = f"{m.categories[category]} (unspecified)"
    own: dict[str, Any] = next((r for r in m.out["ingredients"] if r.get("slug") == category), {})
    m.out["ingredients"].append(
        {
            "slug": slug,
            "name": name,
            "parent": category,
            "density_g_per_ml": own.get("density_g_per_ml"),
            "allergens": own.get("allergens"),
            "notes": f"Created on import: the bake-tracker file put products, recipe lines "
            f"or stock on the category {m.categories[category]!r} itself.",
            "provisional": False,
        }
    )
    m.p.note("leaf_ingredients", f"{name} ({slug}) under {m.categories[category]} ({category})")
    return slug


def product_from_item(
    m: Mapper, path: str, raw: dict[str, Any], ingredient: str
) -> dict[str, Any] | None:
    """The product an inventory item names but the file lacks, made from the item's own
    package fields (and noted); None, with the error, when the item gives no package."""
    brand = m.text(raw, "product_brand")
    given = raw.get("package_unit_quantity") is not None and raw.get("package_unit")
    size = m.number(raw, path, "package_unit_quantity") if given else None
    pack_unit = m.unit(raw, path, "package_unit") if given else None
    if size is None or pack_unit is None:
        if given:
            return None  # the unreadable field is reported
        m.p.error(
            f"{path}.product_brand",
            f"no product of {ingredient!r} by {brand!r} in the file, and the item gives no "
            "package (package_unit_quantity and package_unit) to create it from",
        )
        return None
    named = m.text(raw, "ingredient_slug") or ingredient  # as the file names it
    known = m.ingredients.get(named, {}).get("display_name") or name_of(named)
    label = m.text(raw, "product_name") or " ".join(
        x for x in (brand, known, units.format_quantity(size, pack_unit)) if x
    )
    slugs = {p["slug"] for p in m.out["products"]}
    base = slugify(label) or "product"
    slug, n = base, 2
    while slug in slugs:
        slug, n = f"{base}-{n}", n + 1
    ours = m.add(
        "products",
        {
            "slug": slug,
            "name": label,
            "brand": brand,
            "package_quantity": decimal_text(size),
            "package_unit": pack_unit,
            "gtin": None,
            "preferred": False,
            "ingredient": ingredient,
            "material": None,
            "preferred_supplier": None,
        },
        path,
    )
    m.products.append(({k: raw.get(k) for k in PACKAGE_FIELDS}, ours))
    m.p.note("products_from_inventory", f"{path}: {label} ({slug}) on {ingredient}")
    return ours


Walked = tuple[str, dict[str, Any], Entity]


def fix_slugs(m: Mapper) -> None:
    """Rewrite the slugs our slugs cannot hold (noted), and every reference to them."""
    if m.strict:
        return  # each is refused where it stands
    records = [row for top in TOP_LEVEL for row in _walk(m.out, top, "")]
    taken: dict[str, set[str]] = {}
    for _, record, entity in records:
        if entity.key == "slug" and isinstance(record.get("slug"), str):
            taken.setdefault(entity.name, set()).add(record["slug"])
    renamed: dict[str, dict[str, str]] = {}
    for path, record, entity in records:
        old = record.get("slug")
        if entity.key != "slug" or not isinstance(old, str) or slug_problem(old) is None:
            continue
        base = slugify(old, regex_pattern=r"[^-a-z0-9_]+") or entity.label.replace(" ", "_")
        new, n = base, 2
        while new in taken[entity.name]:
            new, n = f"{base}-{n}", n + 1
        taken[entity.name].add(new)
        renamed.setdefault(entity.name, {})[old] = record["slug"] = new
        where = m.origin.get(path, path)
        if not where.startswith("("):  # a record the mapper derived (a unit's bare good)
            m.p.note("slugs", f"{where}: {old!r} → {new!r}")
    for _, record, entity in records:
        for ref in entity.refs:
            value = record.get(ref.name)
            if isinstance(value, str) and value in renamed.get(ref.target, {}):
                record[ref.name] = renamed[ref.target][value]


def _walk(doc: dict[str, Any], entity: Entity, prefix: str) -> list[Walked]:
    """Every record of `entity` in `doc` (an array, or a nested one), with its path."""
    value = doc.get(entity.array)
    items = [value] if entity.single else value
    if not isinstance(items, list):
        return []
    out: list[Walked] = []
    for index, record in enumerate(items):
        if not isinstance(record, dict):
            continue
        path = f"{prefix}{entity.array}" + ("" if entity.single else f"[{index}]")
        out.append((path, record, entity))
        for child in entity.children:
            out.extend(_walk(record, child, path + "."))
    return out
