"""Kitchen units: spellings, pint's traps, exact factors, parsing and conversion."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.units import (
    BASE_UNITS,
    UNITS,
    base_unit,
    best_display_unit,
    can_convert,
    canonical_unit,
    convert,
    dimension,
    factor_to_base,
    format_quantity,
    from_base,
    parse_amount,
    parse_density,
    parse_quantity,
    to_base,
    to_decimal,
)
from baketracker.errors import Invalid

FLOUR_DENSITY = Decimal("0.5283")

MASS = ["g", "kg", "oz", "lb"]
VOLUME = ["ml", "l", "tsp", "tbsp", "cup", "fl oz", "pt", "qt", "gal"]
COUNT = ["each", "dozen"]


def close(a: Decimal, b: Decimal, relative: Decimal = Decimal("1e-12")) -> bool:
    return abs(a - b) <= relative * max(abs(a), abs(b), Decimal("1e-30"))


# Spellings


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("g", "g"), ("grams", "g"), ("gram", "g"), ("gr", "g"), ("G", "g"),
        ("kg", "kg"), ("kilogram", "kg"), ("kilograms", "kg"), ("KG", "kg"),
        ("oz", "oz"), ("ounce", "oz"), ("ounces", "oz"), ("oz.", "oz"),
        ("lb", "lb"), ("lbs", "lb"), ("pound", "lb"), ("pounds", "lb"), ("lb.", "lb"),
        ("ml", "ml"), ("mL", "ml"), ("millilitre", "ml"), ("milliliters", "ml"),
        ("l", "l"), ("L", "l"), ("litre", "l"), ("liters", "l"),
        ("tsp", "tsp"), ("tsp.", "tsp"), ("teaspoon", "tsp"), ("teaspoons", "tsp"),
        ("tbsp", "tbsp"), ("Tbsp", "tbsp"), ("TBSP", "tbsp"), ("tablespoons", "tbsp"),
        ("cup", "cup"), ("cups", "cup"), ("c", "cup"), ("Cups", "cup"),
        ("fl oz", "fl oz"), ("fl. oz.", "fl oz"), ("floz", "fl oz"), ("fl.oz", "fl oz"),
        ("fluid ounce", "fl oz"), ("fluid ounces", "fl oz"), ("FL OZ", "fl oz"),
        ("pt", "pt"), ("pint", "pt"), ("pints", "pt"),
        ("qt", "qt"), ("quart", "qt"), ("quarts", "qt"),
        ("gal", "gal"), ("gallon", "gal"), ("gallons", "gal"),
        ("each", "each"), ("ea", "each"), ("item", "each"), ("items", "each"),
        ("piece", "each"), ("pieces", "each"), ("pc", "each"), ("pcs", "each"),
        ("count", "each"), ("whole", "each"),
        ("dozen", "dozen"), ("doz", "dozen"), ("Dozen", "dozen"),
        ("  cups  ", "cup"),
    ],
)  # fmt: skip
def test_common_spellings_map_to_one_canonical_unit(spelling: str, canonical: str) -> None:
    assert canonical_unit(spelling) == canonical


def test_every_canonical_name_maps_to_itself() -> None:
    assert [canonical_unit(unit) for unit in UNITS] == list(UNITS)


def test_lowercase_t_is_a_teaspoon_and_capital_t_a_tablespoon() -> None:
    assert canonical_unit("t") == "tsp"
    assert canonical_unit("T") == "tbsp"
    assert canonical_unit("t.") == "tsp"
    assert canonical_unit("T.") == "tbsp"


def test_c_is_a_cup_not_the_speed_of_light() -> None:
    assert canonical_unit("c") == "cup"
    assert convert(1, "c", "ml") == Decimal("236.5882365")


def test_fl_oz_is_about_29_57_ml_not_a_femtolitre_ounce() -> None:
    assert convert(1, "fl oz", "ml") == Decimal("29.5735295625")
    assert dimension("fl oz") == "volume"


def test_t_is_never_read_as_a_tonne() -> None:
    assert convert(1, "t", "ml") == Decimal("4.92892159375")
    assert dimension("t") == "volume"


def test_pinch_is_refused_as_an_unknown_unit_with_a_hint() -> None:
    with pytest.raises(Invalid) as caught:
        canonical_unit("pinch")
    assert "Unknown unit 'pinch'" in caught.value.message
    assert "tsp" in caught.value.message
    assert caught.value.field == "unit"


def test_an_unknown_unit_lists_the_units_we_know() -> None:
    with pytest.raises(Invalid) as caught:
        canonical_unit("xyz")
    assert caught.value.message == (
        "Unknown unit 'xyz'. Known units: g, kg, oz, lb, ml, l, tsp, tbsp, cup, fl oz, "
        "pt, qt, gal, each, dozen, mm, cm, m, in, ft, yd"
    )
    assert caught.value.field == "unit"


def test_a_blank_unit_is_refused() -> None:
    with pytest.raises(Invalid):
        canonical_unit("  ")


@pytest.mark.parametrize("value", [None, 3, ["cup"]])
def test_a_unit_that_is_not_text_is_refused(value: object) -> None:
    with pytest.raises(Invalid) as caught:
        canonical_unit(value)  # type: ignore[arg-type]
    assert caught.value.field == "unit"


def test_each_unit_has_the_dimension_and_base_unit_a_baker_expects() -> None:
    assert BASE_UNITS == ("g", "ml", "item", "cm")
    assert {dimension(u) for u in MASS} == {"mass"}
    assert {dimension(u) for u in VOLUME} == {"volume"}
    assert {dimension(u) for u in COUNT} == {"count"}
    assert [base_unit(u) for u in ("lb", "cup", "dozen")] == ["g", "ml", "item"]
    assert dimension("item") == "count"
    assert [base_unit(u) for u in ("yd", "linear_inches")] == ["cm", "cm"]  # packaging


# Factors


def test_factors_to_base_are_the_exact_us_customary_values() -> None:
    assert {unit: factor_to_base(unit) for unit in UNITS} == {
        "g": Decimal("1"),
        "kg": Decimal("1000"),
        "oz": Decimal("28.349523125"),
        "lb": Decimal("453.59237"),
        "ml": Decimal("1"),
        "l": Decimal("1000"),
        "tsp": Decimal("4.92892159375"),
        "tbsp": Decimal("14.78676478125"),
        "cup": Decimal("236.5882365"),
        "fl oz": Decimal("29.5735295625"),
        "pt": Decimal("473.176473"),
        "qt": Decimal("946.352946"),
        "gal": Decimal("3785.411784"),
        "each": Decimal("1"),
        "dozen": Decimal("12"),
        "mm": Decimal("0.1"),
        "cm": Decimal("1"),
        "m": Decimal("100"),
        "in": Decimal("2.54"),
        "ft": Decimal("30.48"),
        "yd": Decimal("91.44"),
    }


def test_factors_are_written_without_exponents() -> None:
    assert str(factor_to_base("kg")) == "1000"
    assert str(factor_to_base("qt")) == "946.352946"


def test_to_base_of_two_pounds_is_grams() -> None:
    assert to_base(2, "lb") == (Decimal("907.18474"), "g")
    assert to_base("1 1/2", "cups") == (Decimal("354.88235475"), "ml")
    assert to_base(Decimal(2), "dozen") == (Decimal(24), "item")


def test_from_base_undoes_to_base() -> None:
    assert from_base(Decimal("907.18474"), "lb") == 2


# Conversion


def test_three_teaspoons_make_a_tablespoon_and_sixteen_tablespoons_a_cup() -> None:
    assert convert(3, "tsp", "tbsp") == 1
    assert convert(16, "tbsp", "cup") == 1
    assert convert(1, "gal", "qt") == 4
    assert convert(1, "lb", "oz") == 16


def test_two_cups_and_a_pound_of_flour_over_batches_sum_to_1860_8_grams() -> None:
    cups = convert(Decimal(2), "cup", "g", density_g_per_ml=FLOUR_DENSITY, ingredient="flour")
    pound = convert(Decimal(1), "lb", "g", density_g_per_ml=FLOUR_DENSITY, ingredient="flour")
    total = cups * 2 + pound * 3
    # DOMAIN.md rounds a cup of flour to 125 g; at 0.5283 g/ml it is 124.99 g.
    assert abs(total - Decimal("1860.8")) <= Decimal("0.1")
    assert format_quantity(total, "g") == "1860.74 g"


def test_a_cup_of_flour_at_0_5283_g_per_ml_weighs_236_5882365_times_0_5283_grams() -> None:
    grams = convert(1, "cup", "g", density_g_per_ml=FLOUR_DENSITY)
    assert grams == Decimal("124.98956534295")


def test_grams_convert_back_to_cups_through_the_density() -> None:
    cups = convert(Decimal("124.98956534295"), "g", "cup", density_g_per_ml=FLOUR_DENSITY)
    assert cups == 1


def test_missing_density_names_the_ingredient_and_both_units() -> None:
    with pytest.raises(Invalid) as caught:
        convert(2, "cups", "g", ingredient="flour")
    message = caught.value.message
    assert "flour" in message and "cup" in message and "g" in message
    assert "density" in message
    assert caught.value.field == "density"
    assert caught.value.record == "flour"


def test_missing_density_for_mass_to_volume_is_refused_too() -> None:
    with pytest.raises(Invalid, match="'salt' needs a density to convert lb to tsp"):
        convert(1, "lb", "tsp", ingredient="salt")


def test_a_zero_density_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        convert(1, "cup", "g", density_g_per_ml=Decimal(0), ingredient="flour")
    assert caught.value.field == "density"


def test_counts_never_convert_to_mass_or_volume_even_with_a_density() -> None:
    with pytest.raises(Invalid) as caught:
        convert(3, "each", "g", density_g_per_ml=Decimal(1), ingredient="eggs")
    message = caught.value.message
    assert "eggs" in message and "each" in message and "g" in message
    with pytest.raises(Invalid, match="dozen to cup"):
        convert(1, "dozen", "cup", ingredient="eggs")


def test_a_dozen_is_twelve_each() -> None:
    assert convert(2, "dozen", "each") == 24


def test_can_convert_says_whether_a_density_is_needed() -> None:
    assert can_convert("cup", "tbsp")
    assert can_convert("each", "dozen")
    assert not can_convert("cup", "g")
    assert can_convert("cup", "g", FLOUR_DENSITY)
    assert can_convert("lb", "ml", FLOUR_DENSITY)
    assert not can_convert("each", "g", FLOUR_DENSITY)
    assert not can_convert("cup", "g", Decimal(0))


# Quantities


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", "2"), ("2.5", "2.5"), (".5", "0.5"), ("1/2", "0.5"), ("3/4", "0.75"),
        ("1 1/2", "1.5"), ("1-1/2", "1.5"), ("2 3/4", "2.75"), ("½", "0.5"), ("1½", "1.5"),
        ("1 ½", "1.5"), ("¼", "0.25"), ("¾", "0.75"), ("⅛", "0.125"), ("⅜", "0.375"),
        ("⅝", "0.625"), ("⅞", "0.875"), ("⅕", "0.2"), ("1,000", "1000"),
        ("12,500.25", "12500.25"), (" 7 ", "7"), ("1⁄2", "0.5"),
    ],
)  # fmt: skip
def test_quantity_forms_parse_to_exact_decimals(text: str, value: str) -> None:
    assert parse_quantity(text) == Decimal(value)


def test_one_and_a_half_cups_parses_to_one_point_five_cup() -> None:
    assert parse_amount("1 1/2 cups") == (Decimal("1.5"), "cup")


def test_thirds_parse_the_same_from_unicode_and_from_a_slash() -> None:
    assert parse_quantity("⅓") == parse_quantity("1/3")
    assert abs(parse_quantity("⅔") - Decimal(2) / 3) < Decimal("1e-20")
    assert abs(parse_quantity("1 ⅓") - Decimal("1.3333333333")) < Decimal("1e-10")


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1/0", "NaN", "inf", "1e3", "1,5", "2 cups"])
def test_unreadable_quantities_are_refused_naming_the_text(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_quantity(text)
    assert f"'{text}'" in caught.value.message
    assert caught.value.field == "quantity"


def test_to_decimal_passes_through_ints_decimals_fractions_and_text() -> None:
    assert to_decimal(3) == Decimal(3)
    assert to_decimal(Decimal("2.50")) == Decimal("2.50")
    assert to_decimal("1 1/2") == Decimal("1.5")
    assert to_decimal(Fraction(3, 4)) == Decimal("0.75")
    assert to_decimal(0.1) == Decimal("0.1")


@pytest.mark.parametrize(
    "value", [True, False, float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"),
              "lots", None, [1]],
)  # fmt: skip
def test_to_decimal_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(Invalid) as caught:
        to_decimal(value, field="package_quantity", record="flour")
    assert caught.value.field == "package_quantity"
    assert caught.value.record == "flour"


# Amounts


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("½ tsp", "0.5", "tsp"), ("2 lb", "2", "lb"), ("3 each", "3", "each"),
        ("1 dozen", "1", "dozen"), ("2lb", "2", "lb"), ("250g", "250", "g"),
        ("1 fl oz", "1", "fl oz"), ("1-1/2 cups", "1.5", "cup"), ("1½ cups", "1.5", "cup"),
        ("1 T", "1", "tbsp"), ("1 t", "1", "tsp"), ("2 c", "2", "cup"),
        ("1,000 g", "1000", "g"), ("1.5kg", "1.5", "kg"), ("2 1/2lb", "2.5", "lb"),
        ("8 fl. oz.", "8", "fl oz"), ("3 pieces", "3", "each"),
    ],
)  # fmt: skip
def test_amounts_split_into_quantity_and_canonical_unit(
    text: str, quantity: str, unit: str
) -> None:
    assert parse_amount(text) == (Decimal(quantity), unit)


def test_a_zero_amount_is_refused_unless_allowed() -> None:
    with pytest.raises(Invalid) as caught:
        parse_amount("0 g")
    assert caught.value.field == "quantity"
    assert parse_amount("0 g", allow_zero=True) == (Decimal(0), "g")


def test_a_negative_amount_is_refused_even_when_zero_is_allowed() -> None:
    with pytest.raises(Invalid) as caught:
        parse_amount("-2 cups", allow_zero=True)
    assert caught.value.field == "quantity"


@pytest.mark.parametrize(
    ("text", "field"),
    [("cups", "quantity"), ("2", "unit"), ("2 pinch", "unit"), ("1-2 cups", "quantity"),
     ("1,5 cups", "quantity"), ("2 bushels", "unit")],
)  # fmt: skip
def test_bad_amounts_blame_the_right_field(text: str, field: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_amount(text)
    assert caught.value.field == field


# Density


def test_a_density_can_be_a_number_or_text() -> None:
    assert parse_density(Decimal("0.5283")) == Decimal("0.5283")
    assert parse_density("0.5283") == Decimal("0.5283")
    assert parse_density("0.5283 g/ml") == Decimal("0.5283")


def test_a_cup_weighing_4_25_oz_is_about_0_5093_g_per_ml() -> None:
    assert parse_density("1 cup = 4.25 oz").quantize(Decimal("0.0001")) == Decimal("0.5093")


def test_density_sentences_read_either_way_round() -> None:
    assert parse_density("1 cup = 120 g") == parse_density("120 g = 1 cup")
    assert parse_density("1 tbsp = 8 g") == Decimal(8) / Decimal("14.78676478125")


@pytest.mark.parametrize(
    "value",
    [Decimal(0), Decimal("-1"), "0", "1 cup = 0 g", "1 cup = 2 tbsp", "1 lb = 16 oz",
     "1 each = 50 g", "1 cup = 120 g = 4 oz", "heavy", "1 cup = 120"],
)  # fmt: skip
def test_impossible_densities_are_refused(value: object) -> None:
    with pytest.raises(Invalid) as caught:
        parse_density(value)
    assert caught.value.field == "density"


# Display


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("1860.80", "g", "1860.8 g"), ("3", "each", "3 each"), ("2.005", "cup", "2.01 cups"),
        ("1", "cup", "1 cup"), ("0.5", "cup", "0.5 cup"), ("1000", "g", "1000 g"),
        ("1E+3", "ml", "1000 ml"), ("-0.001", "g", "0 g"), ("12.3456", "fl oz", "12.35 fl oz"),
        ("123456789012345678901234567.891", "g", "123456789012345678901234567.89 g"),
    ],
)  # fmt: skip
def test_quantities_are_formatted_for_people(value: str, unit: str, text: str) -> None:
    assert format_quantity(Decimal(value), unit) == text


def test_large_base_quantities_display_in_the_bigger_metric_unit() -> None:
    assert best_display_unit(Decimal("1500"), "g") == (Decimal("1.5"), "kg")
    assert best_display_unit(Decimal("999"), "ml") == (Decimal("999"), "ml")
    assert best_display_unit(Decimal("5000"), "item") == (Decimal("5000"), "item")


# Properties

amounts = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("1000000"), places=3,
    allow_nan=False, allow_infinity=False,
)  # fmt: skip
densities = st.decimals(min_value=Decimal("0.05"), max_value=Decimal("3"), places=4)
same_dimension = st.sampled_from([MASS, VOLUME, COUNT]).flatmap(
    lambda units: st.tuples(st.sampled_from(units), st.sampled_from(units))
)
fast = settings(max_examples=40, deadline=None)


@fast
@given(x=amounts, pair=same_dimension)
def test_converting_there_and_back_returns_the_quantity(x: Decimal, pair: tuple[str, str]) -> None:
    a, b = pair
    assert close(convert(convert(x, a, b), b, a), x)


@fast
@given(x=amounts, volume=st.sampled_from(VOLUME), mass=st.sampled_from(MASS), d=densities)
def test_converting_through_a_density_there_and_back_returns_the_quantity(
    x: Decimal, volume: str, mass: str, d: Decimal
) -> None:
    there = convert(x, volume, mass, density_g_per_ml=d)
    assert close(convert(there, mass, volume, density_g_per_ml=d), x)


@fast
@given(x=amounts, k=st.integers(min_value=1, max_value=1000), unit=st.sampled_from(UNITS),
       d=densities)  # fmt: skip
def test_conversion_scales_linearly(x: Decimal, k: int, unit: str, d: Decimal) -> None:
    target = "g" if dimension(unit) != "count" else "dozen"
    scaled = convert(k * x, unit, target, density_g_per_ml=d)
    assert close(scaled, k * convert(x, unit, target, density_g_per_ml=d), Decimal("1e-20"))


@fast
@given(x=amounts, y=amounts, unit=st.sampled_from(UNITS))
def test_to_base_of_a_sum_is_the_sum_of_to_bases(x: Decimal, y: Decimal, unit: str) -> None:
    total, base = to_base(x + y, unit)
    assert total == to_base(x, unit)[0] + to_base(y, unit)[0]
    assert base == base_unit(unit)


@fast
@given(
    whole=st.integers(min_value=0, max_value=999),
    numerator=st.integers(min_value=1, max_value=15),
    denominator=st.sampled_from([2, 4, 8, 16]),
    separator=st.sampled_from([" ", "-"]),
)
def test_mixed_numbers_parse_to_whole_plus_fraction(
    whole: int, numerator: int, denominator: int, separator: str
) -> None:
    text = f"{whole}{separator}{numerator}/{denominator}"
    assert parse_quantity(text) == whole + Decimal(numerator) / Decimal(denominator)


@fast
@given(
    value=st.decimals(min_value=-(10**9), max_value=10**9, places=6), unit=st.sampled_from(UNITS)
)
def test_formatted_quantities_have_at_most_two_decimals_and_no_exponent(
    value: Decimal, unit: str
) -> None:
    number = format_quantity(value, unit).split(" ")[0]
    assert "E" not in number and "e" not in number
    assert len(number.partition(".")[2]) <= 2
    assert abs(Decimal(number) - value) <= Decimal("0.005")


def test_a_volume_without_density_is_shown_in_the_spoon_or_cup_that_measures_it() -> None:
    from baketracker.domain.units import kitchen_volume

    assert kitchen_volume(Decimal("4.92892159375")) == (Decimal(1), "tsp")
    assert kitchen_volume(Decimal("29.5735295625")) == (Decimal(2), "tbsp")
    assert kitchen_volume(Decimal("118.29411825")) == (Decimal("0.5"), "cup")
