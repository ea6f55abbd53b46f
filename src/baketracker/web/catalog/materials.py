"""Packaging material pages: materials, and the products each is bought as."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import session_scope
from baketracker.errors import BakeTrackerError, NotFound
from baketracker.services import catalog
from baketracker.web.forms import SIZE_FIELDS, package_size
from baketracker.web.templating import done, page, refused, render

router = APIRouter(prefix="/materials")
PAGE = "catalog/materials.html"
PANEL = "catalog/_materials_panel.html"
DETAIL = "catalog/material.html"
DETAIL_PANEL = "catalog/_material_products_panel.html"
BLANK = {"name": "", "base_unit": "each"}
BLANK_PRODUCT = {"name": "", "size": "", "gtin": ""}


def _listing() -> dict[str, Any]:
    return {"materials": catalog.list_materials()}


@router.get("")
def materials_page(request: Request) -> Response:
    return page(request, PAGE, PANEL, {**_listing(), "form": BLANK})


@router.post("")
def create_material(
    request: Request,
    name: Annotated[str, Form()] = "",
    base_unit: Annotated[str, Form()] = "each",
) -> Response:
    form = {"name": name, "base_unit": base_unit}
    try:
        created = catalog.create_material(name, base_unit=base_unit or "each")
    except BakeTrackerError as exc:
        return refused(request, PAGE, PANEL, {**_listing(), "form": form}, exc)
    return done(
        request,
        fragment=PANEL,
        context={**_listing(), "form": BLANK},
        message=f"Added {created['name']}.",
        trigger={"materialSaved": {"slug": created["slug"]}},
        redirect_to="/catalog/materials",
    )


def _detail(slug: str) -> dict[str, Any]:
    with session_scope() as session:
        material = next(
            (m for m in catalog.list_materials(session=session) if m["slug"] == slug), None
        )
        if material is None:
            raise NotFound(f"No material {slug!r}")
        products = catalog.list_products(material=slug, session=session)
    return {"material": material, "products": products}


@router.get("/{slug}")
def material_page(request: Request, slug: str) -> Response:
    return render(request, DETAIL, {**_detail(slug), "form": BLANK_PRODUCT})


@router.post("/{slug}/products")
def create_material_product(
    request: Request,
    slug: str,
    name: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "",
    gtin: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "size": size, "gtin": gtin}
    context = _detail(slug)
    try:
        quantity, unit = package_size(size)
        created = catalog.create_material_product(
            slug, name=name, package_quantity=quantity, package_unit=unit, gtin=gtin or None
        )
    except BakeTrackerError as exc:
        return refused(request, DETAIL, DETAIL_PANEL, {**context, "form": form}, exc,
                       rename=SIZE_FIELDS)
    return done(
        request,
        fragment=DETAIL_PANEL,
        context={**_detail(slug), "form": BLANK_PRODUCT},
        message=f"Added {created['name']}.",
        trigger={"productSaved": {"slug": created["slug"]}},
        redirect_to=f"/catalog/materials/{slug}",
    )
