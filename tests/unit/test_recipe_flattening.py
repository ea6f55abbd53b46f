"""Flattening recipes as pure data: sub-recipes multiplied in, one base unit per ingredient."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.recipes import (
    IngredientInfo,
    Line,
    RecipeDef,
    decimal_text,
    flatten,
    flattened_from_snapshot,
    positive_quantity,
    recipe_batches,
)
from baketracker.errors import Invalid

D = Decimal

FLOUR = IngredientInfo(1, "flour", "Flour", D("0.5283"))
SUGAR = IngredientInfo(2, "sugar", "Sugar")
SALT = IngredientInfo(3, "salt", "Salt")
EGG = IngredientInfo(4, "egg", "Egg")
INGREDIENTS = {i.id: i for i in (FLOUR, SUGAR, SALT, EGG)}


def recipe(rid: int, name: str, lines=(), components=()) -> RecipeDef:  # type: ignore[no-untyped-def]
    return RecipeDef(rid, name, name.lower(), tuple(lines), tuple(components))


def test_a_sub_recipe_times_two_puts_two_cups_of_sugar_in_the_parent() -> None:
    frosting = recipe(2, "Frosting", [Line(2, D(1), "cup")])
    cake = recipe(1, "Cake", components=[(2, D(2))])

    result = flatten({1: D(1)}, {1: cake, 2: frosting}, INGREDIENTS)

    [sugar] = result.lines
    assert sugar.unit == "ml"
    assert sugar.quantity == 2 * D("236.5882365")  # two US cups


def test_cups_and_pounds_of_flour_are_one_line_in_grams_through_the_density() -> None:
    # DOMAIN.md: 2 cups × 2 batches + 1 lb × 3 batches at 0.5283 g/ml → ≈1860.7 g.
    by_cup = recipe(2, "Cup dough", [Line(1, D(2), "cup")])
    by_pound = recipe(3, "Pound dough", [Line(1, D(1), "lb")])
    recipes = {2: by_cup, 3: by_pound}

    result = flatten({2: D(2), 3: D(3)}, recipes, INGREDIENTS)

    [flour] = result.lines
    assert flour.unit == "g"
    assert abs(flour.quantity - D("1860.7")) < D("0.05")


def test_the_same_numbers_hold_when_both_doughs_are_sub_recipes_of_one_parent() -> None:
    recipes = {
        1: recipe(1, "Parent", components=[(2, D(2)), (3, D(3))]),
        2: recipe(2, "Cup dough", [Line(1, D(2), "cup")]),
        3: recipe(3, "Pound dough", [Line(1, D(1), "lb")]),
    }

    [flour] = flatten({1: D(1)}, recipes, INGREDIENTS).lines

    assert abs(flour.quantity - D("1860.7")) < D("0.05")


def test_volume_of_an_ingredient_with_a_density_is_weighed() -> None:
    recipes = {1: recipe(1, "Bread", [Line(1, D(1), "cup")])}

    [flour] = flatten({1: D(1)}, recipes, INGREDIENTS).lines

    assert flour.unit == "g"
    assert abs(flour.quantity - D("124.99")) < D("0.01")


def test_a_shared_sub_recipe_is_counted_once_per_use() -> None:
    recipes = {
        1: recipe(1, "Box", components=[(2, D(1)), (3, D(1))]),
        2: recipe(2, "Left", components=[(4, D(2))]),
        3: recipe(3, "Right", components=[(4, D(3))]),
        4: recipe(4, "Shared", [Line(2, D(10), "g")]),
    }

    assert recipe_batches({1: D(1)}, recipes)[4] == D(5)
    [sugar] = flatten({1: D(1)}, recipes, INGREDIENTS).lines
    assert (sugar.quantity, sugar.unit) == (D(50), "g")


def test_mixing_teaspoons_and_grams_without_a_density_names_the_recipe_and_ingredient() -> None:
    recipes = {
        1: recipe(1, "Cookies", [Line(3, D(5), "g")], components=[(2, D(1))]),
        2: recipe(2, "Dough", [Line(3, D(1), "tsp")]),
    }

    with pytest.raises(Invalid) as caught:
        flatten({1: D(1)}, recipes, INGREDIENTS)

    assert caught.value.record == "Dough"
    assert caught.value.field == "density"
    assert "'Salt'" in caught.value.message and "Dough" in caught.value.message


def test_the_lenient_mode_keeps_the_unreconcilable_line_in_the_recipe_unit() -> None:
    recipes = {
        1: recipe(1, "Cookies", [Line(3, D(5), "g"), Line(2, D(1), "cup")],
                  components=[(2, D(2))]),
        2: recipe(2, "Dough", [Line(3, D(1), "tsp"), Line(3, D("0.5"), "tsp")]),
    }

    result = flatten({1: D(1)}, recipes, INGREDIENTS, lenient=True)

    assert {line.ingredient.slug: (line.quantity, line.unit) for line in result.lines} == {
        "salt": (D(5), "g"),
        "sugar": (D("236.5882365"), "ml"),
    }
    [salt] = result.unreconciled
    assert (salt.quantity, salt.unit, salt.recipe) == (D(3), "tsp", "Dough")
    assert salt.needs_density is True
    assert "density" in salt.reason


def test_a_count_next_to_a_weight_is_refused_or_kept_apart_without_a_density_flag() -> None:
    recipes = {1: recipe(1, "Custard", [Line(4, D(2), "each"), Line(4, D(50), "g")])}

    with pytest.raises(Invalid) as caught:
        flatten({1: D(1)}, recipes, INGREDIENTS)
    assert caught.value.field == "unit"

    result = flatten({1: D(1)}, recipes, INGREDIENTS, lenient=True)
    assert [(line.quantity, line.unit) for line in result.lines] == [(D(50), "g")]
    [eggs] = result.unreconciled
    assert (eggs.quantity, eggs.unit, eggs.needs_density) == (D(2), "each", False)


def test_counts_alone_are_summed_as_items() -> None:
    recipes = {1: recipe(1, "Custard", [Line(4, D(1), "dozen"), Line(4, D(2), "each")])}

    [eggs] = flatten({1: D(1)}, recipes, INGREDIENTS).lines

    assert (eggs.quantity, eggs.unit) == (D(14), "item")


def test_a_cycle_among_the_given_recipes_is_refused_naming_the_path() -> None:
    recipes = {
        1: recipe(1, "A", components=[(2, D(1))]),
        2: recipe(2, "B", components=[(1, D(1))]),
    }

    with pytest.raises(Invalid, match="A → B → A|B → A → B"):
        flatten({1: D(1)}, recipes, INGREDIENTS)


def test_a_sub_recipe_that_was_not_given_is_refused() -> None:
    with pytest.raises(Invalid, match="sub-recipe 9"):
        flatten({1: D(1)}, {1: recipe(1, "A", components=[(9, D(1))])}, INGREDIENTS)


def test_a_snapshot_payload_reads_back_as_the_same_totals_times_batches() -> None:
    data = {
        "ingredients": [
            {"ingredient_id": 1, "ingredient_slug": "flour", "ingredient_name": "Flour",
             "quantity": "125.5", "unit": "g", "density_g_per_ml": "0.5283"},
        ],
        "unreconciled": [
            {"ingredient_id": 3, "ingredient_slug": "salt", "ingredient_name": "Salt",
             "quantity": "1", "unit": "tsp", "density_g_per_ml": None,
             "recipe_name": "Dough", "reason": "needs a density", "needs_density": True},
        ],
    }

    result = flattened_from_snapshot(data, D(4))

    assert [(line.ingredient, line.quantity, line.unit) for line in result.lines] == [
        (FLOUR, D("502.0"), "g")
    ]
    assert result.unreconciled[0].quantity == D(4)
    assert result.unreconciled[0].ingredient.density_g_per_ml is None


def test_decimal_text_is_exact_and_plain() -> None:
    assert decimal_text(D("1E+1")) == "10"
    assert decimal_text(D("12.500")) == "12.5"
    assert decimal_text(D("0E-6")) == "0"
    assert decimal_text(None) is None


@pytest.mark.parametrize(("value", "whole"), [(0, False), (-1, False), (D("1.5"), True)])
def test_positive_quantity_refuses_zero_negatives_and_fractions_of_counts(
    value: Decimal, whole: bool
) -> None:
    with pytest.raises(Invalid) as caught:
        positive_quantity(value, field="quantity", record="Line", whole=whole)
    assert caught.value.field == "quantity"


# --- properties ------------------------------------------------------------------------

amounts = st.decimals(min_value=D("0.01"), max_value=D(1000), places=2)
unit_choice = st.sampled_from(["g", "kg", "oz", "lb", "cup", "tbsp", "tsp", "ml"])


@st.composite
def recipe_trees(draw: st.DrawFn) -> dict[int, RecipeDef]:
    """A random DAG of up to 5 recipes: recipe i may use recipes with larger ids."""
    size = draw(st.integers(1, 5))
    recipes = {}
    for rid in range(1, size + 1):
        lines = draw(st.lists(st.builds(Line, st.sampled_from([1, 2]), amounts, unit_choice),
                              max_size=3))
        later = list(range(rid + 1, size + 1))
        kids = draw(st.lists(st.sampled_from(later), unique=True, max_size=2)) if later else []
        components = [(kid, draw(amounts)) for kid in kids]
        recipes[rid] = recipe(rid, f"R{rid}", lines, components)
    return recipes


WEIGHED = {1: FLOUR, 2: IngredientInfo(2, "butter", "Butter", D("0.911"))}


@settings(max_examples=60, deadline=None)
@given(recipes=recipe_trees(), batches=st.integers(1, 50))
def test_scaling_batches_scales_every_ingredient_linearly(recipes, batches) -> None:  # type: ignore[no-untyped-def]
    once = flatten({1: D(1)}, recipes, WEIGHED).by_slug()
    many = flatten({1: D(batches)}, recipes, WEIGHED).by_slug()

    assert once.keys() == many.keys()
    for slug, line in once.items():
        assert many[slug].unit == line.unit == "g"
        assert abs(many[slug].quantity - line.quantity * batches) <= D("1e-15") * max(
            1, abs(many[slug].quantity)
        )


@settings(max_examples=60, deadline=None)
@given(recipes=recipe_trees())
def test_flattening_equals_the_sum_over_every_path_through_the_tree(recipes) -> None:  # type: ignore[no-untyped-def]
    def by_paths(rid: int, times: Decimal) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in recipes[rid].lines:
            grams = flatten({99: times}, {99: recipe(99, "one", [line])}, WEIGHED).lines[0]
            totals[grams.ingredient.slug] = totals.get(grams.ingredient.slug, D(0)) + grams.quantity
        for kid, multiplier in recipes[rid].components:
            for slug, quantity in by_paths(kid, times * multiplier).items():
                totals[slug] = totals.get(slug, D(0)) + quantity
        return totals

    flat = flatten({1: D(1)}, recipes, WEIGHED).by_slug()
    expected = by_paths(1, D(1))

    assert flat.keys() == expected.keys()
    for slug, quantity in expected.items():
        assert abs(flat[slug].quantity - quantity) <= D("1e-15") * max(1, abs(quantity))
