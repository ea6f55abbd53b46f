"""Reading what allergen roll-ups need in a fixed number of queries, and rolling them up.

Recursive CTEs walk nested goods and sub-recipes in one statement each, so the number of
statements does not grow with lines, units, goods or depth.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.domain import allergens as rules
from baketracker.domain.allergens import Rollup
from baketracker.models import (
    Composition,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    PackageItem,
    Product,
    Recipe,
    RecipeComponent,
    RecipeIngredient,
)


@dataclass
class Graph:
    """Names and edges of every recipe, unit, good and package reached from the start."""

    recipe_names: dict[int, str] = field(default_factory=dict)
    recipe_lines: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    recipe_parts: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    ingredients: dict[int, Rollup] = field(default_factory=dict)
    unit_names: dict[int, str] = field(default_factory=dict)
    unit_recipe: dict[int, int] = field(default_factory=dict)
    good_names: dict[int, str] = field(default_factory=dict)
    # good id -> its parts in order: ("unit", id) or ("good", id)
    good_parts: dict[int, list[tuple[str, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    package_items: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _memo: dict[tuple[str, int], Rollup] = field(default_factory=dict)

    # --- rolling up (memoised: a shared sub-recipe or good is rolled up once) ---

    def recipe(self, recipe_id: int) -> Rollup:
        key = ("recipe", recipe_id)
        if key not in self._memo:
            self._memo[key] = Rollup()  # a cycle (refused elsewhere) cannot recurse forever
            lines = [(None, self.ingredients[i]) for i in self.recipe_lines.get(recipe_id, ())]
            subs = [
                (self.recipe_names[r], self.recipe(r)) for r in self.recipe_parts.get(recipe_id, ())
            ]
            self._memo[key] = rules.combine([*lines, *subs])
        return self._memo[key]

    def unit(self, unit_id: int) -> Rollup:
        return self.recipe(self.unit_recipe[unit_id])

    def good(self, good_id: int) -> Rollup:
        key = ("good", good_id)
        if key not in self._memo:
            self._memo[key] = Rollup()
            parts = []
            for kind, part_id in self.good_parts.get(good_id, ()):
                if kind == "unit":
                    parts.append((self.unit_names[part_id], self.unit(part_id)))
                else:
                    parts.append((self.good_names[part_id], self.good(part_id)))
            self._memo[key] = rules.combine(parts)
        return self._memo[key]

    def package(self, package_id: int) -> Rollup:
        return rules.combine(
            (self.good_names[g], self.good(g)) for g in self.package_items.get(package_id, ())
        )


def load(
    session: Session,
    *,
    recipes: Iterable[int] = (),
    units: Iterable[int] = (),
    goods: Iterable[int] = (),
    packages: Iterable[int] = (),
) -> Graph:
    """Everything below the given records, read in at most nine statements."""
    graph = Graph()
    package_ids = sorted(set(packages))
    good_ids = set(goods)
    if package_ids:
        for package_id, good_id in session.execute(
            select(PackageItem.package_id, PackageItem.finished_good_id)
            .where(PackageItem.package_id.in_(package_ids))
            .order_by(PackageItem.id)
        ):
            graph.package_items[package_id].append(good_id)
            good_ids.add(good_id)
    unit_ids = set(units)
    if good_ids:
        unit_ids |= _load_goods(session, graph, good_ids)
    recipe_ids = set(recipes)
    if unit_ids:
        for unit_id, name, recipe_id in session.execute(
            select(FinishedUnit.id, FinishedUnit.name, FinishedUnit.recipe_id).where(
                FinishedUnit.id.in_(sorted(unit_ids))
            )
        ):
            graph.unit_names[unit_id] = name
            graph.unit_recipe[unit_id] = recipe_id
            recipe_ids.add(recipe_id)
    if recipe_ids:
        _load_recipes(session, graph, recipe_ids)
    return graph


def _load_goods(session: Session, graph: Graph, start: set[int]) -> set[int]:
    seed = select(FinishedGood.id.label("id")).where(FinishedGood.id.in_(sorted(start)))
    tree = seed.cte("good_tree", recursive=True)
    tree = tree.union(
        select(Composition.component_good_id).where(
            Composition.finished_good_id == tree.c.id, Composition.component_good_id.is_not(None)
        )
    )
    for good_id, name in session.execute(
        select(FinishedGood.id, FinishedGood.name).where(FinishedGood.id.in_(select(tree.c.id)))
    ):
        graph.good_names[good_id] = name
    unit_ids: set[int] = set()
    for good_id, unit_id, part_id in session.execute(
        select(Composition.finished_good_id, Composition.finished_unit_id,
               Composition.component_good_id)
        .where(Composition.finished_good_id.in_(select(tree.c.id)))
        .order_by(Composition.finished_good_id, Composition.position, Composition.id)
    ):
        if unit_id is not None:
            graph.good_parts[good_id].append(("unit", unit_id))
            unit_ids.add(unit_id)
        elif part_id is not None:
            graph.good_parts[good_id].append(("good", part_id))
    return unit_ids


def _load_recipes(session: Session, graph: Graph, start: set[int]) -> None:
    seed = select(Recipe.id.label("id")).where(Recipe.id.in_(sorted(start)))
    tree = seed.cte("recipe_tree", recursive=True)
    tree = tree.union(
        select(RecipeComponent.component_recipe_id).where(RecipeComponent.recipe_id == tree.c.id)
    )
    every = select(tree.c.id)
    for recipe_id, name in session.execute(
        select(Recipe.id, Recipe.name).where(Recipe.id.in_(every))
    ):
        graph.recipe_names[recipe_id] = name
    for recipe_id, part_id in session.execute(
        select(RecipeComponent.recipe_id, RecipeComponent.component_recipe_id)
        .where(RecipeComponent.recipe_id.in_(every))
        .order_by(RecipeComponent.recipe_id, RecipeComponent.position, RecipeComponent.id)
    ):
        graph.recipe_parts[recipe_id].append(part_id)
    used = select(RecipeIngredient.ingredient_id).where(RecipeIngredient.recipe_id.in_(every))
    for recipe_id, ingredient_id in session.execute(
        select(RecipeIngredient.recipe_id, RecipeIngredient.ingredient_id)
        .where(RecipeIngredient.recipe_id.in_(every))
        .order_by(RecipeIngredient.recipe_id, RecipeIngredient.position, RecipeIngredient.id)
    ):
        graph.recipe_lines[recipe_id].append(ingredient_id)
    may: dict[int, set[str]] = defaultdict(set)
    for product_of, codes in session.execute(
        select(Product.ingredient_id, Product.may_contain).where(
            Product.ingredient_id.in_(used), Product.may_contain.is_not(None)
        )
    ):
        if product_of is not None:
            may[product_of].update(codes or ())
    for ingredient_id, slug, name, codes in session.execute(
        select(Ingredient.id, Ingredient.slug, Ingredient.name, Ingredient.allergen_codes).where(
            Ingredient.id.in_(used)
        )
    ):
        graph.ingredients[ingredient_id] = rules.of_ingredient(
            slug, name, codes, may.get(ingredient_id, ())
        )

