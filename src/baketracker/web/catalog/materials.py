"""Packaging material pages: materials, and the products each is bought as."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError
from baketracker.services import catalog
from baketracker.web.forms import SIZE_FIELDS, attempt, package_size
from baketracker.web.list_page import ListPage
from baketracker.web.templating import done, refused, render

router = APIRouter(prefix="/materials")
PAGE = "catalog/materials.html"
PANEL = "catalog/_materials_panel.html"
DETAIL = "catalog/material.html"
DETAIL_PANEL = "catalog/_material_products_panel.html"
BLANK = {"name": "", "base_unit": "each"}
BLANK_PRODUCT = {"name": "", "size": "", "gtin": ""}


def _listing(uow: UnitOfWork) -> dict[str, Any]:
    return {"materials": catalog.list_materials(session=uow)}


LIST = ListPage(PAGE, PANEL, _listing, BLANK, "materialSaved", "/catalog/materials")


@router.get("")
def materials_page(request: Request, uow: UnitOfWork) -> Response:
    return LIST.show(request, uow)


@router.post("")
def create_material(
    request: Request,
    uow: UnitOfWork,
    name: Annotated[str, Form()] = "",
    base_unit: Annotated[str, Form()] = "each",
) -> Response:
    form = {"name": name, "base_unit": base_unit}
    return LIST.add(
        request, uow, form,
        lambda: catalog.create_material(name, base_unit=base_unit or "each", session=uow),
    )


def _detail(uow: UnitOfWork, slug: str) -> dict[str, Any]:
    material = catalog.get_material(slug, session=uow)
    products = catalog.list_products(material=slug, session=uow)
    return {"material": material, "products": products}


@router.get("/{slug}")
def material_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, DETAIL, {**_detail(uow, slug), "form": BLANK_PRODUCT})


@router.post("/{slug}/products")
def create_material_product(
    request: Request,
    uow: UnitOfWork,
    slug: str,
    name: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "",
    gtin: Annotated[str, Form()] = "",
) -> Response:
    form = {"name": name, "size": size, "gtin": gtin}
    context = _detail(uow, slug)
    try:
        with attempt(uow):
            quantity, unit = package_size(size)
            created = catalog.create_material_product(
                slug, name=name, package_quantity=quantity, package_unit=unit, gtin=gtin or None,
                session=uow
            )
    except BakeTrackerError as exc:
        return refused(request, DETAIL, DETAIL_PANEL, {**context, "form": form}, exc,
                       rename=SIZE_FIELDS)
    return done(
        request,
        fragment=DETAIL_PANEL,
        context={**_detail(uow, slug), "form": BLANK_PRODUCT},
        message=f"Added {created['name']}.",
        trigger={"productSaved": {"slug": created["slug"]}},
        redirect_to=f"/catalog/materials/{slug}",
    )
