"""Product pages: list, search by name or barcode number as you type, create."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid
from baketracker.services import catalog
from baketracker.web.forms import SIZE_FIELDS, attempt, package_size
from baketracker.web.templating import done, page, refused

router = APIRouter(prefix="/products")
PAGE = "catalog/products.html"
PANEL = "catalog/_products_panel.html"
BLANK = {"ingredient": "", "brand": "", "name": "", "size": "", "gtin": ""}


def _listing(uow: UnitOfWork, q: str = "") -> dict[str, Any]:
    products = catalog.list_products(search=q or None, session=uow)
    leaves = catalog.list_ingredients(leaves_only=True, session=uow)
    return {"products": products, "ingredients": leaves, "q": q}


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
    try:
        with attempt(uow):
            if not ingredient:
                raise Invalid("Choose the ingredient this product is", field="ingredient")
            quantity, unit = package_size(size)
            created = catalog.create_product(
                ingredient,
                brand=brand or None,
                package_quantity=quantity,
                package_unit=unit,
                name=name or None,
                gtin=gtin or None,
                session=uow,
            )
    except BakeTrackerError as exc:
        return refused(
            request, PAGE, PANEL, {**_listing(uow), "form": form}, exc, rename=SIZE_FIELDS
        )
    return done(
        request,
        fragment=PANEL,
        context={**_listing(uow), "form": BLANK},
        message=f"Added {created['name']}.",
        trigger={"productSaved": {"slug": created["slug"]}},
        redirect_to="/catalog/products",
    )
