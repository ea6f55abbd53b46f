"""CLI: ingredients, products, suppliers and packaging materials."""

from __future__ import annotations

from typing import Annotated

import typer

from baketracker.cli.common import JsonOption, new_app, ok, parse_amount_option, print_json, table
from baketracker.domain.allergens import describe
from baketracker.services import allergens as allergen_service
from baketracker.services import catalog

ingredient_app = new_app("Ingredients: add, list, change density.")
product_app = new_app("Products you buy: a 5 lb bag of flour.")
supplier_app = new_app("Where you shop.")
material_app = new_app("Packaging materials (boxes, tins, ribbon) and their products.")


def register(app: typer.Typer) -> None:
    app.add_typer(ingredient_app, name="ingredient")
    app.add_typer(product_app, name="product")
    app.add_typer(supplier_app, name="supplier")
    app.add_typer(material_app, name="material")


@ingredient_app.command("add")
def ingredient_add(
    name: str,
    slug: Annotated[str | None, typer.Option(help="Portable key; derived from the name.")] = None,
    parent: Annotated[str | None, typer.Option(help="Category ingredient (slug).")] = None,
    density: Annotated[
        str | None,
        typer.Option(help="Grams per ml (0.53) or a sentence: '1 cup = 4.25 oz'."),
    ] = None,
    allergens: Annotated[
        str | None,
        typer.Option(help="Allergen codes, comma-separated (gluten:wheat,milk), or 'none'; "
                     "left out: not yet checked."),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add an ingredient."""
    row = catalog.create_ingredient(
        name, slug=slug, parent=parent, density=density,
        allergens=allergen_option(allergens, record=f"Ingredient {name!r}"),
    )
    if as_json:
        print_json(row)
    else:
        ok(f"Added ingredient {row['name']} ({row['slug']})")


def allergen_option(text: str | None, *, record: str) -> list[str] | None:
    """`--allergens`: None (not given) is unknown, 'none' is [], else the codes."""
    if text is None:
        return None
    if text.strip().lower() == "none":
        return []
    return allergen_service.parse_text(text, record=record, field="allergens")


def allergen_text(codes: list[str] | None) -> str:
    if codes is None:
        return "not yet checked"
    return describe(codes) or "none"


@ingredient_app.command("allergens")
def ingredient_allergens(
    ingredient: str,
    codes: Annotated[str, typer.Argument(help="gluten:wheat,milk, or 'none'")],
) -> None:
    """Record which major allergens an ingredient contains (or 'none')."""
    given = allergen_option(codes, record=f"Ingredient {ingredient!r}")
    row = catalog.update_ingredient(ingredient, allergens=given)
    ok(f"{row['name']}: {allergen_text(row['allergens'])}")


@ingredient_app.command("density")
def ingredient_density(
    ingredient: str,
    density: Annotated[str, typer.Argument(help="0.53, or '1 cup = 4.25 oz'")],
) -> None:
    """Set an ingredient's density so cups and grams can be compared."""
    row = catalog.update_ingredient(ingredient, density=density)
    ok(f"{row['name']}: {row['density_g_per_ml'].normalize()} g/ml")


@ingredient_app.command("list")
def ingredient_list(
    search: Annotated[str | None, typer.Option(help="Part of a name or slug.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """List ingredients."""
    rows = catalog.list_ingredients(search=search)
    if as_json:
        print_json(rows)
        return
    table(
        "Ingredients",
        ["Slug", "Name", "Parent", "Density g/ml", "Allergens"],
        [
            [
                r["slug"],
                r["name"] + ("" if r["is_leaf"] else " (category)"),
                r["parent_slug"],
                r["density_g_per_ml"],
                allergen_text(r["allergens"]),
            ]
            for r in rows
        ],
    )


@product_app.command("add")
def product_add(
    ingredient: str,
    size: Annotated[str, typer.Option(help="Package size, e.g. '5 lb' or '12 each'.")],
    brand: Annotated[str | None, typer.Option()] = None,
    name: Annotated[str | None, typer.Option()] = None,
    gtin: Annotated[str | None, typer.Option(help="Barcode number (UPC/EAN).")] = None,
    slug: Annotated[str | None, typer.Option()] = None,
    preferred: Annotated[bool, typer.Option("--preferred")] = False,
    supplier: Annotated[str | None, typer.Option(help="Preferred supplier (slug).")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a product of an ingredient."""
    quantity, unit = parse_amount_option(size, field="size")
    row = catalog.create_product(
        ingredient,
        brand=brand,
        package_quantity=quantity,
        package_unit=unit,
        name=name,
        gtin=gtin,
        slug=slug,
        preferred=preferred,
        preferred_supplier=supplier,
    )
    if as_json:
        print_json(row)
    else:
        ok(f"Added product {row['name']} ({row['slug']})")


@product_app.command("list")
def product_list(
    search: Annotated[str | None, typer.Option(help="Name, brand or barcode.")] = None,
    ingredient: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """List products."""
    rows = catalog.list_products(search=search, ingredient=ingredient)
    if as_json:
        print_json(rows)
        return
    table(
        "Products",
        ["Slug", "Name", "For", "Package", "GTIN", "Preferred"],
        [
            [
                r["slug"],
                r["name"],
                r["ingredient_slug"] or r["material_slug"],
                f"{r['package_quantity'].normalize():f} {r['package_unit']}",
                r["gtin"],
                r["preferred"],
            ]
            for r in rows
        ],
    )


@supplier_app.command("add")
def supplier_add(
    name: str,
    online: Annotated[bool, typer.Option("--online", help="An online shop.")] = False,
    location: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a supplier."""
    row = catalog.create_supplier(name, kind="online" if online else "physical", location=location)
    if as_json:
        print_json(row)
    else:
        ok(f"Added supplier {row['name']} ({row['slug']})")


@supplier_app.command("list")
def supplier_list(as_json: bool = JsonOption) -> None:
    """List suppliers."""
    rows = catalog.list_suppliers()
    if as_json:
        print_json(rows)
        return
    table(
        "Suppliers",
        ["Slug", "Name", "Kind", "Location"],
        [[r["slug"], r["name"], r["kind"], r["location"]] for r in rows],
    )


@material_app.command("add")
def material_add(
    name: str,
    unit: Annotated[str, typer.Option(help="How it is counted.")] = "each",
    slug: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a packaging material."""
    row = catalog.create_material(name, base_unit=unit, slug=slug)
    if as_json:
        print_json(row)
    else:
        ok(f"Added material {row['name']} ({row['slug']})")


@material_app.command("product")
def material_product(
    material: str,
    name: Annotated[str, typer.Option()],
    size: Annotated[str, typer.Option(help="Pack size, e.g. '25 each'.")] = "1 each",
    gtin: Annotated[str | None, typer.Option()] = None,
    slug: Annotated[str | None, typer.Option()] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a purchasable product of a material."""
    quantity, unit = parse_amount_option(size, field="size")
    row = catalog.create_material_product(
        material, name=name, package_quantity=quantity, package_unit=unit, gtin=gtin, slug=slug
    )
    if as_json:
        print_json(row)
    else:
        ok(f"Added product {row['name']} ({row['slug']})")


@material_app.command("list")
def material_list(as_json: bool = JsonOption) -> None:
    """List packaging materials."""
    rows = catalog.list_materials()
    if as_json:
        print_json(rows)
        return
    table(
        "Materials",
        ["Slug", "Name", "Unit"],
        [[r["slug"], r["name"], r["base_unit"]] for r in rows],
    )
