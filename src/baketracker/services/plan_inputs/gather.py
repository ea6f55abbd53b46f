"""Gathering everything an event's plan needs into plain data, in a fixed number of queries.

Planned definitions come from the snapshots linked to the event's targets (so a recipe
edited after planning does not change the plan); anything not yet snapshotted is read
live. Every table is read in bulk: the number of statements does not grow with the
number of recipes, goods or lots.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.domain import planning as plan
from baketracker.domain import recipes as flat
from baketracker.domain import units
from baketracker.models import (
    AssemblyRun,
    Event,
    EventAssemblyTarget,
    EventProductionTarget,
    EventRecipientPackage,
    FinishedGoodSnapshot,
    InventoryLot,
    Package,
    PackageItem,
    Product,
    ProductionRun,
    Purchase,
    RecipeSnapshot,
)
from baketracker.services.plan_inputs.rows import DefinitionRows


@dataclass(frozen=True)
class Names:
    """Slugs and names for everything a plan mentions, for the summary and explanations."""

    recipes: Mapping[int, tuple[str, str]]
    goods: Mapping[int, tuple[str, str]]
    units: Mapping[int, tuple[str, str]]
    ingredients: Mapping[int, tuple[str, str]]
    materials: Mapping[int, tuple[str, str]]


@dataclass(frozen=True)
class Gathered:
    data: plan.PlanInput
    names: Names
    # recipes and goods whose planned figures come from a snapshot
    snapshotted_recipes: frozenset[int]
    snapshotted_goods: frozenset[int]
    # every definition as read for this plan (reused to write snapshots)
    rows: DefinitionRows


def gather(session: Session, event: Event, *, batches_only: bool = False) -> Gathered:
    """The `PlanInput` for `event`: targets, definitions, stock, offers, runs so far.

    `batches_only` skips what only the ingredient and shopping steps need (flattening,
    stock, prices): enough for proposing batch counts.
    """
    targets = _Targets.load(session, event)
    catalog = _Catalog.load_all(session)
    package_needs = _package_needs(session, event)
    goods = catalog.good_defs(targets.planned_goods)
    unit_defs = catalog.unit_defs(targets.planned_recipes)
    leaves = plan.Leaves(goods)
    recipe_defs = {
        rid: catalog.recipe_def(
            rid, targets.planned_recipes.get(rid), with_ingredients=not batches_only
        )
        for rid in targets.needed_recipes(leaves, unit_defs)
    }
    stock = {} if batches_only else _stock(session)
    offers = {} if batches_only else _offers(session)
    ingredients, materials = _stock_infos(catalog, recipe_defs, stock, offers)
    data = plan.PlanInput(
        goods=goods,
        units=unit_defs,
        recipes=recipe_defs,
        ingredients=ingredients,
        materials=materials,
        assembly_targets={t.finished_good_id: t.target_quantity for t in targets.assembly},
        package_needs=package_needs,
        decisions={
            t.recipe_id: plan.BatchDecision(t.target_batches, t.short_confirmed)
            for t in targets.production
        },
        produced_batches=_sums(
            session,
            ProductionRun.recipe_id,
            ProductionRun.batches,
            ProductionRun.event_id == event.id,
        ),
        assembled={
            k: int(v)
            for k, v in _sums(
                session,
                AssemblyRun.finished_good_id,
                AssemblyRun.quantity,
                AssemblyRun.event_id == event.id,
            ).items()
        },
        unit_on_hand={u.id: u.on_hand for u in catalog.units.values()},
        leaves=leaves,
    )
    names = Names(
        recipes={rid: (r.slug, r.name) for rid, r in recipe_defs.items()},
        goods={gid: (g.slug, g.name) for gid, g in goods.items()},
        units={uid: (u.slug, u.name) for uid, u in unit_defs.items()},
        ingredients={iid: (i.slug, i.name) for iid, i in ingredients.items()},
        materials={mid: (m.slug, m.name) for mid, m in materials.items()},
    )
    return Gathered(
        data,
        names,
        frozenset(targets.planned_recipes),
        frozenset(targets.planned_goods),
        catalog,
    )


@dataclass(frozen=True)
class _Targets:
    """An event's targets and the planning snapshots linked to them."""

    production: Sequence[EventProductionTarget]
    assembly: Sequence[EventAssemblyTarget]
    # recipe (good) id -> the snapshot its target was planned with
    planned_recipes: dict[int, RecipeSnapshot]
    planned_goods: dict[int, FinishedGoodSnapshot]

    @classmethod
    def load(cls, session: Session, event: Event) -> _Targets:
        production = session.scalars(
            select(EventProductionTarget).where(EventProductionTarget.event_id == event.id)
        ).all()
        assembly = session.scalars(
            select(EventAssemblyTarget).where(EventAssemblyTarget.event_id == event.id)
        ).all()
        recipe_snapshots = _snapshots(
            session, RecipeSnapshot, [t.recipe_snapshot_id for t in production]
        )
        good_snapshots = _snapshots(
            session, FinishedGoodSnapshot, [t.finished_good_snapshot_id for t in assembly]
        )
        planned_recipes = {
            t.recipe_id: recipe_snapshots[t.recipe_snapshot_id]
            for t in production
            if t.recipe_snapshot_id in recipe_snapshots
        }
        planned_goods = {
            t.finished_good_id: good_snapshots[t.finished_good_snapshot_id]
            for t in assembly
            if t.finished_good_snapshot_id in good_snapshots
        }
        return cls(production, assembly, planned_recipes, planned_goods)

    def needed_recipes(
        self, leaves: plan.Leaves, unit_defs: Mapping[int, plan.UnitDef]
    ) -> set[int]:
        """The recipes this event needs (so only they are flattened, not the whole catalog)."""
        needed_units = {
            part_id
            for t in self.assembly
            for (kind, part_id) in leaves.of(t.finished_good_id)
            if kind == "fu"
        }
        return {unit_defs[u].recipe_id for u in needed_units} | {
            t.recipe_id for t in self.production
        }


