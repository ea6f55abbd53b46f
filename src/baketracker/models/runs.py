"""What was made: production runs (batches baked) and assembly runs (goods put together)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base, utcnow
from baketracker.models.goods import FinishedGood
from baketracker.models.recipes import FinishedUnit, Recipe
from baketracker.models.types import MONEY, QTY


class ProductionRun(Base):
    __tablename__ = "production_runs"

    recipe_id: Mapped[int] = mapped_column(
        ForeignKey("recipes.id", ondelete="RESTRICT"), index=True
    )
    finished_unit_id: Mapped[int] = mapped_column(
        ForeignKey("finished_units.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )
    recipe_snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("recipe_snapshots.id", ondelete="RESTRICT")
    )
    batches: Mapped[Decimal] = mapped_column(QTY)
    expected_yield: Mapped[int] = mapped_column(Integer)
    actual_yield: Mapped[int] = mapped_column(Integer)
    loss_quantity: Mapped[int] = mapped_column(Integer, default=0)
    # burnt | broken | contaminated | dropped | wrong_ingredients | other
    loss_category: Mapped[str | None] = mapped_column(String(30))
    loss_notes: Mapped[str | None] = mapped_column(Text)
    total_cost: Mapped[Decimal] = mapped_column(MONEY)
    per_unit_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    produced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notes: Mapped[str | None] = mapped_column(Text)

    recipe: Mapped[Recipe] = relationship()
    finished_unit: Mapped[FinishedUnit] = relationship()

    __table_args__ = (
        CheckConstraint("batches > 0", name="batches_positive"),
        CheckConstraint(
            "actual_yield >= 0 AND actual_yield <= expected_yield", name="yield_within_expected"
        ),
    )


class AssemblyRun(Base):
    __tablename__ = "assembly_runs"

    finished_good_id: Mapped[int] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )
    finished_good_snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("finished_good_snapshots.id", ondelete="RESTRICT")
    )
    quantity: Mapped[int] = mapped_column(Integer)
    total_cost: Mapped[Decimal] = mapped_column(MONEY)
    per_unit_cost: Mapped[Decimal] = mapped_column(MONEY)
    assembled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notes: Mapped[str | None] = mapped_column(Text)

    finished_good: Mapped[FinishedGood] = relationship()

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)


class AssemblyConsumption(Base):
    """A finished unit or nested good taken from on-hand stock by an assembly run."""

    __tablename__ = "assembly_consumptions"

    assembly_run_id: Mapped[int] = mapped_column(
        ForeignKey("assembly_runs.id", ondelete="RESTRICT"), index=True
    )
    finished_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_units.id", ondelete="RESTRICT")
    )
    finished_good_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="RESTRICT")
    )
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[Decimal] = mapped_column(MONEY)
    cost: Mapped[Decimal] = mapped_column(MONEY)

    __table_args__ = (
        CheckConstraint(
            "(finished_unit_id IS NULL) <> (finished_good_id IS NULL)", name="one_part"
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )
