"""Estimated costs from a FIFO dry run of the current lots, with explained lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baketracker.services import catalog, costing, goods, inventory, recipes
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def butter() -> None:
    """DOMAIN.md's lots: 10 lb @ $4.50 bought first, then 7 lb @ $5.00."""
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_product("butter", brand="Kerrygold", package_quantity=1, package_unit="lb",
                           slug="butter-1lb")
    inventory.record_purchase("butter-1lb", packages=10, price_per_package="4.50",
                              purchased_on=date(2026, 11, 1))
    inventory.record_purchase("butter-1lb", packages=7, price_per_package="5.00",
                              purchased_on=date(2026, 11, 8))


def test_a_batch_covered_by_stock_costs_each_lot_at_its_price(butter) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Butter cake", ingredients=[("butter", 6, "lb")])

    cost = costing.estimate_recipe_cost("butter-cake", 2)

    assert cost["total_cost"] == D("55.00")  # 10 × 4.50 + 2 × 5.00
    assert cost["per_batch_cost"] == D("27.50")
    assert cost["estimated"] is False
    assert cost["complete"] is True
    [line] = cost["lines"]
    assert line["unit"] == "g"
    assert [d["cost"] for d in line["draws"]] == [D("45.00"), D("10.00")]
    assert "from stock (lots" in line["explanation"]


def test_a_shortfall_is_priced_at_the_latest_price_and_flagged_estimated(butter) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Butter cake", ingredients=[("butter", 20, "lb")])

    cost = costing.estimate_recipe_cost("butter-cake")

    assert cost["total_cost"] == D("95.00")  # 80.00 from stock + 3 lb at the latest $5.00
    assert cost["estimated"] is True
    [line] = cost["lines"]
    assert line["stock_cost"] == D("80.00")
    assert line["shortfall_cost"] == D("15.00")
    assert "not in stock" in line["explanation"]
    assert "Kerrygold" in line["explanation"] and "2026-11-08" in line["explanation"]


def test_the_preferred_product_sets_the_shortfall_price_even_when_another_is_newer() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_product("flour", brand="House", package_quantity=5, package_unit="lb",
                           slug="house-flour", preferred=True)
    catalog.create_product("flour", brand="Fancy", package_quantity=5, package_unit="lb",
                           slug="fancy-flour")
    inventory.record_purchase("house-flour", packages=1, price_per_package="5.00",
                              purchased_on=date(2026, 10, 1))
    inventory.record_purchase("fancy-flour", packages=1, price_per_package="15.00",
                              purchased_on=date(2026, 11, 1))
    inventory.consume_fifo("flour", 10, "lb")  # the cupboard is bare
    recipes.create_recipe("Loaf", ingredients=[("flour", 5, "lb")])

    cost = costing.estimate_recipe_cost("loaf")

    assert cost["total_cost"] == D("5.00")
    assert "preferred product House" in cost["lines"][0]["explanation"]


def test_an_ingredient_never_bought_is_listed_as_unpriced(butter) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Vanilla")
    recipes.create_recipe("Butter cake", ingredients=[("butter", 1, "lb"), ("vanilla", 1, "tsp")])

    cost = costing.estimate_recipe_cost("butter-cake")

    assert cost["unpriced"] == ["vanilla"]
    assert cost["complete"] is False
    assert cost["total_cost"] == D("4.50")
    vanilla = cost["lines"][1]
    assert vanilla["priced"] is False and "never bought" in vanilla["explanation"]


def test_a_line_that_needs_a_missing_density_is_unpriced_with_the_reason() -> None:
    catalog.create_ingredient("Salt")
    catalog.create_product("salt", brand="Morton", package_quantity=1, package_unit="lb",
                           slug="salt-1lb")
    inventory.record_purchase("salt-1lb", packages=1, price_per_package="1.00")
    recipes.create_recipe("Dough", ingredients=[("salt", 1, "tsp")])
    recipes.create_recipe("Cookies", ingredients=[("salt", 5, "g")], components=[("dough", 1)])

    cost = costing.estimate_recipe_cost("cookies")

    by_unit = {line["unit"]: line for line in cost["lines"]}
    assert by_unit["g"]["priced"] is True and by_unit["g"]["estimated"] is False
    assert by_unit["tsp"]["priced"] is False
    assert "density" in by_unit["tsp"]["explanation"]
    assert cost["unpriced"] == ["salt"]


