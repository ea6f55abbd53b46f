"""Recording production and assembly: FIFO consumption, yields, losses, costs, rollbacks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baketracker.errors import InsufficientStock, Invalid, NotFound, PlanStateError
from baketracker.services import assembly, catalog, events, goods, inventory, production, recipes
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def kitchen() -> None:
    """Sugar cookies (24 a batch) from 250 g flour and 100 g butter, with frosting × 1."""
    catalog.create_ingredient("Flour", density_g_per_ml="0.5283")
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_ingredient("Sugar", density_g_per_ml="0.845")
    for slug, size, price in (
        ("flour", "1 kg", "2.00"),
        ("butter", "500 g", "5.00"),
        ("sugar", "1 kg", "1.50"),
    ):
        quantity, unit = size.split()
        catalog.create_product(
            slug, brand="Shop", package_quantity=quantity, package_unit=unit, slug=f"{slug}-pack"
        )
        inventory.record_purchase(
            f"{slug}-pack", packages=1, price_per_package=price, purchased_on=date(2026, 11, 1)
        )
    recipes.create_recipe("Frosting", ingredients=[("sugar", 50, "g")])
    recipes.create_recipe(
        "Sugar cookies",
        ingredients=[("flour", 250, "g"), ("butter", 100, "g")],
        components=[("frosting", 1)],
        finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
    )


def test_two_batches_draw_flattened_ingredients_and_add_48_cookies(kitchen) -> None:  # type: ignore[no-untyped-def]
    run = production.record_batch_production("sugar-cookies", 2)
    assert (run["expected_yield"], run["actual_yield"], run["loss_quantity"]) == (48, 48, 0)
    assert run["snapshot_reused"] is False
    # 500 g flour at $2/kg + 200 g butter at $5/500 g + 100 g sugar at $1.50/kg
    assert run["total_cost"] == D("3.15")
    assert run["per_unit_cost"] == D("0.07")
    assert goods.on_hand("sugar-cookie", kind="finished_unit") == 48
    assert inventory.on_hand("sugar", "g") == D(900)


def test_a_loss_is_recorded_with_its_category_and_the_cost_stays_real(kitchen) -> None:  # type: ignore[no-untyped-def]
    run = production.record_batch_production(
        "sugar-cookies", 1, actual_yield=20, loss_category="burnt"
    )
    assert (run["loss_quantity"], run["loss_category"]) == (4, "burnt")
    assert goods.on_hand("sugar-cookie", kind="finished_unit") == 20
    total_loss = production.record_batch_production(
        "sugar-cookies", 1, actual_yield=0, loss_category="dropped"
    )
    assert total_loss["total_cost"] == D("1.58") and total_loss["per_unit_cost"] is None


def test_a_yield_above_expected_is_refused_and_nothing_is_written(kitchen) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        production.record_batch_production("sugar-cookies", 1, actual_yield=25)
    assert caught.value.field == "actual_yield"
    assert "25" in str(caught.value) and "24" in str(caught.value)
    assert row_counts() == before


def test_a_finished_unit_of_another_recipe_is_refused(kitchen) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Brownies", finished_units=[{"name": "Brownie", "items_per_batch": 16}])
    before = row_counts()
    with pytest.raises(Invalid, match="Brownie") as caught:
        production.record_batch_production("sugar-cookies", 1, finished_unit="brownie")
    assert caught.value.field == "finished_unit"
    assert row_counts() == before


def test_an_unknown_event_is_refused_and_nothing_is_written(kitchen) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    with pytest.raises(NotFound, match="Easter"):
        production.record_batch_production("sugar-cookies", 1, event="Easter")
    assert row_counts() == before


def test_a_shortfall_mid_production_rolls_back_every_draw_and_names_what_is_short(  # type: ignore[no-untyped-def]
    kitchen,
) -> None:
    before = row_counts()
    lots_before = inventory.list_lots(include_empty=True)
    # 6 batches need 1500 g flour (have 1000) and 600 g butter (have 500).
    with pytest.raises(InsufficientStock) as caught:
        production.record_batch_production("sugar-cookies", 6)
    message = str(caught.value)
    assert "need 1500 g Flour, have 1000 g" in message
    assert "need 600 g Butter, have 500 g" in message
    assert row_counts() == before
    assert inventory.list_lots(include_empty=True) == lots_before
    assert goods.on_hand("sugar-cookie", kind="finished_unit") == 0


def test_zero_or_negative_batches_are_refused(kitchen) -> None:  # type: ignore[no-untyped-def]
    for bad in (0, -1, "many"):
        with pytest.raises(Invalid) as caught:
            production.record_batch_production("sugar-cookies", bad)
        assert caught.value.field == "num_batches"


def test_production_for_an_event_counts_toward_its_progress_and_standalone_does_not(  # type: ignore[no-untyped-def]
    kitchen,
) -> None:
    events.create_event("Christmas 2026", event_date=date(2026, 12, 20))
    events.set_production_target("Christmas 2026", "sugar-cookies", 2)
    production.record_batch_production("sugar-cookies", 1, event="Christmas 2026")
    production.record_batch_production("sugar-cookies", 1)  # standalone
    [progress] = events.get_production_progress("Christmas 2026")
    assert (progress["produced_batches"], progress["percent"]) == (D(1), D(50))
    runs = production.list_production_runs(event="Christmas 2026")
    assert len(runs) == 1 and len(production.list_production_runs()) == 2


def test_production_for_a_completed_event_is_refused(kitchen) -> None:  # type: ignore[no-untyped-def]
    from baketracker.db import session_scope
    from baketracker.models import Event

    events.create_event("Bake sale", event_date=date(2026, 5, 1))
    with session_scope() as session:
        session.query(Event).one().plan_state = "COMPLETED"
    with pytest.raises(PlanStateError, match="COMPLETED"):
        production.record_batch_production("sugar-cookies", 1, event="Bake sale")


def test_an_ingredient_needing_a_density_cannot_be_drawn(kitchen) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Salt")
    recipes.create_recipe(
        "Salty",
        ingredients=[("salt", 1, "tsp"), ("salt", 5, "g")],
        finished_units=[{"name": "Salty bit", "items_per_batch": 10}],
    )
    with pytest.raises(Invalid, match="Salt") as caught:
        production.record_batch_production("salty", 1)
    assert caught.value.field == "density"


# --- assembly --------------------------------------------------------------------------


@pytest.fixture
def tins(kitchen) -> None:  # type: ignore[no-untyped-def]
    catalog.create_material("Cookie tin")
    catalog.create_material_product(
        "cookie-tin", name="Tins 10", package_quantity=10, slug="tins-10"
    )
    inventory.record_purchase(
        "tins-10", packages=1, price_per_package="20.00", purchased_on=date(2026, 11, 2)
    )
    goods.create_finished_good(
        "Tin of six",
        components=[
            {"finished_unit": "sugar-cookie", "quantity": 6},
            {"material": "cookie-tin", "quantity": 1},
        ],
    )
    production.record_batch_production("sugar-cookies", 1)  # 24 cookies at about $0.066


def test_assembling_two_tins_uses_twelve_cookies_and_two_tins(tins) -> None:  # type: ignore[no-untyped-def]
    run = assembly.record_assembly("tin-of-six", 2)
    assert goods.on_hand("sugar-cookie", kind="finished_unit") == 12
    assert goods.on_hand("tin-of-six") == 2
    assert inventory.on_hand("cookie-tin", "each") == D(8)
    assert run["snapshot_reused"] is False
    # 12 cookies × $0.065833 + 2 tins × $2.00
    assert run["total_cost"] == D("4.79")


def test_an_assembly_short_of_cookies_and_tins_names_both_and_writes_nothing(tins) -> None:  # type: ignore[no-untyped-def]
    before = row_counts()
    with pytest.raises(InsufficientStock) as caught:
        assembly.record_assembly("tin-of-six", 11)
    message = str(caught.value)
    assert "need 66 each Sugar cookie, have 24 each" in message
    assert "need 11 each Cookie tin, have 10 each" in message
    assert row_counts() == before
    assert goods.on_hand("sugar-cookie", kind="finished_unit") == 24


def test_a_nested_good_is_taken_from_its_own_on_hand_count(tins) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good(
        "Gift crate", components=[{"finished_good": "tin-of-six", "quantity": 2}]
    )
    with pytest.raises(InsufficientStock, match="Tin of six"):
        assembly.record_assembly("gift-crate", 1)
    assembly.record_assembly("tin-of-six", 2)
    assembly.record_assembly("gift-crate", 1)
    assert goods.on_hand("tin-of-six") == 0
    assert goods.on_hand("gift-crate") == 1
    assert [r["finished_good_slug"] for r in assembly.list_assembly_runs()] == [
        "gift-crate",
        "tin-of-six",
    ]


def test_assembly_quantity_must_be_a_whole_number_above_zero(tins) -> None:  # type: ignore[no-untyped-def]
    for bad in (0, "1.5", -2):
        with pytest.raises(Invalid) as caught:
            assembly.record_assembly("tin-of-six", bad)
        assert caught.value.field == "quantity"
