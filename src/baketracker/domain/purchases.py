"""What a believable purchase is: the bounds every entry point checks, kept in one place.

A purchase beyond the plausible bounds (more than 1,000 packages, or more than $10,000
paid at once) is usually a slip of the keyboard; it is recorded only once the baker
confirms it. Beyond the absurd bounds nothing is recorded at all: no kitchen buys a
hundred thousand packages, and stock that large would not fit the ledger's columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from baketracker.domain import fifo, units
from baketracker.errors import Invalid

PLAUSIBLE_PACKAGES: Final = Decimal(1000)
PLAUSIBLE_TOTAL: Final = Decimal(10000)
ABSURD_PACKAGES: Final = Decimal(100000)
ABSURD_TOTAL: Final = Decimal(1000000)
# Lots store quantities in base units (g, ml, item) as Numeric(18, 6).
ABSURD_BASE_QUANTITY: Final = Decimal(10) ** 11


class Implausible(Invalid):
    """A purchase that may be meant but is far beyond the usual: confirm it to record it."""


# Quantities are stored with 6 decimals; costs per base unit with 12.
QTY_PLACES: Final = Decimal("0.000001")
COST_PLACES: Final = Decimal("0.000000000001")


@dataclass(frozen=True)
class PurchaseFigures:
    """A checked purchase: `packages` at `price_per_package`, `total` paid (in cents),
    and the lot it makes: `quantity` of `unit` (a base unit) at `unit_cost` each."""

    packages: Decimal
    price_per_package: Decimal
    total: Decimal
    quantity: Decimal
    unit: str
    unit_cost: Decimal


def read_number(value: object, *, what: str, record: str) -> Decimal:
    """A packages count or a price as a Decimal; Invalid naming `what` when unreadable
    (so "abc" as a price is a price problem, never a quantity one)."""
    try:
        return units.to_decimal(value, field=what, record=record)
    except Invalid:
        shown = value if isinstance(value, str) else repr(value)
        example = "4.50" if "price" in what else "2"
        raise Invalid(f"{record}: cannot read the {what.replace('_', ' ')} '{shown}'; write a "
                      f"number such as {example}", record=record, field=what) from None


def _amount(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _money(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,}"


def figures(
    packages: object,
    price_per_package: object,
    *,
    package_quantity: Decimal,
    package_unit: str,
    record: str,
    confirm: bool = False,
    packages_field: str = "packages",
    price_field: str = "price_per_package",
) -> PurchaseFigures:
    """Read, check and work out a purchase of packages of `package_quantity` `package_unit`.

    Raises Invalid naming the field (unreadable, packages ≤ 0, negative price, absurd
    amounts) or Implausible (beyond the plausible bounds and not `confirm`ed).
    """
    count = read_number(packages, what=packages_field, record=record)
    price = read_number(price_per_package, what=price_field, record=record)
    per_package, base = units.to_base(package_quantity, package_unit)
    check_purchase(count, price, record=record, confirm=confirm, package_base=per_package,
                   packages_field=packages_field, price_field=price_field)
    return PurchaseFigures(
        packages=count,
        price_per_package=price,
        total=fifo.money(count * price),
        quantity=(count * per_package).quantize(QTY_PLACES),
        unit=base,
        unit_cost=(price / per_package).quantize(COST_PLACES),
    )


def check_purchase(
    packages: Decimal,
    price_per_package: Decimal,
    *,
    record: str,
    confirm: bool = False,
    package_base: Decimal | None = None,
    packages_field: str = "packages",
    price_field: str = "price_per_package",
) -> Decimal:
    """Refuse what cannot be a purchase; ask for confirmation of what is implausible.

    `package_base` is one package in its base unit (g, ml, item), when known. Raises
    Invalid naming the field (packages ≤ 0, negative price, absurd amounts) or Implausible
    (an Invalid) when the purchase is beyond the plausible bounds and not confirmed.
    Returns the total paid.
    """
    count_label, price_label = packages_field.replace("_", " "), price_field.replace("_", " ")
    if packages <= 0:
        raise Invalid(f"{record}: {count_label} must be greater than 0, not "
                      f"{_amount(packages)}", record=record, field=packages_field)
    if price_per_package < 0:
        raise Invalid(f"{record}: {price_label} must not be negative, not "
                      f"{_amount(price_per_package)}", record=record, field=price_field)
    total = packages * price_per_package
    too_much = packages > ABSURD_PACKAGES or (
        package_base is not None and packages * package_base > ABSURD_BASE_QUANTITY
    )
    if too_much:
        raise Invalid(f"{record}: {_amount(packages)} {count_label} is more than any kitchen "
                      f"buys (at most {_amount(ABSURD_PACKAGES)}); check the number",
                      record=record, field=packages_field)
    if total > ABSURD_TOTAL or price_per_package > ABSURD_TOTAL:
        paid = max(total, price_per_package)
        raise Invalid(f"{record}: {_money(paid)} in one purchase is more than any kitchen pays "
                      f"(at most {_money(ABSURD_TOTAL)}); check the {price_label}",
                      record=record, field=price_field)
    if not confirm and packages > PLAUSIBLE_PACKAGES:
        raise Implausible(f"{record}: {_amount(packages)} {count_label} is more than "
                          f"{_amount(PLAUSIBLE_PACKAGES)}; confirm to record it",
                          record=record, field=packages_field)
    if not confirm and total > PLAUSIBLE_TOTAL:
        raise Implausible(f"{record}: {_money(total)} in one purchase is more than "
                          f"{_money(PLAUSIBLE_TOTAL)}; check the {price_label} or confirm "
                          "to record it", record=record, field=price_field)
    return total
