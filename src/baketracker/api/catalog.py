"""JSON API for the catalog: ingredients, suppliers, products, materials, material products."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from baketracker.api.schemas.catalog import (
    IngredientCreate,
    IngredientRead,
    IngredientUpdate,
    LastPriceRead,
    MaterialCreate,
    MaterialProductCreate,
    MaterialRead,
    ProductCreate,
    ProductRead,
    SupplierCreate,
    SupplierRead,
)
from baketracker.db import session_scope
from baketracker.models import Product
from baketracker.services import catalog, inventory
from baketracker.services.lookup import resolve

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}


@router.get("/ingredients", tags=["ingredients"])
def list_ingredients(search: str | None = None, leaves_only: bool = False) -> list[IngredientRead]:
    rows = catalog.list_ingredients(search=search, leaves_only=leaves_only)
    return [IngredientRead.model_validate(r) for r in rows]


@router.post("/ingredients", status_code=201, tags=["ingredients"], responses=ERRORS)
def create_ingredient(body: IngredientCreate) -> IngredientRead:
    return IngredientRead.model_validate(catalog.create_ingredient(**body.model_dump()))


@router.get("/ingredients/{ref}", tags=["ingredients"], responses=ERRORS)
def get_ingredient(ref: str) -> IngredientRead:
    return IngredientRead.model_validate(catalog.get_ingredient(ref))


@router.patch("/ingredients/{ref}", tags=["ingredients"], responses=ERRORS)
def update_ingredient(ref: str, body: IngredientUpdate) -> IngredientRead:
    saved = catalog.update_ingredient(ref, **body.model_dump(exclude_unset=True))
    return IngredientRead.model_validate(saved)


@router.get("/suppliers", tags=["suppliers"])
def list_suppliers() -> list[SupplierRead]:
    return [SupplierRead.model_validate(r) for r in catalog.list_suppliers()]


@router.post("/suppliers", status_code=201, tags=["suppliers"], responses=ERRORS)
def create_supplier(body: SupplierCreate) -> SupplierRead:
    return SupplierRead.model_validate(catalog.create_supplier(**body.model_dump()))


@router.get("/products", tags=["products"], responses=ERRORS)
def list_products(
    search: str | None = None, ingredient: str | None = None, material: str | None = None
) -> list[ProductRead]:
    """Products by name; `search` matches name, brand, slug or barcode number."""
    rows = catalog.list_products(search=search, ingredient=ingredient, material=material)
    return [ProductRead.model_validate(r) for r in rows]


@router.post("/products", status_code=201, tags=["products"], responses=ERRORS)
def create_product(body: ProductCreate) -> ProductRead:
    data = body.model_dump()
    return ProductRead.model_validate(catalog.create_product(data.pop("ingredient"), **data))


@router.get("/products/{ref}", tags=["products"], responses=ERRORS)
def get_product(ref: str) -> ProductRead:
    with session_scope() as session:
        return ProductRead.model_validate(
            catalog.product_dict(resolve(session, Product, ref, what="product"))
        )


@router.get("/products/{ref}/last-price", tags=["products"], responses=ERRORS)
def last_price(ref: str) -> LastPriceRead:
    """The price per package paid most recently (null before the first purchase)."""
    return LastPriceRead(product=ref, price_per_package=inventory.last_purchase_price(ref))


@router.get("/materials", tags=["materials"])
def list_materials() -> list[MaterialRead]:
    return [MaterialRead.model_validate(r) for r in catalog.list_materials()]


@router.post("/materials", status_code=201, tags=["materials"], responses=ERRORS)
def create_material(body: MaterialCreate) -> MaterialRead:
    return MaterialRead.model_validate(catalog.create_material(**body.model_dump()))


@router.get("/materials/{ref}/products", tags=["materials"], responses=ERRORS)
def list_material_products(ref: str) -> list[ProductRead]:
    return [ProductRead.model_validate(r) for r in catalog.list_products(material=ref)]


@router.post("/materials/{ref}/products", status_code=201, tags=["materials"], responses=ERRORS)
def create_material_product(ref: str, body: MaterialProductCreate) -> ProductRead:
    return ProductRead.model_validate(catalog.create_material_product(ref, **body.model_dump()))
