"""Definitions as plain rows, read in bulk, flattened and exploded for the domain.

Snapshots, explosions and the planning engine all read the same tables; reading them as
plain rows (not ORM objects) in a fixed number of queries keeps a plan of thousands of
goods fast. `load_all` reads every definition; `load_for` reads only what some recipes
and goods reach (a query per nesting level, never per row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.domain import recipes as flat
from baketracker.domain.planning import GoodDef, Leaves, Part, PartKind
from baketracker.errors import Invalid
from baketracker.models import (
    Composition,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    Material,
    Recipe,
    RecipeComponent,
    RecipeIngredient,
)

Row = Any  # a SQLAlchemy Row: attribute access by column name

_RECIPE = (Recipe.id, Recipe.slug, Recipe.name, Recipe.category, Recipe.variant_name)
_LINE = (
    RecipeIngredient.id,
    RecipeIngredient.recipe_id,
    RecipeIngredient.ingredient_id,
    RecipeIngredient.quantity,
    RecipeIngredient.unit,
    RecipeIngredient.note,
)
_COMPONENT = (
    RecipeComponent.recipe_id,
    RecipeComponent.component_recipe_id,
    RecipeComponent.multiplier,
)
_UNIT = (
    FinishedUnit.id,
    FinishedUnit.slug,
    FinishedUnit.name,
    FinishedUnit.recipe_id,
    FinishedUnit.items_per_batch,
    FinishedUnit.batch_portion,
    FinishedUnit.on_hand,
)
_INGREDIENT = (Ingredient.id, Ingredient.slug, Ingredient.name, Ingredient.density_g_per_ml)
_GOOD = (FinishedGood.id, FinishedGood.slug, FinishedGood.name, FinishedGood.kind)
_PART = (
    Composition.finished_good_id,
    Composition.finished_unit_id,
    Composition.component_good_id,
    Composition.material_id,
    Composition.quantity,
)
_MATERIAL = (Material.id, Material.slug, Material.name, Material.base_unit)


@dataclass
class DefinitionRows:
    recipes: dict[int, Row] = field(default_factory=dict)
    lines: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    components: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    units: dict[int, Row] = field(default_factory=dict)
    units_by_recipe: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    ingredients: dict[int, Row] = field(default_factory=dict)
    goods: dict[int, Row] = field(default_factory=dict)
    parts: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    materials: dict[int, Row] = field(default_factory=dict)
    _leaves: Leaves | None = None

    # --- loading ---

    @classmethod
    def load_all(cls, session: Session) -> Self:
        """Every recipe, unit, ingredient, good and material: nine queries."""
        rows = cls()
        rows._add_recipes(session, None)
        rows._add_goods(session, None)
        rows._add_units(session, select(*_UNIT))
        rows._add_by_id(session, rows.ingredients, select(*_INGREDIENT))
        rows._add_by_id(session, rows.materials, select(*_MATERIAL))
        return rows

    @classmethod
    def load_for(
        cls, session: Session, *, recipes: Iterable[int] = (), goods: Iterable[int] = ()
    ) -> DefinitionRows:
        """Only what `recipes` and `goods` reach through sub-recipes and nested goods."""
        rows = cls()
        pending_goods = set(goods)
        while pending_goods:
            rows._add_goods(session, pending_goods)
            pending_goods = {
                p.component_good_id
                for gid in pending_goods
                for p in rows.parts[gid]
                if p.component_good_id is not None and p.component_good_id not in rows.goods
            }
        unit_ids = rows._part_ids("finished_unit_id")
        if unit_ids:
            rows._add_units(session, select(*_UNIT).where(FinishedUnit.id.in_(unit_ids)))
        pending = set(recipes) | {u.recipe_id for u in rows.units.values()}
        while pending:
            rows._add_recipes(session, pending)
            pending = {
                c.component_recipe_id
                for rid in pending
                for c in rows.components[rid]
                if c.component_recipe_id not in rows.recipes
            }
        if recipes:
            rows._add_units(session, select(*_UNIT).where(FinishedUnit.recipe_id.in_(set(recipes))))
        ingredient_ids = {li.ingredient_id for lines in rows.lines.values() for li in lines}
        if ingredient_ids:
            rows._add_by_id(
                session,
                rows.ingredients,
                select(*_INGREDIENT).where(Ingredient.id.in_(ingredient_ids)),
            )
        material_ids = rows._part_ids("material_id")
        if material_ids:
            rows._add_by_id(
                session, rows.materials, select(*_MATERIAL).where(Material.id.in_(material_ids))
            )
        return rows

    def _part_ids(self, column: str) -> set[int]:
        """The ids in `column` ("finished_unit_id", "material_id") of the goods' parts."""
        return {
            getattr(p, column)
            for lines in self.parts.values()
            for p in lines
            if getattr(p, column) is not None
        }

    def _add_recipes(self, session: Session, ids: set[int] | None) -> None:
        def only(query: Any, column: Any) -> Any:
            return query if ids is None else query.where(column.in_(ids))

        for row in session.execute(only(select(*_RECIPE), Recipe.id)):
            self.recipes[row.id] = row
        for row in session.execute(
            only(select(*_LINE), RecipeIngredient.recipe_id).order_by(
                RecipeIngredient.position, RecipeIngredient.id
            )
        ):
            self.lines[row.recipe_id].append(row)
        for row in session.execute(
            only(select(*_COMPONENT), RecipeComponent.recipe_id).order_by(
                RecipeComponent.position, RecipeComponent.id
            )
        ):
            self.components[row.recipe_id].append(row)

    def _add_goods(self, session: Session, ids: set[int] | None) -> None:
        goods = select(*_GOOD)
        parts = select(*_PART).order_by(Composition.position, Composition.id)
        if ids is not None:
            goods = goods.where(FinishedGood.id.in_(ids))
            parts = parts.where(Composition.finished_good_id.in_(ids))
        for row in session.execute(goods):
            self.goods[row.id] = row
        for part in session.execute(parts):
            self.parts[part.finished_good_id].append(part)

    def _add_units(self, session: Session, query: Any) -> None:
        for row in session.execute(query.order_by(FinishedUnit.id)):
            if row.id not in self.units:
                self.units[row.id] = row
                self.units_by_recipe[row.recipe_id].append(row)

    @staticmethod
    def _add_by_id(session: Session, into: dict[int, Row], query: Any) -> None:
        for row in session.execute(query):
            into[row.id] = row

    # --- plain definitions for the domain ---

    def flat_definitions(
        self, roots: Iterable[int]
    ) -> tuple[dict[int, flat.RecipeDef], dict[int, flat.IngredientInfo]]:
        """domain.recipes definitions of `roots` and every sub-recipe they use."""
        recipes: dict[int, flat.RecipeDef] = {}
        ingredients: dict[int, flat.IngredientInfo] = {}
        pending = list(roots)
        while pending:
            rid = pending.pop()
            if rid in recipes:
                continue
            row = self.recipes[rid]
            for line in self.lines[rid]:
                ing = self.ingredients[line.ingredient_id]
                ingredients[ing.id] = flat.IngredientInfo(
                    ing.id, ing.slug, ing.name, ing.density_g_per_ml
                )
            components = tuple((c.component_recipe_id, c.multiplier) for c in self.components[rid])
            recipes[rid] = flat.RecipeDef(
                id=rid,
                name=row.name,
                slug=row.slug,
                lines=tuple(
                    flat.Line(li.ingredient_id, li.quantity, li.unit) for li in self.lines[rid]
                ),
                components=components,
            )
            pending.extend(child for child, _ in components)
        return recipes, ingredients

    def flatten(self, demand: Mapping[int, Decimal], *, lenient: bool) -> flat.Flattened:
        return flat.flatten(demand, *self.flat_definitions(demand), lenient=lenient)

    def explode(self, demand: Mapping[int, Decimal]) -> dict[str, list[dict[str, Any]]]:
        """Finished units and materials that `demand` (good id → quantity) needs, summed.

        Nested goods multiply; a part used by several goods is counted once per use.
        """
        if self._leaves is None:
            self._leaves = Leaves(
                {
                    gid: GoodDef(
                        gid,
                        good.slug,
                        good.name,
                        tuple(
                            Part(_KINDS[node(p)[0]], node(p)[1], p.quantity)
                            for p in self.parts[gid]
                        ),
                    )
                    for gid, good in self.goods.items()
                }
            )
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for gid, quantity in demand.items():
            if quantity < 0:
                raise Invalid(
                    f"Finished good {self.goods[gid].name!r}: quantity must not be negative",
                    record=self.goods[gid].name,
                    field="quantity",
                )
            for key, per_good in self._leaves.of(gid).items():
                totals[key] += per_good * quantity
        units_out, materials = [], []
        for (kind, part_id), quantity in totals.items():
            if kind == "fu":
                unit = self.units[part_id]
                units_out.append(
                    {
                        "id": unit.id,
                        "slug": unit.slug,
                        "name": unit.name,
                        "recipe_id": unit.recipe_id,
                        "recipe_slug": self.recipes[unit.recipe_id].slug,
                        "quantity": quantity,
                    }
                )
            elif kind == "material":
                mat = self.materials[part_id]
                materials.append(
                    {
                        "id": mat.id,
                        "slug": mat.slug,
                        "name": mat.name,
                        "quantity": quantity,
                        "unit": mat.base_unit,
                    }
                )
        return {"finished_units": units_out, "materials": materials}


