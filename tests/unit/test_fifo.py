"""FIFO draws: oldest lot first, exact costs, shortfalls that say what is missing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.fifo import Allocation, Draw, Lot, allocate, money, plan_draws
from baketracker.errors import InsufficientStock, Invalid

D = Decimal
JAN = datetime.date(2026, 1, 5)
FEB = datetime.date(2026, 2, 9)
MAR = datetime.date(2026, 3, 2)


def butter_lots() -> list[Lot]:
    """DOMAIN.md's example: 10 @ 4.50 bought first, then 7 @ 5.00."""
    return [
        Lot(lot_id=1, purchased_on=JAN, quantity=D("10"), unit_cost=D("4.50")),
        Lot(lot_id=2, purchased_on=FEB, quantity=D("7"), unit_cost=D("5.00")),
    ]


def test_consuming_across_two_lots_costs_each_lot_at_its_price() -> None:
    allocation = allocate(butter_lots(), D("12"), item="butter", unit="lb")

    assert allocation.draws == (
        Draw(lot_id=1, quantity=D("10"), unit_cost=D("4.50")),
        Draw(lot_id=2, quantity=D("2"), unit_cost=D("5.00")),
    )
    assert allocation.total_cost == D("55.00")
    assert money(allocation.total_cost) == D("55.00")
    assert allocation.satisfied
    assert allocation.shortfall == 0


def test_consuming_more_than_all_lots_hold_names_the_need_and_the_stock() -> None:
    with pytest.raises(InsufficientStock) as caught:
        allocate(butter_lots(), D("18"), item="butter", unit="lb")

    (shortfall,) = caught.value.shortfalls
    assert (shortfall.item, shortfall.needed, shortfall.available, shortfall.unit) == (
        "butter",
        D("18"),
        D("17"),
        "lb",
    )
    assert shortfall.missing == D("1")
    assert "need 18 lb butter, have 17 lb" in str(caught.value)


def test_a_dry_run_reports_a_shortfall_instead_of_raising() -> None:
    allocation = plan_draws(butter_lots(), D("18"))

    assert not allocation.satisfied
    assert allocation.allocated == D("17")
    assert allocation.shortfall == D("1")
    assert allocation.total_cost == D("80.00")


def test_the_oldest_purchase_is_drawn_first_whatever_order_lots_arrive_in() -> None:
    lots = [
        Lot(lot_id=1, purchased_on=MAR, quantity=D("5"), unit_cost=D("3")),
        Lot(lot_id=2, purchased_on=JAN, quantity=D("5"), unit_cost=D("1")),
        Lot(lot_id=3, purchased_on=FEB, quantity=D("5"), unit_cost=D("2")),
    ]

    allocation = plan_draws(lots, D("7"))

    assert [(d.lot_id, d.quantity) for d in allocation.draws] == [(2, D("5")), (3, D("2"))]


def test_lots_bought_the_same_day_are_drawn_in_lot_id_order() -> None:
    lots = [
        Lot(lot_id=9, purchased_on=JAN, quantity=D("4"), unit_cost=D("2")),
        Lot(lot_id=3, purchased_on=JAN, quantity=D("4"), unit_cost=D("1")),
    ]

    allocation = plan_draws(lots, D("5"))

    assert [(d.lot_id, d.quantity) for d in allocation.draws] == [(3, D("4")), (9, D("1"))]


def test_empty_lots_are_skipped_without_a_zero_draw() -> None:
    lots = [
        Lot(lot_id=1, purchased_on=JAN, quantity=D("0"), unit_cost=D("9")),
        Lot(lot_id=2, purchased_on=FEB, quantity=D("3"), unit_cost=D("1")),
    ]

    allocation = plan_draws(lots, D("2"))

    assert allocation.draws == (Draw(lot_id=2, quantity=D("2"), unit_cost=D("1")),)


def test_a_need_that_fits_in_the_first_lot_leaves_later_lots_untouched() -> None:
    allocation = plan_draws(butter_lots(), D("4"))

    assert allocation.remaining_after(butter_lots()) == {1: D("6"), 2: D("7")}


def test_remaining_after_reports_every_lot_including_drained_ones() -> None:
    allocation = plan_draws(butter_lots(), D("12"))

    assert allocation.remaining_after(butter_lots()) == {1: D("0"), 2: D("5")}


def test_remaining_after_refuses_lots_that_no_longer_hold_what_was_drawn() -> None:
    allocation = plan_draws(butter_lots(), D("12"))
    shrunk = [Lot(lot_id=1, purchased_on=JAN, quantity=D("3"), unit_cost=D("4.50"))]

    with pytest.raises(Invalid):
        allocation.remaining_after(shrunk)


@pytest.mark.parametrize("need", [D("0"), D("-1")])
def test_a_need_of_zero_or_less_is_refused_naming_the_quantity(need: Decimal) -> None:
    with pytest.raises(Invalid) as caught:
        plan_draws(butter_lots(), need)

    assert caught.value.field == "quantity"


