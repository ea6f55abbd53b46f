"""Catalog definitions: ingredients, suppliers, packaging materials and their products."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base
from baketracker.models.types import CODES, QTY


class Ingredient(Base):
    __tablename__ = "ingredients"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingredients.id", ondelete="RESTRICT"), index=True
    )
    density_g_per_ml: Mapped[Decimal | None] = mapped_column(QTY)
    # Allergen codes; None = nobody has checked yet (unknown), [] = contains none.
    allergen_codes: Mapped[list[str] | None] = mapped_column(CODES)
    # What the old free text said that is not a code (kept, never dropped).
    allergen_note: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # Created by an import that referenced an ingredient it never defined.
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[Ingredient | None] = relationship(remote_side="Ingredient.id")
    products: Mapped[list[Product]] = relationship(back_populates="ingredient")

    __table_args__ = (
        CheckConstraint(
            "density_g_per_ml IS NULL OR density_g_per_ml > 0", name="density_positive"
        ),
    )


class Supplier(Base):
    __tablename__ = "suppliers"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="physical")  # physical | online
    location: Mapped[str | None] = mapped_column(String(400))
    notes: Mapped[str | None] = mapped_column(Text)


class Material(Base):
    """Packaging (box, ribbon, tin, label), stocked in lots exactly like an ingredient."""

    __tablename__ = "materials"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    base_unit: Mapped[str] = mapped_column(String(20), default="each")
    notes: Mapped[str | None] = mapped_column(Text)

    products: Mapped[list[Product]] = relationship(back_populates="material")


class Product(Base):
    """A purchasable form of exactly one ingredient or one material (a 5 lb bag of flour)."""

    __tablename__ = "products"

    ingredient_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingredients.id", ondelete="RESTRICT"), index=True
    )
    material_id: Mapped[int | None] = mapped_column(
        ForeignKey("materials.id", ondelete="RESTRICT"), index=True
    )
    brand: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(300), unique=True)
    package_quantity: Mapped[Decimal] = mapped_column(QTY)
    package_unit: Mapped[str] = mapped_column(String(20))
    gtin: Mapped[str | None] = mapped_column(String(20), unique=True)
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="SET NULL")
    )
    # Shared-facility warning on the pack ("may contain nuts"), allergen codes.
    may_contain: Mapped[list[str] | None] = mapped_column(CODES)

    ingredient: Mapped[Ingredient | None] = relationship(back_populates="products")
    material: Mapped[Material | None] = relationship(back_populates="products")
    preferred_supplier: Mapped[Supplier | None] = relationship()

    __table_args__ = (
        CheckConstraint("(ingredient_id IS NULL) <> (material_id IS NULL)", name="one_stock_item"),
        CheckConstraint("package_quantity > 0", name="package_quantity_positive"),
    )
