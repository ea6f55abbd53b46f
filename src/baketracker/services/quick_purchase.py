"""Purchases in one line: "2 lb butter $8.49" or a scanned barcode becomes a recorded lot.

The line is read by domain.quick_line, the product found by domain.product_match over
the catalog's product names, brands and ingredient names (or by its barcode), and the
purchase recorded by inventory.record_purchase, today. Re-exported as
`inventory.quick_purchase`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from baketracker.db import AUTO, transactional
from baketracker.domain import product_match, purchases, quick_line, units
from baketracker.domain.quick_line import QuickLine
from baketracker.errors import Invalid
from baketracker.models import Ingredient, Product, Purchase
from baketracker.services.permissions import requires

# A label's "1 lb" is often 454 g: an amount within 1% of whole packages is whole.
WHOLE_TOLERANCE = Decimal("0.01")
MAX_LISTED = 8


class QuickPurchased(TypedDict):
    """A one-line purchase: what record_purchase returns plus what the line was read as."""

    purchase_id: int | None
    lot_id: int | None
    product_slug: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    total_price: Decimal
    purchased_on: date
    product_name: str
    packages: Decimal
    price_per_package: Decimal
    dry_run: bool


def _refuse(line: QuickLine, field: str, message: str) -> Invalid:
    record = f"Quick purchase '{line.text}'"
    return Invalid(f"{record}: {message}", record=record, field=field)


def _size(prod: Product) -> str:
    return units.format_quantity(prod.package_quantity, prod.package_unit)


def _candidate(prod: Product) -> product_match.Candidate:
    item = prod.ingredient or prod.material
    return product_match.Candidate(
        prod.id, prod.name, product_match.words_of(prod.name, prod.brand, prod.slug,
                                                  item.name if item else None)
    )


def _in_package_units(line: QuickLine, prod: Product, amount: Decimal, unit: str) -> Decimal:
    """How many packages of `prod` `amount` `unit` is (not rounded)."""
    density = prod.ingredient.density_g_per_ml if prod.ingredient else None
    try:
        converted = units.convert(amount, unit, prod.package_unit, density_g_per_ml=density,
                                  ingredient=prod.name)
    except Invalid as exc:
        raise _refuse(line, "unit", f"{prod.name} comes in {_size(prod)} packages: "
                      f"{exc.message}") from None
    return converted / prod.package_quantity


def _fits(line: QuickLine, prod: Product) -> bool:
    """Whether the line's amount suits the product: its package size, or whole packages."""
    if line.amount is None or line.unit is None:
        return True
    try:
        ratio = _in_package_units(line, prod, line.amount, line.unit)
    except Invalid:
        return False
    if line.amount_is_size:
        return abs(ratio - 1) <= WHOLE_TOLERANCE
    whole = ratio.to_integral_value()
    return whole >= 1 and abs(ratio - whole) <= WHOLE_TOLERANCE * whole


def _by_barcode(session: Session, line: QuickLine) -> Product:
    prod = session.scalars(select(Product).where(Product.gtin == line.barcode)).first()
    if prod is None:
        raise _refuse(line, "barcode", f"no product has the barcode {line.barcode}; create the "
                      "product with this barcode (Catalog › Products), then buy it")
    return prod


def _not_found(session: Session, line: QuickLine, products: list[Product]) -> Invalid:
    """The refusal when nothing matches: an unknown unit, or which product to create."""
    if line.after_count and line.words != line.after_count:
        rest = line.words.removeprefix(line.after_count).strip()
        if product_match.rank(rest, [_candidate(p) for p in products]).best:
            return _refuse(line, "unit", f"'{line.after_count}' is not a unit we know "
                           f"(known: {', '.join(units.UNITS)}); for packages write "
                           f"'{(line.packages or 1):f} x {rest}'")
    ingredients = session.scalars(select(Ingredient)).all()
    named = product_match.rank(line.words, [
        product_match.Candidate(i.id, i.name, product_match.words_of(i.name, i.slug))
        for i in ingredients
    ]).clear
    if named is not None:
        return _refuse(line, "product", f"{named.name} has no product matching "
                       f"'{line.words}' yet: create one (brand and package size) under "
                       "Catalog › Products, then buy it")
    return _refuse(line, "product", f"no product matches '{line.words}': create the product "
                   "(and its ingredient) under Catalog › Products, then buy it")


