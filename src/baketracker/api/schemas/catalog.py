"""Catalog schemas: ingredients, suppliers, products, materials and material products."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from baketracker.api.schemas import Num

Ref = int | str


class IngredientCreate(BaseModel):
    name: str
    slug: str | None = None
    parent: Ref | None = Field(default=None, description="Parent ingredient: id or slug.")
    density_g_per_ml: Num | None = None
    density: str | None = Field(default=None, description='A sentence: "1 cup = 120 g".')
    allergens: list[str] | None = Field(
        default=None,
        description='Allergen codes ("gluten:wheat", "milk"); [] contains none; null or '
        "left out: not yet checked.",
    )
    allergen_note: str | None = None
    notes: str | None = None


class IngredientUpdate(BaseModel):
    name: str | None = None
    parent: Ref | None = None
    density_g_per_ml: Num | None = None
    density: str | None = None
    clear_density: bool = False
    allergens: list[str] | None = Field(
        default=None, description="Replaces the codes ([] contains none); null: unchanged."
    )
    clear_allergens: bool = Field(default=False, description="Back to not yet checked.")
    allergen_note: str | None = None
    notes: str | None = None


class IngredientRead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: int
    slug: str
    name: str
    parent_slug: str | None
    density_g_per_ml: Num | None
    allergens: list[str] | None = Field(description="Codes; [] none; null not yet checked.")
    provisional: bool
    is_leaf: bool


class SupplierCreate(BaseModel):
    name: str
    kind: str = "physical"
    location: str | None = None
    slug: str | None = None
    notes: str | None = None


class SupplierRead(BaseModel):
    id: int
    slug: str
    name: str
    kind: str
    location: str | None


class ProductCreate(BaseModel):
    ingredient: Ref
    brand: str | None = None
    package_quantity: Num
    package_unit: str
    name: str | None = None
    gtin: str | None = None
    preferred: bool = False
    preferred_supplier: Ref | None = None
    slug: str | None = None
    may_contain: list[str] = Field(
        default_factory=list, description="Allergen codes the pack warns of (shared facility)."
    )


class ProductRead(BaseModel):
    id: int
    slug: str
    name: str
    brand: str | None
    ingredient_slug: str | None
    material_slug: str | None
    package_quantity: Num
    package_unit: str
    gtin: str | None
    preferred: bool
    preferred_supplier_slug: str | None
    may_contain: list[str] = Field(default_factory=list)


class LastPriceRead(BaseModel):
    product: str
    price_per_package: Num | None


class MaterialCreate(BaseModel):
    name: str
    base_unit: str = "each"
    slug: str | None = None
    notes: str | None = None


class MaterialRead(BaseModel):
    id: int
    slug: str
    name: str
    base_unit: str
    notes: str | None


class MaterialProductCreate(BaseModel):
    name: str
    package_quantity: Num
    package_unit: str = "each"
    brand: str | None = None
    gtin: str | None = None
    preferred: bool = False
    slug: str | None = None
