"""Finished goods (bare or bundled), their composition lines, and gift-box packages."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base
from baketracker.models.catalog import Material
from baketracker.models.recipes import FinishedUnit
from baketracker.models.types import QTY


class FinishedGood(Base):
    __tablename__ = "finished_goods"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="BUNDLE")  # BARE | BUNDLE
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)

    components: Mapped[list[Composition]] = relationship(
        back_populates="finished_good",
        cascade="all, delete-orphan",
        foreign_keys="Composition.finished_good_id",
        order_by="Composition.position",
    )

    __table_args__ = (
        CheckConstraint("kind IN ('BARE', 'BUNDLE')", name="kind_known"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    )


class Composition(Base):
    """One line of a finished good: exactly one of a finished unit, a nested good, a material."""

    __tablename__ = "compositions"

    finished_good_id: Mapped[int] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="CASCADE"), index=True
    )
    finished_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_units.id", ondelete="RESTRICT"), index=True
    )
    component_good_id: Mapped[int | None] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="RESTRICT"), index=True
    )
    material_id: Mapped[int | None] = mapped_column(
        ForeignKey("materials.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(QTY)
    position: Mapped[int] = mapped_column(Integer, default=0)

    finished_good: Mapped[FinishedGood] = relationship(
        back_populates="components", foreign_keys=[finished_good_id]
    )
    finished_unit: Mapped[FinishedUnit | None] = relationship()
    component_good: Mapped[FinishedGood | None] = relationship(foreign_keys=[component_good_id])
    material: Mapped[Material | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN finished_unit_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN component_good_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN material_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_part",
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )


class Package(Base):
    """A gift-box template: which finished goods, how many of each."""

    __tablename__ = "packages"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[PackageItem]] = relationship(
        back_populates="package", cascade="all, delete-orphan", order_by="PackageItem.id"
    )


class PackageItem(Base):
    __tablename__ = "package_items"

    package_id: Mapped[int] = mapped_column(
        ForeignKey("packages.id", ondelete="CASCADE"), index=True
    )
    finished_good_id: Mapped[int] = mapped_column(
        ForeignKey("finished_goods.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)

    package: Mapped[Package] = relationship(back_populates="items")
    finished_good: Mapped[FinishedGood] = relationship()

    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        UniqueConstraint("package_id", "finished_good_id"),
    )
