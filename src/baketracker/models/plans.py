"""Immutable records of what was planned: definition snapshots, plan snapshot, amendments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from baketracker.db import Base
from baketracker.models.types import QTY


class RecipeSnapshot(Base):
    """The full flattened definition of a recipe at one moment. Never updated."""

    __tablename__ = "recipe_snapshots"

    recipe_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipes.id", ondelete="SET NULL"), index=True
    )
    scale_factor: Mapped[Decimal] = mapped_column(QTY, default=Decimal(1))
    # Taken for planning (no run yet) or for a run; the run points back via its own FK.
    is_planning: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class FinishedGoodSnapshot(Base):
    """A finished good's composition, recursively, at one moment. Never updated."""

    __tablename__ = "finished_good_snapshots"

    finished_good_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="SET NULL"), index=True
    )
    is_planning: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProductionPlanSnapshot(Base):
    """The light container written when a plan is finalised: no cached results."""

    __tablename__ = "production_plan_snapshots"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    shopping_complete: Mapped[bool] = mapped_column(Boolean, default=False)


class PlanSnapshot(Base):
    """The plan as it stood when production started: one per event, never updated."""

    __tablename__ = "plan_snapshots"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    snapshot_data: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanAmendment(Base):
    """A recorded change to a plan in production. Append-only."""

    __tablename__ = "plan_amendments"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    amendment_type: Mapped[str] = mapped_column(String(20))  # DROP_FG | ADD_FG | MODIFY_BATCH
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