def test_a_finished_unit_costs_its_share_of_a_batch(butter) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe(
        "Shortbread",
        ingredients=[("butter", 2, "lb")],
        finished_units=[{"name": "Finger", "items_per_batch": 24},
                        {"name": "Round", "batch_portion": "0.5"}],
    )

    finger = costing.estimate_finished_unit_cost("finger", 12)
    round_ = costing.estimate_finished_unit_cost("round")

    assert finger["batches"] == D("0.5")
    assert finger["total_cost"] == D("4.50")  # 1 lb of the $4.50 lot
    # $0.375 a finger, give or take the lot's per-gram price rounding.
    assert abs(finger["total_cost_exact"] / 12 - D("0.375")) < D("0.0001")
    assert finger["per_unit_cost"] in (D("0.37"), D("0.38"))
    assert round_["total_cost"] == D("4.50")


def test_a_finished_good_costs_its_units_and_its_packaging(butter) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe(
        "Shortbread",
        ingredients=[("butter", 2, "lb")],
        finished_units=[{"name": "Finger", "items_per_batch": 24}],
    )
    catalog.create_material("Tin")
    catalog.create_material_product("tin", name="Tins x10", package_quantity=10, slug="tins")
    inventory.record_purchase("tins", packages=1, price_per_package="12.00")
    goods.create_finished_good("Tin of six", components=[
        {"finished_unit": "finger", "quantity": 6}, {"material": "tin", "quantity": 1}
    ])
    goods.create_finished_good("Two tins", components=[
        {"finished_good": "tin-of-six", "quantity": 2}
    ])

    cost = costing.estimate_finished_good_cost("two-tins", 2)

    # 24 fingers = 1 batch = 2 lb of butter at $4.50, plus 4 tins at $1.20.
    assert [(u["slug"], u["quantity"], u["batches"]) for u in cost["finished_units"]] == [
        ("finger", D(24), D(1))
    ]
    assert cost["total_cost"] == D("13.80")
    assert cost["per_good_cost"] == D("6.90")
    assert {line["kind"] for line in cost["lines"]} == {"ingredient", "material"}
    assert cost["estimated"] is False


def test_costing_is_a_dry_run_that_writes_nothing(butter) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Butter cake", ingredients=[("butter", 20, "lb")])
    lots = inventory.list_lots("butter")
    before = row_counts()

    costing.estimate_recipe_cost("butter-cake", 3)

    assert row_counts() == before
    assert inventory.list_lots("butter") == lots


def test_a_recipe_pages_costs_are_the_separate_estimates_read_in_one_go(butter) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Vanilla", density_g_per_ml=None)  # never bought: unpriced
    recipes.create_recipe("Shortbread dough", ingredients=[("butter", 2, "lb")])
    recipes.create_recipe(
        "Shortbread", ingredients=[("butter", 1, "lb"), ("vanilla", 1, "tsp")],
        components=[("shortbread-dough", 2)],
        finished_units=[{"name": "Shortbread finger", "items_per_batch": 24},
                        {"name": "Shortbread slab", "batch_portion": "0.5"}],
    )

    together = costing.recipe_costs("shortbread")

    assert together["cost"] == costing.estimate_recipe_cost("shortbread")
    assert together["flat"] == recipes.flatten_recipe("shortbread", lenient=True)
    assert together["unit_costs"] == {
        slug: costing.estimate_finished_unit_cost(slug)
        for slug in ("shortbread-finger", "shortbread-slab")
    }
    assert together["cost"]["total_cost"] == D("22.50")  # 5 lb from the $4.50 lot
    assert together["unit_costs"]["shortbread-slab"]["total_cost"] == D("11.25")