def _stock_infos(
    catalog: _Catalog,
    recipe_defs: Mapping[int, plan.RecipeDef],
    stock: Mapping[tuple[str, int], Mapping[str, Decimal]],
    offers: Mapping[tuple[str, int], Sequence[plan.Offer]],
) -> tuple[dict[int, plan.StockInfo], dict[int, plan.StockInfo]]:
    """The ingredients the recipes use and every material, with stock and offers."""
    ingredient_ids = {use.ingredient_id for r in recipe_defs.values() for use in r.ingredients}
    ingredients = {
        iid: plan.StockInfo(
            iid,
            row.slug,
            row.name,
            row.density_g_per_ml,
            on_hand=stock.get(("ingredient", iid), {}),
            offers=tuple(offers.get(("ingredient", iid), ())),
        )
        for iid in ingredient_ids
        for row in (catalog.ingredients[iid],)
    }
    materials = {
        mid: plan.StockInfo(
            mid,
            row.slug,
            row.name,
            on_hand=stock.get(("material", mid), {}),
            offers=tuple(offers.get(("material", mid), ())),
            base_unit=units.base_unit(row.base_unit),
        )
        for mid, row in catalog.materials.items()
    }
    return ingredients, materials


def _snapshots(session: Session, model: Any, ids: Iterable[int | None]) -> dict[int, Any]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(wanted)))}


class _Catalog(DefinitionRows):
    """Every definition, read once as plain rows, turned into the planning domain's values."""

    # --- goods ---

    def good_defs(self, planned: Mapping[int, FinishedGoodSnapshot]) -> dict[int, plan.GoodDef]:
        out = {}
        for gid, good in self.goods.items():
            parts = tuple(
                plan.Part(*_part(line), quantity=line.quantity) for line in self.parts[gid]
            )
            out[gid] = plan.GoodDef(gid, good.slug, good.name, parts)
        for gid, snapshot in planned.items():
            out[gid] = _good_from_snapshot(gid, snapshot.data)
        return out

    def unit_defs(self, planned: Mapping[int, RecipeSnapshot]) -> dict[int, plan.UnitDef]:
        out = {
            u.id: plan.UnitDef(
                u.id, u.slug, u.name, u.recipe_id, u.items_per_batch, u.batch_portion
            )
            for u in self.units.values()
        }
        # A planned recipe's yields are the ones it had when it was planned.
        for rid, snapshot in planned.items():
            for item in snapshot.data.get("finished_units", ()):
                uid = int(item["id"])
                out[uid] = plan.UnitDef(
                    uid,
                    str(item["slug"]),
                    str(item["name"]),
                    rid,
                    _decimal(item.get("items_per_batch")),
                    _decimal(item.get("batch_portion")),
                )
        return out

    # --- recipes ---

    def recipe_def(
        self, rid: int, snapshot: RecipeSnapshot | None, *, with_ingredients: bool = True
    ) -> plan.RecipeDef:
        if not with_ingredients:
            info = snapshot.data.get("recipe", {}) if snapshot is not None else {}
            row = self.recipes.get(rid)
            return plan.RecipeDef(
                rid,
                str(info.get("slug", row.slug if row else rid)),
                str(info.get("name", row.name if row else rid)),
                (),
            )
        if snapshot is not None:
            flattened = flat.flattened_from_snapshot(snapshot.data)
            info = snapshot.data.get("recipe", {})
            slug = str(info.get("slug", self.recipes[rid].slug if rid in self.recipes else rid))
            name = str(info.get("name", slug))
        else:
            row = self.recipes[rid]
            flattened = self.flatten({rid: Decimal(1)}, lenient=True)
            slug, name = row.slug, row.name
        uses = [
            plan.IngredientUse(line.ingredient.id, line.quantity, line.unit)
            for line in flattened.lines
        ]
        uses += [
            plan.IngredientUse(line.ingredient.id, line.quantity, line.unit)
            for line in flattened.unreconciled
        ]
        return plan.RecipeDef(rid, slug, name, tuple(uses))


