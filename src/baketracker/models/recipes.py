"""Recipe definitions: ingredient lines, sub-recipe components and the units a batch yields."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from baketracker.db import Base
from baketracker.models.catalog import Ingredient
from baketracker.models.types import QTY


class Recipe(Base):
    __tablename__ = "recipes"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str | None] = mapped_column(String(100))
    instructions: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    base_recipe_id: Mapped[int | None] = mapped_column(
        ForeignKey("recipes.id", ondelete="RESTRICT"), index=True
    )
    variant_name: Mapped[str | None] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    base_recipe: Mapped[Recipe | None] = relationship(remote_side="Recipe.id")
    ingredients: Mapped[list[RecipeIngredient]] = relationship(
        back_populates="recipe",
        cascade="all, delete-orphan",
        order_by="RecipeIngredient.position",
    )
    components: Mapped[list[RecipeComponent]] = relationship(
        back_populates="recipe",
        cascade="all, delete-orphan",
        foreign_keys="RecipeComponent.recipe_id",
        order_by="RecipeComponent.position",
    )
    finished_units: Mapped[list[FinishedUnit]] = relationship(
        back_populates="recipe", order_by="FinishedUnit.id"
    )


class RecipeSlugAlias(Base):
    """A former slug of a recipe, so links and imports keep resolving after a rename."""

    __tablename__ = "recipe_slug_aliases"

    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)


class RecipeIngredient(Base):
    """One ingredient line, kept as the baker wrote it (1 1/2 cup); normalised when used."""

    __tablename__ = "recipe_ingredients"

    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"), index=True)
    ingredient_id: Mapped[int] = mapped_column(
        ForeignKey("ingredients.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[Decimal] = mapped_column(QTY)
    unit: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(String(200))

    recipe: Mapped[Recipe] = relationship(back_populates="ingredients")
    ingredient: Mapped[Ingredient] = relationship()

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)


class RecipeComponent(Base):
    """A sub-recipe used inside a recipe, `multiplier` batches of it per parent batch."""

    __tablename__ = "recipe_components"

    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"), index=True)
    component_recipe_id: Mapped[int] = mapped_column(
        ForeignKey("recipes.id", ondelete="RESTRICT"), index=True
    )
    multiplier: Mapped[Decimal] = mapped_column(QTY)
    position: Mapped[int] = mapped_column(Integer, default=0)

    recipe: Mapped[Recipe] = relationship(back_populates="components", foreign_keys=[recipe_id])
    component: Mapped[Recipe] = relationship(foreign_keys=[component_recipe_id])

    __table_args__ = (
        CheckConstraint("multiplier > 0", name="multiplier_positive"),
        UniqueConstraint("recipe_id", "component_recipe_id"),
    )


class FinishedUnit(Base):
    """One output of a recipe batch: 24 cookies per batch, or one cake as 100% of a batch."""

    __tablename__ = "finished_units"

    recipe_id: Mapped[int] = mapped_column(
        ForeignKey("recipes.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    items_per_batch: Mapped[Decimal | None] = mapped_column(QTY)
    # Fraction of one batch that one unit takes: 1 = a whole batch, 0.5 = half.
    batch_portion: Mapped[Decimal | None] = mapped_column(QTY)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)

    recipe: Mapped[Recipe] = relationship(back_populates="finished_units")

    __table_args__ = (
        CheckConstraint(
            "(items_per_batch IS NULL) <> (batch_portion IS NULL)", name="one_yield_kind"
        ),
        CheckConstraint(
            "items_per_batch IS NULL OR items_per_batch > 0", name="items_per_batch_positive"
        ),
        CheckConstraint(
            "batch_portion IS NULL OR batch_portion > 0", name="batch_portion_positive"
        ),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    )
