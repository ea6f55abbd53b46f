"""bake-tracker 4.x: finished goods, compositions, packages, and a bare good per unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baketracker.domain.recipes import decimal_text
from baketracker.services.transfer.v4.mapper import Mapper, Named


def goods(m: Mapper) -> Named:
    """Our finished goods and packages; returns the packages, found by name or slug."""
    goods: dict[str, dict[str, Any]] = {}
    for path, raw in m.rows("finished_goods"):
        kind = str(raw.get("assembly_type") or "bundle").lower()
        if kind not in ("bare", "bundle"):
            m.p.warn(f"{path}.assembly_type: {raw.get('assembly_type')!r} read as bundle")
            kind = "bundle"
        notes = "\n".join(
            x
            for x in (
                m.text(raw, "description"),
                m.text(raw, "notes"),
                m.text(raw, "packaging_instructions"),
            )
            if x
        )
        slug = m.need(raw, path, "slug")
        record = m.add(
            "finished_goods",
            {
                "slug": slug,
                "name": m.need(raw, path, "display_name"),
                "kind": kind.upper(),
                "on_hand": 0,
                "notes": notes or None,
                "components": [],
            },
            path,
        )
        goods[slug or path] = record
        m.seen(
            "finished_goods",
            path,
            raw,
            {
                "slug",
                "display_name",
                "assembly_type",
                "description",
                "notes",
                "packaging_instructions",
            },
        )
    packages = Named()
    for path, raw in m.rows("packages"):
        name = m.need(raw, path, "name")
        notes = "\n".join(x for x in (m.text(raw, "description"), m.text(raw, "notes")) if x)
        record = m.add("packages", {"name": name, "notes": notes or None, "items": []}, path)
        packages.add(name, record, m.text(raw, "slug"))
        m.seen("packages", path, raw, {"name", "description", "notes", "slug"})
    _compositions(m, goods, packages)
    for slug, unit in m.units.items():
        good = goods.get(slug)
        line = {"finished_unit": slug, "quantity": "1"}
        if good is None:
            goods[slug] = m.add(
                "finished_goods",
                {
                    "slug": slug,
                    "name": unit["name"],
                    "kind": "BARE",
                    "on_hand": 0,
                    "notes": None,
                    "components": [line],
                },
                f"(bare good of finished unit {slug!r})",
            )
        elif good["kind"] == "BARE" and not good["components"]:
            good["components"].append(line)
    return packages


def _part(m: Mapper, path: str, raw: dict[str, Any]) -> dict[str, Any] | None:
    kind, slug = raw.get("component_type"), m.text(raw, "component_slug")
    unit = m.text(raw, "finished_unit_slug") or (slug if kind == "finished_unit" else None)
    good = m.text(raw, "finished_good_component_slug") or (
        slug if kind == "finished_good" else None
    )
    quantity = m.number(raw, path, "component_quantity", default=1)
    if unit:
        return {"finished_unit": unit, "quantity": decimal_text(quantity)}
    if good:
        return {"finished_good": good, "quantity": decimal_text(quantity)}
    material = m.text(raw, "material_slug")
    factor = Decimal(1)
    if material is None and m.text(raw, "material_unit_slug"):
        material, factor = _material_unit(m, str(m.text(raw, "material_unit_slug")))
    if material and quantity is not None:
        return {"material": material, "quantity": decimal_text(quantity * factor)}
    m.p.warn(
        f"{path}: not imported (packaging ingredients and unknown material units have "
        "no place here; list the packaging as a material)"
    )
    return None


def _material_unit(m: Mapper, slug: str) -> tuple[str | None, Decimal]:
    units_ = {u.get("slug"): u for _, u in m.rows("material_units")}
    products = {p.get("slug"): p for _, p in m.rows("material_products")}
    unit = units_.get(slug) or {}
    product = products.get(unit.get("material_product_slug")) or {}
    try:
        factor = Decimal(str(unit.get("quantity_per_unit", 1)))
    except ArithmeticError:
        factor = Decimal(1)
    return m.text(product, "material_slug"), factor


def _compositions(m: Mapper, goods: dict[str, dict[str, Any]], packages: Named) -> None:
    lines: dict[int, list[tuple[Any, str, dict[str, Any]]]] = {}
    for path, raw in m.rows("compositions"):
        parent_slug = m.text(raw, "finished_good_slug", "assembly_slug")
        package_name = m.text(raw, "package_name")
        part = _part(m, path, raw)
        m.seen(
            "compositions",
            path,
            raw,
            {
                "finished_good_slug",
                "assembly_slug",
                "package_name",
                "component_type",
                "component_slug",
                "finished_unit_slug",
                "finished_good_component_slug",
                "material_slug",
                "material_unit_slug",
                "component_quantity",
                "sort_order",
                "notes",
                "packaging_ingredient_slug",
                "packaging_product_brand",
            },
        )
        if part is None:
            continue
        if package_name is not None:
            package = packages.get(package_name)
            if package is None:
                m.p.error(f"{path}.package_name", f"unknown package {package_name!r}")
            elif "material" in part:
                m.p.warn(f"{path}: packaging of a package is not kept (packages hold goods)")
            else:
                good = part.get("finished_good") or part.get("finished_unit")
                package_item(m, package, good, part["quantity"], path)
            continue
        parent = goods.get(parent_slug or "")
        if parent is None:
            m.p.error(f"{path}.finished_good_slug", f"unknown finished good {parent_slug!r}")
            continue
        order = raw.get("sort_order", 0)
        lines.setdefault(id(parent), []).append(
            (order if isinstance(order, int) else 0, path, part)
        )
    for index, good in enumerate(m.out["finished_goods"]):
        ordered = sorted(lines.get(id(good), []), key=lambda item: item[0])
        for position, (_, path, part) in enumerate(ordered):
            m.origin[f"finished_goods[{index}].components[{position}]"] = path
            good["components"].append(part)


def package_item(m: Mapper, package: dict[str, Any], good: Any, quantity: Any, path: str) -> None:
    index = m.out["packages"].index(package)
    m.origin[f"packages[{index}].items[{len(package['items'])}]"] = path
    try:
        count = int(Decimal(str(quantity)))
    except ArithmeticError:
        count = 0
    package["items"].append({"finished_good": good, "quantity": count if count > 0 else quantity})
