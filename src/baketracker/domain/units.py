"""Kitchen units: parse what bakers type, and convert quantities exactly in Decimal."""

from __future__ import annotations

import re
from decimal import Context, Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final, Literal

from baketracker.domain.numbers import (
    QUANTITY_TEXT,
    hundredths,
    parse_quantity,
    plain,
    quantity_value,
    read_quantity,
    to_decimal,
)
from baketracker.errors import Invalid

if TYPE_CHECKING:
    import pint

Dimension = Literal["mass", "volume", "count", "length"]

BASE_UNITS: Final = ("g", "ml", "item", "cm")

# Canonical names, in the order people expect to see them listed.
UNITS: Final = (
    "g", "kg", "oz", "lb",
    "ml", "l", "tsp", "tbsp", "cup", "fl oz", "pt", "qt", "gal",
    "each", "dozen",
    "mm", "cm", "m", "in", "ft", "yd",
)  # fmt: skip

_DIMENSION: Final[dict[str, Dimension]] = {
    "g": "mass", "kg": "mass", "oz": "mass", "lb": "mass",
    "ml": "volume", "l": "volume", "tsp": "volume", "tbsp": "volume", "cup": "volume",
    "fl oz": "volume", "pt": "volume", "qt": "volume", "gal": "volume",
    "each": "count", "dozen": "count",
    # Packaging only (ribbon by the yard): recipes never measure by length.
    "mm": "length", "cm": "length", "m": "length", "in": "length", "ft": "length",
    "yd": "length",
}  # fmt: skip

_BASE: Final[dict[Dimension, str]] = {
    "mass": "g", "volume": "ml", "count": "item", "length": "cm",
}  # fmt: skip

# Our names → pint's, spelled out because pint's own parser misreads kitchen text
# ("fl oz" is femtolitre·ounce, "c" the speed of light, "t" a tonne).
_PINT_NAME: Final[dict[str, str]] = {
    "g": "gram", "kg": "kilogram", "oz": "ounce", "lb": "pound",
    "ml": "milliliter", "l": "liter", "tsp": "teaspoon", "tbsp": "tablespoon",
    "cup": "cup", "fl oz": "fluid_ounce", "pt": "pint", "qt": "quart", "gal": "gallon",
    "each": "each", "dozen": "dozen",
    "mm": "millimeter", "cm": "centimeter", "m": "meter", "in": "inch", "ft": "foot",
    "yd": "yard",
}  # fmt: skip
_PINT_BASE: Final[dict[Dimension, str]] = {
    "mass": "gram", "volume": "milliliter", "count": "item", "length": "centimeter",
}  # fmt: skip

