"""Events and who receives what: recipients, package assignments, production/assembly targets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base
from baketracker.models.goods import FinishedGood, Package
from baketracker.models.recipes import Recipe
from baketracker.models.types import CODES


class Event(Base):
    __tablename__ = "events"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    event_date: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)
    output_mode: Mapped[str] = mapped_column(String(20), default="BUNDLED")
    plan_state: Mapped[str] = mapped_column(String(20), default="DRAFT")
    notes: Mapped[str | None] = mapped_column(Text)

    assignments: Mapped[list[EventRecipientPackage]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    production_targets: Mapped[list[EventProductionTarget]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    assembly_targets: Mapped[list[EventAssemblyTarget]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("output_mode IN ('BULK_COUNT', 'BUNDLED')", name="output_mode_known"),
        CheckConstraint(
            "plan_state IN ('DRAFT', 'LOCKED', 'IN_PRODUCTION', 'COMPLETED')",
            name="plan_state_known",
        ),
    )


class Recipient(Base):
    __tablename__ = "recipients"

    name: Mapped[str] = mapped_column(String(200))
    household: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # Free note beside the codes; private: never printed on a label.
    dietary_notes: Mapped[str | None] = mapped_column(Text)
    avoids: Mapped[list[str] | None] = mapped_column(CODES)


class EventRecipientPackage(Base):
    __tablename__ = "event_recipient_packages"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("recipients.id", ondelete="RESTRICT"), index=True
    )
    package_id: Mapped[int] = mapped_column(
        ForeignKey("packages.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    fulfillment_status: Mapped[str] = mapped_column(String(20), default="pending")
    notes: Mapped[str | None] = mapped_column(Text)
    # "Checked, OK" for an allergen warning: who looked and when.
    allergens_checked_by: Mapped[str | None] = mapped_column(String(200))
    allergens_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A fingerprint of what was checked (the box's roll-up and what its recipient avoids):
    # once either changes the mark no longer counts. None: a mark from before fingerprints.
    allergens_checked_for: Mapped[str | None] = mapped_column(String(64))

    event: Mapped[Event] = relationship(back_populates="assignments")
    recipient: Mapped[Recipient] = relationship()
    package: Mapped[Package] = relationship()

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "fulfillment_status IN ('pending', 'ready', 'delivered')", name="status_known"
        ),
    )


class EventProductionTarget(Base):
    """How many batches of a recipe the event commits to: the one batch decision."""

    __tablename__ = "event_production_targets"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    recipe_id: Mapped[int] = mapped_column(
        ForeignKey("recipes.id", ondelete="RESTRICT"), index=True
    )
    target_batches: Mapped[int] = mapped_column(Integer)
    # The baker confirmed a count that falls short of what the plan needs.
    short_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    recipe_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipe_snapshots.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship(back_populates="production_targets")
    recipe: Mapped[Recipe] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "recipe_id"),
        CheckConstraint("target_batches > 0", name="target_positive"),
    )


class EventAssemblyTarget(Base):
    """How many of a finished good the event needs."""

    __tablename__ = "event_assembly_targets"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    finished_good_id: Mapped[int] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="RESTRICT"), index=True
    )
    target_quantity: Mapped[int] = mapped_column(Integer)
    finished_good_snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_good_snapshots.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship(back_populates="assembly_targets")
    finished_good: Mapped[FinishedGood] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "finished_good_id"),
        CheckConstraint("target_quantity > 0", name="target_positive"),
    )
