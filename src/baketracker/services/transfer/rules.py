"""The rules a document must keep beyond its shape: one of two references, leaves only,
no cycles, one preferred product, lots that match their purchase. Each broken rule is an
error naming the record and the field, so the writer never meets a database constraint."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.domain import bom, units
from baketracker.domain.recipes import MAX_DEPTH
from baketracker.errors import Invalid
from baketracker.models import (
    Composition,
    Ingredient,
    Material,
    Product,
    RecipeComponent,
    RecipeIngredient,
)
from baketracker.services.transfer.records import Problems, Rec
from baketracker.services.transfer.resolve import Index, Target
from baketracker.services.transfer.values import Bad, rewrite_ids

_GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")
_QTY_PLACES = Decimal("0.000001")
_COST_PLACES = Decimal("0.000000000001")
Node = tuple[str, Any]


class Stored:
    """Facts about the stored rows a merge builds on (nothing, for a replace)."""

    def __init__(self, session: Session, *, merge: bool) -> None:
        self.session, self.merge = session, merge

    def _rows(self, query: Any) -> list[Any]:
        return list(self.session.execute(query).all()) if self.merge else []

    @cached_property
    def parents(self) -> set[int]:
        return {p for (p,) in self._rows(select(Ingredient.parent_id).distinct()) if p}

    @cached_property
    def used_ingredients(self) -> set[int]:
        used = {i for (i,) in self._rows(select(Product.ingredient_id).distinct()) if i}
        return used | {i for (i,) in self._rows(select(RecipeIngredient.ingredient_id).distinct())}

    @cached_property
    def base_units(self) -> dict[int, str]:
        return dict(self._rows(select(Material.id, Material.base_unit)))

    @cached_property
    def products(self) -> dict[int, tuple[Decimal, str, int | None, int | None]]:
        query = select(
            Product.id,
            Product.package_quantity,
            Product.package_unit,
            Product.ingredient_id,
            Product.material_id,
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in self._rows(query)}

    @cached_property
    def preferred_items(self) -> set[tuple[str, int]]:
        query = select(Product.ingredient_id, Product.material_id).where(Product.preferred)
        return {("i", i) if i else ("m", mm) for i, mm in self._rows(query)}

    @cached_property
    def gtins(self) -> set[str]:
        return {g for (g,) in self._rows(select(Product.gtin)) if g}

    @cached_property
    def recipe_edges(self) -> list[tuple[int, int]]:
        query = select(RecipeComponent.recipe_id, RecipeComponent.component_recipe_id)
        return [(a, b) for a, b in self._rows(query)]

    @cached_property
    def good_edges(self) -> list[tuple[int, int]]:
        query = select(Composition.finished_good_id, Composition.component_good_id).where(
            Composition.component_good_id.is_not(None)
        )
        return [(a, b) for a, b in self._rows(query)]


def live(recs: Iterable[Rec]) -> list[Rec]:
    return [r for r in recs if not r.skipped]


def node(target: Target) -> Node:
    if isinstance(target, Rec):
        return ("db", target.existing) if target.existing is not None else ("new", id(target))
    return ("db", target)


class Rules:
    def __init__(self, index: Index, stored: Stored, problems: Problems) -> None:
        self.index, self.stored, self.p = index, stored, problems
        self.recs = index.recs

    def check(self) -> None:
        self.ingredients()
        self.products()
        self.recipes()
        self.goods()
        self.events_and_packages()
        self.purchases()
        self.runs()

    # --- catalog ---

    def ingredients(self) -> None:
        new = live(self.recs["ingredients"])
        parents = {node(t) for r in new if (t := r.targets.get("parent_id")) is not None}
        parents |= {("db", i) for i in self.stored.parents}
        for rec in new:
            self._chain(rec, "parent_id", "parent", "ingredient")
            parent = rec.targets.get("parent_id")
            if isinstance(parent, int) and parent in self.stored.used_ingredients:
                self.p.error(
                    f"{rec.path}.parent",
                    f"ingredient {rec.ref_keys['parent']!r} is used directly by products or "
                    "recipes, so it cannot become a category",
                )
        users = [(r, "ingredient") for r in live(self.recs["products"])]
        users += [(r, "ingredient") for r in live(self.recs["recipe_lines"])]
        for rec, name in users:
            target = rec.targets.get("ingredient_id")
            if target is not None and node(target) in parents:
                self.p.error(
                    f"{rec.path}.{name}",
                    f"ingredient {rec.ref_keys[name]!r} is a category with sub-ingredients; "
                    "use one of them",
                )

    def _chain(self, rec: Rec, column: str, field: str, what: str) -> None:
        """Refuse a parent (or base recipe) chain that comes back to `rec`."""
        seen = [rec]
        current = rec.targets.get(column)
        while isinstance(current, Rec) and not current.skipped:
            if current is rec:
                path = " → ".join(str(r.key) for r in [*seen, rec])
                self.p.error(f"{rec.path}.{field}", f"{what} chain forms a cycle: {path}")
                return
            if current in seen:
                return  # a cycle further up, reported at its own records
            seen.append(current)
            current = current.targets.get(column)

    def products(self) -> None:
        preferred: dict[Node, Rec] = {}
        gtins: dict[str, Rec] = {}
        for rec in live(self.recs["products"]):
            ing, mat = rec.targets.get("ingredient_id"), rec.targets.get("material_id")
            has_ing, has_mat = "ingredient" in rec.raw and ing, "material" in rec.raw and mat
            if bool(rec.ref_keys.get("ingredient")) == bool(rec.ref_keys.get("material")):
                self.p.error(f"{rec.path}.ingredient", "give exactly one of ingredient or material")
                continue
            if has_mat and mat is not None:
                self._material_unit(rec, mat)
            gtin = rec.values.get("gtin")
            if isinstance(gtin, str):
                first = gtins.setdefault(gtin, rec)
                if not _GTIN.match(gtin):
                    self.p.error(f"{rec.path}.gtin", f"{gtin!r} must be 8, 12, 13 or 14 digits")
                elif first is not rec:
                    self.p.error(f"{rec.path}.gtin", f"duplicate gtin (also at {first.path})")
                elif gtin in self.stored.gtins:
                    self.p.error(f"{rec.path}.gtin", f"gtin {gtin} is already in the database")
            item = ing if has_ing else mat
            if rec.values.get("preferred") and item is not None:
                key = node(item)
                other = preferred.setdefault(key, rec)
                if other is not rec:
                    self.p.error(
                        f"{rec.path}.preferred",
                        f"another product of the same item is preferred ({other.path})",
                    )
                elif (
                    key[0] == "db"
                    and (("i" if has_ing else "m"), key[1]) in self.stored.preferred_items
                ):
                    rec.values["preferred"] = False
                    self.p.warn(
                        f"{rec.path}: the database already has a preferred product for "
                        "this item; imported as not preferred"
                    )

    def _material_unit(self, rec: Rec, material: Target) -> None:
        if isinstance(material, Rec):
            base = material.values.get("base_unit")
        else:
            base = self.stored.base_units.get(material)
        unit = rec.values.get("package_unit")
        if isinstance(base, str) and isinstance(unit, str):
            if units.dimension(unit) != units.dimension(base):
                self.p.error(
                    f"{rec.path}.package_unit",
                    f"{unit!r} cannot be counted in the material's unit {base!r}",
                )

    # --- recipes and goods ---

    def recipes(self) -> None:
        new = live(self.recs["recipes"])
        for rec in new:
            self._chain(rec, "base_recipe_id", "base_recipe", "variant")
            seen: dict[Node, Rec] = {}
            for line in rec.kids("recipe_components"):
                target = line.targets.get("component_recipe_id")
                if target is None:
                    continue
                if target is rec:
                    self.p.error(f"{line.path}.recipe", "a recipe cannot contain itself")
                elif seen.setdefault(node(target), line) is not line:
                    self.p.error(
                        f"{line.path}.recipe", f"listed twice (also {seen[node(target)].path})"
                    )
        for unit in live(self.recs["finished_units"]):
            has_items = unit.values.get("items_per_batch") is not None
            if has_items == (unit.values.get("batch_portion") is not None):
                self.p.error(
                    f"{unit.path}.items_per_batch",
                    "give exactly one of items_per_batch or batch_portion",
                )
        self._graph(
            new,
            "recipe_components",
            "component_recipe_id",
            self.stored.recipe_edges,
            "recipe",
            MAX_DEPTH,
        )

    def _graph(
        self,
        new: list[Rec],
        lines: str,
        column: str,
        stored: list[tuple[int, int]],
        what: str,
        depth: int,
    ) -> None:
        graph: dict[Node, list[Node]] = {}
        names: dict[Node, str] = {}
        for parent, child in stored:
            graph.setdefault(("db", parent), []).append(("db", child))
        for rec in new:
            names[node(rec)] = str(rec.key)
            for line in rec.kids(lines):
                target = line.targets.get(column)
                if target is not None and target is not rec:
                    graph.setdefault(node(rec), []).append(node(target))
                    if isinstance(target, Rec):
                        names[node(target)] = str(target.key)

        def describe(n: Node) -> str:
            return names.get(n, f"#{n[1]}")

        for rec in new:
            if not rec.kids(lines):
                continue
            try:
                bom.check_graph(graph, node(rec), max_depth=depth, describe=describe, what=what)
            except Invalid as exc:
                self.p.error(f"{rec.path}.components", exc.message)

    def goods(self) -> None:
        new = live(self.recs["finished_goods"])
        for good in new:
            lines = good.kids("composition_lines")
            if good.values.get("kind") == "BARE" and (
                len(lines) != 1 or not lines[0].ref_keys.get("finished_unit")
            ):
                self.p.error(
                    f"{good.path}.components", "a BARE good holds exactly one finished unit"
                )
            for line in lines:
                given = [
                    n
                    for n in ("finished_unit", "finished_good", "material")
                    if line.ref_keys.get(n)
                ]
                if len(given) != 1:
                    self.p.error(
                        f"{line.path}",
                        "give exactly one of finished_unit, finished_good or material",
                    )
                elif given[0] != "material" and _fraction(line.values.get("quantity")):
                    self.p.error(f"{line.path}.quantity", "must be a whole number")
                if line.targets.get("component_good_id") is good:
                    self.p.error(f"{line.path}.finished_good", "a good cannot contain itself")
        self._graph(
            new,
            "composition_lines",
            "component_good_id",
            self.stored.good_edges,
            "finished good",
            MAX_DEPTH,
        )
        for run in live(self.recs["assembly_runs"]):
            for line in run.kids("assembly_consumptions"):
                if bool(line.ref_keys.get("finished_unit")) == bool(
                    line.ref_keys.get("finished_good")
                ):
                    self.p.error(line.path, "give exactly one of finished_unit or finished_good")

    def events_and_packages(self) -> None:
        for package in live(self.recs["packages"]):
            self._unique(package.kids("package_items"), "finished_good_id", "finished_good")
        for event in live(self.recs["events"]):
            when = event.values.get("event_date")
            if event.values.get("year") is None and when is not None:
                event.values["year"] = when.year
            self._unique(event.kids("production_targets"), "recipe_id", "recipe")
            self._unique(event.kids("assembly_targets"), "finished_good_id", "finished_good")

    def _unique(self, lines: list[Rec], column: str, field: str) -> None:
        seen: dict[Node, Rec] = {}
        for line in lines:
            target = line.targets.get(column)
            if target is not None and seen.setdefault(node(target), line) is not line:
                self.p.error(
                    f"{line.path}.{field}", f"listed twice (also {seen[node(target)].path})"
                )

    # --- inventory and runs ---

    def _product(self, target: Target) -> tuple[Any, Any, Target | None, Target | None]:
        if isinstance(target, Rec):
            return (
                target.values.get("package_quantity"),
                target.values.get("package_unit"),
                target.targets.get("ingredient_id"),
                target.targets.get("material_id"),
            )
        quantity, unit, ing, mat = self.stored.products[target]
        return quantity, unit, ing, mat

    def purchases(self) -> None:
        for rec in live(self.recs["purchases"]):
            product = rec.targets.get("product_id")
            if product is None:
                continue
            quantity, unit, ing, mat = self._product(product)
            if not isinstance(quantity, Decimal) or not isinstance(unit, str):
                continue  # the product has errors of its own
            per_package, base = _to_base(quantity, unit)
            lots = rec.kids("lots")
            if not lots:
                lot = Rec(rec.entity.children[0], f"{rec.path}.lot", {}, rec)
                packages, price = rec.values.get("packages"), rec.values.get("price_per_package")
                if not isinstance(packages, Decimal) or not isinstance(price, Decimal):
                    continue
                initial = (packages * per_package).quantize(_QTY_PLACES)
                lot.values = {
                    "unit": base,
                    "quantity_initial": initial,
                    "quantity_remaining": initial,
                    "unit_cost": (price / per_package).quantize(_COST_PLACES),
                    "location": None,
                    "expires_on": None,
                    "uuid": None,
                    "created_at": None,
                    "updated_at": None,
                }
                rec.children["lots"] = [lot]
                self.recs["lots"].append(lot)
                lots = [lot]
            lot = lots[0]
            if lot.values.get("purchased_on") is None:
                lot.values["purchased_on"] = rec.values.get("purchased_on")
            lot.targets.update(product_id=product, ingredient_id=ing, material_id=mat)
            if lot.values.get("unit") not in (None, base):
                self.p.error(f"{lot.path}.unit", f"must be {base!r}, the base unit of the product")
            held, left = lot.values.get("quantity_initial"), lot.values.get("quantity_remaining")
            if isinstance(held, Decimal) and isinstance(left, Decimal) and left > held:
                self.p.error(f"{lot.path}.quantity_remaining", "must not exceed quantity_initial")

    def runs(self) -> None:
        for run in live(self.recs["production_runs"]):
            expected, actual = run.values.get("expected_yield"), run.values.get("actual_yield")
            if isinstance(expected, int) and isinstance(actual, int) and actual > expected:
                self.p.error(f"{run.path}.actual_yield", "must not exceed expected_yield")


@lru_cache(maxsize=4096)
def _to_base(quantity: Decimal, unit: str) -> tuple[Decimal, str]:
    return units.to_base(quantity, unit)


def _fraction(value: Any) -> bool:
    return isinstance(value, Decimal) and value != value.to_integral_value()


def json_with_ids(index: Index, value: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = rewrite_ids(value, index.json_to_ids)
    return converted


__all__ = ["Bad", "Callable", "Rules", "Stored", "json_with_ids"]
