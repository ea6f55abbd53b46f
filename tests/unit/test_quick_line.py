"""One-line purchases as bakers type them: what each part of the line is read as."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain.quick_line import MAX_LENGTH, parse
from baketracker.errors import Invalid

D = Decimal

# text → (words, barcode, packages, amount, unit, amount_is_size, price, price_each)
LINES: list[tuple[str, tuple[object, ...]]] = [
    ("2 lb butter $8.49", ("butter", None, None, D(2), "lb", False, D("8.49"), False)),
    ("3 x King Arthur flour 5 lb @ 4.99",
     ("King Arthur flour", None, D(3), D(5), "lb", True, D("4.99"), True)),
    ("5011038133241 2 4.50", ("", "5011038133241", D(2), None, None, False, D("4.50"), True)),
    ("5011038133241", ("", "5011038133241", None, None, None, False, None, False)),
    ("5011038133241 3", ("", "5011038133241", D(3), None, None, False, None, False)),
    ("5011038133241 2 $9", ("", "5011038133241", D(2), None, None, False, D(9), False)),
    ("2lb butter", ("butter", None, None, D(2), "lb", False, None, False)),
    ("butter 2 lb $8", ("butter", None, None, D(2), "lb", False, D(8), False)),
    ("2 lb of butter $8.49", ("butter", None, None, D(2), "lb", False, D("8.49"), False)),
    ("3x flour @ $4.99", ("flour", None, D(3), None, None, False, D("4.99"), True)),
    ("3 × flour @4.99", ("flour", None, D(3), None, None, False, D("4.99"), True)),
    ("flour 4.99 each", ("flour", None, None, None, None, False, D("4.99"), True)),
    ("2 butter", ("butter", None, D(2), None, None, False, None, False)),
    ("1 1/2 lb butter", ("butter", None, None, D("1.5"), "lb", False, None, False)),
    ("1 fl oz vanilla $3", ("vanilla", None, None, D(1), "fl oz", False, D(3), False)),
    ("500 g dark chocolate $ 6.50",
     ("dark chocolate", None, None, D(500), "g", False, D("6.50"), False)),
    ("12 x eggs", ("eggs", None, D(12), None, None, False, None, False)),
    ("flour $1,250.00", ("flour", None, None, None, None, False, D("1250.00"), False)),
    ("  butter   $8  ", ("butter", None, None, None, None, False, D(8), False)),
]


@pytest.mark.parametrize(("text", "expected"), LINES, ids=[t for t, _ in LINES])
def test_each_part_of_a_quick_line_is_read_as_the_baker_meant(text: str,
                                                              expected: tuple[object, ...]) -> None:
    line = parse(text)
    got = (line.words, line.barcode, line.packages, line.amount, line.unit, line.amount_is_size,
           line.price, line.price_each)
    assert got == expected


# text → (field, words the message contains)
REFUSED: list[tuple[str, str, str]] = [
    ("", "text", "Type what was bought"),
    ("   ", "text", "Type what was bought"),
    ("-2 lb butter", "quantity", "must be greater than 0"),
    ("0 x butter", "packages", "packages must be greater than 0"),
    ("butter $-3", "price", "must not be negative"),
    ("butter -$3", "price", "must not be negative"),
    ("butter $abc", "price", "cannot read the price '$abc'"),
    ("butter @ x", "price", "cannot read the price"),
    ("butter $", "price", "must be followed by the price"),
    ("$3 butter", "price", "write the price last"),
    ("butter $3 $4", "price", "write one price"),
    ("2 lb", "product", "which product?"),
    ("2 lb butter 3 oz", "quantity", "not two"),
    ("5011038133241 2 4.50 7", "text", "after a barcode"),
    ("5011038133241 butter", "text", "after a barcode"),
    ("x" * (MAX_LENGTH + 1), "text", "one line"),
]


@pytest.mark.parametrize(("text", "field", "said"), REFUSED, ids=[r[0][:30] for r in REFUSED])
def test_a_line_that_cannot_be_read_is_refused_naming_the_part_at_fault(
    text: str, field: str, said: str
) -> None:
    with pytest.raises(Invalid) as caught:
        parse(text)
    assert caught.value.field == field
    assert said in caught.value.message


def test_the_message_quotes_the_line_it_could_not_read() -> None:
    with pytest.raises(Invalid) as caught:
        parse("butter $abc")
    assert caught.value.message.startswith("Quick purchase 'butter $abc':")


prices = st.decimals(min_value=D("0.01"), max_value=D(9999), places=2)
counts = st.integers(min_value=1, max_value=999)
names = st.lists(st.sampled_from(["butter", "flour", "King", "Arthur", "sugar", "dark"]),
                 min_size=1, max_size=3).map(" ".join)
unit_names = st.sampled_from(["g", "kg", "oz", "lb", "ml", "l", "cup", "each", "dozen"])


@given(count=counts, name=names, price=prices)
def test_n_x_a_product_at_a_price_reads_back_the_packages_and_price_each(
    count: int, name: str, price: Decimal
) -> None:
    line = parse(f"{count} x {name} @ {price}")
    assert (line.packages, line.words, line.price, line.price_each) == (count, name, price, True)


@given(amount=counts, unit=unit_names, name=names, price=prices)
def test_an_amount_with_a_unit_is_the_total_bought_and_a_dollar_price_the_total_paid(
    amount: int, unit: str, name: str, price: Decimal
) -> None:
    line = parse(f"{amount} {unit} {name} ${price}")
    assert (line.amount, line.unit, line.amount_is_size) == (amount, unit, False)
    assert (line.words, line.price, line.price_each, line.packages) == (name, price, False, None)


@given(code=st.from_regex(r"[0-9]{8,14}", fullmatch=True), count=counts, price=prices)
def test_a_barcode_line_reads_packages_then_the_price_of_one_package(
    code: str, count: int, price: Decimal
) -> None:
    line = parse(f"{code} {count} {price}")
    assert (line.barcode, line.packages, line.price, line.price_each) == (code, count, price, True)


@given(st.text(max_size=80))
def test_any_text_is_read_or_refused_with_a_field_never_a_crash(text: str) -> None:
    try:
        line = parse(text)
    except Invalid as exc:
        assert exc.field in {"text", "price", "packages", "quantity", "product"}
        return
    assert line.words or line.barcode
    for value in (line.packages, line.amount):
        assert value is None or value > 0
    assert line.price is None or line.price >= 0
