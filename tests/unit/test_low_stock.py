"""Low stock: an item runs low below a number of packages of the product one buys."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain.low_stock import is_low, share, threshold, urgency

D = Decimal
amounts = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False)
counts = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)


def test_flour_below_two_five_pound_bags_is_low() -> None:
    limit = threshold(D(2), D("2267.96"))  # 2 packages of 5 lb, in grams

    assert is_low(D(3000), limit)
    assert not is_low(D(5000), limit)


def test_an_item_with_no_stock_is_low_even_with_a_threshold_of_zero_packages() -> None:
    assert is_low(D(0), threshold(D(0), D(500)))
    assert not is_low(D(1), threshold(D(0), D(500)))


@given(on_hand=amounts, packages=counts, per_package=amounts)
def test_low_means_empty_or_less_than_the_packages_asked_for(
    on_hand: Decimal, packages: Decimal, per_package: Decimal
) -> None:
    limit = threshold(packages, per_package)

    assert is_low(on_hand, limit) == (on_hand == 0 or on_hand < packages * per_package)


@given(on_hand=amounts, limit=amounts)
def test_the_share_left_is_below_one_exactly_when_stock_is_under_a_positive_threshold(
    on_hand: Decimal, limit: Decimal
) -> None:
    if limit > 0:
        assert (share(on_hand, limit) < 1) == (on_hand < limit)
    else:
        assert share(on_hand, limit) == 0


@given(lines=st.lists(st.tuples(amounts, amounts.filter(lambda v: v > 0), st.text(max_size=5))))
def test_items_with_no_stock_come_before_every_item_with_some(
    lines: list[tuple[Decimal, Decimal, str]]
) -> None:
    ordered = sorted(lines, key=lambda line: urgency(*line))
    empties = [line[0] == 0 for line in ordered]

    assert empties == sorted(empties, reverse=True)
    shares = [share(on_hand, limit) for on_hand, limit, _ in ordered if on_hand > 0]
    assert shares == sorted(shares)
