"""Deterministic planning data for benchmarks and tests, written in bulk with Core inserts.

`generate(engine, spec)` writes one bakery and one DRAFT event into a migrated database
that holds no bakery yet (a fresh one, or one emptied by `clear`; slugs and names are only
made unique among the generated rows):
ingredients (leaf ingredients under family categories, with densities; ground cinnamon
has none and is measured in tsp), products and suppliers, packaging materials, recipes
nested up to `len(spec.recipes_per_level) + 1` levels with ingredient lines in mixed units
(cup, g, lb, tsp, tbsp, each), finished units each with its BARE finished good, bundles
(some nesting another bundle, many packed in a material), packages, recipients with
package assignments, assembly targets for every bundle, production targets for about
half of the needed recipes, and purchases with their FIFO lots (older lots drawn first,
each draw recorded as a depletion).

Every row gets an explicit id (continuing after the table's current maximum) so the whole
bakery is built in memory and inserted table by table with one executemany per chunk; on
PostgreSQL the id sequences are moved past the new rows afterwards, so the services can
keep inserting. The same `spec` (and seed) always produces the same rows.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from slugify import slugify
from sqlalchemy import Connection, Engine, Table, delete, func, select, text, update

import baketracker.models as m
from baketracker.db import Base
from baketracker.domain import units
from bench import vocabulary as vocab

NOW = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
_QTY = Decimal("0.000001")
_COST = Decimal("0.000000000001")
_CENT = Decimal("0.01")
_CHUNK = 2000


@dataclass(frozen=True)
class Spec:
    """The size of a generated bakery and its event."""

    name: str
    event_name: str
    sub_recipes: int  # level 0: doughs, frostings, sauces (no finished units)
    recipes_per_level: tuple[int, ...]  # levels 1, 2, …: recipes with finished units
    bundles: int
    packages: int
    recipients: int
    lots: int
    ingredient_variants: int = 1  # 1: 33 leaf ingredients; 6: 198
    materials: int = 6
    nested_share: float = 0.25  # bundles that hold another bundle
    second_unit_share: float = 0.1  # recipes that also yield a mini version
    production_target_share: float = 0.5
    event_date: date = date(2026, 12, 19)
    seed: int = 2026

    @property
    def recipes(self) -> int:
        return self.sub_recipes + sum(self.recipes_per_level)

    def scaled(self, factor: int, name: str | None = None) -> Spec:
        """The same bakery `factor` times larger (recipes, goods, people, lots)."""
        return replace(
            self,
            name=name or f"{self.name}x{factor}",
            sub_recipes=self.sub_recipes * factor,
            recipes_per_level=tuple(n * factor for n in self.recipes_per_level),
            bundles=self.bundles * factor,
            packages=min(self.packages * factor, len(vocab.PACKAGE_FOR) * 4),
            recipients=self.recipients * factor,
            lots=self.lots * factor,
            ingredient_variants=min(self.ingredient_variants * factor, len(vocab.QUALIFIERS)),
            materials=min(self.materials * factor, len(vocab.MATERIALS)),
        )


REFERENCE = Spec(
    name="reference",
    event_name="Christmas cookie exchange 2026",
    sub_recipes=6,
    recipes_per_level=(14,),
    bundles=30,
    packages=5,
    recipients=50,
    lots=300,
)

STRESS = Spec(
    name="stress",
    event_name="County fair bake sale 2026",
    sub_recipes=150,
    recipes_per_level=(200, 90, 40, 20),
    bundles=2000,
    packages=40,
    recipients=1000,
    lots=20000,
    ingredient_variants=6,
    materials=20,
)

SMALL = Spec(
    name="small",
    event_name="Bake sale 2026",
    sub_recipes=3,
    recipes_per_level=(6, 2),
    bundles=8,
    packages=3,
    recipients=8,
    lots=40,
    materials=6,
)

SPECS = {spec.name: spec for spec in (REFERENCE, STRESS, SMALL)}


@dataclass
class Generated:
    """What was written: the event to plan and how many rows of each table."""

    spec: Spec
    event_id: int
    counts: dict[str, int]
    seconds: float = 0.0


# --- in-memory bakery --------------------------------------------------------------------


@dataclass
class _Unit:
    id: int
    recipe_id: int
    per_batch: Fraction  # units one batch yields
    portion: bool  # a cake or a loaf: one to a box


@dataclass
class _Product:
    id: int
    ingredient_id: int | None
    material_id: int | None
    per_package: Decimal  # in the base unit
    base: str
    price: Decimal


@dataclass
class _Bundle:
    id: int
    depth: int
    parts: list[tuple[str, int, Decimal]] = field(default_factory=list)  # (kind, id, qty)


class _Rows:
    """Rows per table with ids assigned up front, continuing after each table's maximum."""

    def __init__(self, conn: Connection, seed: int) -> None:
        self.conn = conn
        self.rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        self._next: dict[Table, int] = {}
        self._uuids = random.Random(seed * 7919 + 1)
        self._slugs: dict[str, set[str]] = defaultdict(set)

    def add(self, model: type[Base], **values: Any) -> int:
        table: Table = model.__table__  # type: ignore[assignment]
        if table not in self._next:
            current = self.conn.execute(select(func.max(table.c.id))).scalar()
            self._next[table] = int(current or 0) + 1
        row_id = self._next[table]
        self._next[table] = row_id + 1
        values.update(
            id=row_id,
            uuid=str(uuid.UUID(int=self._uuids.getrandbits(128), version=4)),
            created_at=NOW,
            updated_at=NOW,
        )
        self.rows[table].append(values)
        return row_id

    def slug(self, model: type[Base], text_: str) -> str:
        """A slug unique among the rows of `model` generated here."""
        taken = self._slugs[model.__tablename__]
        base = slugify(text_) or model.__tablename__
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug


