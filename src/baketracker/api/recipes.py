"""JSON API for recipes: definitions, ingredient lines, sub-recipes, finished units,
the flattened view and estimated costs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baketracker.api.schemas import RowId
from baketracker.api.schemas.recipes import (
    ComponentCreate,
    ComponentUpdate,
    DeletedRead,
    FinishedUnitCostRead,
    FinishedUnitCreate,
    FinishedUnitRead,
    FlatLineRead,
    IngredientLineCreate,
    IngredientLineRead,
    IngredientLineUpdate,
    RecipeArchive,
    RecipeCostRead,
    RecipeCreate,
    RecipeListRead,
    RecipeRead,
    RecipeSummaryRead,
    RecipeUpdate,
)
from baketracker.db import UnitOfWork
from baketracker.errors import NotFound
from baketracker.services import costing, recipes

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}
TAGS: list[str | Any] = ["recipes"]


@router.get("/recipes", tags=TAGS)
def list_recipes(
    uow: UnitOfWork,
    search: str | None = None,
    category: str | None = None,
    include_archived: bool = False,
) -> list[RecipeListRead]:
    """Recipes by name; `search` matches name or slug; archived ones only when asked."""
    rows = recipes.list_recipes(
        search=search, category=category, include_archived=include_archived, session=uow
    )
    return [RecipeListRead.model_validate(r) for r in rows]


@router.post("/recipes", status_code=201, tags=TAGS, responses=ERRORS)
def create_recipe(uow: UnitOfWork, body: RecipeCreate) -> RecipeRead:
    """A recipe with its lines, sub-recipes and finished units, all or nothing. Cycles and
    nesting deeper than 5 are 422 naming the path."""
    data = body.model_dump()
    created = recipes.create_recipe(
        data.pop("name"),
        ingredients=data.pop("ingredients"),
        components=[(c["recipe"], c["multiplier"]) for c in data.pop("components")],
        finished_units=[
            {k: v for k, v in u.items() if v is not None} for u in data.pop("finished_units")
        ],
        **data,
        session=uow,
    )
    return RecipeRead.model_validate(created)


@router.get("/recipes/{ref}", tags=TAGS, responses=ERRORS)
def get_recipe(uow: UnitOfWork, ref: str) -> RecipeRead:
    """By id, slug or former slug."""
    return RecipeRead.model_validate(recipes.get_recipe(ref, session=uow))


@router.patch("/recipes/{ref}", tags=TAGS, responses=ERRORS)
def update_recipe(uow: UnitOfWork, ref: str, body: RecipeUpdate) -> RecipeRead:
    """Change only what is sent; a new name brings a new slug (the old one still works)."""
    return RecipeRead.model_validate(
        recipes.update_recipe(ref, **body.model_dump(exclude_unset=True), session=uow)
    )


@router.post("/recipes/{ref}/archive", tags=TAGS, responses=ERRORS)
def archive_recipe(
    uow: UnitOfWork, ref: str, body: RecipeArchive | None = None
) -> RecipeSummaryRead:
    """Hide from lists (`archived: false` brings it back); history stays."""
    archived = body.archived if body is not None else True
    return RecipeSummaryRead.model_validate(
        recipes.archive_recipe(ref, archived=archived, session=uow)
    )


@router.delete("/recipes/{ref}", tags=TAGS, responses=ERRORS)
def delete_recipe(uow: UnitOfWork, ref: str) -> DeletedRead:
    """409 while it is used (sub-recipe, variants' base, targets, bundles, packages) or has
    production history (archive it instead)."""
    return DeletedRead.model_validate(recipes.delete_recipe(ref, session=uow))


def _line_of(uow: UnitOfWork, ref: str, line_id: int) -> None:
    recipe = recipes.get_recipe(ref, session=uow)
    if not any(line["id"] == line_id for line in recipe["ingredients"]):
        raise NotFound(f"Recipe {recipe['name']!r} has no ingredient line {line_id}")


@router.post("/recipes/{ref}/ingredients", status_code=201, tags=TAGS, responses=ERRORS)
def add_ingredient(uow: UnitOfWork, ref: str, body: IngredientLineCreate) -> IngredientLineRead:
    line = recipes.add_ingredient(
        ref, body.ingredient, body.quantity, body.unit, note=body.note, session=uow
    )
    return IngredientLineRead.model_validate(line)


@router.patch("/recipes/{ref}/ingredients/{line_id}", tags=TAGS, responses=ERRORS)
def update_ingredient_line(
    uow: UnitOfWork, ref: str, line_id: RowId, body: IngredientLineUpdate
) -> IngredientLineRead:
    _line_of(uow, ref, line_id)
    saved = recipes.update_ingredient_line(
        line_id, **body.model_dump(exclude_none=True), session=uow
    )
    return IngredientLineRead.model_validate(saved)


@router.delete("/recipes/{ref}/ingredients/{ingredient}", tags=TAGS, responses=ERRORS)
def remove_ingredient(uow: UnitOfWork, ref: str, ingredient: str) -> RecipeRead:
    """Remove every line of `ingredient` (id or slug); returns the recipe."""
    return RecipeRead.model_validate(recipes.remove_ingredient(ref, ingredient, session=uow))


@router.post("/recipes/{ref}/components", status_code=201, tags=TAGS, responses=ERRORS)
def add_component(uow: UnitOfWork, ref: str, body: ComponentCreate) -> RecipeRead:
    """Use a sub-recipe; returns the recipe. 409 if it is already used here."""
    return RecipeRead.model_validate(
        recipes.add_component(ref, body.recipe, body.multiplier, session=uow)
    )


@router.patch("/recipes/{ref}/components/{component}", tags=TAGS, responses=ERRORS)
def update_component(
    uow: UnitOfWork, ref: str, component: str, body: ComponentUpdate
) -> RecipeRead:
    return RecipeRead.model_validate(
        recipes.update_component(ref, component, body.multiplier, session=uow)
    )


@router.delete("/recipes/{ref}/components/{component}", tags=TAGS, responses=ERRORS)
def remove_component(uow: UnitOfWork, ref: str, component: str) -> RecipeRead:
    return RecipeRead.model_validate(recipes.remove_component(ref, component, session=uow))


@router.get("/recipes/{ref}/flattened", tags=TAGS, responses=ERRORS)
def flatten_recipe(
    uow: UnitOfWork, ref: str, batches: str = "1", lenient: bool = False
) -> list[FlatLineRead]:
    """Ingredients of `batches` batches in base units, sub-recipes multiplied in. A missing
    density is 422 unless `lenient`, which keeps such lines in the recipe's unit."""
    lines = recipes.flatten_recipe(ref, batches, lenient=lenient, session=uow)
    return [FlatLineRead.model_validate(line) for line in lines]


@router.get("/recipes/{ref}/cost", tags=TAGS, responses=ERRORS)
def recipe_cost(uow: UnitOfWork, ref: str, batches: str = "1") -> RecipeCostRead:
    """Estimated cost from a FIFO dry run; every line explains its number."""
    return RecipeCostRead.model_validate(costing.estimate_recipe_cost(ref, batches, session=uow))


@router.get("/recipes/{ref}/finished-units", tags=["finished units"], responses=ERRORS)
def recipe_finished_units(uow: UnitOfWork, ref: str) -> list[FinishedUnitRead]:
    return [
        FinishedUnitRead.model_validate(u)
        for u in recipes.list_finished_units(recipe=ref, session=uow)
    ]


@router.post(
    "/recipes/{ref}/finished-units", status_code=201, tags=["finished units"], responses=ERRORS
)
def create_finished_unit(uow: UnitOfWork, ref: str, body: FinishedUnitCreate) -> FinishedUnitRead:
    """What a batch yields: `items_per_batch` or `batch_portion`, exactly one."""
    data = body.model_dump()
    created = recipes.create_finished_unit(ref, data.pop("name"), **data, session=uow)
    return FinishedUnitRead.model_validate(created)


@router.get("/finished-units", tags=["finished units"], responses=ERRORS)
def list_finished_units(uow: UnitOfWork, recipe: str | None = None) -> list[FinishedUnitRead]:
    return [
        FinishedUnitRead.model_validate(u)
        for u in recipes.list_finished_units(recipe=recipe, session=uow)
    ]


@router.get("/finished-units/{ref}", tags=["finished units"], responses=ERRORS)
def get_finished_unit(uow: UnitOfWork, ref: str) -> FinishedUnitRead:
    return FinishedUnitRead.model_validate(recipes.get_finished_unit(ref, session=uow))


@router.get("/finished-units/{ref}/cost", tags=["finished units"], responses=ERRORS)
def finished_unit_cost(uow: UnitOfWork, ref: str, quantity: str = "1") -> FinishedUnitCostRead:
    """Estimated cost of `quantity` units: their share of recipe batches."""
    return FinishedUnitCostRead.model_validate(
        costing.estimate_finished_unit_cost(ref, quantity, session=uow)
    )
