"""Number rules in one place: reading numbers people type, checking whole numbers,
the precisions stored and shown, and the formatters that turn a Decimal into text.

Everything is Decimal (never float arithmetic); rounding for people is half-up.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Final

from baketracker.errors import Invalid

# --- precisions ------------------------------------------------------------------------

CENT: Final = Decimal("0.01")  # money and quantities shown to people
PERCENT_PLACE: Final = Decimal("0.1")  # progress percentages
RATE_PLACES: Final = Decimal("0.0001")  # small per-unit prices shown to people
QUANTITY_PLACES: Final = Decimal("0.000001")  # stored quantities and run costs
RATIO_PLACES: Final = Decimal("0.000000001")  # converted quantities, package ratios
UNIT_COST_PLACES: Final = Decimal("0.000000000001")  # a lot's cost per base unit
# Reshaping a number for display must never round it: the default 28 digits would
# raise or cut digits on very large totals.
WIDE_CONTEXT: Final = Context(prec=80)


# --- reading ---------------------------------------------------------------------------


# Unicode vulgar fractions, kept as exact numerator/denominator pairs.
_VULGAR: Final[dict[str, tuple[int, int]]] = {
    "¼": (1, 4), "½": (1, 2), "¾": (3, 4), "⅐": (1, 7), "⅑": (1, 9), "⅒": (1, 10),
    "⅓": (1, 3), "⅔": (2, 3), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5), "⅘": (4, 5),
    "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8),
    "↉": (0, 3),
}  # fmt: skip

_V = "[" + "".join(_VULGAR) + "]"
_SLASH = r"\s*[/⁄]\s*"  # ASCII slash or U+2044 FRACTION SLASH
_INT = "[0-9]+"
# Alternatives run longest first, because parse_amount takes the unit from whatever
# follows the match ("1 1/2 cups" must not stop after "1").
QUANTITY_TEXT: Final = re.compile(
    rf"""
    (?P<sign>[-+−])?\s*
    (?:
        (?P<w1>{_INT})(?:\s+|\s*-\s*)(?P<n1>{_INT}){_SLASH}(?P<d1>{_INT})   # 1 1/2, 1-1/2
      | (?P<w2>{_INT})\s*-?\s*(?P<v2>{_V})                                 # 1½, 1 ½
      | (?P<n3>{_INT}){_SLASH}(?P<d3>{_INT})                               # 1/2
      | (?P<v4>{_V})                                                       # ½
      | (?P<dec>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]*)?                   # 1,000.5
               |[0-9]+(?:\.[0-9]*)?|\.[0-9]+)                              # 2, 2.5, .5
    )
    """,
    re.VERBOSE,
)


def _bad_quantity(text: str, field: str, record: str | None) -> Invalid:
    return Invalid(
        f"Cannot read the quantity '{text}': write a number such as 2, 2.5, 1/2 or 1 1/2",
        record=record,
        field=field,
    )


def quantity_value(match: re.Match[str], text: str, field: str, record: str | None) -> Decimal:
    g = match.group
    whole, numerator, denominator = Decimal(0), 0, 1
    if g("w1") is not None:
        whole, numerator, denominator = Decimal(g("w1")), int(g("n1")), int(g("d1"))
    elif g("w2") is not None:
        whole, (numerator, denominator) = Decimal(g("w2")), _VULGAR[g("v2")]
    elif g("n3") is not None:
        numerator, denominator = int(g("n3")), int(g("d3"))
    elif g("v4") is not None:
        numerator, denominator = _VULGAR[g("v4")]
    else:
        whole = Decimal(g("dec").replace(",", ""))
    if denominator == 0:
        raise Invalid(f"The quantity '{text}' divides by zero", record=record, field=field)
    value = whole + Decimal(numerator) / Decimal(denominator) if numerator else whole
    return -value if g("sign") in ("-", "−") else value


def read_quantity(text: str, field: str, record: str | None) -> Decimal:
    match = QUANTITY_TEXT.fullmatch(text.strip())
    if match is None:
        raise _bad_quantity(text, field, record)
    return quantity_value(match, text, field, record)


def parse_quantity(text: str) -> Decimal:
    """Read "2", "2.5", ".5", "1/2", "1 1/2", "1-1/2", "½", "1½", "1,000" as a Decimal.

    Thirds and other non-terminating fractions are rounded to the Decimal context's
    precision (28 significant digits). Raises Invalid(field="quantity") naming the text.
    """
    if not isinstance(text, str):
        raise _bad_quantity(str(text), "quantity", None)
    return read_quantity(text, "quantity", None)


def to_decimal(value: object, *, field: str = "quantity", record: str | None = None) -> Decimal:
    """Turn user or stored input (Decimal, int, finite float, Fraction, text) into a Decimal.

    Refuses bools, NaN and infinities, and text that is not a quantity, with Invalid.
    """
    if isinstance(value, bool):
        raise Invalid(f"{value!r} is not a number", record=record, field=field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise Invalid(f"{value} is not a usable number", record=record, field=field)
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid(f"{value} is not a usable number", record=record, field=field)
        # repr gives the shortest text that round-trips, so 0.1 becomes Decimal("0.1")
        # rather than the binary float's 0.1000000000000000055…
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, str):
        return read_quantity(value, field, record)
    raise Invalid(f"{value!r} is not a number", record=record, field=field)


# --- checking --------------------------------------------------------------------------


def whole_number(value: object, *, field: str, record: str, minimum: int = 1) -> int:
    """A whole number of at least `minimum` (1, or 0) from an int, Decimal or text.

    Else Invalid naming the record and the field: "must be a whole number, not 1.5",
    "must be greater than 0, not 0", "must be 0 or more, not -1".
    """
    try:
        number = to_decimal(value, field=field, record=record)
    except Invalid:
        raise Invalid(
            f"{record}: {field} must be a whole number, not {value!r}", record=record, field=field
        ) from None
    if number != number.to_integral_value():
        raise Invalid(
            f"{record}: {field} must be a whole number, not {decimal_text(number)}",
            record=record,
            field=field,
        )
    if number < minimum:
        wanted = "greater than 0" if minimum == 1 else f"{minimum} or more"
        raise Invalid(
            f"{record}: {field} must be {wanted}, not {decimal_text(number)}",
            record=record,
            field=field,
        )
    return int(number)


def positive_quantity(value: object, *, field: str, record: str, whole: bool = False) -> Decimal:
    """A Decimal > 0 (a whole number when `whole`), else Invalid naming record and field."""
    number = to_decimal(value, field=field, record=record)
    if number <= 0:
        raise Invalid(
            f"{record}: {field} must be greater than 0, not {number}", record=record, field=field
        )
    if whole and number != number.to_integral_value():
        raise Invalid(
            f"{record}: {field} must be a whole number, not {number}", record=record, field=field
        )
    return number


# --- showing ---------------------------------------------------------------------------


def plain(value: Decimal) -> Decimal:
    """Strip trailing zeros without an exponent: 1E+3 → 1000, 12.50 → 12.5, 3.000 → 3."""
    value = value.normalize(WIDE_CONTEXT)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return value.quantize(Decimal(1), context=WIDE_CONTEXT)
    return value


def hundredths(value: Decimal) -> Decimal:
    """A figure for people: at most 2 decimals (half-up), no trailing zeros, never -0."""
    rounded = plain(value.quantize(CENT, rounding=ROUND_HALF_UP, context=WIDE_CONTEXT))
    return Decimal(0) if rounded == 0 else rounded


def money(value: Decimal) -> Decimal:
    """Round to cents, halves up (0.005 → 0.01): for totals shown to people, not for sums."""
    # Floats would make money wrong in the last digit; NaN and Infinity cannot round.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Invalid(f"amount must be a Decimal, not {type(value).__name__}", field="amount")
    if isinstance(value, Decimal) and not value.is_finite():
        raise Invalid(f"amount must be a finite number, not {value}", field="amount")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def decimal_text(value: Decimal | int | None) -> str | None:
    """A Decimal as exact JSON text without exponent or trailing zeros (1E+1 → "10")."""
    if value is None:
        return None
    normal = Decimal(value).normalize()
    if normal == 0:
        return "0"
    return format(normal, "f")
