"""Ingredient pages: the hierarchy, search as you type, create, edit name/density/parent and
the allergens (not checked yet, none of the list, or the ticked codes, with a note)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError
from baketracker.services import catalog
from baketracker.web.allergens import ingredient_choice, status_of
from baketracker.web.forms import attempt
from baketracker.web.list_page import ListPage
from baketracker.web.templating import done, number, page, refused, render

router = APIRouter(prefix="/ingredients")
PAGE = "catalog/ingredients.html"
PANEL = "catalog/_ingredients_panel.html"
EDIT = "catalog/ingredient.html"
EDIT_FORM = "catalog/_ingredient_form.html"
BLANK: dict[str, Any] = {"name": "", "parent": "", "density": "", "allergen_status": "unknown",
                         "allergens": [], "allergen_note": ""}


def tree(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ingredients in hierarchy order (each parent followed by its children), with depth."""
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        children[row["parent_slug"]].append(row)
    out: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for row in children.get(parent, []):
            out.append({**row, "depth": depth})
            walk(row["slug"], depth + 1)

    walk(None, 0)
    return out


def _listing(uow: UnitOfWork, q: str = "") -> dict[str, Any]:
    everything = catalog.list_ingredients(session=uow)
    found = catalog.list_ingredients(search=q, session=uow) if q.strip() else None
    rows = tree(everything) if found is None else [{**r, "depth": 0} for r in found]
    return {
        "ingredients": rows,
        "names": {r["slug"]: r["name"] for r in everything},
        "parents": everything,
        "q": q,
    }


LIST = ListPage(PAGE, PANEL, _listing, BLANK, "ingredientSaved", "/catalog/ingredients")


def _typed(
    name: str, parent: str, density: str, allergen_status: str | None,
    allergens: list[str] | None, allergen_note: str | None,
) -> dict[str, Any]:
    """The form as it was sent, to draw it again after a refusal."""
    return {"name": name, "parent": parent, "density": density,
            "allergen_status": allergen_status or "", "allergens": allergens or [],
            "allergen_note": allergen_note or ""}


@router.get("")
def ingredients_page(request: Request, uow: UnitOfWork, q: str = "") -> Response:
    """The list; htmx search asks for the table rows only."""
    return page(request, PAGE, "catalog/_ingredient_rows.html", {**_listing(uow, q), "form": BLANK})


@router.post("")
def create_ingredient(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    parent: Annotated[str, Form()] = "",
    density: Annotated[str, Form()] = "",
    allergen_status: Annotated[str | None, Form()] = None,
    allergens: Annotated[list[str] | None, Form()] = None,
    allergen_note: Annotated[str | None, Form()] = None,
) -> Response:
    """Add an ingredient; its allergens are "not checked yet" unless the form says."""
    form = _typed(name, parent, density, allergen_status, allergens, allergen_note)

    def create() -> dict[str, Any]:
        codes, _ = ingredient_choice(allergen_status, form["allergens"],
                                     record=f"Ingredient {name.strip()!r}")
        return catalog.create_ingredient(
            name, parent=parent or None, density=density if density.strip() else None,
            allergens=codes, allergen_note=allergen_note, session=uow
        )

    return LIST.add(request, uow, form, create)


def _edit_context(uow: UnitOfWork, slug: str, form: dict[str, Any] | None = None) -> dict[str, Any]:
    item = catalog.get_ingredient(slug, session=uow)
    everything = catalog.list_ingredients(session=uow)
    products = (
        catalog.list_products(ingredient=item["id"], session=uow) if item["is_leaf"] else []
    )
    current = {
        "name": item["name"],
        "parent": item["parent_slug"] or "",
        "density": number(item["density_g_per_ml"]),
        "allergen_status": status_of(item["allergens"]),
        "allergens": item["allergens"] or [],
        "allergen_note": item["allergen_note"] or "",
    }
    return {
        "item": item,
        "form": form or current,
        "parents": [r for r in everything if r["slug"] != item["slug"]],
        "products": products,
    }


@router.get("/{slug}")
def ingredient_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, EDIT, _edit_context(uow, slug))


@router.post("/{slug}")
def update_ingredient(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    name: Annotated[str, Form()] = "",
    parent: Annotated[str, Form()] = "",
    density: Annotated[str, Form()] = "",
    allergen_status: Annotated[str | None, Form()] = None,
    allergens: Annotated[list[str] | None, Form()] = None,
    allergen_note: Annotated[str | None, Form()] = None,
) -> Response:
    """Save name, parent, density and allergens; a blank density clears it. A post without
    `allergen_status` (a form without the allergen editor) leaves the allergens as they are."""
    form = _typed(name, parent, density, allergen_status, allergens, allergen_note)
    try:
        with attempt(uow):
            record = f"Ingredient {catalog.get_ingredient(slug, session=uow)['name']!r}"
            codes, clear = ingredient_choice(allergen_status, form["allergens"], record=record)
            saved = catalog.update_ingredient(
                slug,
                name=name,
                parent=parent or None,
                density=density if density.strip() else None,
                clear_density=not density.strip(),
                allergens=codes,
                clear_allergens=clear,
                allergen_note=allergen_note,
                session=uow,
            )
    except BakeTrackerError as exc:
        return refused(request, EDIT, EDIT_FORM, _edit_context(uow, slug, form), exc)
    return done(
        request,
        fragment=EDIT_FORM,
        context=_edit_context(uow, slug),
        message=f"Saved {saved['name']}.",
        trigger={"ingredientSaved": {"slug": saved["slug"]}},
        redirect_to=f"/catalog/ingredients/{saved['slug']}",
    )