def test_a_float_need_is_refused_because_money_must_stay_exact() -> None:
    with pytest.raises(Invalid):
        plan_draws(butter_lots(), 1.5)  # type: ignore[arg-type]


def test_a_lot_with_negative_stock_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        Lot(lot_id=1, purchased_on=JAN, quantity=D("-1"), unit_cost=D("1"))

    assert caught.value.field == "quantity"


def test_the_same_lot_twice_is_refused_rather_than_drawn_twice() -> None:
    lot = butter_lots()[0]

    with pytest.raises(Invalid) as caught:
        plan_draws([lot, lot], D("1"))

    assert caught.value.field == "lot_id"


def test_draw_costs_stay_exact_until_rounded_for_display() -> None:
    lots = [Lot(lot_id=1, purchased_on=JAN, quantity=D("1000"), unit_cost=D("0.0133"))]

    allocation = plan_draws(lots, D("3"))

    assert allocation.total_cost == D("0.0399")
    assert money(allocation.total_cost) == D("0.04")


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (D("2.345"), D("2.35")),
        (D("2.344"), D("2.34")),
        (D("-2.345"), D("-2.35")),
        (D("7"), D("7.00")),
    ],
)
def test_money_rounds_half_cents_up(value: Decimal, rounded: Decimal) -> None:
    assert money(value) == rounded
    assert str(money(value)) == str(rounded)


# --- properties ---------------------------------------------------------------------------

quantities = st.decimals(min_value=0, max_value=1000, places=3)
prices = st.decimals(min_value=0, max_value=100, places=4)
dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2026, 12, 31))


@st.composite
def lot_lists(draw: st.DrawFn) -> list[Lot]:
    count = draw(st.integers(min_value=0, max_value=6))
    ids = draw(st.lists(st.integers(1, 1000), min_size=count, max_size=count, unique=True))
    return [
        Lot(lot_id=i, purchased_on=draw(dates), quantity=draw(quantities), unit_cost=draw(prices))
        for i in ids
    ]


needs = st.decimals(min_value=D("0.001"), max_value=3000, places=3)


@settings(max_examples=40, deadline=None)
@given(lots=lot_lists(), need=needs)
def test_drawing_conserves_quantity_and_cost(lots: list[Lot], need: Decimal) -> None:
    allocation = plan_draws(lots, need)
    stock = {lot.lot_id: lot for lot in lots}
    remaining = allocation.remaining_after(lots)
    drawn = {d.lot_id: d.quantity for d in allocation.draws}

    for lot in lots:
        assert drawn.get(lot.lot_id, D(0)) + remaining[lot.lot_id] == lot.quantity
    for d in allocation.draws:
        assert 0 < d.quantity <= stock[d.lot_id].quantity
        assert d.unit_cost == stock[d.lot_id].unit_cost
    total_stock = sum((lot.quantity for lot in lots), D(0))
    assert allocation.allocated == min(need, total_stock)
    assert allocation.allocated + allocation.shortfall == need
    assert allocation.total_cost == sum(
        (d.quantity * stock[d.lot_id].unit_cost for d in allocation.draws), D(0)
    )


@settings(max_examples=40, deadline=None)
@given(lots=lot_lists(), need=needs)
def test_older_lots_are_emptied_before_newer_ones_are_touched(
    lots: list[Lot], need: Decimal
) -> None:
    allocation = plan_draws(lots, need)
    fifo_order = [
        lot for lot in sorted(lots, key=lambda x: (x.purchased_on, x.lot_id)) if lot.quantity > 0
    ]

    drawn_ids = [d.lot_id for d in allocation.draws]
    assert drawn_ids == [lot.lot_id for lot in fifo_order[: len(drawn_ids)]]
    # Every draw but the last empties its lot: a newer lot is never opened early.
    for d, lot in zip(allocation.draws[:-1], fifo_order, strict=False):
        assert d.quantity == lot.quantity


@settings(max_examples=40, deadline=None)
@given(lots=lot_lists(), need=needs)
def test_allocate_raises_exactly_when_the_dry_run_is_short(lots: list[Lot], need: Decimal) -> None:
    dry = plan_draws(lots, need)
    if dry.satisfied:
        assert allocate(lots, need, item="flour", unit="g") == dry
    else:
        with pytest.raises(InsufficientStock) as caught:
            allocate(lots, need, item="flour", unit="g")
        (shortfall,) = caught.value.shortfalls
        assert shortfall.needed == need
        assert shortfall.available == sum((lot.quantity for lot in lots), D(0))


def test_an_allocation_is_a_plain_frozen_value() -> None:
    allocation = Allocation(requested=D("1"), draws=())

    with pytest.raises(AttributeError):
        allocation.requested = D("2")  # type: ignore[misc]
    assert allocation.total_cost == 0
    assert allocation.shortfall == D("1")
