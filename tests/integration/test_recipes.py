"""Recipes through the public services: lines, sub-recipes, slugs, archive and delete."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.services import catalog, goods, recipes
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def pantry() -> None:
    catalog.create_ingredient("Flour", density_g_per_ml="0.5283")
    catalog.create_ingredient("Sugar")
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_ingredient("Salt")


def chain(length: int) -> list[str]:
    """Recipes R1 → R2 → … → R<length>, each using the next as a sub-recipe."""
    slugs = [recipes.create_recipe(f"R{length}")["slug"]]
    for n in range(length - 1, 0, -1):
        slugs.insert(0, recipes.create_recipe(f"R{n}", components=[(slugs[0], 1)])["slug"])
    return slugs


def test_a_recipe_is_created_with_its_lines_components_and_finished_units(pantry) -> None:  # type: ignore[no-untyped-def]
    frosting = recipes.create_recipe("Vanilla frosting", ingredients=[("sugar", 1, "cup")])
    made = recipes.create_recipe(
        "Sugar cookies",
        ingredients=[("flour", "2 1/2", "cups"), ("butter", 1, "cup")],
        components=[(frosting["slug"], 2)],
        finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
        category="Cookies",
        instructions="Cream, mix, bake.",
    )

    assert made["slug"] == "sugar-cookies"
    assert [(u["slug"], u["items_per_batch"]) for u in made["finished_units"]] == [
        ("sugar-cookie", D(24))
    ]
    shown = recipes.get_recipe("sugar-cookies")
    assert [(i["ingredient_slug"], i["quantity"], i["unit"]) for i in shown["ingredients"]] == [
        ("flour", D("2.5"), "cup"),
        ("butter", D(1), "cup"),
    ]
    assert [(c["recipe_slug"], c["multiplier"]) for c in shown["components"]] == [
        ("vanilla-frosting", D(2))
    ]
    assert recipes.get_recipe("vanilla-frosting")["used_in"][0]["slug"] == "sugar-cookies"


def test_a_sub_recipe_times_two_puts_two_cups_of_sugar_in_the_parent(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Frosting", ingredients=[("sugar", 1, "cup")])
    recipes.create_recipe("Cake", components=[("frosting", 2)])

    [sugar] = recipes.flatten_recipe("cake")

    assert sugar["ingredient_slug"] == "sugar"
    assert sugar["unit"] == "ml"
    assert sugar["quantity"] == 2 * D("236.5882365")


def test_two_cups_and_one_pound_of_flour_over_batches_are_one_line_of_1860_7_g(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Cup dough", ingredients=[("flour", 2, "cups")])
    recipes.create_recipe("Pound dough", ingredients=[("flour", 1, "lb")])
    recipes.create_recipe("Both", components=[("cup-dough", 2), ("pound-dough", 3)])

    [flour] = recipes.flatten_recipe("both")

    assert flour["unit"] == "g"
    assert abs(flour["quantity"] - D("1860.7")) < D("0.05")
    [doubled] = recipes.flatten_recipe("both", batches=2)
    assert abs(doubled["quantity"] - 2 * flour["quantity"]) < D("1e-9")


def test_a_missing_density_is_an_error_naming_the_recipe_and_the_ingredient(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Dough", ingredients=[("salt", 1, "tsp")])
    recipes.create_recipe("Cookies", ingredients=[("salt", 5, "g")], components=[("dough", 1)])

    with pytest.raises(Invalid) as caught:
        recipes.flatten_recipe("cookies")
    assert "Dough" in caught.value.message and "Salt" in caught.value.message

    lenient = recipes.flatten_recipe("cookies", lenient=True)
    assert [(f["unit"], f["reconciled"], f["needs_density"]) for f in lenient] == [
        ("g", True, False),
        ("tsp", False, True),
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (("flour", 0, "cup"), "quantity"),
        (("flour", -2, "cup"), "quantity"),
        (("flour", 1, "smidge"), "unit"),
        (("flour", 1, "yd"), "unit"),
    ],
)
def test_a_bad_ingredient_line_is_refused_naming_the_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
    pantry, line, field
) -> None:
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        recipes.create_recipe("Bad bread", ingredients=[line])
    assert caught.value.field == field
    assert "Bad bread" in caught.value.message
    assert row_counts() == before


def test_only_leaf_ingredients_can_be_used_in_a_recipe(pantry) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Chocolate")
    catalog.create_ingredient("Dark chocolate", parent="chocolate")
    with pytest.raises(Invalid, match="category"):
        recipes.create_recipe("Brownies", ingredients=[("chocolate", 200, "g")])


def test_a_recipe_using_itself_is_refused_naming_the_path(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Dough")
    before = row_counts()
    with pytest.raises(Invalid, match="Dough → Dough"):
        recipes.add_component("dough", "dough", 1)
    assert row_counts() == before


def test_a_transitive_cycle_is_refused_naming_the_path_and_nothing_is_written() -> None:
    a, b, c = chain(3)
    before = row_counts()

    with pytest.raises(Invalid) as caught:
        recipes.add_component(c, a, 1)

    assert "R3 → R1 → R2 → R3" in caught.value.message
    assert caught.value.field == "components"
    assert row_counts() == before


def test_five_levels_of_nesting_are_allowed_and_a_sixth_is_refused_naming_the_path() -> None:
    slugs = chain(5)
    recipes.create_recipe("R6")
    before = row_counts()

    with pytest.raises(Invalid) as caught:
        recipes.add_component(slugs[-1], "r6", 1)

    assert "R1 → R2 → R3 → R4 → R5 → R6" in caught.value.message
    assert "limit is 5" in caught.value.message
    assert row_counts() == before


def test_creating_a_recipe_over_the_depth_limit_writes_nothing() -> None:
    slugs = chain(5)
    before = row_counts()
    with pytest.raises(Invalid, match="6 levels"):
        recipes.create_recipe("R0", ingredients=(), components=[(slugs[0], 1)])
    assert row_counts() == before


def test_a_component_multiplier_must_be_positive_and_listed_once(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Frosting")
    recipes.create_recipe("Cake", components=[("frosting", 1)])
    with pytest.raises(Invalid) as caught:
        recipes.create_recipe("Pie", components=[("frosting", 0)])
    assert caught.value.field == "multiplier"
    with pytest.raises(Conflict):
        recipes.add_component("cake", "frosting", 2)
    recipes.update_component("cake", "frosting", 3)
    assert recipes.get_recipe("cake")["components"][0]["multiplier"] == D(3)
    recipes.remove_component("cake", "frosting")
    assert recipes.get_recipe("cake")["components"] == []


def test_lines_can_be_edited_and_removed(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Shortbread", ingredients=[("flour", 2, "cup")])
    line = recipes.add_ingredient("shortbread", "butter", 1, "cup", note="soft")
    recipes.update_ingredient_line(line["id"], quantity="1/2", unit="lb")

    lines = recipes.get_recipe("shortbread")["ingredients"]
    assert [(i["ingredient_slug"], i["quantity"], i["unit"], i["note"]) for i in lines] == [
        ("flour", D(2), "cup", None),
        ("butter", D("0.5"), "lb", "soft"),
    ]
    recipes.remove_ingredient("shortbread", "flour")
    assert [i["ingredient_slug"] for i in recipes.get_recipe("shortbread")["ingredients"]] == [
        "butter"
    ]
    with pytest.raises(NotFound):
        recipes.remove_ingredient("shortbread", "flour")


def test_a_renamed_recipe_is_still_found_by_its_old_slug() -> None:
    recipes.create_recipe("Gingerbread")
    renamed = recipes.update_recipe("gingerbread", name="Spiced gingerbread")

    assert renamed["slug"] == "spiced-gingerbread"
    assert recipes.get_recipe("gingerbread")["id"] == renamed["id"]
    assert renamed["former_slugs"] == ["gingerbread"]
    # The old slug stays reserved: a new recipe called Gingerbread gets another one.
    assert recipes.create_recipe("Gingerbread")["slug"] == "gingerbread-2"
    with pytest.raises(Conflict):
        recipes.create_recipe("Other", slug="gingerbread")


def test_renaming_back_reclaims_the_old_slug() -> None:
    recipes.create_recipe("Gingerbread")
    recipes.update_recipe("gingerbread", name="Spiced")
    back = recipes.update_recipe("spiced", name="Gingerbread")
    assert back["slug"] == "gingerbread"
    assert back["former_slugs"] == ["spiced"]


def test_variants_name_their_base_and_the_base_lists_them() -> None:
    recipes.create_recipe("Brownies", category="Bars")
    recipes.create_recipe("Mint brownies", base_recipe="brownies", variant_name="Mint")
    base = recipes.get_recipe("brownies")
    assert [(v["slug"], v["variant_name"]) for v in base["variants"]] == [("mint-brownies", "Mint")]
    with pytest.raises(Invalid):
        recipes.create_recipe("Orphan", variant_name="Mint")
    with pytest.raises(Invalid):
        recipes.update_recipe("brownies", base_recipe="mint-brownies")


def test_archived_recipes_leave_the_list_until_asked_for() -> None:
    recipes.create_recipe("Fruitcake", category="Cakes")
    recipes.create_recipe("Scones", category="Breads")
    recipes.archive_recipe("fruitcake")

    assert [r["slug"] for r in recipes.list_recipes()] == ["scones"]
    assert [r["slug"] for r in recipes.list_recipes(include_archived=True)] == [
        "fruitcake", "scones"
    ]
    assert [r["slug"] for r in recipes.list_recipes(category="breads")] == ["scones"]
    assert [r["slug"] for r in recipes.list_recipes(search="SCO")] == ["scones"]
    recipes.archive_recipe("fruitcake", archived=False)
    assert len(recipes.list_recipes()) == 2


def test_deleting_a_recipe_used_as_a_component_is_refused_naming_the_users() -> None:
    recipes.create_recipe("Frosting")
    recipes.create_recipe("Cake", components=[("frosting", 1)])
    recipes.create_recipe("Cupcakes", components=[("frosting", 1)])
    before = row_counts()

    with pytest.raises(Conflict) as caught:
        recipes.delete_recipe("frosting")

    assert "'Cake'" in caught.value.message and "'Cupcakes'" in caught.value.message
    assert row_counts() == before


def test_deleting_a_recipe_whose_unit_is_in_a_bundle_is_refused() -> None:
    recipes.create_recipe("Cookies", finished_units=[{"name": "Cookie", "items_per_batch": 24}])
    goods.create_finished_good("Tin", components=[{"finished_unit": "cookie", "quantity": 6}])
    with pytest.raises(Conflict, match="'Tin'"):
        recipes.delete_recipe("cookies")


def test_deleting_an_unused_recipe_removes_its_lines_units_and_bare_goods(pantry) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    recipes.create_recipe(
        "Cookies",
        ingredients=[("flour", 1, "cup")],
        finished_units=[{"name": "Cookie", "items_per_batch": 24}],
    )
    recipes.update_recipe("cookies", name="Crisp cookies")

    assert recipes.delete_recipe("cookies") == {"deleted": "crisp-cookies"}
    assert row_counts() == before
    with pytest.raises(NotFound):
        recipes.get_recipe("cookies")


def test_removing_one_line_keeps_another_line_of_the_same_ingredient(pantry) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Two sugars", ingredients=[("sugar", 1, "cup"), ("sugar", 2, "tbsp")])
    first, second = recipes.get_recipe("two-sugars")["ingredients"]
    left = recipes.remove_ingredient_line(first["id"])
    assert [(li["quantity"], li["unit"]) for li in left["ingredients"]] == [(D(2), "tbsp")]
    with pytest.raises(NotFound):
        recipes.remove_ingredient_line(first["id"])
