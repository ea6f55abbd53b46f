"""Batch sizing: the fewest whole batches, rounded up once per recipe."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.batches import (
    BatchPlan,
    UnitNeed,
    batch_fraction,
    covers,
    fewest_batches,
    leftover_units,
    shortfall_units,
)
from baketracker.errors import Invalid

D = Decimal


def cookies(n: int | str) -> UnitNeed:
    return UnitNeed(key="cookie", units_needed=D(n), items_per_batch=D(24), batch_portion=None)


def test_two_hundred_cookies_at_twenty_four_a_batch_take_nine_batches_with_sixteen_left() -> None:
    plan = fewest_batches([cookies(200)])

    assert plan.batches == 9
    assert plan.leftovers == {"cookie": D(16)}
    assert plan.exact_batches == D(200) / D(24)


def test_eight_batches_for_two_hundred_cookies_fall_short_by_eight() -> None:
    assert not covers(8, [cookies(200)])
    assert shortfall_units(8, [cookies(200)]) == {"cookie": D(8)}


def test_seventy_two_cookies_take_exactly_three_batches_with_nothing_left() -> None:
    plan = fewest_batches([cookies(72)])

    assert plan == BatchPlan(batches=3, exact_batches=D(3), leftovers={"cookie": D(0)})
    assert plan.spare_batches == 0
    assert covers(3, [cookies(72)])
    assert shortfall_units(3, [cookies(72)]) == {}


def test_four_half_cakes_take_two_batches() -> None:
    halves = UnitNeed(
        key="half cake", units_needed=D(4), items_per_batch=None, batch_portion=D("0.5")
    )

    assert batch_fraction(halves) == D(2)
    assert fewest_batches([halves]).batches == 2
    assert fewest_batches([halves]).leftovers == {"half cake": D(0)}


def test_three_half_cakes_leave_one_half_cake_over() -> None:
    halves = UnitNeed(
        key="half cake", units_needed=D(3), items_per_batch=None, batch_portion=D("0.5")
    )

    plan = fewest_batches([halves])

    assert (plan.batches, plan.leftovers) == (2, {"half cake": D(1)})


def test_no_need_takes_no_batches() -> None:
    plan = fewest_batches([cookies(0)])

    assert plan.batches == 0
    assert plan.leftovers == {"cookie": D(0)}
    assert fewest_batches([]) == BatchPlan(batches=0, exact_batches=D(0), leftovers={})


def test_several_units_of_one_recipe_add_their_fractions_before_rounding_once() -> None:
    # 30 cookies (24 a batch) and 30 minis (48 a batch): 1.25 + 0.625 = 1.875 → 2 batches.
    # Sizing from the cookies alone would say 2, from the minis alone 1; either is a guess.
    minis = UnitNeed(key="mini", units_needed=D(30), items_per_batch=D(48), batch_portion=None)

    plan = fewest_batches([cookies(30), minis])

    assert plan.batches == 2
    assert plan.exact_batches == D("1.875")
    assert not covers(1, [cookies(30), minis])


def test_shared_batches_split_leftovers_in_proportion_to_need() -> None:
    # 2 batches against 1.875 needed: everyone gets 2/1.875 of their need.
    minis = UnitNeed(key="mini", units_needed=D(30), items_per_batch=D(48), batch_portion=None)

    leftovers = fewest_batches([cookies(30), minis]).leftovers

    assert leftovers == {"cookie": D(2), "mini": D(2)}
    # Converted back to batches the leftovers use up exactly the spare 0.125 batch.
    assert Fraction(leftovers["cookie"]) / 24 + Fraction(leftovers["mini"]) / 48 == Fraction(1, 8)


def test_three_units_each_needing_two_thirds_of_a_batch_take_two_batches_not_three() -> None:
    # In Decimal 2/3 rounds up to 0.66…67, and three of those would ceil to 3.
    needs = [
        UnitNeed(key=k, units_needed=D(2), items_per_batch=D(3), batch_portion=None) for k in "abc"
    ]

    assert fewest_batches(needs).batches == 2
    assert covers(2, needs)


def test_a_shortfall_with_shared_batches_falls_on_every_unit_alike() -> None:
    minis = UnitNeed(key="mini", units_needed=D(48), items_per_batch=D(48), batch_portion=None)

    # 24 cookies + 48 minis need 2 batches; 1 batch makes half of each.
    assert shortfall_units(1, [cookies(24), minis]) == {"cookie": D(12), "mini": D(24)}


def test_leftovers_of_a_chosen_count_with_no_need_are_the_whole_yield() -> None:
    assert leftover_units(2, [cookies(0)]) == {"cookie": D(48)}


@pytest.mark.parametrize(
    ("items_per_batch", "batch_portion", "field"),
    [
        (None, None, "items_per_batch"),
        (D(24), D("0.5"), "items_per_batch"),
        (D(0), None, "items_per_batch"),
        (None, D("-0.5"), "batch_portion"),
        (24.0, None, "items_per_batch"),
    ],
)
def test_a_unit_needs_exactly_one_positive_yield(
    items_per_batch: Decimal | None, batch_portion: Decimal | None, field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        UnitNeed(
            key="cookie",
            units_needed=D(1),
            items_per_batch=items_per_batch,
            batch_portion=batch_portion,
        )

    assert caught.value.field == field


def test_a_negative_need_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        cookies(-1)

    assert caught.value.field == "units_needed"


@pytest.mark.parametrize("batches", [-1, True, 1.5])
def test_a_chosen_batch_count_must_be_a_whole_number_of_zero_or_more(batches: int) -> None:
    with pytest.raises(Invalid) as caught:
        covers(batches, [cookies(1)])

    assert caught.value.field == "batches"


def test_the_same_unit_listed_twice_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        fewest_batches([cookies(1), cookies(2)])

    assert caught.value.field == "key"


# --- properties ---------------------------------------------------------------------------


@st.composite
def unit_needs(draw: st.DrawFn) -> list[UnitNeed]:
    count = draw(st.integers(min_value=1, max_value=4))
    needs = []
    for key in range(count):
        units = D(draw(st.integers(0, 500)))
        if draw(st.booleans()):
            needs.append(
                UnitNeed(
                    key=key,
                    units_needed=units,
                    items_per_batch=D(draw(st.integers(1, 60))),
                    batch_portion=None,
                )
            )
        else:
            portion = draw(st.sampled_from(["0.1", "0.125", "0.25", "0.3", "0.5", "1", "1.5"]))
            needs.append(
                UnitNeed(
                    key=key,
                    units_needed=units,
                    items_per_batch=None,
                    batch_portion=D(portion),
                )
            )
    return needs


def capacity_needed(needs: list[UnitNeed]) -> Fraction:
    """Independent check: batches worth of need, from the raw fields as exact fractions."""
    total = Fraction(0)
    for need in needs:
        if need.items_per_batch is not None:
            total += Fraction(need.units_needed) / Fraction(need.items_per_batch)
        else:
            assert need.batch_portion is not None
            total += Fraction(need.units_needed) * Fraction(need.batch_portion)
    return total


@settings(max_examples=50, deadline=None)
@given(needs=unit_needs())
def test_the_fewest_batches_never_under_produce_and_one_fewer_would(needs: list[UnitNeed]) -> None:
    plan = fewest_batches(needs)
    need = capacity_needed(needs)

    assert plan.batches >= need
    assert covers(plan.batches, needs)
    assert shortfall_units(plan.batches, needs) == {}
    assert all(left >= 0 for left in plan.leftovers.values())
    if plan.batches > 0:
        assert plan.batches - 1 < need
        assert not covers(plan.batches - 1, needs)
        assert shortfall_units(plan.batches - 1, needs)


@settings(max_examples=40, deadline=None)
@given(needs=unit_needs(), batches=st.integers(0, 40))
def test_a_chosen_count_either_covers_or_names_a_shortfall(
    needs: list[UnitNeed], batches: int
) -> None:
    short = shortfall_units(batches, needs)

    assert covers(batches, needs) == (short == {})
    assert all(amount > 0 for amount in short.values())
