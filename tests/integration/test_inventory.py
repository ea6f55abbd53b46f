"""FIFO inventory through the public services: purchases, consumption, adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from baketracker.errors import InsufficientStock, Invalid, NotFound
from baketracker.services import catalog, inventory
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def butter_lots() -> tuple[int, int]:
    """DOMAIN.md's example: 10 lb @ $4.50 bought first, then 7 lb @ $5.00."""
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_product("butter", brand="Kerrygold", package_quantity=1, package_unit="lb",
                           slug="butter-1lb")
    first = inventory.record_purchase("butter-1lb", packages=10, price_per_package="4.50",
                                      purchased_on=date(2026, 11, 1))
    second = inventory.record_purchase("butter-1lb", packages=7, price_per_package="5.00",
                                       purchased_on=date(2026, 11, 8))
    return first["lot_id"], second["lot_id"]


def test_consuming_12_lb_across_two_lots_costs_each_lot_at_its_price(butter_lots) -> None:  # type: ignore[no-untyped-def]
    first, second = butter_lots
    result = inventory.consume_fifo("butter", 12, "lb")
    assert result["total_cost"] == Decimal("55.00")
    assert [(d["lot_id"], d["quantity"]) for d in result["draws"]] == [
        (first, Decimal(10)), (second, Decimal(2))
    ]
    assert inventory.on_hand("butter", "lb") == pytest.approx(Decimal(5), abs=Decimal("1e-6"))


def test_consuming_more_than_is_on_hand_refuses_and_leaves_every_lot_unchanged(  # type: ignore[no-untyped-def]
    butter_lots,
) -> None:
    lots_before = inventory.list_lots("butter")
    counts_before = row_counts()
    with pytest.raises(InsufficientStock) as caught:
        inventory.consume_fifo("butter", 18, "lb")
    assert "need 18 lb Butter, have 17 lb" in str(caught.value)
    assert inventory.list_lots("butter") == lots_before
    assert row_counts() == counts_before


def test_a_dry_run_reports_cost_and_shortfall_without_changing_stock(butter_lots) -> None:  # type: ignore[no-untyped-def]
    result = inventory.consume_fifo("butter", 20, "lb", dry_run=True)
    assert result["satisfied"] is False
    assert result["shortfall"] == Decimal(3)
    assert result["total_cost"] == Decimal("80.00")
    assert inventory.on_hand("butter", "lb") == pytest.approx(Decimal(17), abs=Decimal("1e-6"))
    assert row_counts()["depletions"] == 0


def test_consumption_in_cups_converts_through_the_density(butter_lots) -> None:  # type: ignore[no-untyped-def]
    # 1 cup of butter at 0.911 g/ml is 215.5 g.
    result = inventory.consume_fifo("butter", 1, "cup")
    grams_left = inventory.on_hand("butter", "g")
    assert grams_left == pytest.approx(Decimal("7711.07") - Decimal("215.53"), abs=Decimal("0.1"))
    assert result["satisfied"] is True


def test_every_draw_is_written_to_the_append_only_ledger(butter_lots) -> None:  # type: ignore[no-untyped-def]
    inventory.consume_fifo("butter", 12, "lb")
    assert row_counts()["depletions"] == 2


def test_spoilage_is_an_adjustment_drawn_oldest_first(butter_lots) -> None:  # type: ignore[no-untyped-def]
    first, _ = butter_lots
    result = inventory.adjust_stock("butter", 1, "lb", reason="spoilage")
    assert result["draws"][0]["lot_id"] == first
    assert result["total_cost"] == Decimal("4.50")


def test_an_other_adjustment_needs_a_note(butter_lots) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as caught:
        inventory.adjust_stock("butter", 1, "lb", reason="other")
    assert caught.value.field == "note"
    assert row_counts()["depletions"] == 0


@pytest.mark.parametrize(("quantity", "unit", "field"),
                         [(0, "lb", "quantity"), (-1, "lb", "quantity"), (1, "smidge", "unit")])