# Spellings after _normalise (lower case, dots and underscores as spaces, single spaces).
_SPELLINGS: Final[dict[str, tuple[str, ...]]] = {
    "g": ("g", "gs", "gr", "grs", "gm", "gms", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "ml": (
        "ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters",
    ),
    "l": ("l", "ls", "ltr", "ltrs", "litre", "litres", "liter", "liters"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons"),
    "tbsp": ("tbsp", "tbsps", "tbs", "tbl", "tblsp", "tablespoon", "tablespoons"),
    "cup": ("c", "cup", "cups"),
    "fl oz": (
        "fl oz", "floz", "fl ozs", "fl ounce", "fl ounces",
        "fluid oz", "fluid ounce", "fluid ounces",
    ),
    "pt": ("pt", "pts", "pint", "pints"),
    "qt": ("qt", "qts", "quart", "quarts"),
    "gal": ("gal", "gals", "gallon", "gallons"),
    "each": (
        "each", "ea", "item", "items", "piece", "pieces", "pc", "pcs",
        "count", "ct", "whole",
    ),
    "dozen": ("dozen", "dozens", "doz", "dz"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("cm", "cms", "centimetre", "centimetres", "centimeter", "centimeters", "linear cm"),
    "m": ("m", "metre", "metres", "meter", "meters", "linear m"),
    "in": ("in", "inch", "inches", "linear in", "linear inch", "linear inches"),
    "ft": ("ft", "foot", "feet", "linear ft", "linear feet"),
    "yd": ("yd", "yds", "yard", "yards", "linear yd", "linear yards"),
}  # fmt: skip

# Recipes use "t" for teaspoon and "T" for tablespoon, so these two are matched before
# the text is lower-cased; every other spelling is case-insensitive.
_CASE_SENSITIVE: Final[dict[str, str]] = {"t": "tsp", "T": "tbsp"}


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for canonical, spellings in _SPELLINGS.items():
        for spelling in spellings:
            if aliases.setdefault(spelling, canonical) != canonical:
                raise RuntimeError(f"unit alias {spelling!r} is claimed twice")
    return aliases


_ALIASES: Final = _build_aliases()

# Words bakers write that are not measurements: refusing them with advice beats guessing
# a size that the shopping list would then treat as exact.
_HINTS: Final[dict[str, str]] = {
    "pinch": "a pinch is too vague to plan with: write a fraction of a tsp (1/16 tsp) or weigh it",
    "pinches": "a pinch is too vague to plan with: write a fraction of a tsp (1/16 tsp)",
    "dash": "a dash is too vague to plan with: write a fraction of a tsp (1/8 tsp)",
    "dashes": "a dash is too vague to plan with: write a fraction of a tsp (1/8 tsp)",
    "smidgen": "a smidgen is too vague to plan with: write a fraction of a tsp (1/32 tsp)",
    "drop": "a drop is too vague to plan with: write a fraction of a tsp or ml",
    "drops": "a drop is too vague to plan with: write a fraction of a tsp or ml",
    "handful": "a handful is too vague to plan with: weigh it in g or oz",
    "stick": "write butter by weight: a US stick is 4 oz (113 g)",
    "sticks": "write butter by weight: a US stick is 4 oz (113 g)",
}

_KNOWN_LIST: Final = ", ".join(UNITS)


def _normalise(text: str) -> str:
    return " ".join(text.replace(".", " ").replace("_", " ").lower().split())


def canonical_unit(text: str) -> str:
    """Map a user's spelling ("cups", "Tbsp", "fl. oz.", "T") to our canonical name.

    Raises Invalid(field="unit") for anything unknown, listing the units we know.
    """
    if not isinstance(text, str):
        raise Invalid(f"A unit must be text, not {text!r}", field="unit")
    return _canonical(text)


@lru_cache(maxsize=1024)
def _canonical(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise Invalid(f"A unit is required. Known units: {_KNOWN_LIST}", field="unit")
    if stripped.rstrip(".") in _CASE_SENSITIVE:
        return _CASE_SENSITIVE[stripped.rstrip(".")]
    key = _normalise(stripped)
    if key in _ALIASES:
        return _ALIASES[key]
    message = f"Unknown unit '{stripped}'. Known units: {_KNOWN_LIST}"
    if key in _HINTS:
        message += f" ({_HINTS[key]})"
    raise Invalid(message, field="unit")


def dimension(unit: str) -> Dimension:
    """What a unit measures: "mass", "volume", "count" or "length" (packaging only)."""
    return _DIMENSION[canonical_unit(unit)]


def base_unit(unit: str) -> str:
    """The base unit quantities of this unit are stored and summed in: g, ml, item or cm."""
    return _BASE[dimension(unit)]


@cache
def _registry() -> pint.UnitRegistry[Decimal]:
    # Imported lazily: building the registry costs ~0.3 s, paid once and only when a
    # factor is first needed.
    import pint

    registry: pint.UnitRegistry[Decimal] = pint.UnitRegistry(non_int_type=Decimal)
    registry.define("item = [item]")
    registry.define("each = item")
    registry.define("dozen = 12 item")
    return registry


# pint's Decimal mode divides through chains of definitions (teaspoon = fluid_ounce / 6
# = pint / 96 = … cubic inches) at 28 digits and leaves tails like 4.92892159375…0003.
# Every US-customary factor is exact in at most 15 significant digits (a gallon is
# exactly 231 in³ = 3785.411784 ml), so rounding to 20 recovers the exact value.
_FACTOR_CONTEXT: Final = Context(prec=20)


@cache
def _factor(canonical: str) -> Decimal:
    registry = _registry()
    base = _PINT_BASE[_DIMENSION[canonical]]
    magnitude = registry.Quantity(Decimal(1), _PINT_NAME[canonical]).to(base).magnitude
    return plain(_FACTOR_CONTEXT.plus(Decimal(magnitude)))


def factor_to_base(unit: str) -> Decimal:
    """How many base units (g, ml, item) one of `unit` is; exact and cached after first use."""
    return _factor(canonical_unit(unit))


def to_base(quantity: Decimal | int | str, unit: str) -> tuple[Decimal, str]:
    """Express a quantity in its base unit: (2, "lb") → (Decimal("907.18474"), "g")."""
    canonical = canonical_unit(unit)
    return to_decimal(quantity) * _factor(canonical), _BASE[_DIMENSION[canonical]]


def from_base(quantity_in_base: Decimal | int | str, unit: str) -> Decimal:
    """The inverse of to_base: a base-unit quantity expressed in `unit`."""
    return to_decimal(quantity_in_base) / factor_to_base(unit)


def _naming(ingredient: str | None) -> str:
    return f"Ingredient '{ingredient}'" if ingredient else "This ingredient"


def _check_density(density: Decimal | int | str, ingredient: str | None) -> Decimal:
    value = to_decimal(density, field="density", record=ingredient)
    if value <= 0:
        raise Invalid(
            f"{_naming(ingredient)} has a density of {value} g/ml; it must be greater than zero",
            record=ingredient,
            field="density",
        )
    return value


def convert(
    quantity: Decimal | int | str,
    from_unit: str,
    to_unit: str,
    *,
    density_g_per_ml: Decimal | None = None,
    ingredient: str | None = None,
) -> Decimal:
    """Convert a quantity between units; volume ↔ mass only through a density in g/ml.

    Raises Invalid naming the ingredient and both units when the density is missing or
    when a count (each, dozen) would have to become a mass or volume.
    """
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    amount = to_decimal(quantity, record=ingredient)
    source_dim, target_dim = _DIMENSION[source], _DIMENSION[target]
    if source_dim == target_dim:
        return amount * _factor(source) / _factor(target)
    if "count" in (source_dim, target_dim):
        raise Invalid(
            f"{_naming(ingredient)}: cannot convert {source} to {target}; "
            "counted units (each, dozen) never convert to mass or volume",
            record=ingredient,
            field="unit",
        )
    if density_g_per_ml is None:
        raise Invalid(
            f"{_naming(ingredient)} needs a density to convert {source} to {target} "
            "(for example '1 cup = 120 g')",
            record=ingredient,
            field="density",
        )
    density = _check_density(density_g_per_ml, ingredient)
    if source_dim == "volume":
        return amount * _factor(source) * density / _factor(target)
    return amount * _factor(source) / density / _factor(target)


def can_convert(from_unit: str, to_unit: str, density: Decimal | None = None) -> bool:
    """Whether convert() would succeed; unknown units still raise Invalid."""
    source_dim, target_dim = dimension(from_unit), dimension(to_unit)
    if source_dim == target_dim:
        return True
    if "count" in (source_dim, target_dim):
        return False
    return density is not None and density > 0


def parse_amount(text: str, *, allow_zero: bool = False) -> tuple[Decimal, str]:
    """Read "1 1/2 cups", "½ tsp", "2lb", "1 fl oz" as (quantity, canonical unit).

    The quantity must be greater than zero (or zero, with allow_zero); otherwise, and for
    unreadable text, raises Invalid with field "quantity" or "unit".
    """
    if not isinstance(text, str):
        raise Invalid(f"An amount must be text, not {text!r}", field="quantity")
    stripped = text.strip()
    match = QUANTITY_TEXT.match(stripped)
    if match is None:
        raise Invalid(
            f"The amount '{stripped}' must start with a quantity, such as '1 1/2 cups'",
            field="quantity",
        )
    rest = stripped[match.end() :].strip()
    # A leftover that starts like a number means the quantity itself was misread
    # ("1,5 cups", "1-2 cups"); blaming the unit would send the baker to the wrong fix.
    if rest[:1] in tuple(",./-–") or rest[:1].isdigit():
        raise Invalid(
            f"Cannot read the quantity in '{stripped}': write one number such as 2, 2.5, "
            "1/2 or 1 1/2 (no ranges, and a point for decimals)",
            field="quantity",
        )
    if not rest:
        raise Invalid(
            f"The amount '{stripped}' has no unit. Known units: {_KNOWN_LIST}", field="unit"
        )
    quantity = quantity_value(match, stripped, "quantity", None)
    unit = canonical_unit(rest)
    if quantity < 0 or (quantity == 0 and not allow_zero):
        limit = "zero or more" if allow_zero else "greater than zero"
        raise Invalid(f"The quantity in '{stripped}' must be {limit}", field="quantity")
    return quantity, unit


_PER_ML_SUFFIX: Final = re.compile(r"\s*g\s*(?:/|per)\s*ml\s*$", re.IGNORECASE)


def parse_density(value: object) -> Decimal:
    """Density in grams per millilitre, from a number ("0.5283") or "1 cup = 4.25 oz".

    Either side of "=" may hold the volume. Raises Invalid(field="density") for zero or
    negative values, two units of the same kind, or counted units.
    """
    if not isinstance(value, str):
        return _check_density(to_decimal(value, field="density"), None)
    text = value.strip()
    if "=" not in text:
        return _check_density(read_quantity(_PER_ML_SUFFIX.sub("", text), "density", None), None)
    sides = text.split("=")
    if len(sides) != 2:
        raise Invalid(
            f"Cannot read the density '{text}': write one '=', as in '1 cup = 120 g'",
            field="density",
        )
    try:
        amounts = [parse_amount(side) for side in sides]
    except Invalid as error:
        raise Invalid(
            f"Cannot read the density '{text}': {error.message}", field="density"
        ) from error
    by_dimension = {_DIMENSION[unit]: (quantity, unit) for quantity, unit in amounts}
    if set(by_dimension) != {"mass", "volume"}:
        units = " and ".join(unit for _, unit in amounts)
        raise Invalid(
            f"The density '{text}' must relate a volume to a weight (as in '1 cup = 120 g'), "
            f"not {units}",
            field="density",
        )
    grams = to_base(*by_dimension["mass"])[0]
    millilitres = to_base(*by_dimension["volume"])[0]
    return grams / millilitres


def format_quantity(value: Decimal, unit: str) -> str:
    """A quantity for people: at most 2 decimals, no trailing zeros ("1860.8 g", "3 each")."""
    rounded = hundredths(value)
    label = "cups" if unit == "cup" and rounded > 1 else unit
    return f"{rounded:f} {label}"


def best_display_unit(quantity_in_base: Decimal, base: str) -> tuple[Decimal, str]:
    """Switch large base quantities to the bigger metric unit: 1500 g → (1.5, "kg")."""
    bigger = {"g": "kg", "ml": "l"}.get(base)
    if bigger is not None and abs(quantity_in_base) >= 1000:
        return quantity_in_base / 1000, bigger
    return quantity_in_base, base


def kitchen_volume(quantity_ml: Decimal) -> tuple[Decimal, str]:
    """A volume in the spoon or cup a baker would measure it with: 4.93 ml → (1, "tsp").

    Used to show ingredients that have no density (and so stay in ml) the way a recipe
    writes them.
    """
    for unit, at_least in (("cup", Decimal("0.25")), ("tbsp", Decimal(1))):
        value = from_base(quantity_ml, unit)
        if abs(value) >= at_least:
            return value, unit
    return from_base(quantity_ml, "tsp"), "tsp"


__all__ = [
    "BASE_UNITS",
    "UNITS",
    "Dimension",
    "base_unit",
    "best_display_unit",
    "can_convert",
    "canonical_unit",
    "convert",
    "dimension",
    "factor_to_base",
    "format_quantity",
    "from_base",
    "kitchen_volume",
    "parse_amount",
    "parse_density",
    "parse_quantity",
    "to_base",
    "to_decimal",
]
