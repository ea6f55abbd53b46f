"""Catalog use cases: ingredients (with hierarchy and density), suppliers, products, materials.

Each lives in its own module (services.ingredients, services.suppliers, services.products,
services.materials); API.md names them here, so they are re-exported.
"""

from baketracker.services.ingredients import (
    create_ingredient,
    get_ingredient,
    get_ingredient_row,
    ingredient_dict,
    list_ingredients,
    require_leaf,
    update_ingredient,
)
from baketracker.services.materials import (
    create_material,
    get_material,
    get_material_row,
    list_materials,
    material_dict,
)
from baketracker.services.products import (
    create_material_product,
    create_product,
    get_product,
    list_products,
    product_dict,
    set_preferred_product,
)
from baketracker.services.suppliers import (
    SUPPLIER_KINDS,
    create_supplier,
    list_suppliers,
    supplier_dict,
)

__all__ = [
    "SUPPLIER_KINDS",
    "create_ingredient",
    "create_material",
    "create_material_product",
    "create_product",
    "create_supplier",
    "get_ingredient",
    "get_ingredient_row",
    "get_material",
    "get_material_row",
    "get_product",
    "ingredient_dict",
    "list_ingredients",
    "list_materials",
    "list_products",
    "list_suppliers",
    "material_dict",
    "product_dict",
    "require_leaf",
    "set_preferred_product",
    "supplier_dict",
    "update_ingredient",
]
