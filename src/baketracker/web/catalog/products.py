"""Product pages: list, search by name or barcode number as you type, create, and a
product's own page where its "may contain" warning (shared facility) is ticked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import allergens, catalog
from baketracker.web.forms import SIZE_FIELDS, attempt, package_size
from baketracker.web.list_page import ListPage
from baketracker.web.templating import done, page, refused, render

router = APIRouter(prefix="/products")
PAGE = "catalog/products.html"
PANEL = "catalog/_products_panel.html"
EDIT = "catalog/product.html"
EDIT_FORM = "catalog/_product_form.html"
BLANK = {"ingredient": "", "brand": "", "name": "", "size": "", "gtin": ""}


def _listing(uow: UnitOfWork, q: str = "") -> dict[str, Any]:
    products = catalog.list_products(search=q or None, session=uow)
    leaves = catalog.list_ingredients(leaves_only=True, session=uow)
    return {"products": products, "ingredients": leaves, "q": q}


LIST = ListPage(PAGE, PANEL, _listing, BLANK, "productSaved", "/catalog/products",
                rename=SIZE_FIELDS)


@router.get("")
def products_page(request: Request, uow: UnitOfWork, q: str = "", gtin: str = "") -> Response:
    """The product list; `gtin` (a scanned, unknown barcode) opens the form with it filled in."""
    form = {**BLANK, "gtin": gtin.strip()}
    return page(request, PAGE, "catalog/_product_rows.html", {**_listing(uow, q), "form": form})


@router.post("")
def create_product(
    request: Request,
    uow: UnitOfWork,
    ingredient: Annotated[str, Form()] = "",
    brand: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "",
    gtin: Annotated[str, Form()] = "",
) -> Response:
    form = {"ingredient": ingredient, "brand": brand, "name": name, "size": size, "gtin": gtin}

    def create() -> dict[str, Any]:
        if not ingredient:
            raise Invalid("Choose the ingredient this product is", field="ingredient")
        quantity, unit = package_size(size)
        return catalog.create_product(
            ingredient,
            brand=brand or None,
            package_quantity=quantity,
            package_unit=unit,
            name=name or None,
            gtin=gtin or None,
            session=uow,
        )

    return LIST.add(request, uow, form, create)


def _edit_context(
    uow: UnitOfWork, slug: str, form: dict[str, Any] | None = None
) -> dict[str, Any]:
    item = catalog.get_product(slug, session=uow)
    return {"item": item, "form": form or {"may_contain": item["may_contain"]}}


@router.get("/{slug}")
def product_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, EDIT, _edit_context(uow, slug))


@router.post("/{slug}")
def update_product(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    may_contain: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Replace what the pack says it may contain; none ticked clears it."""
    form = {"may_contain": may_contain or []}
    try:
        with attempt(uow):
            saved = allergens.set_may_contain(slug, may_contain or [], session=uow)
    except BakeTrackerError as exc:
        return refused(request, EDIT, EDIT_FORM, _edit_context(uow, slug, form), exc)
    context = _edit_context(uow, slug)
    return done(
        request,
        fragment=EDIT_FORM,
        context=context,
        message=f"Saved what {context['item']['name']} may contain.",
        trigger={"productSaved": {"slug": saved["slug"]}},
        redirect_to=f"/catalog/products/{saved['slug']}",
    )
