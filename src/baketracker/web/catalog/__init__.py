"""Catalog pages: ingredients, products, suppliers, materials (one module each)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import RedirectResponse

from baketracker.web.catalog import ingredients, materials, products, suppliers
from baketracker.web.templating import NavItem

router = APIRouter(prefix="/catalog", include_in_schema=False)
NAV = NavItem("Catalog", "/catalog")

for _section in (ingredients, products, suppliers, materials):
    router.include_router(_section.router)


@router.get("")
def catalog_home() -> RedirectResponse:
    return RedirectResponse("/catalog/ingredients", status_code=303)
