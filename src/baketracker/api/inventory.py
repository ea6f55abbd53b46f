"""JSON API for inventory: purchases, lots, stock, FIFO consumption and adjustments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from baketracker.api.catalog import ERRORS
from baketracker.api.schemas.inventory import (
    AdjustmentCreate,
    ConsumeRequest,
    DrawResultRead,
    Kind,
    LotRead,
    OnHandRead,
    PurchaseCreate,
    PurchaseRead,
    QuickPurchaseCreate,
    QuickPurchaseRead,
    StockLineRead,
)
from baketracker.db import UnitOfWork
from baketracker.services import inventory

router = APIRouter(tags=["inventory"])
STOCK_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {"description": "Not enough stock: `shortfalls` lists each"},
}


@router.post("/purchases", status_code=201, responses=ERRORS)
def record_purchase(uow: UnitOfWork, body: PurchaseCreate) -> PurchaseRead:
    """Buy packages of a product: one purchase, one new lot."""
    data = body.model_dump()
    return PurchaseRead.model_validate(
        inventory.record_purchase(data.pop("product"), **data, session=uow)
    )


QUICK_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"model": QuickPurchaseRead, "description": "A dry run: what would be recorded"},
    422: {"description": "The line cannot be read or matched, or the purchase is beyond the "
                         "usual bounds and not confirmed; `field` names the part at fault"},
}


@router.post("/purchases/quick", status_code=201, responses=QUICK_RESPONSES)
def quick_purchase(uow: UnitOfWork, body: QuickPurchaseCreate,
                   response: Response) -> QuickPurchaseRead:
    """Record today the purchase one line describes: "2 lb butter $8.49" ("$" the total),
    "3 x flour 5 lb @ 4.99" ("@" a package), or "5011038133241 2 4.50" (barcode, packages,
    price per package). Several matching products or none: 422 saying which."""
    result = inventory.quick_purchase(body.text, dry_run=body.dry_run, confirm=body.confirm,
                                      session=uow)
    if body.dry_run:
        response.status_code = 200
    return QuickPurchaseRead.model_validate(result)


@router.get("/lots", responses=ERRORS)
def list_lots(
    uow: UnitOfWork,
    item: str | None = None, include_empty: bool = False, kind: Kind | None = None
) -> list[LotRead]:
    """Lots oldest first (FIFO order), for one ingredient or material, or all."""
    rows = inventory.list_lots(item, include_empty=include_empty, kind=kind, session=uow)
    return [LotRead.model_validate(r) for r in rows]


@router.get("/stock")
def stock_summary(uow: UnitOfWork) -> list[StockLineRead]:
    return [StockLineRead.model_validate(r) for r in inventory.stock_summary(session=uow)]


@router.get("/stock/{item}", responses=ERRORS)
def on_hand(uow: UnitOfWork, item: str, unit: str) -> OnHandRead:
    """How much of an ingredient or material is in stock, in `unit`."""
    return OnHandRead(item=item, unit=unit, quantity=inventory.on_hand(item, unit, session=uow))


@router.post("/consume", responses=STOCK_ERRORS)
def consume(uow: UnitOfWork, body: ConsumeRequest) -> DrawResultRead:
    """Draw oldest lots first. A dry run changes nothing and reports any shortfall; otherwise
    a shortfall answers 409 and nothing changes."""
    data = body.model_dump()
    result = inventory.consume_fifo(data.pop("item"), data.pop("quantity"), data.pop("unit"),
                                    **data, session=uow)
    return DrawResultRead.model_validate(result)


@router.post("/adjustments", status_code=201, responses=STOCK_ERRORS)
def adjust(uow: UnitOfWork, body: AdjustmentCreate) -> DrawResultRead:
    """Take stock out: spoilage, gift, correction, or other (with a note)."""
    data = body.model_dump()
    result = inventory.adjust_stock(data.pop("item"), data.pop("quantity"), data.pop("unit"),
                                    **data, session=uow)
    return DrawResultRead.model_validate(result)
