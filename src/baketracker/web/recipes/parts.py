"""Editing a recipe in place: ingredient lines, sub-recipes and finished units.

Each write answers htmx with its section and a `recipeChanged` event (the cost section
re-fetches itself on it), and a plain form with a redirect to the recipe. A refusal keeps
what was typed, next to the field or the row it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid, NotFound
from baketracker.services import catalog, recipes
from baketracker.web.forms import attempt
from baketracker.web.recipes import forms
from baketracker.web.recipes.detail import DETAIL, context_for
from baketracker.web.templating import done, refused

router = APIRouter(prefix="/recipes")
LINES = "recipes/_lines.html"
COMPONENTS = "recipes/_components.html"
UNITS = "recipes/_units.html"


def _write(
    uow: UnitOfWork, request: Request,
    slug: str,
    action: Callable[[dict[str, Any]], str],
    *,
    fragment: str,
    section: str,
    form: dict[str, str],
    rename: Mapping[str, str],
    row_key: str | None = None,
) -> Response:
    """Run `action(recipe)` (it returns the success message) and answer for `section`."""
    recipe = recipes.get_recipe(slug, session=uow)
    try:
        with attempt(uow):
            message = action(recipe)
    except BakeTrackerError as exc:
        if isinstance(exc, NotFound):
            raise  # the error page (or, for htmx, the message panel) says what is missing
        context = context_for(uow, request, recipe["slug"], form=form, section=section,
                              row_key=row_key)
        return refused(request, DETAIL, fragment, context, exc, rename=rename)
    return done(
        request,
        fragment=fragment,
        context={**context_for(uow, request, recipe["slug"]), "section": section},
        message=message,
        trigger={"recipeChanged": {"slug": recipe["slug"]}},
        redirect_to=f"/recipes/{recipe['slug']}",
    )


def _line(recipe: dict[str, Any], line_id: int) -> dict[str, Any]:
    for line in recipe["ingredients"]:
        if line["id"] == line_id:
            return dict(line)
    raise NotFound(f"Recipe {recipe['name']!r} has no ingredient line {line_id}")


@router.post("/{slug}/lines")
def add_line(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    ingredient: Annotated[str, Form()] = "",
    amount: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Add an ingredient line: the picker's ingredient, an amount such as '2 1/2 cups'."""
    def action(recipe: dict[str, Any]) -> str:
        if not ingredient.strip():
            raise Invalid("Type or pick an ingredient", field="ingredient")
        ref = forms.find(ingredient, catalog.list_ingredients(session=uow),
                         what="ingredient", field="ingredient")
        quantity, unit = forms.amount(amount, field="amount", label="Amount")
        line = recipes.add_ingredient(
            recipe["id"], ref, quantity, unit, note=note or None, session=uow
        )
        return f"Added {line['ingredient_name']}."

    return _write(uow, request, slug, action, fragment=LINES, section="lines",
                  form={"ingredient": ingredient, "amount": amount, "note": note},
                  rename=forms.LINE_FIELDS)


@router.post("/{slug}/lines/{line_id}")
def update_line(
    request: Request, uow: UnitOfWork, slug: str, line_id: int, amount: Annotated[str, Form()] = ""
) -> Response:
    """Change one line's amount ('2 cups', '300 g')."""
    _line(recipes.get_recipe(slug, session=uow), line_id)

    def action(recipe: dict[str, Any]) -> str:
        quantity, unit = forms.amount(amount, field="amount", label="Amount")
        saved = recipes.update_ingredient_line(line_id, quantity=quantity, unit=unit, session=uow)
        return f"Saved {saved['ingredient_name']}."

    return _write(uow, request, slug, action, fragment=LINES, section="lines",
                  form={"row_amount": amount}, rename=forms.LINE_FIELDS,
                  row_key=f"line-{line_id}")


@router.post("/{slug}/lines/{line_id}/remove")
def remove_line(request: Request, uow: UnitOfWork, slug: str, line_id: int) -> Response:
    """Remove this one ingredient line from the recipe."""
    line = _line(recipes.get_recipe(slug, session=uow), line_id)

    def action(recipe: dict[str, Any]) -> str:
        recipes.remove_ingredient_line(line_id, session=uow)
        return f"Removed {line['ingredient_name']}."

    return _write(uow, request, slug, action, fragment=LINES, section="lines", form={},
                  rename=forms.LINE_FIELDS)


@router.post("/{slug}/components")
def add_component(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    component: Annotated[str, Form()] = "",
    multiplier: Annotated[str, Form()] = "1",
) -> Response:
    """Use another recipe inside this one; cycles and deep nesting are refused with the path."""
    def action(recipe: dict[str, Any]) -> str:
        if not component:
            raise Invalid("Choose the sub-recipe", field="component")
        batches = forms.multiplier(multiplier, field="multiplier", label="Batches")
        saved = recipes.add_component(recipe["id"], component, batches, session=uow)
        used = next(c for c in saved["components"] if c["recipe_slug"] == component)
        return f"Added {used['recipe_name']} as a sub-recipe."

    return _write(uow, request, slug, action, fragment=COMPONENTS, section="components",
                  form={"component": component, "multiplier": multiplier},
                  rename=forms.COMPONENT_FIELDS)


@router.post("/{slug}/components/{component}")
def update_component(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    component: str,
    multiplier: Annotated[str, Form()] = "",
) -> Response:
    """Change how many batches of the sub-recipe one batch uses."""
    def action(recipe: dict[str, Any]) -> str:
        batches = forms.multiplier(multiplier, field="multiplier", label="Batches")
        recipes.update_component(recipe["id"], component, batches, session=uow)
        return "Saved the sub-recipe's batches."

    return _write(uow, request, slug, action, fragment=COMPONENTS, section="components",
                  form={"row_multiplier": multiplier}, rename={},
                  row_key=f"component-{component}")


@router.post("/{slug}/components/{component}/remove")
def remove_component(request: Request, uow: UnitOfWork, slug: str, component: str) -> Response:
    def action(recipe: dict[str, Any]) -> str:
        recipes.remove_component(recipe["id"], component, session=uow)
        return "Removed the sub-recipe."

    return _write(uow, request, slug, action, fragment=COMPONENTS, section="components", form={},
                  rename=forms.COMPONENT_FIELDS)


@router.post("/{slug}/units")
def add_unit(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    unit_name: Annotated[str, Form()] = "",
    unit_amount: Annotated[str, Form()] = "",
    unit_kind: Annotated[str, Form()] = "items",
) -> Response:
    """Add what a batch makes: so many items, or a share of a batch per unit."""
    def action(recipe: dict[str, Any]) -> str:
        spec = forms.unit_spec(unit_name, unit_amount, unit_kind)
        created = recipes.create_finished_unit(recipe["id"], **spec, session=uow)
        return f"Added {created['name']}."

    return _write(uow, request, slug, action, fragment=UNITS, section="units",
                  form={"unit_name": unit_name, "unit_amount": unit_amount,
                        "unit_kind": unit_kind},
                  rename=forms.UNIT_FIELDS)
