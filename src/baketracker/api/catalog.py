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
from baketracker.db import UnitOfWork
from baketracker.services import catalog, inventory

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "Conflict"},
    422: {"description": "Invalid input; `field` names the field"},
}


@router.get("/ingredients", tags=["ingredients"])
def list_ingredients(
    uow: UnitOfWork, search: str | None = None, leaves_only: bool = False
) -> list[IngredientRead]:
    rows = catalog.list_ingredients(search=search, leaves_only=leaves_only, session=uow)
    return [IngredientRead.model_validate(r) for r in rows]


@router.post("/ingredients", status_code=201, tags=["ingredients"], responses=ERRORS)
def create_ingredient(uow: UnitOfWork, body: IngredientCreate) -> IngredientRead:
    return IngredientRead.model_validate(
        catalog.create_ingredient(**body.model_dump(), session=uow)
    )


@router.get("/ingredients/{ref}", tags=["ingredients"], responses=ERRORS)
def get_ingredient(uow: UnitOfWork, ref: str) -> IngredientRead:
    return IngredientRead.model_validate(catalog.get_ingredient(ref, session=uow))


@router.patch("/ingredients/{ref}", tags=["ingredients"], responses=ERRORS)
def update_ingredient(uow: UnitOfWork, ref: str, body: IngredientUpdate) -> IngredientRead:
    saved = catalog.update_ingredient(ref, **body.model_dump(exclude_unset=True), session=uow)
    return IngredientRead.model_validate(saved)


@router.get("/suppliers", tags=["suppliers"])
def list_suppliers(uow: UnitOfWork) -> list[SupplierRead]:
    return [SupplierRead.model_validate(r) for r in catalog.list_suppliers(session=uow)]


@router.post("/suppliers", status_code=201, tags=["suppliers"], responses=ERRORS)
def create_supplier(uow: UnitOfWork, body: SupplierCreate) -> SupplierRead:
    return SupplierRead.model_validate(catalog.create_supplier(**body.model_dump(), session=uow))


@router.get("/products", tags=["products"], responses=ERRORS)
def list_products(
    uow: UnitOfWork,
    search: str | None = None,
    ingredient: str | None = None,
    material: str | None = None,
) -> list[ProductRead]:
    """Products by name; `search` matches name, brand, slug or barcode number."""
    rows = catalog.list_products(
        search=search, ingredient=ingredient, material=material, session=uow
    )
    return [ProductRead.model_validate(r) for r in rows]


@router.post("/products", status_code=201, tags=["products"], responses=ERRORS)
def create_product(uow: UnitOfWork, body: ProductCreate) -> ProductRead:
    data = body.model_dump()
    return ProductRead.model_validate(
        catalog.create_product(data.pop("ingredient"), **data, session=uow)
    )


@router.get("/products/{ref}", tags=["products"], responses=ERRORS)
def get_product(uow: UnitOfWork, ref: str) -> ProductRead:
    return ProductRead.model_validate(catalog.get_product(ref, session=uow))


@router.get("/products/{ref}/last-price", tags=["products"], responses=ERRORS)
def last_price(uow: UnitOfWork, ref: str) -> LastPriceRead:
    """The price per package paid most recently (null before the first purchase)."""
    return LastPriceRead(
        product=ref, price_per_package=inventory.last_purchase_price(ref, session=uow)
    )


@router.get("/materials", tags=["materials"])
def list_materials(uow: UnitOfWork) -> list[MaterialRead]:
    return [MaterialRead.model_validate(r) for r in catalog.list_materials(session=uow)]


@router.post("/materials", status_code=201, tags=["materials"], responses=ERRORS)
def create_material(uow: UnitOfWork, body: MaterialCreate) -> MaterialRead:
    return MaterialRead.model_validate(catalog.create_material(**body.model_dump(), session=uow))


@router.get("/materials/{ref}/products", tags=["materials"], responses=ERRORS)
def list_material_products(uow: UnitOfWork, ref: str) -> list[ProductRead]:
    return [ProductRead.model_validate(r) for r in catalog.list_products(material=ref, session=uow)]


@router.post("/materials/{ref}/products", status_code=201, tags=["materials"], responses=ERRORS)
def create_material_product(uow: UnitOfWork, ref: str, body: MaterialProductCreate) -> ProductRead:
    return ProductRead.model_validate(
        catalog.create_material_product(ref, **body.model_dump(), session=uow)
    )