_KINDS: dict[str, PartKind] = {"fu": "fu", "fg": "fg", "mat": "material"}


def node(part: Row) -> tuple[str, int]:
    if part.finished_unit_id is not None:
        return "fu", int(part.finished_unit_id)
    if part.component_good_id is not None:
        return "fg", int(part.component_good_id)
    return "mat", int(part.material_id)


def _ingredient_line(
    line: flat.FlatLine | flat.UnreconciledLine, *, reconciled: bool, needs_density: bool
) -> dict[str, Any]:
    """One ingredient line of a flattened recipe, reconciled to one unit or not."""
    info = line.ingredient
    return {
        "ingredient_id": info.id,
        "ingredient_slug": info.slug,
        "ingredient_name": info.name,
        "quantity": line.quantity,
        "unit": line.unit,
        "density_g_per_ml": info.density_g_per_ml,
        "reconciled": reconciled,
        "needs_density": needs_density,
    }


def flat_line_dict(line: flat.FlatLine) -> dict[str, Any]:
    return _ingredient_line(line, reconciled=True, needs_density=False)


def unreconciled_dict(line: flat.UnreconciledLine) -> dict[str, Any]:
    """As flat_line_dict, with the recipe the line is in and why it was not reconciled."""
    return {
        **_ingredient_line(line, reconciled=False, needs_density=line.needs_density),
        "recipe_name": line.recipe,
        "reason": line.reason,
    }