def _pick_quantity(rng: random.Random, low: str, high: str, step: str) -> Decimal:
    lo, hi, st = Decimal(low), Decimal(high), Decimal(step)
    steps = int((hi - lo) / st)
    return lo + st * rng.randint(0, steps)


def _lower_first(text_: str) -> str:
    return text_[:1].lower() + text_[1:]


class _Bakery:
    def __init__(self, rows: _Rows, spec: Spec) -> None:
        self.rows = rows
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.variants: dict[str, list[int]] = defaultdict(list)  # base name → ingredient ids
        self.products: list[_Product] = []
        self.materials: dict[str, list[int]] = defaultdict(list)  # kind → material ids
        self.suppliers: list[int] = []
        self.units: dict[int, _Unit] = {}
        self.bundles: list[_Bundle] = []
        self.package_needs: dict[int, int] = defaultdict(int)
        self.event_id = 0

    # --- catalog ---

    def catalog(self) -> None:
        rng, add, slug = self.rng, self.rows.add, self.rows.slug
        for name, kind, location in vocab.SUPPLIERS:
            self.suppliers.append(
                add(
                    m.Supplier, name=name, slug=slug(m.Supplier, name), kind=kind, location=location
                )
            )
        families: dict[str, int] = {}
        for base in vocab.BASE_INGREDIENTS:
            if base.family not in families:
                families[base.family] = add(
                    m.Ingredient,
                    name=base.family,
                    slug=slug(m.Ingredient, base.family),
                    parent_id=None,
                    density_g_per_ml=None,
                    provisional=False,
                )
        for base in vocab.BASE_INGREDIENTS:
            for prefix, factor in vocab.QUALIFIERS[: self.spec.ingredient_variants]:
                name = f"{prefix} {_lower_first(base.name)}" if prefix else base.name
                iid = add(
                    m.Ingredient,
                    name=name,
                    slug=slug(m.Ingredient, name),
                    parent_id=families[base.family],
                    density_g_per_ml=Decimal(base.density) if base.density else None,
                    provisional=False,
                )
                self.variants[base.name].append(iid)
                for position, (brand, qty, unit, price) in enumerate(base.products):
                    label = "Market Pantry" if prefix == "Store-brand" else brand
                    self._product(
                        f"{label} {_lower_first(name)}, {qty} {unit}",
                        label,
                        qty,
                        unit,
                        (Decimal(price) * Decimal(factor)).quantize(_CENT),
                        preferred=position == 0,
                        ingredient_id=iid,
                    )
        chosen = list(vocab.MATERIALS[: self.spec.materials])
        for material in chosen:
            mid = add(
                m.Material,
                name=material.name,
                slug=slug(m.Material, material.name),
                base_unit=material.base_unit,
            )
            self.materials[material.kind].append(mid)
            brand, qty, unit, price = material.product
            label = (
                f"{brand} {_lower_first(material.name)}, pack of {qty}"
                if unit == "each"
                else f"{brand} {_lower_first(material.name)}, {qty} {unit}"
            )
            self._product(label, brand, qty, unit, Decimal(price), preferred=True, material_id=mid)
        rng.shuffle(self.products)  # purchases interleave items, as in a real pantry

    def _product(
        self,
        name: str,
        brand: str,
        qty: str,
        unit: str,
        price: Decimal,
        *,
        preferred: bool,
        ingredient_id: int | None = None,
        material_id: int | None = None,
    ) -> None:
        canonical = units.canonical_unit(unit)
        per_package, base = units.to_base(Decimal(qty), canonical)
        pid = self.rows.add(
            m.Product,
            ingredient_id=ingredient_id,
            material_id=material_id,
            brand=brand,
            name=name,
            slug=self.rows.slug(m.Product, name),
            package_quantity=Decimal(qty),
            package_unit=canonical,
            gtin=None,
            preferred=preferred,
            preferred_supplier_id=None,
        )
        self.products.append(_Product(pid, ingredient_id, material_id, per_package, base, price))

    # --- recipes ---

    def recipes(self) -> None:
        rng = self.rng
        levels: list[list[tuple[int, vocab.Dish]]] = []
        used_names: set[str] = set()
        plans = [(0, self.spec.sub_recipes, vocab.SUB_DISHES)]
        plans += [
            (level, count, vocab.DISHES if level == 1 else vocab.TIERED_DISHES[level - 2])
            for level, count in enumerate(self.spec.recipes_per_level, start=1)
        ]
        for level, count, dishes in plans:
            order = list(dishes)
            rng.shuffle(order)
            made: list[tuple[int, vocab.Dish]] = []
            for i in range(count):
                dish = order[i % len(order)]
                name, flavor = self._name(dish, used_names)
                rid = self._recipe(name, flavor, dish, level, levels)
                made.append((rid, dish))
            levels.append(made)

    def _name(self, dish: vocab.Dish, used: set[str]) -> tuple[str, str]:
        """A recipe name not used yet, and its flavor: "Maple sugar cookies", "Maple"."""
        flavors = list(vocab.FLAVORS)
        self.rng.shuffle(flavors)
        candidates = [(f"{flavor} {dish.noun}", flavor) for flavor in flavors]
        n = 2
        while all(name in used for name, _ in candidates):
            candidates = [(f"{flavor} {dish.noun} no. {n}", flavor) for flavor in flavors]
            n += 1
        name, flavor = next(c for c in candidates if c[0] not in used)
        used.add(name)
        return name, flavor

    def _recipe(
        self,
        name: str,
        flavor: str,
        dish: vocab.Dish,
        level: int,
        lower: Sequence[Sequence[tuple[int, vocab.Dish]]],
    ) -> int:
        rng, add = self.rng, self.rows.add
        category = "Components" if level == 0 else vocab.CATEGORY_OF_ARCHETYPE[dish.archetype]
        rid = add(
            m.Recipe,
            name=name,
            slug=self.rows.slug(m.Recipe, name),
            category=category,
            instructions=None,
            notes=None,
            base_recipe_id=None,
            variant_name=None,
            archived=False,
        )
        core, optional = vocab.ARCHETYPES[dish.archetype]
        addins = [vocab.ADDINS[a] for a in dish.addins]
        room = max(0, 8 - len(core) - len(addins))
        extra = rng.sample(optional, k=rng.randint(0, min(len(optional), room)))
        seen: set[str] = set()
        position = 0
        for base, low, high, unit, step in (*core, *extra, *addins):
            if base in seen:
                continue
            seen.add(base)
            add(
                m.RecipeIngredient,
                recipe_id=rid,
                ingredient_id=rng.choice(self.variants[base]),
                quantity=_pick_quantity(rng, low, high, step),
                unit=unit,
                position=position,
                note=None,
            )
            position += 1
        for position, (child, multiplier) in enumerate(self._components(dish, level, lower)):
            add(
                m.RecipeComponent,
                recipe_id=rid,
                component_recipe_id=child,
                multiplier=multiplier,
                position=position,
            )
        if dish.unit is not None:
            self._unit(rid, f"{flavor} {dish.unit}", dish.items_per_batch, dish.batch_portion)
            if dish.items_per_batch and rng.random() < self.spec.second_unit_share:
                self._unit(rid, f"{flavor} {dish.unit}, mini", dish.items_per_batch * 2, None)
        return rid

    def _components(
        self, dish: vocab.Dish, level: int, lower: Sequence[Sequence[tuple[int, vocab.Dish]]]
    ) -> list[tuple[int, Decimal]]:
        rng = self.rng
        chosen: list[int] = []
        if level == 1 and lower[0] and dish.subs and rng.random() < dish.sub_chance:
            suitable = [rid for rid, sub in lower[0] if sub.archetype in dish.subs]
            chosen = [rng.choice(suitable or [rid for rid, _ in lower[0]])]
            if len(dish.subs) > 1:  # a crust and a caramel, a cake and its glaze
                others = [rid for rid in suitable if rid not in chosen] or [
                    rid for rid, _ in lower[0] if rid not in chosen
                ]
                chosen += [rng.choice(others)] if others else []
        elif level >= 2:
            chosen = [rng.choice(lower[level - 1])[0]]
            if rng.random() < 0.5:
                others = [rid for group in lower[:level] for rid, _ in group if rid != chosen[0]]
                chosen.append(rng.choice(others))
        return [(rid, Decimal(rng.choice(("0.5", "1", "1", "2")))) for rid in chosen]

    def _unit(self, recipe_id: int, name: str, items: int | None, portion: str | None) -> None:
        rows = self.rows
        uid = rows.add(
            m.FinishedUnit,
            recipe_id=recipe_id,
            name=name,
            slug=rows.slug(m.FinishedUnit, name),
            items_per_batch=Decimal(items) if items else None,
            batch_portion=Decimal(portion) if portion else None,
            on_hand=0,
        )
        per_batch = Fraction(items) if items else 1 / Fraction(portion or "1")
        self.units[uid] = _Unit(uid, recipe_id, per_batch, portion is not None)
        gid = rows.add(
            m.FinishedGood,
            name=name,
            slug=rows.slug(m.FinishedGood, name),
            kind="BARE",
            on_hand=0,
            notes=None,
        )
        rows.add(
            m.Composition,
            finished_good_id=gid,
            finished_unit_id=uid,
            component_good_id=None,
            material_id=None,
            quantity=Decimal(1),
            position=0,
        )

    # --- goods and people ---

    def goods(self) -> None:
        rng, rows = self.rng, self.rows
        names = [
            (occasion, style, container)
            for occasion in vocab.OCCASIONS
            for style in vocab.STYLES
            for container in vocab.CONTAINERS
        ]
        rng.shuffle(names)
        unit_ids = sorted(self.units)
        for i in range(self.spec.bundles):
            occasion, style, (container, packed_in) = names[i % len(names)]
            name = f"{occasion} {style} {container}"
            gid = rows.add(
                m.FinishedGood,
                name=name,
                slug=rows.slug(m.FinishedGood, name),
                kind="BUNDLE",
                on_hand=0,
                notes=None,
            )
            shallow = [b for b in self.bundles if b.depth < 3]
            nest = shallow and rng.random() < self.spec.nested_share
            bundle = _Bundle(gid, 1)
            if nest:
                child = rng.choice(shallow)
                bundle.depth = child.depth + 1
                bundle.parts.append(("fg", child.id, Decimal(rng.choice((1, 1, 2)))))
            for uid in rng.sample(unit_ids, k=min(len(unit_ids), rng.randint(1, 2 if nest else 4))):
                unit = self.units[uid]
                qty = 1 if unit.portion else rng.choice((2, 3, 4, 4, 6, 6, 12))
                bundle.parts.append(("fu", uid, Decimal(qty)))
            if packed_in and self.materials.get(packed_in):
                bundle.parts.append(("material", rng.choice(self.materials[packed_in]), Decimal(1)))
            if self.materials.get("ribbon") and rng.random() < 0.3:
                bundle.parts.append(
                    (
                        "material",
                        rng.choice(self.materials["ribbon"]),
                        Decimal(rng.randrange(45, 95, 5)),
                    )
                )
            if self.materials.get("tag") and rng.random() < 0.3:
                bundle.parts.append(("material", rng.choice(self.materials["tag"]), Decimal(1)))
            for position, (kind, part_id, amount) in enumerate(bundle.parts):
                rows.add(
                    m.Composition,
                    finished_good_id=gid,
                    finished_unit_id=part_id if kind == "fu" else None,
                    component_good_id=part_id if kind == "fg" else None,
                    material_id=part_id if kind == "material" else None,
                    quantity=amount,
                    position=position,
                )
            self.bundles.append(bundle)

    def people(self) -> None:
        rng, add = self.rng, self.rows.add
        spec = self.spec
        self.event_id = add(
            m.Event,
            name=spec.event_name,
            event_date=spec.event_date,
            year=spec.event_date.year,
            output_mode="BUNDLED",
            plan_state="DRAFT",
            notes="Generated for the benchmark",
        )
        package_names = [
            f"{who} {kind}" for who in vocab.PACKAGE_FOR for kind in vocab.PACKAGE_KIND
        ]
        rng.shuffle(package_names)
        packages: list[tuple[int, dict[int, int]]] = []
        for i in range(spec.packages):
            pid = add(m.Package, name=package_names[i % len(package_names)], notes=None)
            contents = {
                b.id: rng.choice((1, 1, 2))
                for b in rng.sample(self.bundles, k=min(len(self.bundles), rng.randint(2, 4)))
            }
            for good_id, qty in contents.items():
                add(m.PackageItem, package_id=pid, finished_good_id=good_id, quantity=qty)
            packages.append((pid, contents))
        people = [(f, last) for f in vocab.FIRST_NAMES for last in vocab.LAST_NAMES]
        rng.shuffle(people)
        for first, last in people[: spec.recipients]:
            rid = add(
                m.Recipient,
                name=f"{first} {last}",
                household=f"The {last} family" if rng.random() < 0.6 else None,
                address=f"{rng.randint(12, 980)} {rng.choice(vocab.STREETS)}",
                notes=None,
                dietary_notes=rng.choice(vocab.DIETARY) if rng.random() < 0.1 else None,
            )
            chosen = rng.sample(packages, k=min(len(packages), 2 if rng.random() < 0.2 else 1))
            for pid, contents in chosen:
                quantity = 2 if rng.random() < 0.1 else 1
                add(
                    m.EventRecipientPackage,
                    event_id=self.event_id,
                    recipient_id=rid,
                    package_id=pid,
                    quantity=quantity,
                    fulfillment_status="pending",
                    notes=None,
                )
                for good_id, per_package in contents.items():
                    self.package_needs[good_id] += per_package * quantity

    def targets(self) -> None:
        """Assembly targets for every bundle (one deliberately below its packages) and
        production targets covering the need for about half the recipes."""
        rng, add = self.rng, self.rows.add
        flagged = False
        goals: dict[int, int] = {}
        for bundle in self.bundles:
            need = self.package_needs.get(bundle.id, 0)
            if need >= 2 and not flagged:
                target, flagged = need - 1, True
            else:
                target = need + rng.randint(0, 4) if need else rng.randint(2, 12)
            goals[bundle.id] = target
            add(
                m.EventAssemblyTarget,
                event_id=self.event_id,
                finished_good_id=bundle.id,
                target_quantity=target,
                finished_good_snapshot_id=None,
            )
        batches: dict[int, Fraction] = defaultdict(Fraction)
        for uid, quantity in self._unit_needs(goals).items():
            unit = self.units[uid]
            batches[unit.recipe_id] += quantity / unit.per_batch
        needed = sorted(rid for rid, exact in batches.items() if exact > 0)
        share = round(len(needed) * self.spec.production_target_share)
        for rid in sorted(rng.sample(needed, k=share)):
            proposed = math.ceil(batches[rid])
            add(
                m.EventProductionTarget,
                event_id=self.event_id,
                recipe_id=rid,
                target_batches=proposed + (1 if rng.random() < 0.2 else 0),
                short_confirmed=False,
                recipe_snapshot_id=None,
            )

    def _unit_needs(self, goals: dict[int, int]) -> dict[int, Fraction]:
        by_id = {b.id: b for b in self.bundles}
        per_good: dict[int, dict[int, Fraction]] = {}

        def explode(good_id: int) -> dict[int, Fraction]:
            if good_id not in per_good:
                out: dict[int, Fraction] = defaultdict(Fraction)
                for kind, part_id, qty in by_id[good_id].parts:
                    if kind == "fu":
                        out[part_id] += Fraction(qty)
                    elif kind == "fg":
                        for uid, n in explode(part_id).items():
                            out[uid] += n * Fraction(qty)
                per_good[good_id] = out
            return per_good[good_id]

        totals: dict[int, Fraction] = defaultdict(Fraction)
        for good_id, target in goals.items():
            for uid, n in explode(good_id).items():
                totals[uid] += n * target
        return totals

    # --- stock ---

    def stock(self) -> None:
        rng, add = self.rng, self.rows.add
        products = self.products
        counts = [1 if self.spec.lots >= len(products) else 0 for _ in products]
        for _ in range(self.spec.lots - sum(counts)):
            counts[rng.randrange(len(products))] += 1
        start = date(2026, 7, 1)
        for product, n in zip(products, counts, strict=True):
            days = sorted(rng.randrange(0, 158) for _ in range(n))
            lots: list[tuple[int, Decimal, Decimal, date]] = []
            for day in days:
                bought = start + timedelta(days=day)
                packages = Decimal(rng.choice((1, 1, 1, 2, 2, 3, 4)))
                price = (product.price * Decimal(rng.randint(90, 115)) / 100).quantize(_CENT)
                purchase_id = add(
                    m.Purchase,
                    product_id=product.id,
                    supplier_id=rng.choice(self.suppliers),
                    purchased_on=bought,
                    packages=packages,
                    price_per_package=price,
                    notes=None,
                )
                quantity = (packages * product.per_package).quantize(_QTY)
                lots.append(
                    (purchase_id, quantity, (price / product.per_package).quantize(_COST), bought)
                )
            # FIFO: what was used came out of the oldest lots first.
            total = sum((q for _, q, _, _ in lots), Decimal(0))
            used_left = (total * rng.randint(20, 85) / 100).quantize(_QTY)
            for purchase_id, quantity, unit_cost, bought in lots:
                used = min(quantity, used_left)
                used_left -= used
                lot_id = add(
                    m.InventoryLot,
                    purchase_id=purchase_id,
                    product_id=product.id,
                    ingredient_id=product.ingredient_id,
                    material_id=product.material_id,
                    purchased_on=bought,
                    unit=product.base,
                    quantity_initial=quantity,
                    quantity_remaining=quantity - used,
                    unit_cost=unit_cost,
                    location=rng.choice(vocab.LOCATIONS),
                    expires_on=None,
                )
                if used > 0:
                    add(
                        m.Depletion,
                        lot_id=lot_id,
                        quantity=used,
                        unit_cost=unit_cost,
                        cost=(used * unit_cost).quantize(_QTY),
                        reason="other",
                        note="Used before this event",
                        production_run_id=None,
                        assembly_run_id=None,
                        occurred_at=datetime.combine(bought, datetime.min.time(), UTC)
                        + timedelta(days=3),
                    )


