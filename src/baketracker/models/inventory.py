"""What was bought and what is left: purchases, FIFO lots and the depletion ledger."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base, utcnow
from baketracker.models.catalog import Product, Supplier
from baketracker.models.types import MONEY, QTY, UNIT_COST


class Purchase(Base):
    __tablename__ = "purchases"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id", ondelete="SET NULL"))
    purchased_on: Mapped[date] = mapped_column(Date)
    packages: Mapped[Decimal] = mapped_column(QTY)
    price_per_package: Mapped[Decimal] = mapped_column(MONEY)
    notes: Mapped[str | None] = mapped_column(Text)

    product: Mapped[Product] = relationship()
    supplier: Mapped[Supplier | None] = relationship()
    lot: Mapped[InventoryLot] = relationship(back_populates="purchase")

    __table_args__ = (
        CheckConstraint("packages > 0", name="packages_positive"),
        CheckConstraint("price_per_package >= 0", name="price_not_negative"),
    )


class InventoryLot(Base):
    """Stock from one purchase, in the product's base unit (g, ml or item)."""

    __tablename__ = "inventory_lots"

    purchase_id: Mapped[int] = mapped_column(
        ForeignKey("purchases.id", ondelete="RESTRICT"), unique=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="RESTRICT"))
    # Denormalised from the product so FIFO can find and lock an item's lots in one query.
    ingredient_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingredients.id", ondelete="RESTRICT")
    )
    material_id: Mapped[int | None] = mapped_column(ForeignKey("materials.id", ondelete="RESTRICT"))
    purchased_on: Mapped[date] = mapped_column(Date)
    unit: Mapped[str] = mapped_column(String(10))
    quantity_initial: Mapped[Decimal] = mapped_column(QTY)
    quantity_remaining: Mapped[Decimal] = mapped_column(QTY)
    unit_cost: Mapped[Decimal] = mapped_column(UNIT_COST)
    location: Mapped[str | None] = mapped_column(String(200))
    expires_on: Mapped[date | None] = mapped_column(Date)

    purchase: Mapped[Purchase] = relationship(back_populates="lot")
    product: Mapped[Product] = relationship()

    __table_args__ = (
        CheckConstraint("quantity_remaining >= 0", name="remaining_not_negative"),
        CheckConstraint("quantity_remaining <= quantity_initial", name="remaining_within_initial"),
        Index("ix_inventory_lots_ingredient_fifo", "ingredient_id", "purchased_on", "id"),
        Index("ix_inventory_lots_material_fifo", "material_id", "purchased_on", "id"),
    )


class Depletion(Base):
    """One draw from one lot. Append-only: rows are never updated or deleted."""

    __tablename__ = "depletions"

    lot_id: Mapped[int] = mapped_column(
        ForeignKey("inventory_lots.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(QTY)
    unit_cost: Mapped[Decimal] = mapped_column(UNIT_COST)
    cost: Mapped[Decimal] = mapped_column(MONEY)
    # production | assembly | spoilage | gift | correction | other
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    production_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("production_runs.id", ondelete="RESTRICT"), index=True
    )
    assembly_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("assembly_runs.id", ondelete="RESTRICT"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    lot: Mapped[InventoryLot] = relationship()

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)
