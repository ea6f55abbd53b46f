"""Purchase bounds: implausible purchases need a confirmation, absurd ones are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain import product_match
from baketracker.domain.purchases import (
    ABSURD_PACKAGES,
    PLAUSIBLE_PACKAGES,
    PLAUSIBLE_TOTAL,
    Implausible,
    figures,
)
from baketracker.errors import Invalid

BUTTER = {"package_quantity": Decimal(1), "package_unit": "lb", "record": "Purchase of 'Butter'"}


def test_an_everyday_purchase_works_out_its_lot_in_grams_and_its_total_in_cents() -> None:
    bought = figures("2", "4.245", **BUTTER)  # type: ignore[arg-type]
    assert (bought.packages, bought.total) == (Decimal(2), Decimal("8.49"))
    assert (bought.quantity, bought.unit) == (Decimal("907.184740"), "g")


@pytest.mark.parametrize(
    ("packages", "price", "field", "said"),
    [
        ("1000000000000", "4.50", "packages", "more than any kitchen buys"),
        ("1001", "1", "packages", "more than 1,000; confirm"),
        ("3", "5000", "price_per_package", "$15,000.00 in one purchase"),
        ("0", "1", "packages", "greater than 0"),
        ("-1", "1", "packages", "greater than 0"),
        ("1", "-1", "price_per_package", "must not be negative"),
        ("1", "abc", "price_per_package", "cannot read the price per package 'abc'"),
        ("abc", "1", "packages", "cannot read the packages 'abc'"),
        ("2", "600000", "price_per_package", "more than any kitchen pays"),
    ],
)
def test_an_unlikely_purchase_is_refused_naming_its_field(
    packages: str, price: str, field: str, said: str
) -> None:
    with pytest.raises(Invalid) as caught:
        figures(packages, price, **BUTTER)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert said in caught.value.message


def test_a_confirmed_implausible_purchase_is_accepted_but_an_absurd_one_never() -> None:
    assert figures("2000", "4.50", confirm=True, **BUTTER).total == Decimal(9000)  # type: ignore[arg-type]
    with pytest.raises(Invalid) as caught:
        figures(ABSURD_PACKAGES + 1, "0.01", confirm=True, **BUTTER)  # type: ignore[arg-type]
    assert not isinstance(caught.value, Implausible)


@given(packages=st.integers(min_value=1, max_value=3000),
       price=st.decimals(min_value=0, max_value=30, places=2))
def test_confirmation_is_asked_exactly_when_a_bound_is_passed(packages: int,
                                                              price: Decimal) -> None:
    beyond = packages > PLAUSIBLE_PACKAGES or packages * price > PLAUSIBLE_TOTAL
    try:
        bought = figures(packages, price, **BUTTER)  # type: ignore[arg-type]
    except Implausible:
        assert beyond
        return
    assert not beyond
    assert bought.total == (packages * price).quantize(Decimal("0.01"))


def _candidate(i: int, *texts: str) -> product_match.Candidate:
    return product_match.Candidate(i, texts[0], product_match.words_of(*texts))


CATALOG = [
    _candidate(1, "Kerrygold Butter 1 lb", "Kerrygold", "Butter"),
    _candidate(2, "King Arthur All-purpose flour 5 lb", "King Arthur", "All-purpose flour"),
    _candidate(3, "King Arthur Bread flour 5 lb", "King Arthur", "Bread flour"),
    _candidate(4, "Callebaut 70% dark chocolate", "Callebaut", "Dark chocolate"),
]


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("butter", [1]),
        ("buter", [1]),
        ("kerrygold", [1]),
        ("bread flour", [3]),
        ("king arthur all purpose flour", [2]),
        ("King Arthur flour", [2, 3]),
        ("choc", [4]),
        ("dark chocolate callebaut", [4]),
        ("vanilla", []),
        ("peanut butter oil", []),
    ],
)
def test_typed_words_find_the_products_that_have_them_typos_allowed(typed: str,
                                                                    ids: list[int]) -> None:
    assert [c.id for _, c in product_match.rank(typed, CATALOG).best] == ids
