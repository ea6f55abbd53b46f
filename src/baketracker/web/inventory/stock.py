"""Stock pages: the summary with value, one item's lots, and adjustments out of stock."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain import units
from baketracker.errors import BakeTrackerError
from baketracker.services import inventory, stock_levels
from baketracker.web import forms
from baketracker.web.forms import attempt
from baketracker.web.templating import done, money, refused, render

router = APIRouter(prefix="/inventory")
ITEM = "inventory/item.html"
ITEM_PANEL = "inventory/_item_panel.html"
BLANK = {"amount": "", "reason": "spoilage", "note": ""}


@router.get("")
def stock_page(request: Request, uow: UnitOfWork) -> Response:
    summary = inventory.stock_summary(session=uow)
    chart = {
        "labels": [line["name"] for line in summary],
        "values": [str(line["value"]) for line in summary],
    }
    return render(
        request,
        "inventory/index.html",
        {"summary": summary, "total_value": stock_levels.stock_value(summary), "chart": chart},
    )


def _item(uow: UnitOfWork, slug: str) -> dict[str, Any]:
    item = inventory.stock_item(uow, slug)
    lots = inventory.list_lots(item, session=uow)
    totals: dict[str, Any] = {}
    for lot in lots:
        totals[lot["unit"]] = totals.get(lot["unit"], 0) + lot["quantity_remaining"]
    return {
        "item": {"slug": item.slug, "name": item.name, "kind": item.kind},
        "lots": lots,
        "on_hand": sorted(totals.items()),
        "value": sum((lot["value"] for lot in lots), start=0),
        "reasons": [(r, r.capitalize()) for r in inventory.ADJUSTMENT_REASONS],
    }


@router.get("/items/{slug}")
def item_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, ITEM, {**_item(uow, slug), "form": BLANK})


@router.post("/items/{slug}/adjust")
def adjust(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    amount: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "spoilage",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Take stock out: spoilage, a gift, a correction, or another reason with a note."""
    form = {"amount": amount, "reason": reason, "note": note}
    try:
        with attempt(uow):
            quantity, unit = forms.amount(amount, field="amount", label="Amount")
            result = inventory.adjust_stock(
                slug, quantity, unit, reason=reason, note=note or None, session=uow
            )
    except BakeTrackerError as exc:
        return refused(request, ITEM, ITEM_PANEL, {**_item(uow, slug), "form": form}, exc)
    taken = units.format_quantity(result["requested"], result["unit"])
    return done(
        request,
        fragment=ITEM_PANEL,
        context={**_item(uow, slug), "form": BLANK},
        message=f"Took out {taken} ({reason}), worth {money(result['total_cost'])}.",
        trigger={"stockAdjusted": {"slug": slug}},
        redirect_to=f"/inventory/items/{slug}",
    )
