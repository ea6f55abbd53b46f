"""bake-tracker 4.x: suppliers, ingredients (hierarchy, densities), products, materials."""

from __future__ import annotations

import re
from typing import Any

from slugify import slugify

from baketracker.domain import units
from baketracker.domain.recipes import decimal_text
from baketracker.errors import Invalid
from baketracker.services.transfer.v4.mapper import Mapper, name_of
from baketracker.services.transfer.v4.oddities import find_categories, on_leaf
from baketracker.services.transfer.values import Bad, number, unit

_GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")


def catalog(m: Mapper, stored_categories: dict[str, str]) -> None:
    supplier_ids: dict[Any, str] = {}
    for path, raw in m.rows("suppliers"):
        name = m.need(raw, path, "name")
        kind = raw.get("supplier_type") or "physical"
        if kind not in ("physical", "online"):
            m.p.warn(f"{path}.supplier_type: {kind!r} read as physical")
            kind = "physical"
        place = [m.text(raw, k) for k in ("street_address", "city", "state", "zip_code")]
        slug = m.text(raw, "slug") or "_".join(
            slugify(x or "", separator="_") for x in (name, place[1], place[2]) if x
        )
        location = ", ".join(x for x in place if x) or m.text(raw, "website_url", "address")
        notes = m.text(raw, "notes")
        if raw.get("is_active") is False:
            notes = "Inactive in bake-tracker." + (f" {notes}" if notes else "")
        m.add(
            "suppliers",
            {"slug": slug, "name": name, "kind": kind, "location": location, "notes": notes},
            path,
        )
        if raw.get("id") is not None:
            supplier_ids[raw["id"]] = slug
        m.seen(
            "suppliers",
            path,
            raw,
            {
                "name",
                "supplier_type",
                "street_address",
                "city",
                "state",
                "zip_code",
                "slug",
                "website_url",
                "address",
                "notes",
                "is_active",
                "id",
            },
        )
    for path, raw in m.rows("ingredients"):
        key = m.need(raw, path, "slug")
        if key is not None:
            m.ingredients[key] = raw
    find_categories(m, stored_categories)
    for path, raw in m.rows("ingredients"):
        _ingredient(m, path, raw)
    taken: set[str] = set()
    preferred: set[str] = set()
    for path, raw in m.rows("products"):
        _product(m, path, raw, supplier_ids, taken, preferred)
    _materials(m, taken)


def _ingredient(m: Mapper, path: str, raw: dict[str, Any]) -> None:
    parent = m.text(raw, "parent_slug")
    if parent is not None and parent not in m.ingredients and parent not in m.known:
        m.p.error(f"{path}.parent_slug", f"unknown ingredient {parent!r}")
    notes = "\n".join(x for x in (m.text(raw, "description"), m.text(raw, "notes")) if x)
    allergens = raw.get("allergens")
    if isinstance(allergens, list):
        allergens = ", ".join(str(a) for a in allergens) or None
    m.add(
        "ingredients",
        {
            "slug": m.text(raw, "slug"),
            "name": m.need(raw, path, "display_name"),
            "parent": parent,
            "density_g_per_ml": _density(m, path, raw),
            "allergens": allergens if isinstance(allergens, str) else None,
            "notes": notes or None,
            "provisional": False,
        },
        path,
    )
    m.seen(
        "ingredients",
        path,
        raw,
        {
            "slug",
            "display_name",
            "parent_slug",
            "description",
            "notes",
            "allergens",
            "density_volume_value",
            "density_volume_unit",
            "density_weight_value",
            "density_weight_unit",
            "hierarchy_level",
            "category",
        },
    )


def _density(m: Mapper, path: str, raw: dict[str, Any]) -> str | None:
    keys = (
        "density_volume_value",
        "density_volume_unit",
        "density_weight_value",
        "density_weight_unit",
    )
    given = [raw.get(k) not in (None, "") for k in keys]
    if not any(given):
        return None
    if not all(given):
        m.p.warn(f"{path}: a density needs all four density fields; it is left out")
        return None
    try:
        sentence = (
            f"{number(raw[keys[0]])} {unit(raw[keys[1]])} = "
            f"{number(raw[keys[2]])} {unit(raw[keys[3]])}"
        )
        return decimal_text(units.parse_density(sentence))
    except (Bad, Invalid) as exc:
        m.p.error(f"{path}.density_volume_value", f"unreadable density: {exc}")
        return None


