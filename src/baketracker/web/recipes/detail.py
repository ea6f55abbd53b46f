"""One recipe: its lines as written, sub-recipes, variants, finished units, the flattened
view with estimated costs, and editing the name, category and variant; archive and delete.

`detail_context` is shared with the row editors in `parts`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import allergens, catalog, costing, recipes
from baketracker.web.allergens import panel as allergen_panel
from baketracker.web.forms import attempt
from baketracker.web.templating import is_htmx, redirect, refused, render

router = APIRouter(prefix="/recipes")
DETAIL = "recipes/detail.html"
COST = "recipes/_cost.html"
ROW_BLANKS = {"ingredient": "", "amount": "", "note": "", "component": "", "multiplier": "1",
              "unit_name": "", "unit_amount": "", "unit_kind": "items", "row_amount": "",
              "row_multiplier": ""}


def _head_form(recipe: dict[str, Any]) -> dict[str, str]:
    return {
        "name": recipe["name"],
        "category": recipe["category"] or "",
        "base_recipe": recipe["base_recipe_slug"] or "",
        "variant_name": recipe["variant_name"] or "",
        "notes": recipe["notes"] or "",
    }


def cost_context(
    uow: UnitOfWork, slug: str, recipe: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The flattened lines of one batch joined to their estimated costs, and unit costs.
    `recipe`: the recipe as `recipes.get_recipe` gave it already, if the caller has it."""
    if recipe is None:
        recipe = recipes.get_recipe(slug, session=uow)
    costs = costing.recipe_costs(recipe["id"], session=uow)
    cost = costs["cost"]
    needs = {(line["ingredient_slug"], line["unit"]): line for line in costs["flat"]}
    lines = [{**line, "flat": needs.get((line["slug"], line["unit"]))} for line in cost["lines"]]
    return {"recipe": recipe, "cost": cost, "cost_lines": lines,
            "unit_costs": costs["unit_costs"]}


def detail_context(
    uow: UnitOfWork, slug: str,
    *,
    costs: bool = True,
    form: dict[str, str] | None = None,
    section: str | None = None,
    row_key: str | None = None,
) -> dict[str, Any]:
    """Everything the recipe page shows. `form` holds what was typed into a refused form,
    `section` names the form that was refused, and `row_key` the row whose inline edit was."""
    recipe = recipes.get_recipe(slug, session=uow)
    leaves = catalog.list_ingredients(leaves_only=True, session=uow)
    every = recipes.list_recipes(include_archived=True, session=uow)
    rollup = allergens.for_recipe(recipe["id"], session=uow)
    others = [r for r in every if r["id"] != recipe["id"] and not r["archived"]]
    # An archived base stays choosable, or saving the form would silently detach the variant.
    bases = [r for r in every if r["id"] != recipe["id"]
             and (not r["archived"] or r["slug"] == recipe["base_recipe_slug"])]
    context: dict[str, Any] = {
        "recipe": recipe,
        "ingredients": leaves,
        "others": others,
        "bases": bases,
        "names": {r["slug"]: r["name"] for r in every},
        "categories": sorted({r["category"] for r in every if r["category"]}, key=str.casefold),
        "form": {**_head_form(recipe), **ROW_BLANKS, **(form or {})},
        "section": section,
        "row_key": row_key,
        "costs": costs,
        **allergen_panel("recipes", recipe["slug"], rollup),
    }
    if costs:
        context.update(cost_context(uow, recipe["slug"], recipe))
    return context


def context_for(uow: UnitOfWork, request: Request, slug: str, **kwargs: Any) -> dict[str, Any]:
    """The page's context; costs only when the whole page is drawn (htmx fetches them)."""
    return detail_context(uow, slug, costs=not is_htmx(request), **kwargs)


@router.get("/{slug}")
def recipe_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, DETAIL, detail_context(uow, slug))


@router.get("/{slug}/cost")
def recipe_cost(request: Request, uow: UnitOfWork, slug: str) -> Response:
    """The flattened view with costs: re-fetched by htmx whenever the recipe changes."""
    return render(request, COST, cost_context(uow, slug))


@router.post("/{slug}")
def update_recipe(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    name: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    base_recipe: Annotated[str, Form()] = "",
    variant_name: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Save the name, category, notes and variant; a new name moves the page to a new slug."""
    form = {"name": name, "category": category, "base_recipe": base_recipe,
            "variant_name": variant_name, "notes": notes}
    current = recipes.get_recipe(slug, session=uow)
    try:
        with attempt(uow):
            if variant_name.strip() and not base_recipe:
                raise Invalid("A variant name needs a base recipe: choose one", field="base_recipe")
            saved = recipes.update_recipe(
                current["id"],
                # The same name again must not re-derive the slug (it may have been chosen).
                name=name if name != current["name"] else None,
                category=category,
                notes=notes,
                variant_name=variant_name,
                base_recipe=base_recipe or None,
                clear_base_recipe=not base_recipe,
                session=uow,
            )
    except BakeTrackerError as exc:
        context = detail_context(uow, current["slug"], form=form, section="head")
        return refused(request, DETAIL, DETAIL, context, exc)
    return redirect(request, f"/recipes/{saved['slug']}", flash=f"Saved {saved['name']}.")


@router.post("/{slug}/archive")
def archive_recipe(
    request: Request, uow: UnitOfWork, slug: str, archived: Annotated[str, Form()] = "true"
) -> Response:
    """Hide the recipe from lists (history stays), or bring it back."""
    hide = archived.lower() not in ("false", "0", "")
    saved = recipes.archive_recipe(slug, archived=hide, session=uow)
    verb = "Archived" if hide else "Restored"
    note = ": it is hidden from the recipe list" if hide else ""
    return redirect(request, f"/recipes/{saved['slug']}", flash=f"{verb} {saved['name']}{note}.")


@router.post("/{slug}/delete")
def delete_recipe(request: Request, uow: UnitOfWork, slug: str) -> Response:
    """Delete, or show why the recipe cannot go (it is used, or has history)."""
    current = recipes.get_recipe(slug, session=uow)
    try:
        with attempt(uow):
            recipes.delete_recipe(current["id"], session=uow)
    except BakeTrackerError as exc:
        context = detail_context(uow, current["slug"], section="danger")
        return refused(request, DETAIL, DETAIL, context, exc)
    return redirect(request, "/recipes", flash=f"Deleted {current['name']}.")