def _by_words(session: Session, line: QuickLine) -> Product:
    products = list(session.scalars(
        select(Product).options(selectinload(Product.ingredient), selectinload(Product.material))
    ))
    by_id = {p.id: p for p in products}
    ranking = product_match.rank(line.words, [_candidate(p) for p in products])
    found = [by_id[c.id] for _, c in ranking.best]
    if not found:
        raise _not_found(session, line, products)
    if len(found) > 1:
        # Several products match the words equally: the amount may tell them apart.
        fitting = [p for p in found if _fits(line, p)]
        if len(fitting) == 1:
            return fitting[0]
        listed = "; ".join(f"{p.name} ({p.slug}, {_size(p)})" for p in found[:MAX_LISTED])
        more = f" and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise _refuse(line, "product", f"{len(found)} products match '{line.words}': "
                      f"{listed}{more}. Add a word (brand or size) to pick one")
    return found[0]


def _packages(line: QuickLine, prod: Product) -> Decimal:
    if line.amount is None or line.unit is None:
        return line.packages or Decimal(1)
    ratio = _in_package_units(line, prod, line.amount, line.unit)
    shown = units.format_quantity(line.amount, line.unit)
    if line.amount_is_size:
        if abs(ratio - 1) > WHOLE_TOLERANCE:
            raise _refuse(line, "quantity", f"{prod.name} comes in {_size(prod)} packages, "
                          f"not {shown}")
        return line.packages or Decimal(1)
    whole = ratio.to_integral_value()
    if whole < 1 or abs(ratio - whole) > WHOLE_TOLERANCE * whole:
        raise _refuse(line, "quantity", f"{prod.name} comes in {_size(prod)} packages: {shown} "
                      f"is {units.format_quantity(ratio, 'packages')}; buy whole packages")
    return whole


def _price_per_package(
    session: Session, line: QuickLine, prod: Product, packages: Decimal
) -> Decimal:
    if line.price is None:
        last = session.scalar(
            select(Purchase.price_per_package)
            .where(Purchase.product_id == prod.id)
            .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
            .limit(1)
        )
        if last is None:
            raise _refuse(line, "price", f"{prod.name} has never been bought: add the price, "
                          f"as in '{line.text} $8.49' (the total) or '@ 4.25' (a package)")
        return Decimal(last)
    if line.price_each:
        return line.price
    if line.price > purchases.ABSURD_TOTAL:
        raise _refuse(line, "price", f"${line.price:,} in one purchase is more than any kitchen "
                      f"pays (at most ${purchases.ABSURD_TOTAL:,}); check the price")
    return (line.price / packages).quantize(purchases.QTY_PLACES)


@transactional
@requires("record")
def quick_purchase(
    text: str,
    *,
    dry_run: bool = False,
    confirm: bool = False,
    session: Session = AUTO,
) -> QuickPurchased:
    """Record, today, the purchase one line describes; see domain.quick_line for the grammar.

    Returns what inventory.record_purchase returns, plus `product_name`, `packages`,
    `price_per_package` and `dry_run`; a dry run writes nothing (its `purchase_id` and
    `lot_id` are None). Raises Invalid naming the part of the line at fault (`field`:
    text, price, packages, quantity, unit, product, barcode): several products tied (all
    listed), none (saying which to create), an amount that is not whole packages (naming
    the package size); Implausible unless `confirm` beyond domain.purchases' bounds.
    """
    # Imported here: inventory re-exports this function, so it imports this module.
    from baketracker.services import inventory

    line = quick_line.parse(text)
    prod = _by_barcode(session, line) if line.barcode else _by_words(session, line)
    packages = _packages(line, prod)
    price = _price_per_package(session, line, prod, packages)
    bought = purchases.figures(packages, price, package_quantity=prod.package_quantity,
                               package_unit=prod.package_unit, confirm=confirm,
                               record=f"Quick purchase '{line.text}' ({prod.name})",
                               price_field="price")
    if dry_run:
        return {"purchase_id": None, "lot_id": None, "product_slug": prod.slug,
                "quantity": bought.quantity, "unit": bought.unit, "unit_cost": bought.unit_cost,
                "total_price": bought.total, "purchased_on": date.today(),
                "product_name": prod.name, "packages": bought.packages,
                "price_per_package": bought.price_per_package, "dry_run": dry_run}
    result = inventory.record_purchase(prod, packages=packages, price_per_package=price,
                                       confirm=confirm, session=session)
    return {**result, "product_name": prod.name, "packages": bought.packages,
            "price_per_package": bought.price_per_package, "dry_run": dry_run}
