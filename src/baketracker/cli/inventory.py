"""CLI: purchases, stock with its lots and value, consumption and adjustments."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from baketracker.cli.common import (
    JsonOption,
    console,
    money,
    ok,
    parse_amount_option,
    print_json,
    qty,
    table,
)
from baketracker.db import command_unit_of_work
from baketracker.domain import units
from baketracker.services import catalog, inventory

YES_HELP = "Record it even beyond the usual bounds (over 1,000 packages or $10,000)."


def register(app: typer.Typer) -> None:
    app.command("purchase")(purchase)
    app.command("buy")(buy)
    app.command("stock")(stock)
    app.command("consume")(consume)
    app.command("adjust")(adjust)


def purchase(
    product: Annotated[str, typer.Argument(help="Product slug, or its barcode number.")],
    price: Annotated[str, typer.Option(help="Price per package.")],
    packages: Annotated[str, typer.Option(help="How many packages.")] = "1",
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")] = None,
    supplier: Annotated[str | None, typer.Option()] = None,
    yes: Annotated[bool, typer.Option("--yes", help=YES_HELP)] = False,
    as_json: bool = JsonOption,
) -> None:
    """Record a purchase: it becomes a new lot in stock."""
    from baketracker.errors import Invalid

    try:
        purchased_on = date.fromisoformat(on) if on else None
    except ValueError:
        raise Invalid(f"--date {on!r} is not a date like 2026-11-21", field="date") from None
    with command_unit_of_work() as uow:
        result = inventory.record_purchase(
            _product_ref(uow, product),
            packages=packages,
            price_per_package=price,
            purchased_on=purchased_on,
            supplier=supplier,
            confirm=yes,
            session=uow,
        )
    if as_json:
        print_json(result)
    else:
        ok(
            f"Bought {qty(result['quantity'], result['unit'])} of {result['product_slug']} "
            f"for {money(result['total_price'])} (lot {result['lot_id']})"
        )


def buy(
    line: Annotated[str, typer.Argument(help="What was bought, e.g. '2 lb butter $8.49', "
                                        "'3 x flour 5 lb @ 4.99' or '5011038133241 2 4.50'.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be recorded.")]
    = False,
    yes: Annotated[bool, typer.Option("--yes", help=YES_HELP)] = False,
    as_json: bool = JsonOption,
) -> None:
    """Record a purchase from one line, today: the best-matching product, its packages, the
    price ("$" the total, "@" or "each" a package; none: the last price)."""
    with command_unit_of_work() as uow:
        result = inventory.quick_purchase(line, dry_run=dry_run, confirm=yes, session=uow)
    if as_json:
        print_json(result)
        return
    verb = "Would record" if dry_run else "Bought"
    lot = "" if dry_run else f" (lot {result['lot_id']})"
    ok(f"{verb} {result['packages'].normalize():f} × {result['product_name']} = "
       f"{qty(result['quantity'], result['unit'])} for {money(result['total_price'])}{lot}")


def _product_ref(uow: Session, text: str) -> str:
    """A product slug as typed; a barcode number of exactly one product gives its slug."""
    if text.isdigit() and len(text) >= 8:
        matches = catalog.list_products(search=text, session=uow)
        if len(matches) == 1:
            return str(matches[0]["slug"])
    return text


def stock(
    item: Annotated[str | None, typer.Argument(help="An ingredient or material slug.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Show what is in stock: one line per item, or the lots of one item."""
    if item is None:
        rows = inventory.stock_summary()
        if as_json:
            print_json(rows)
            return
        table(
            "Stock",
            ["Item", "On hand", "Lots", "Value"],
            [
                [
                    r["name"],
                    qty(*units.best_display_unit(r["quantity"], r["unit"])),
                    str(r["lots"]),
                    money(r["value"]),
                ]
                for r in rows
            ],
        )
        console.print(f"Total value: {money(sum((r['value'] for r in rows), start=0))}")
        return
    lots = inventory.list_lots(item)
    if as_json:
        print_json(lots)
        return
    table(
        f"Lots of {item} (oldest first)",
        ["Lot", "Product", "Bought", "Left", "Price paid", "Value"],
        [
            [
                str(lot["lot_id"]),
                lot["product_name"],
                lot["purchased_on"],
                qty(lot["quantity_remaining"], lot["unit"]),
                f"{money(lot['package_price'])} / {lot['package_size']}",
                money(lot["value"]),
            ]
            for lot in lots
        ],
    )


def _draw_report(result: inventory.StockDrawn, verb: str) -> None:
    ok(
        f"{verb} {qty(result['requested'], result['unit'])} of {result['item_slug']} "
        f"for {money(result['total_cost'])}"
    )


def consume(
    item: Annotated[str, typer.Argument(help="Ingredient or material slug.")],
    amount: Annotated[str, typer.Argument(help="How much, e.g. '12 lb' or '1 1/2 cups'.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the draws only.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """Take stock out oldest lot first (FIFO)."""
    quantity, unit = parse_amount_option(amount, field="amount")
    result = inventory.consume_fifo(item, quantity, unit, dry_run=dry_run)
    if as_json:
        print_json(result)
        return
    table(
        None,
        ["Lot", "Product", "Bought", "Drawn", "Cost"],
        [
            [
                str(d["lot_id"]),
                d["product_slug"],
                d["purchased_on"],
                qty(d["quantity"], result["unit"]),
                money(d["cost"]),
            ]
            for d in result["draws"]
        ],
    )
    if dry_run and not result["satisfied"]:
        console.print(f"[yellow]Short by {qty(result['shortfall'], result['unit'])}[/yellow]")
    _draw_report(result, "Would use" if dry_run else "Used")


def adjust(
    item: Annotated[str, typer.Argument(help="Ingredient or material slug.")],
    amount: Annotated[str, typer.Argument(help="How much to remove, e.g. '200 g'.")],
    reason: Annotated[str, typer.Option(help="spoilage, gift, correction or other.")],
    note: Annotated[str | None, typer.Option(help="Why (required for 'other').")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Remove stock for spoilage, a gift, a correction or another reason."""
    quantity, unit = parse_amount_option(amount, field="amount")
    result = inventory.adjust_stock(item, quantity, unit, reason=reason, note=note)
    if as_json:
        print_json(result)
    else:
        _draw_report(result, f"Removed ({reason})")
