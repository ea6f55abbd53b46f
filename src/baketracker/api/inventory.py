"""JSON API for inventory: purchases, lots, stock, FIFO consumption and adjustments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

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
