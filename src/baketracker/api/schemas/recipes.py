"""Recipe schemas: recipes with lines and sub-recipes, finished units, flattened lines, costs."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from baketracker.api.schemas import Num

Ref = int | str
# Input quantities: a JSON number, or text as a baker writes it ("1 1/2").
Amount = Decimal | str


class IngredientLineCreate(BaseModel):
    ingredient: Ref = Field(description="A leaf ingredient: id or slug.")
    quantity: Amount
    unit: str = Field(description='As written: "cup", "g", "tsp", "each"…')
    note: str | None = None


class IngredientLineUpdate(BaseModel):
    quantity: Amount | None = None
    unit: str | None = None
    note: str | None = None


class IngredientLineRead(BaseModel):
    id: int
    ingredient_id: int
    ingredient_slug: str
    ingredient_name: str
    quantity: Num
    unit: str
    note: str | None


class ComponentCreate(BaseModel):
    recipe: Ref = Field(description="The sub-recipe: id, slug or former slug.")
    multiplier: Amount = Field(default=Decimal(1), description="Its batches per batch.")


class ComponentUpdate(BaseModel):
    multiplier: Amount


class ComponentRead(BaseModel):
    id: int
    recipe_id: int
    recipe_slug: str
    recipe_name: str
    multiplier: Num


class FinishedUnitCreate(BaseModel):
    name: str
    items_per_batch: Amount | None = Field(default=None, description="24 cookies a batch.")
    batch_portion: Amount | None = Field(
        default=None, description="The share of a batch one unit takes: 1 = a whole batch."
    )
    slug: str | None = None


class FinishedUnitRead(BaseModel):
    id: int
    slug: str
    name: str
    recipe_id: int
    recipe_slug: str
    items_per_batch: Num | None
    batch_portion: Num | None
    on_hand: int
    finished_good_slug: str | None


class RecipeCreate(BaseModel):
    name: str
    slug: str | None = None
    category: str | None = None
    instructions: str | None = None
    notes: str | None = None
    base_recipe: Ref | None = Field(default=None, description="For a variant: its base recipe.")
    variant_name: str | None = None
    ingredients: list[IngredientLineCreate] = []
    components: list[ComponentCreate] = []
    finished_units: list[FinishedUnitCreate] = []


class RecipeUpdate(BaseModel):
    name: str | None = None
    slug: str | None = None
    category: str | None = None
    instructions: str | None = None
    notes: str | None = None
    base_recipe: Ref | None = None
    variant_name: str | None = None
    clear_base_recipe: bool = False


class RecipeArchive(BaseModel):
    archived: bool = True


class RecipeLink(BaseModel):
    id: int
    slug: str
    name: str


class VariantRead(RecipeLink):
    variant_name: str | None


class RecipeSummaryRead(BaseModel):
    id: int
    slug: str
    name: str
    category: str | None
    base_recipe_slug: str | None
    variant_name: str | None
    archived: bool


class RecipeListRead(RecipeSummaryRead):
    ingredient_count: int
    component_count: int
    finished_units: list[str]


class RecipeRead(RecipeSummaryRead):
    instructions: str | None
    notes: str | None
    ingredients: list[IngredientLineRead]
    components: list[ComponentRead]
    finished_units: list[FinishedUnitRead]
    variants: list[VariantRead]
    used_in: list[RecipeLink]
    former_slugs: list[str]


class DeletedRead(BaseModel):
    deleted: str


class FlatLineRead(BaseModel):
    ingredient_id: int
    ingredient_slug: str
    ingredient_name: str
    quantity: Num
    unit: str
    density_g_per_ml: Num | None
    reconciled: bool
    needs_density: bool
    recipe_name: str | None = None
    reason: str | None = None


class DrawRead(BaseModel):
    lot_id: int
    quantity: Num
    unit_cost: Num
    cost: Num


class CostLineRead(BaseModel):
    kind: str
    slug: str
    name: str
    quantity: Num
    unit: str
    from_stock: Num
    stock_cost: Num
    shortfall: Num
    shortfall_unit_price: Num | None
    shortfall_cost: Num | None
    cost: Num
    estimated: bool
    priced: bool
    draws: list[DrawRead]
    explanation: str


class CostRead(BaseModel):
    total_cost: Num
    estimated: bool
    complete: bool
    unpriced: list[str]
    lines: list[CostLineRead]


class RecipeCostRead(CostRead):
    recipe_slug: str
    recipe_name: str
    batches: Num
    per_batch_cost: Num


class FinishedUnitCostRead(CostRead):
    finished_unit_slug: str
    recipe_slug: str
    quantity: Num
    batches: Num
    per_unit_cost: Num
