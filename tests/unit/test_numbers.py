"""The number rules: whole numbers checked one way, figures for people shown one way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain.numbers import decimal_text, hundredths, money, plain, whole_number
from baketracker.errors import Invalid

decimals = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6)


@given(st.integers(min_value=1, max_value=10**9))
def test_a_whole_number_is_accepted_as_int_decimal_or_text(n: int) -> None:
    for given_as in (n, Decimal(n), f" {n} ", Decimal(n).quantize(Decimal("0.001"))):
        assert whole_number(given_as, field="quantity", record="Box") == n


@pytest.mark.parametrize("value", ["1.5", Decimal("2.25"), "lots", True, None])
def test_anything_but_a_whole_number_is_refused_naming_record_and_field(value: object) -> None:
    with pytest.raises(Invalid) as caught:
        whole_number(value, field="quantity", record="Box 'Hamper'")
    assert caught.value.field == "quantity"
    assert "Box 'Hamper': quantity must be a whole number" in str(caught.value)


def test_zero_is_refused_unless_zero_is_the_minimum() -> None:
    with pytest.raises(Invalid, match="quantity must be greater than 0, not 0"):
        whole_number(0, field="quantity", record="Box")
    assert whole_number("0", field="actual_yield", record="Run", minimum=0) == 0
    with pytest.raises(Invalid, match="actual_yield must be 0 or more, not -1"):
        whole_number(-1, field="actual_yield", record="Run", minimum=0)


@given(decimals)
def test_hundredths_round_half_up_to_at_most_two_places_without_exponent(value: Decimal) -> None:
    shown = hundredths(value)
    assert abs(shown - value) <= Decimal("0.005")
    assert "E" not in format(shown, "f") and "E" not in str(shown)
    assert shown == money(value)
    assert not (shown == 0 and shown.is_signed())


@given(decimals)
def test_plain_and_decimal_text_keep_the_exact_value(value: Decimal) -> None:
    assert plain(value) == value
    assert "E" not in str(plain(value))
    assert Decimal(decimal_text(value) or "nan") == value


def test_halves_round_up_for_people() -> None:
    assert hundredths(Decimal("0.125")) == Decimal("0.13")
    assert hundredths(Decimal("12.50")) == Decimal("12.5")
    assert str(hundredths(Decimal("1E+3"))) == "1000"
