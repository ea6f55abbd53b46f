"""bake-tracker 4.x: inventory items as purchases and lots; production and assembly runs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baketracker.domain import units
from baketracker.domain.recipes import decimal_text
from baketracker.services.transfer.v4.mapper import Mapper, stable_uuid
from baketracker.services.transfer.v4.oddities import on_leaf, product_from_item
from baketracker.services.transfer.values import Bad, number, parse_datetime

_QTY = Decimal("0.000001")
_COST = Decimal("0.000000000001")


ITEM_FIELDS = {
    "ingredient_slug", "product_brand", "product_name", "package_size", "package_unit",
    "package_unit_quantity", "quantity", "purchase_date", "expiration_date", "location",
    "notes", "purchase_id",
}  # fmt: skip


def inventory(m: Mapper) -> None:
    bought = {raw.get("id"): raw for _, raw in m.rows("purchases") if raw.get("id") is not None}
    linked: set[Any] = set()
    unpriced = 0
    stamp = str(m.src.get("exported_at") or "")
    for path, raw in m.rows("inventory_items"):
        ours = _match_product(m, path, raw)
        quantity = m.number(raw, path, "quantity", default=0, positive=False)
        if ours is None or quantity is None:
            continue
        if quantity == 0:
            m.p.warn(f"{path}: nothing on hand; not imported")
            continue
        purchase = bought.get(raw.get("purchase_id"), {})
        linked.add(raw.get("purchase_id"))
        given = purchase.get("unit_price", purchase.get("unit_cost"))
        unpriced += given is None
        try:
            price = number(given if given is not None else 0)
        except Bad as exc:
            m.p.error(f"{path}.purchase_id", f"the linked purchase's price {exc}")
            continue
        when = (
            raw.get("purchase_date")
            or purchase.get("purchase_date")
            or str(purchase.get("purchased_at") or m.src.get("exported_at") or "")[:10]
        )
        if ours["package_quantity"] is None or ours["package_unit"] is None:
            continue  # the product's own errors are reported at the product
        size = Decimal(ours["package_quantity"])
        per_package, base = units.to_base(size, ours["package_unit"])
        cost = price / per_package
        amount = (quantity * per_package / size).quantize(_QTY)
        m.add(
            "purchases",
            {
                "uuid": stable_uuid(path, stamp),  # a second import of the file skips it
                "purchased_on": when,
                "packages": decimal_text(quantity / size),
                "price_per_package": decimal_text(price),
                "notes": m.text(raw, "notes"),
                "product": ours["slug"],
                "supplier": None,
                "lot": {
                    "uuid": stable_uuid(path, "lot", stamp),
                    "purchased_on": when,
                    "unit": base,
                    "quantity_initial": decimal_text(amount),
                    "quantity_remaining": decimal_text(amount),
                    "unit_cost": decimal_text(cost.quantize(_COST)),
                    "location": m.text(raw, "location"),
                    "expires_on": raw.get("expiration_date"),
                },
            },
            path,
        )
        m.seen("inventory_items", path, raw, ITEM_FIELDS)
    if unpriced:
        m.p.warn(f"inventory_items: {unpriced} lot(s) carry no price; valued at 0")
    for path, raw in m.rows("purchases"):
        if raw.get("id") not in linked or raw.get("id") is None:
            m.p.warn(
                f"{path}: not imported (a bake-tracker purchase holds no stock of its own; "
                "inventory_items do)"
            )


def _match_product(m: Mapper, path: str, raw: dict[str, Any]) -> dict[str, Any] | None:
    given = m.need(raw, path, "ingredient_slug")
    shown = " ".join(x for x in (m.text(raw, "product_brand"), m.text(raw, "product_name")) if x)
    ingredient = on_leaf(m, given, path, "inventory_items", shown or "inventory item")
    brand = (m.text(raw, "product_brand") or "").lower()
    found = []
    for theirs, ours in m.products:
        if ours["ingredient"] != ingredient or (ours["brand"] or "").lower() != brand:
            continue
        if any(raw.get(k) not in (None, theirs.get(k)) for k in ("product_name", "package_size")):
            continue
        if (
            raw.get("package_unit")
            and str(raw["package_unit"]).lower() != str(theirs.get("package_unit", "")).lower()
        ):
            continue
        size = raw.get("package_unit_quantity")
        if size is not None and str(size) != str(theirs.get("package_unit_quantity")):
            continue
        found.append(ours)
    if not found and not m.strict and ingredient is not None:
        return product_from_item(m, path, raw, ingredient)
    if len(found) != 1:
        reason = "no product" if not found else f"{len(found)} products"
        m.p.error(
            f"{path}.product_brand",
            f"{reason} of {given!r} by {raw.get('product_brand')!r} in the file"
            + ("; give product_name or the package size" if found else ""),
        )
        return None
    return found[0]


def runs(m: Mapper) -> None:
    stamp = str(m.src.get("exported_at") or "")
    _production_runs(m, stamp)
    _assembly_runs(m, stamp)


def _production_runs(m: Mapper, stamp: str) -> None:
    for array in ("production_runs", "production_records"):
        for index, (path, raw) in enumerate(m.rows(array)):
            ref = m.text(raw, "recipe_slug", "recipe_name") or ""
            recipe = m.recipe_slugs.get(m.recipe_key(ref)) if ref else None
            if recipe is None:
                m.p.error(f"{path}.recipe_slug", f"unknown recipe {ref!r}")
                continue
            unit = recipe["finished_units"][0]
            batches = m.number(
                raw,
                path,
                next((k for k in ("batches_produced", "num_batches") if k in raw), "batches"),
            )
            if batches is None:
                continue
            per, portion = unit.get("items_per_batch"), unit.get("batch_portion")
            if per is None and portion is None:
                continue  # the unit's own errors are reported at the unit
            expected = int(batches * Decimal(per)) if per else int(batches / Decimal(portion))
            made = raw.get("units_produced", raw.get("actual_yield"))
            actual = made if isinstance(made, int) and made >= 0 else expected
            if actual > expected:
                expected = actual
            cost = _cost(m, raw, path)
            snapshot = stable_uuid(array, index, "snapshot", stamp)
            m.add(
                "recipe_snapshots",
                {"uuid": snapshot, "recipe": recipe["slug"], "data": _recipe_data(recipe)},
                path,
            )
            m.add(
                "production_runs",
                {
                    "uuid": stable_uuid(array, index, stamp),
                    "recipe": recipe["slug"],
                    "finished_unit": unit["slug"],
                    "event": _event_name(m, raw),
                    "recipe_snapshot": snapshot,
                    "batches": decimal_text(batches),
                    "expected_yield": expected,
                    "actual_yield": actual,
                    "loss_quantity": expected - actual,
                    "loss_category": "other" if expected > actual else None,
                    "total_cost": decimal_text(cost),
                    "per_unit_cost": decimal_text(cost / actual) if actual else None,
                    "produced_at": _when(m, raw, "produced_at", path),
                    "notes": m.text(raw, "notes"),
                },
                path,
            )


def _assembly_runs(m: Mapper, stamp: str) -> None:
    for index, (path, raw) in enumerate(m.rows("assembly_runs")):
        good = m.need(raw, path, "finished_good_slug")
        quantity = m.number(raw, path, "quantity_assembled")
        if good is None or quantity is None:
            continue
        if quantity != quantity.to_integral_value():
            m.p.error(f"{path}.quantity_assembled", "must be a whole number")
            continue
        cost = _cost(m, raw, path)
        snapshot = stable_uuid("assembly_runs", index, "snapshot", stamp)
        m.add(
            "finished_good_snapshots",
            {
                "uuid": snapshot,
                "finished_good": good,
                "data": {
                    "schema": 1,
                    "finished_good": {"slug": good},
                    "components": [],
                    "flattened": {"finished_units": [], "materials": []},
                    "imported_from": "bake-tracker 4.x",
                },
            },
            path,
        )
        m.add(
            "assembly_runs",
            {
                "uuid": stable_uuid("assembly_runs", index, stamp),
                "finished_good": good,
                "event": _event_name(m, raw),
                "finished_good_snapshot": snapshot,
                "quantity": int(quantity),
                "total_cost": decimal_text(cost),
                "per_unit_cost": decimal_text(cost / quantity),
                "assembled_at": _when(m, raw, "assembled_at", path),
                "notes": m.text(raw, "notes"),
            },
            path,
        )


def _cost(m: Mapper, raw: dict[str, Any], path: str) -> Decimal:
    try:
        return number(raw.get("actual_cost") or 0)
    except Bad as exc:
        m.p.error(f"{path}.actual_cost", str(exc))
        return Decimal(0)


def _event_name(m: Mapper, raw: dict[str, Any]) -> str | None:
    ref = m.text(raw, "event_slug", "event_name")
    event = m.named_events.get(ref) if ref else None
    return event["name"] if event is not None else ref


def _when(m: Mapper, raw: dict[str, Any], key: str, path: str) -> str:
    for value in (raw.get(key), m.src.get("exported_at")):
        try:
            return parse_datetime(value).isoformat()
        except Bad:
            continue
    m.p.error(f"{path}.{key}", "is not a timestamp")
    return ""


def _recipe_data(recipe: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": 1,
        "recipe": {"slug": recipe["slug"], "name": recipe["name"]},
        "scale_factor": "1",
        "ingredients": [],
        "unreconciled": [],
        "lines": [],
        "components": [],
        "finished_units": [],
        "imported_from": "bake-tracker 4.x (no flattened definition)",
    }
