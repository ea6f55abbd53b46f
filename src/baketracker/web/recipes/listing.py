"""The recipe list (search as you type, category filter, archived on request) and the new-recipe
form, where ingredient lines, sub-recipes and yields are typed one per line."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import catalog, recipes
from baketracker.web.forms import attempt
from baketracker.web.recipes import forms
from baketracker.web.templating import page, redirect, refused, render

router = APIRouter(prefix="/recipes")
LIST = "recipes/list.html"
ROWS = "recipes/_rows.html"
NEW = "recipes/new.html"
FIELDS = ("name", "category", "ingredients", "components", "units", "base_recipe",
          "variant_name", "notes")


def _listing(
    uow: UnitOfWork, q: str = "", category: str = "", archived: bool = False
) -> dict[str, Any]:
    found = recipes.list_recipes(search=q or None, category=category or None,
                                 include_archived=archived, session=uow)
    every = recipes.list_recipes(include_archived=True, session=uow)
    units = recipes.list_finished_units(session=uow)
    return {
        "recipes": found,
        "names": {r["slug"]: r["name"] for r in every},
        "unit_names": {u["slug"]: u["name"] for u in units},
        "categories": sorted({r["category"] for r in every if r["category"]}, key=str.casefold),
        "q": q,
        "category": category,
        "archived": archived,
        "total": len(every),
    }


@router.get("")
def recipes_page(request: Request, uow: UnitOfWork, q: str = "", category: str = "",
                 archived: bool = False) -> Response:
    """The list; htmx search and filter ask for the table rows only."""
    return page(request, LIST, ROWS, _listing(uow, q, category, archived))


def _new_context(uow: UnitOfWork, form: dict[str, str]) -> dict[str, Any]:
    every_ingredient = catalog.list_ingredients(session=uow)
    every = recipes.list_recipes(session=uow)
    categories = sorted({r["category"] for r in every if r["category"]}, key=str.casefold)
    return {"form": form, "ingredients": [i for i in every_ingredient if i["is_leaf"]],
            "all_ingredients": every_ingredient, "recipes": every, "categories": categories}


@router.get("/new")
def new_recipe_page(request: Request, uow: UnitOfWork, base: str = "") -> Response:
    """The blank form; `base` (a recipe slug) starts a variant of that recipe."""
    form = dict.fromkeys(FIELDS, "")
    if base:
        original = recipes.get_recipe(base, session=uow)
        form.update(base_recipe=original["slug"], category=original["category"] or "")
    return render(request, NEW, _new_context(uow, form))


@router.post("")
def create_recipe(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    ingredients: Annotated[str, Form()] = "",
    components: Annotated[str, Form()] = "",
    units: Annotated[str, Form()] = "",
    base_recipe: Annotated[str, Form()] = "",
    variant_name: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Add the recipe with everything typed, all or nothing, and open it."""
    form = {"name": name, "category": category, "ingredients": ingredients,
            "components": components, "units": units, "base_recipe": base_recipe,
            "variant_name": variant_name, "notes": notes}
    context = _new_context(uow, form)
    try:
        with attempt(uow):
            if not name.strip():
                raise Invalid("Give the recipe a name", field="name")
            created = recipes.create_recipe(
                name,
                ingredients=forms.ingredient_lines(ingredients, context["all_ingredients"]),
                components=forms.component_lines(components, context["recipes"]),
                finished_units=forms.unit_lines(units),
                category=category,
                notes=notes,
                base_recipe=base_recipe or None,
                variant_name=variant_name,
                session=uow,
            )
    except BakeTrackerError as exc:
        return refused(request, NEW, NEW, context, exc, rename=forms.CREATE_FIELDS)
    return redirect(request, f"/recipes/{created['slug']}", flash=f"Added {created['name']}.")