def test_bad_consumption_input_is_refused_naming_the_field(  # type: ignore[no-untyped-def]
    butter_lots, quantity, unit, field
) -> None:
    with pytest.raises(Invalid) as caught:
        inventory.consume_fifo("butter", quantity, unit)
    assert caught.value.field == field


def test_a_purchase_of_zero_packages_is_refused_and_nothing_is_written() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb",
                           slug="flour-5lb")
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        inventory.record_purchase("flour-5lb", packages=0, price_per_package="3.99")
    assert caught.value.field == "packages"
    assert row_counts() == before


def test_a_purchase_defaults_to_today_and_the_price_is_remembered() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb",
                           slug="flour-5lb")
    bought = inventory.record_purchase("flour-5lb", packages=2, price_per_package="3.99")
    assert bought["purchased_on"] == date.today()
    assert bought["quantity"] == pytest.approx(Decimal("4535.9237"))
    assert bought["unit"] == "g"
    assert inventory.last_purchase_price("flour-5lb") == Decimal("3.99")


def test_material_stock_uses_the_same_fifo_lots() -> None:
    catalog.create_material("Gift box")
    catalog.create_material_product("gift-box", name="Boxes 25", package_quantity=25,
                                    slug="boxes-25")
    inventory.record_purchase("boxes-25", packages=2, price_per_package="12.50")
    result = inventory.consume_fifo("gift-box", 30, "each", reason="assembly")
    assert result["total_cost"] == Decimal("15.00")
    assert inventory.on_hand("gift-box", "each") == Decimal(20)


def test_stock_summary_values_what_is_left(butter_lots) -> None:  # type: ignore[no-untyped-def]
    inventory.consume_fifo("butter", 12, "lb")
    [line] = inventory.stock_summary()
    assert line["slug"] == "butter"
    assert line["value"] == Decimal("25.00")
    assert line["lots"] == 1


def test_stock_can_be_asked_for_by_material_or_ingredient_explicitly() -> None:
    catalog.create_material("Tin")
    catalog.create_material_product("tin", name="Tins 6", package_quantity=6, slug="tins-6")
    inventory.record_purchase("tins-6", packages=1, price_per_package="9.00")
    assert inventory.on_hand("tin", "each", kind="material") == Decimal(6)
    assert len(inventory.list_lots("tin", kind="material")) == 1
    with pytest.raises(NotFound):
        inventory.on_hand("tin", "each", kind="ingredient")
    with pytest.raises(NotFound, match="no-such"):
        inventory.on_hand("no-such", "each")


def test_an_unknown_draw_or_adjustment_reason_is_refused(butter_lots) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as caught:
        inventory.consume_fifo("butter", 1, "lb", reason="snacking")
    assert caught.value.field == "reason"
    with pytest.raises(Invalid):
        inventory.adjust_stock("butter", 1, "lb", reason="production")


def test_a_lot_in_volume_is_not_used_for_an_ingredient_without_density() -> None:
    catalog.create_ingredient("Vanilla")
    catalog.create_product("vanilla", brand="A", package_quantity=4, package_unit="fl oz",
                           slug="vanilla-4oz")
    inventory.record_purchase("vanilla-4oz", packages=1, price_per_package="12.00")
    assert inventory.on_hand("vanilla", "g") == Decimal(0)
    assert inventory.on_hand("vanilla", "tsp") == pytest.approx(Decimal(24))
    with pytest.raises(InsufficientStock, match="Vanilla"):
        inventory.consume_fifo("vanilla", 5, "g")


def test_a_purchase_names_its_supplier_and_refuses_a_negative_price() -> None:
    catalog.create_ingredient("Flour")
    catalog.create_supplier("Costco")
    catalog.create_product("flour", brand="A", package_quantity=5, package_unit="lb",
                           slug="flour-5lb")
    bought = inventory.record_purchase("flour-5lb", packages=1, price_per_package="3.99",
                                       supplier="costco", location="pantry")
    assert inventory.list_lots("flour")[0]["location"] == "pantry"
    assert bought["total_price"] == Decimal("3.99")
    with pytest.raises(Invalid) as caught:
        inventory.record_purchase("flour-5lb", packages=1, price_per_package="-1")
    assert caught.value.field == "price_per_package"
