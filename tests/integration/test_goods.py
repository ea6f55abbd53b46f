"""Finished units, finished goods and packages through the public services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import update

from baketracker.db import session_scope
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import FinishedUnit
from baketracker.services import catalog, goods, recipes
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def bakery() -> None:
    """Cookies (24 a batch), brownies (16 a batch), a cake (a whole batch) and a half cake."""
    recipes.create_recipe(
        "Sugar cookies", finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}]
    )
    recipes.create_recipe("Brownies", finished_units=[{"name": "Brownie", "items_per_batch": 16}])
    recipes.create_recipe(
        "Sponge",
        finished_units=[
            {"name": "Cake", "batch_portion": 1},
            {"name": "Half cake", "batch_portion": "0.5"},
        ],
    )
    catalog.create_material("Ribbon")
    catalog.create_material("Gift box")


def quantities(result: dict, key: str) -> dict[str, Decimal]:  # type: ignore[type-arg]
    return {line["slug"]: line["quantity"] for line in result[key]}


def test_every_finished_unit_gets_a_bare_finished_good_of_itself(bakery) -> None:  # type: ignore[no-untyped-def]
    bare = goods.get_finished_good("sugar-cookie")

    assert bare["kind"] == "BARE"
    assert [(c["type"], c["slug"], c["quantity"]) for c in bare["components"]] == [
        ("finished_unit", "sugar-cookie", D(1))
    ]
    assert quantities(bare, "finished_units") == {"sugar-cookie": D(1)}
    unit = recipes.get_finished_unit("half-cake")
    assert (unit["batch_portion"], unit["items_per_batch"]) == (D("0.5"), None)
    assert unit["finished_good_slug"] == "half-cake"


def test_a_finished_unit_added_later_also_gets_its_bare_good(bakery) -> None:  # type: ignore[no-untyped-def]
    made = recipes.create_finished_unit("sugar-cookies", "Mini cookie", items_per_batch=48)
    assert made["finished_good_slug"] == "mini-cookie"
    assert [u["slug"] for u in recipes.list_finished_units(recipe="sugar-cookies")] == [
        "mini-cookie", "sugar-cookie"
    ]


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"name": "Both", "items_per_batch": 24, "batch_portion": 1}, "items_per_batch"),
        ({"name": "Neither"}, "items_per_batch"),
        ({"name": "Zero", "items_per_batch": 0}, "items_per_batch"),
        ({"name": "Fraction", "items_per_batch": "2.5"}, "items_per_batch"),
        ({"name": "Negative", "batch_portion": "-0.5"}, "batch_portion"),
        ({"name": " ", "items_per_batch": 2}, "name"),
        ({"name": "Typo", "items_per_bach": 2}, "items_per_bach"),
    ],
)
def test_a_bad_finished_unit_is_refused_and_the_recipe_is_not_written(spec, field) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        recipes.create_recipe("Bad batch", finished_units=[spec])
    assert caught.value.field == field
    assert row_counts() == before


def test_a_bundle_of_two_units_times_ten_needs_twenty_units(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Pair", components=[{"finished_unit": "brownie", "quantity": 2}])

    result = goods.explode_finished_good("pair", 10)

    assert quantities(result, "finished_units") == {"brownie": D(20)}


def test_a_bundle_nested_in_a_bundle_multiplies(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good(
        "Cookie tin",
        components=[
            {"finished_unit": "sugar-cookie", "quantity": 6},
            {"finished_unit": "brownie", "quantity": 3},
            {"material": "ribbon", "quantity": 1},
        ],
    )
    goods.create_finished_good(
        "Hamper",
        components=[
            {"finished_good": "cookie-tin", "quantity": 2},
            {"finished_good": "half-cake", "quantity": 1},
            {"material": "gift-box", "quantity": 1},
        ],
    )

    result = goods.explode_finished_good("hamper", 5)

    assert quantities(result, "finished_units") == {
        "sugar-cookie": D(60), "brownie": D(30), "half-cake": D(5)
    }
    assert quantities(result, "materials") == {"ribbon": D(10), "gift-box": D(5)}


def test_the_same_part_added_twice_is_one_line_with_the_sum(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Tin", components=[{"finished_unit": "brownie", "quantity": 2}])
    result = goods.add_component("tin", {"finished_unit": "brownie", "quantity": 3})
    assert [(c["slug"], c["quantity"]) for c in result["components"]] == [("brownie", D(5))]
    result = goods.remove_component("tin", {"finished_unit": "brownie"})
    assert result["components"] == []


@pytest.mark.parametrize(
    "component",
    [
        {"finished_unit": "brownie", "quantity": 0},
        {"finished_unit": "brownie", "quantity": "1.5"},
        {"finished_unit": "brownie", "material": "ribbon", "quantity": 1},
        {"quantity": 1},
        {"finished_unit": "brownie", "quantity": 1, "colour": "red"},
    ],
)
def test_a_bad_composition_line_is_refused_and_nothing_is_written(bakery, component) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    with pytest.raises(Invalid):
        goods.create_finished_good("Bad box", components=[component])
    assert row_counts() == before


def test_a_material_may_come_in_fractions(bakery) -> None:  # type: ignore[no-untyped-def]
    made = goods.create_finished_good(
        "Bow", components=[{"material": "ribbon", "quantity": "0.5"}]
    )
    assert made["components"][0]["quantity"] == D("0.5")


def test_an_unknown_part_is_not_found(bakery) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        goods.create_finished_good("Box", components=[{"finished_unit": "eclair", "quantity": 1}])


def test_a_bare_good_cannot_take_more_lines(bakery) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid, match="bare"):
        goods.add_component("brownie", {"material": "ribbon", "quantity": 1})


def test_a_direct_cycle_between_goods_is_refused_naming_the_path(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Box", components=[{"finished_unit": "brownie", "quantity": 1}])
    with pytest.raises(Invalid, match="Box → Box"):
        goods.add_component("box", {"finished_good": "box", "quantity": 1})


def test_a_transitive_cycle_between_goods_is_refused_and_nothing_is_written(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Inner", components=[{"finished_unit": "brownie", "quantity": 1}])
    goods.create_finished_good("Middle", components=[{"finished_good": "inner", "quantity": 2}])
    goods.create_finished_good("Outer", components=[{"finished_good": "middle", "quantity": 2}])
    before = row_counts()

    with pytest.raises(Invalid) as caught:
        goods.add_component("inner", {"finished_good": "outer", "quantity": 1})

    assert "Inner → Outer → Middle → Inner" in caught.value.message
    assert row_counts() == before


def test_packages_list_goods_and_explode_to_what_one_box_needs(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good(
        "Cookie tin",
        components=[{"finished_unit": "sugar-cookie", "quantity": 6},
                    {"material": "ribbon", "quantity": 1}],
    )
    made = goods.create_package("Family box", contents=[("cookie-tin", 2), ("brownie", 3)])

    shown = goods.get_package("family box")
    assert shown["id"] == made["id"]
    assert [(c["finished_good_slug"], c["quantity"]) for c in shown["contents"]] == [
        ("cookie-tin", 2), ("brownie", 3)
    ]
    assert quantities(shown, "finished_units") == {"sugar-cookie": D(12), "brownie": D(3)}
    assert quantities(shown, "materials") == {"ribbon": D(2)}

    goods.add_to_package(made["id"], "brownie", 1)
    goods.remove_from_package(made["id"], "cookie-tin")
    assert [(c["finished_good_slug"], c["quantity"])
            for c in goods.get_package(made["id"])["contents"]] == [("brownie", 4)]
    assert [p["name"] for p in goods.list_packages()] == ["Family box"]


def test_a_package_name_is_unique_and_quantities_are_whole(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_package("Teacher gift", contents=[("brownie", 2)])
    with pytest.raises(Conflict):
        goods.create_package("teacher GIFT")
    before = row_counts()
    with pytest.raises(Invalid):
        goods.create_package("Half box", contents=[("brownie", "0.5")])
    assert row_counts() == before


def test_on_hand_counts_units_and_goods(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Tin", components=[{"finished_unit": "brownie", "quantity": 2}])
    with session_scope() as session:
        session.execute(
            update(FinishedUnit).where(FinishedUnit.slug == "brownie").values(on_hand=7)
        )

    assert goods.on_hand("brownie") == 7
    assert goods.on_hand("brownie", kind="finished_good") == 0
    assert goods.on_hand("tin") == 0
    with pytest.raises(NotFound):
        goods.on_hand("eclair")


def test_goods_are_listed_by_kind_and_search(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Tin", components=[{"finished_unit": "brownie", "quantity": 2}])
    assert [g["slug"] for g in goods.list_finished_goods(kind="bundle")] == ["tin"]
    assert [g["slug"] for g in goods.list_finished_goods(search="cake")] == ["cake", "half-cake"]
    with pytest.raises(Invalid):
        goods.list_finished_goods(kind="crate")