def _part(line: Any) -> tuple[plan.PartKind, int]:
    if line.finished_unit_id is not None:
        return "fu", line.finished_unit_id
    if line.component_good_id is not None:
        return "fg", line.component_good_id
    assert line.material_id is not None
    return "material", line.material_id


def _good_from_snapshot(gid: int, data: Mapping[str, Any]) -> plan.GoodDef:
    """A planned good as its snapshot's flattened parts (nested goods already multiplied)."""
    flattened = data.get("flattened", {})
    parts = [
        plan.Part("fu", int(u["id"]), Decimal(str(u["quantity"])))
        for u in flattened.get("finished_units", ())
    ]
    parts += [
        plan.Part("material", int(m["id"]), Decimal(str(m["quantity"])))
        for m in flattened.get("materials", ())
    ]
    info = data.get("finished_good", {})
    return plan.GoodDef(gid, str(info.get("slug", gid)), str(info.get("name", gid)), tuple(parts))


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _package_needs(session: Session, event: Event) -> dict[int, dict[str, int]]:
    rows = session.execute(
        select(
            PackageItem.finished_good_id,
            Package.name,
            func.sum(PackageItem.quantity * EventRecipientPackage.quantity),
        )
        .join(EventRecipientPackage, EventRecipientPackage.package_id == PackageItem.package_id)
        .join(Package, Package.id == PackageItem.package_id)
        .where(EventRecipientPackage.event_id == event.id)
        .group_by(PackageItem.finished_good_id, Package.name)
    ).all()
    needs: dict[int, dict[str, int]] = defaultdict(dict)
    for good_id, package, quantity in rows:
        needs[good_id][package] = int(quantity)
    return needs


def _stock(session: Session) -> dict[tuple[str, int], dict[str, Decimal]]:
    rows = session.execute(
        select(
            InventoryLot.ingredient_id,
            InventoryLot.material_id,
            InventoryLot.unit,
            func.sum(InventoryLot.quantity_remaining),
        )
        .where(InventoryLot.quantity_remaining > 0)
        .group_by(InventoryLot.ingredient_id, InventoryLot.material_id, InventoryLot.unit)
    ).all()
    stock: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    for ingredient_id, material_id, unit, quantity in rows:
        stock[_item_key(ingredient_id, material_id)][unit] = Decimal(quantity)
    return stock


def _offers(session: Session) -> dict[tuple[str, int], list[plan.Offer]]:
    """Every product as an offer, priced at its latest purchase (None if never bought)."""
    latest = select(
        Purchase.product_id,
        Purchase.price_per_package,
        func.row_number()
        .over(
            partition_by=Purchase.product_id,
            order_by=(Purchase.purchased_on.desc(), Purchase.id.desc()),
        )
        .label("rank"),
    ).subquery()
    prices = {
        pid: price
        for pid, price in session.execute(
            select(latest.c.product_id, latest.c.price_per_package).where(latest.c.rank == 1)
        )
    }
    offers: dict[tuple[str, int], list[plan.Offer]] = defaultdict(list)
    for product in session.scalars(select(Product).order_by(Product.name)):
        quantity, unit = units.to_base(product.package_quantity, product.package_unit)
        offers[_item_key(product.ingredient_id, product.material_id)].append(
            plan.Offer(
                product.slug,
                product.name,
                quantity,
                unit,
                prices.get(product.id),
                product.preferred,
            )
        )
    return offers


def _item_key(ingredient_id: int | None, material_id: int | None) -> tuple[str, int]:
    if ingredient_id is not None:
        return "ingredient", ingredient_id
    assert material_id is not None
    return "material", material_id


def _sums(session: Session, key: Any, value: Any, condition: Any) -> dict[int, Decimal]:
    return {
        k: Decimal(v)
        for k, v in session.execute(select(key, func.sum(value)).where(condition).group_by(key))
    }