def _product(
    m: Mapper,
    path: str,
    raw: dict[str, Any],
    supplier_ids: dict[Any, str],
    taken: set[str],
    preferred: set[str],
) -> None:
    ing = m.ingredient_ref(m.need(raw, path, "ingredient_slug"), path + ".ingredient_slug")
    brand = m.text(raw, "brand")
    size = m.number(raw, path, "package_unit_quantity")
    pack_unit = m.unit(raw, path, "package_unit")
    label = m.text(raw, "product_name")
    if label is None:
        known = m.ingredients.get(ing or "", {}).get("display_name") or name_of(ing or "")
        shown = units.format_quantity(size, pack_unit) if size and pack_unit else ""
        label = " ".join(x for x in (brand, known, shown) if x)
    ing = on_leaf(m, ing, path, "products", label)
    supplier = m.text(raw, "preferred_supplier_slug")
    if supplier is None and raw.get("preferred_supplier_id") is not None:
        supplier = supplier_ids.get(raw["preferred_supplier_id"])
        if supplier is None:
            m.p.warn(f"{path}.preferred_supplier_id: no supplier with that id; left out")
    wants = bool(raw.get("preferred", raw.get("is_preferred", False)))
    if wants and ing in preferred:
        m.p.warn(f"{path}: another product of {ing!r} is already preferred; not this one")
        wants = False
    if wants and ing:
        preferred.add(ing)
    ours = m.add(
        "products",
        {
            "slug": _product_slug(m, label),
            "name": label,
            "brand": brand,
            "package_quantity": decimal_text(size),
            "package_unit": pack_unit,
            "gtin": m.gtin(raw, path, taken),
            "preferred": wants,
            "ingredient": ing,
            "material": None,
            "preferred_supplier": supplier,
        },
        path,
    )
    m.products.append((raw, ours))
    m.seen(
        "products",
        path,
        raw,
        {
            "ingredient_slug",
            "brand",
            "product_name",
            "package_unit",
            "package_unit_quantity",
            "upc_code",
            "gtin",
            "preferred",
            "is_preferred",
            "preferred_supplier_slug",
            "preferred_supplier_id",
            "preferred_supplier_name",
        },
    )


def _product_slug(m: Mapper, label: str) -> str:
    base = slugify(label) or "product"
    slugs = {p["slug"] for p in m.out["products"]}
    slug, n = base, 2
    while slug in slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


MATERIAL_FIELDS = {"slug", "name", "display_name", "base_unit_type", "description", "notes",
                   "category"}  # fmt: skip
MATERIAL_PRODUCT_FIELDS = {
    "material_slug", "material", "name", "display_name", "product_name", "slug", "brand",
    "package_quantity", "package_unit", "default_unit", "supplier_slug", "supplier",
    "upc_code", "gtin",
}  # fmt: skip


def _materials(m: Mapper, taken: set[str]) -> None:
    by_name: dict[str, str] = {}
    lengths: set[str] = set()
    products = m.rows("material_products")
    for _path, raw in products:
        material = m.text(raw, "material_slug") or m.text(raw, "material") or ""
        if (
            m.text(raw, "package_unit", "default_unit")
            and units.dimension(_safe_unit(m, raw)) == "length"
        ):
            lengths.add(material.lower())
    for path, raw in m.rows("materials"):
        _material(m, path, raw, lengths, by_name)
    for path, raw in products:
        _material_product(m, path, raw, by_name, taken)


def _material(
    m: Mapper, path: str, raw: dict[str, Any], lengths: set[str], by_name: dict[str, str]
) -> None:
    slug = m.need(raw, path, "slug")
    name = m.text(raw, "name", "display_name") or slug
    base = {"each": "each", "linear_cm": "cm", "linear_inches": "cm"}.get(
        str(raw.get("base_unit_type") or "each")
    )
    if base is None:
        m.p.warn(
            f"{path}.base_unit_type: {raw.get('base_unit_type')!r} is not "
            "supported; counted as each"
        )
        base = "each"
    if slug and (slug.lower() in lengths or (name or "").lower() in lengths):
        base = "cm"
    notes = "\n".join(
        x for x in (m.text(raw, "description"), m.text(raw, "notes"), m.text(raw, "category")) if x
    )
    m.add(
        "materials",
        {"slug": slug, "name": name, "base_unit": base, "notes": notes or None},
        path,
    )
    if slug and name:
        by_name[name.lower()] = slug
    m.seen("materials", path, raw, MATERIAL_FIELDS)


def _material_product(
    m: Mapper, path: str, raw: dict[str, Any], by_name: dict[str, str], taken: set[str]
) -> None:
    ref = m.text(raw, "material_slug")
    if ref is None and m.text(raw, "material"):
        ref = by_name.get(str(m.text(raw, "material")).lower())
        if ref is None:
            m.p.error(f"{path}.material", f"unknown material {raw.get('material')!r}")
    label = m.need(raw, path, "name", "display_name", "product_name") or "material"
    supplier = m.text(raw, "supplier_slug", "supplier")
    if supplier is not None:
        found = [
            s["slug"]
            for s in m.out["suppliers"]
            if supplier.lower() in (s["slug"].lower(), (s["name"] or "").lower())
        ]
        if not found:
            m.p.warn(f"{path}: supplier {supplier!r} is not in the file; left out")
        supplier = found[0] if found else None
    ours = m.add(
        "products",
        {
            "slug": m.text(raw, "slug") or _product_slug(m, label),
            "name": label,
            "brand": m.text(raw, "brand"),
            "package_quantity": decimal_text(m.number(raw, path, "package_quantity", default=1)),
            "package_unit": _unit_or_error(m, raw, path),
            "gtin": m.gtin(raw, path, taken),
            "preferred": False,
            "ingredient": None,
            "material": ref,
            "preferred_supplier": supplier,
        },
        path,
    )
    m.products.append((raw, ours))
    m.seen("material_products", path, raw, MATERIAL_PRODUCT_FIELDS)


def _safe_unit(m: Mapper, raw: dict[str, Any]) -> str:
    try:
        return unit(raw.get("package_unit") or raw.get("default_unit"))
    except Bad:
        return "each"


def _unit_or_error(m: Mapper, raw: dict[str, Any], path: str) -> str | None:
    key = "package_unit" if raw.get("package_unit") is not None else "default_unit"
    return m.unit(raw, path, key) if raw.get(key) is not None else "each"


# --- recipes ---
