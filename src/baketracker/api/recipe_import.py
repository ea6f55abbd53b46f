"""JSON API for recipe import: pasted text or a saved page → a draft → a recipe."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baketracker.api.schemas.recipe_import import DraftIn, DraftRead, DraftRequest, DraftSave
from baketracker.api.schemas.recipes import RecipeRead
from baketracker.db import UnitOfWork
from baketracker.services import recipe_import

router = APIRouter()
TAGS: list[str | Any] = ["recipes"]


@router.post(
    "/recipes/drafts",
    tags=TAGS,
    response_model_by_alias=True,
    responses={422: {"description": "No text or page, or nothing to read in it; `field` says"}},
)
def create_draft(uow: UnitOfWork, body: DraftRequest) -> DraftRead:
    """Read `text` (a pasted recipe) or `html` (a saved page) into a draft; writes nothing.

    Each line carries its catalog match and score, or a proposed new ingredient."""
    draft = recipe_import.draft_from_either(
        text=body.text, html=body.html, url=body.url, session=uow
    )
    return DraftRead.model_validate(draft)


@router.post(
    "/recipes/drafts/save",
    status_code=201,
    tags=TAGS,
    responses={
        404: {"description": "A line's ingredient_slug names no ingredient"},
        409: {"description": "The slug is taken"},
        422: {"description": "A line lacks quantity, unit or ingredient; `record` names it"},
    },
)
def save_draft(uow: UnitOfWork, body: DraftSave) -> RecipeRead:
    """Save a reviewed draft as a recipe, creating its proposed ingredients, all or nothing."""
    draft = body.draft.model_dump(by_alias=True)
    return RecipeRead.model_validate(recipe_import.save_draft(draft, slug=body.slug, session=uow))


@router.post(
    "/recipes/{ref}/drafts",
    tags=TAGS,
    responses={
        404: {"description": "No such recipe, or a line's ingredient_slug names no ingredient"},
        422: {"description": "A line lacks quantity, unit or ingredient; `record` names it"},
    },
)
def add_draft_lines(uow: UnitOfWork, ref: str, body: DraftIn) -> RecipeRead:
    """Add a reviewed draft's lines to an existing recipe (id or slug), all or nothing."""
    draft = body.model_dump(by_alias=True)
    return RecipeRead.model_validate(recipe_import.add_draft_lines(ref, draft, session=uow))