# --- writing -----------------------------------------------------------------------------


def _complete(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with every column, so one executemany statement fits them all."""
    fill: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        scalar = getattr(default, "arg", None) if getattr(default, "is_scalar", False) else None
        fill[column.key] = scalar
    return [{**fill, **row} for row in rows]


def _insert(conn: Connection, rows: _Rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        table_rows = rows.rows.get(table)
        if not table_rows:
            continue
        complete = _complete(table, table_rows)
        for start in range(0, len(complete), _CHUNK):
            conn.execute(table.insert(), complete[start : start + _CHUNK])
        counts[table.name] = len(complete)
        if conn.dialect.name == "postgresql":
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                {"t": table.name, "v": max(r["id"] for r in table_rows)},
            )
    return counts


def generate(engine: Engine, spec: Spec = REFERENCE) -> Generated:
    """Write `spec`'s bakery and DRAFT event in one transaction; returns its event id."""
    started = time.perf_counter()
    with engine.begin() as conn:
        rows = _Rows(conn, spec.seed)
        bakery = _Bakery(rows, spec)
        bakery.catalog()
        bakery.recipes()
        bakery.goods()
        bakery.people()
        bakery.targets()
        bakery.stock()
        counts = _insert(conn, rows)
    return Generated(spec, bakery.event_id, counts, time.perf_counter() - started)


def clear(engine: Engine, tables: Iterable[Table] | None = None) -> None:
    """Delete every row (children first), for tests that generate twice in one database."""
    with engine.begin() as conn:
        for table in reversed(list(tables or Base.metadata.sorted_tables)):
            # RESTRICT is checked row by row: unlink a tree (ingredient parents) first.
            own = {fk.parent.key: None for fk in table.foreign_keys if fk.column.table is table}
            if own:
                conn.execute(update(table).values(own))
            conn.execute(delete(table))
