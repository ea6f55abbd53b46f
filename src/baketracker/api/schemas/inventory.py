"""Inventory schemas: purchases, lots, stock, consumption and adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num

Ref = int | str
Kind = Literal["ingredient", "material"]


class PurchaseCreate(BaseModel):
    product: Ref = Field(description="Product id, slug or barcode number.")
    packages: Num = Field(default=Decimal(1))
    price_per_package: Num
    purchased_on: date | None = Field(default=None, description="Default: today.")
    supplier: Ref | None = None
    location: str | None = None
    expires_on: date | None = None
    notes: str | None = None
    confirm: bool = Field(default=False, description="Record it even beyond the usual bounds "
                          "(over 1,000 packages or $10,000).")


class PurchaseRead(BaseModel):
    purchase_id: int
    lot_id: int
    product_slug: str
    quantity: Num
    unit: str
    unit_cost: Num
    total_price: Num
    purchased_on: date


class LotRead(BaseModel):
    lot_id: int
    product_slug: str
    product_name: str
    purchased_on: date
    quantity_initial: Num
    quantity_remaining: Num
    unit: str
    unit_cost: Num
    package_price: Num
    package_size: str
    value: Num
    location: str | None
    expires_on: date | None


class StockLineRead(BaseModel):
    kind: Kind
    slug: str
    name: str
    unit: str
    quantity: Num
    value: Num
    lots: int


class OnHandRead(BaseModel):
    item: str
    unit: str
    quantity: Num


class ConsumeRequest(BaseModel):
    item: Ref = Field(description="Ingredient or material: id or slug.")
    quantity: Num
    unit: str
    dry_run: bool = False
    reason: str = "production"
    note: str | None = None
    kind: Kind | None = None


class AdjustmentCreate(BaseModel):
    item: Ref
    quantity: Num
    unit: str
    reason: str = Field(description="spoilage, gift, correction or other (with a note).")
    note: str | None = None
    kind: Kind | None = None


class DrawRead(BaseModel):
    lot_id: int
    product_slug: str
    purchased_on: date
    quantity: Num
    unit_cost: Num
    cost: Num


class DrawResultRead(BaseModel):
    item_slug: str
    requested: Num
    unit: str
    total_cost: Num
    draws: list[DrawRead]
    shortfall: Num
    satisfied: bool


class QuickPurchaseCreate(BaseModel):
    text: str = Field(max_length=1000, description="One line: '2 lb butter $8.49', "
                      "'3 x flour 5 lb @ 4.99' or '5011038133241 2 4.50' (barcode, "
                      "packages, price per package).")
    dry_run: bool = Field(default=False, description="Say what would be recorded; write nothing.")
    confirm: bool = Field(default=False, description="Record it even beyond the usual bounds "
                          "(over 1,000 packages or $10,000).")


class QuickPurchaseRead(BaseModel):
    purchase_id: int | None = Field(description="None in a dry run.")
    lot_id: int | None = Field(description="None in a dry run.")
    product_slug: str
    product_name: str
    packages: Num
    price_per_package: Num
    quantity: Num
    unit: str
    unit_cost: Num
    total_price: Num
    purchased_on: date
    dry_run: bool
