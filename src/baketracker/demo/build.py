"""Build the demo document (a holiday baking season) through the services, then write it.

    python -m baketracker.demo.build [OUTPUT]

The committed demo (christmas-2026.json) is what this writes: a document in the
project's own format, loaded by `baketracker demo`. Timestamps are left out and uuids
are kept only where the document needs them (recipients, purchases), derived from
names, so the file is the same each time it is built.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

DEMO_FILE = Path(__file__).with_name("christmas-2026.json")
_NAMESPACE = uuid.UUID("5d1c7d0e-2f7b-4c55-9a4e-6b0f3c2a9e11")

# (slug, name, parent slug, density, product brand, package size, unit, price)
INGREDIENTS: list[tuple[str, str, str | None, str | None, str, str, str, str]] = [
    ("flours", "Flours & Starches", None, None, "", "", "", ""),
    ("all-purpose-flour", "All-purpose flour", "flours", "1 cup = 125 g",
     "King Arthur", "5", "lb", "6.49"),
    ("sugars", "Sugars & Sweeteners", None, None, "", "", "", ""),
    ("granulated-sugar", "Granulated sugar", "sugars", "1 cup = 200 g",
     "Domino", "4", "lb", "4.29"),
    ("brown-sugar", "Light brown sugar", "sugars", "1 cup = 213 g", "Domino", "2", "lb", "3.19"),
    ("powdered-sugar", "Powdered sugar", "sugars", "1 cup = 120 g", "Domino", "2", "lb", "2.99"),
    ("molasses", "Molasses", "sugars", "1 cup = 328 g", "Grandma's", "12", "fl oz", "4.49"),
    ("dairy", "Dairy & Eggs", None, None, "", "", "", ""),
    ("unsalted-butter", "Unsalted butter", "dairy", "1 cup = 227 g",
     "Land O Lakes", "1", "lb", "5.49"),
    ("eggs", "Large eggs", "dairy", None, "Pete & Gerry's", "12", "each", "5.99"),
    ("heavy-cream", "Heavy cream", "dairy", "1 cup = 238 g", "Hood", "1", "pt", "4.79"),
    ("whole-milk", "Whole milk", "dairy", "1 cup = 245 g", "Hood", "0.5", "gal", "3.89"),
    ("chocolate", "Chocolate & Cocoa", None, None, "", "", "", ""),
    ("semisweet-chips", "Semi-sweet chocolate chips", "chocolate", "1 cup = 170 g",
     "Ghirardelli", "12", "oz", "4.99"),
    ("bittersweet-chocolate", "Bittersweet chocolate", "chocolate", "1 cup = 170 g",
     "Guittard", "12", "oz", "7.99"),
    ("white-chocolate", "White chocolate", "chocolate", "1 cup = 170 g",
     "Ghirardelli", "11", "oz", "4.99"),
    ("cocoa-powder", "Dutch-process cocoa", "chocolate", "1 cup = 85 g",
     "Droste", "8.8", "oz", "9.49"),
    ("leaveners", "Leaveners", None, None, "", "", "", ""),
    ("baking-soda", "Baking soda", "leaveners", "1 tsp = 6 g", "Arm & Hammer", "1", "lb", "1.49"),
    ("baking-powder", "Baking powder", "leaveners", "1 tsp = 4 g",
     "Clabber Girl", "10", "oz", "2.79"),
    ("flavorings", "Spices & Flavorings", None, None, "", "", "", ""),
    ("vanilla-extract", "Vanilla extract", "flavorings", "1 tsp = 4.2 g",
     "Nielsen-Massey", "4", "fl oz", "14.99"),
    ("peppermint-extract", "Peppermint extract", "flavorings", "1 tsp = 4 g",
     "McCormick", "1", "fl oz", "5.49"),
    ("ground-ginger", "Ground ginger", "flavorings", "1 tsp = 1.8 g",
     "McCormick", "1.5", "oz", "5.99"),
    ("ground-cinnamon", "Ground cinnamon", "flavorings", "1 tsp = 2.6 g",
     "McCormick", "2.37", "oz", "4.49"),
    ("ground-cloves", "Ground cloves", "flavorings", "1 tsp = 2.1 g",
     "McCormick", "0.9", "oz", "6.99"),
    ("kosher-salt", "Kosher salt", "flavorings", "1 tsp = 3 g",
     "Diamond Crystal", "3", "lb", "4.99"),
    ("nuts-fruit", "Nuts & Dried Fruit", None, None, "", "", "", ""),
    ("pecans", "Pecan halves", "nuts-fruit", "1 cup = 110 g", "Diamond", "16", "oz", "11.99"),
    ("dried-cranberries", "Dried cranberries", "nuts-fruit", "1 cup = 120 g",
     "Ocean Spray", "12", "oz", "3.99"),
    ("orange-zest", "Orange", "nuts-fruit", None, "Sunkist", "4", "each", "3.49"),
    ("candy-canes", "Crushed candy canes", "nuts-fruit", "1 cup = 200 g",
     "Bob's", "12", "oz", "2.99"),
]  # fmt: skip

# What each ingredient contains (every one checked; categories are never used in recipes).
ALLERGENS: dict[str, list[str]] = {
    "all-purpose-flour": ["gluten:wheat"], "unsalted-butter": ["milk"], "eggs": ["eggs"],
    "heavy-cream": ["milk"], "whole-milk": ["milk"], "semisweet-chips": ["milk", "soy"],
    "bittersweet-chocolate": ["soy"], "white-chocolate": ["milk", "soy"],
    "pecans": ["tree_nuts:pecan"],
}
# A product's "may contain" (made on shared lines).
MAY_CONTAIN = {"bittersweet-chocolate": ["milk", "tree_nuts"], "candy-canes": ["soy"]}

# (slug, name, base unit, product name, package quantity, package unit, price)
MATERIALS = [
    ("cookie-tin", "Round cookie tin", "each", "Cookie tin, 7 in, 12 pack", "12", "each", "28.00"),
    ("gift-box", "Kraft gift box 8x8", "each", "Kraft box 8x8x3, 25 pack", "25", "each", "31.50"),
    ("cello-bag", "Cellophane treat bag", "each", "Cello bag 4x9, 100 pack", "100", "each", "9.99"),
    ("satin-ribbon", "Red satin ribbon", "cm", "Satin ribbon 3/8 in, 50 yd", "50", "yd", "8.99"),
    ("gift-tag", "Gift tag", "each", "Kraft gift tags, 100 pack", "100", "each", "6.49"),
]

# (name, household, address, dietary note, avoids)
RECIPIENTS: list[tuple[str, str | None, str | None, str | None, list[str]]] = [
    ("Grandma Rose", "Rossi", "12 Maple St, Burlington, VT", None, []),
    ("Aunt June", "Rossi", "48 Lake Rd, Shelburne, VT", None, ["tree_nuts"]),
    ("The Okafors", "Okafor", "7 Pine Ct, Burlington, VT", None, []),
    ("Ms. Patel", None, "Champlain Elementary", "Vegetarian", []),
    ("Mr. Nguyen", None, "Champlain Elementary", None, []),
    ("Dr. Alvarez", "Alvarez", "221 College St, Burlington, VT", None, []),
    ("Sam & Lee", "Kim", "3 Orchard Ln, Winooski, VT", "Sam is gluten-sensitive, not coeliac",
     ["gluten"]),
    ("Mail carrier", None, None, None, []),
    ("Book club", None, "Fletcher Free Library", None, []),
    ("Nora (neighbor)", "Walsh", "14 Maple St, Burlington, VT", None, []),
]
# Warnings someone who knows has already looked at: (recipient, who checked).
CHECKED = {"Sam & Lee": "Lee Kim"}


def populate(session: Any) -> None:
    """Create the demo data set in `session` through the public services."""
    from baketracker.services import allergens, catalog, events, goods, inventory, recipes

    kw = {"session": session}
    wegmans = catalog.create_supplier("Wegmans", location="Burlington, VT", **kw)["slug"]
    catalog.create_supplier("King Arthur Baking", kind="online", slug="king-arthur", **kw)
    uline = catalog.create_supplier("Uline", kind="online", **kw)["slug"]
    purchases: list[tuple[str, str, str, date, str]] = []
    for slug, name, parent, density, brand, size, unit, price in INGREDIENTS:
        catalog.create_ingredient(
            name, slug=slug, parent=parent, density=density,
            allergens=ALLERGENS.get(slug, []) if brand else None, **kw,
        )  # fmt: skip
        if brand:
            product = catalog.create_product(
                slug, brand=brand, package_quantity=size, package_unit=unit,
                may_contain=MAY_CONTAIN.get(slug, ()), **kw,
            )["slug"]  # fmt: skip
            purchases.append((product, "2", price, date(2026, 11, 7), wegmans))
    for slug, name, base, product, size, unit, price in MATERIALS:
        catalog.create_material(name, base_unit=base, slug=slug, **kw)
        made = catalog.create_material_product(
            slug, name=product, package_quantity=size, package_unit=unit, **kw
        )
        purchases.append((made["slug"], "1", price, date(2026, 11, 10), uline))
    # A second, dearer butter and flour lot: FIFO uses the older one first.
    butter = catalog.list_products(ingredient="unsalted-butter", **kw)[0]["slug"]
    flour = catalog.list_products(ingredient="all-purpose-flour", **kw)[0]["slug"]
    purchases += [
        (butter, "4", "5.99", date(2026, 11, 21), wegmans),
        (flour, "1", "6.99", date(2026, 11, 21), wegmans),
    ]
    for product, packages, price, when, supplier in purchases:
        inventory.record_purchase(
            product, packages=packages, price_per_package=price, purchased_on=when,
            supplier=supplier, location="Pantry", **kw,
        )  # fmt: skip
    _recipes(recipes, kw)
    _goods(goods, kw)
    event = events.create_event(
        "Christmas 2026", event_date="2026-12-19", output_mode="BUNDLED",
        notes="Gift boxes for family, teachers and neighbours; deliveries the weekend before.",
        **kw,
    )["name"]  # fmt: skip
    gifts = ["Family gift"] * 3 + ["Teacher gift"] * 2 + ["Family gift"] + ["Neighbor gift"] * 2
    gifts += ["Chocolate lovers", "Neighbor gift"]
    for (name, household, address, dietary, avoids), package in zip(
        RECIPIENTS, gifts, strict=True
    ):
        who = events.create_recipient(
            name, household=household, address=address, dietary_notes=dietary, avoids=avoids,
            **kw,
        )
        assigned = events.assign_package(event, who["id"], package, **kw)
        if name in CHECKED:
            allergens.mark_checked(assigned["id"], by=CHECKED[name], **kw)
    for good, quantity in (("holiday-sampler", 4), ("cookie-tin-assortment", 3),
                           ("chocolate-lovers-box", 5), ("biscotti-bag", 2),
                           ("cranberry-orange-mini-loaf", 2)):  # fmt: skip
        events.set_assembly_target(event, good, quantity, **kw)
    for recipe, batches in (("cut-out-sugar-cookies", 2), ("gingerbread-people", 1),
                            ("chocolate-chip-cookies", 2), ("fudge-brownies", 1),
                            ("chocolate-truffles", 1), ("peppermint-bark", 1),
                            ("cranberry-pecan-biscotti", 2), ("pecan-shortbread", 1),
                            ("cranberry-orange-bread", 2)):  # fmt: skip
        events.set_production_target(event, recipe, batches, **kw)


def _recipes(recipes: Any, kw: dict[str, Any]) -> None:
    """The demo's recipes: the sub-recipes first, then those that yield finished units."""
    _sub_recipes(recipes.create_recipe, kw)
    _unit_recipes(recipes.create_recipe, kw)


def _sub_recipes(add: Any, kw: dict[str, Any]) -> None:
    """Doughs, icing and ganache: components of other recipes, no finished units."""
    add("Sugar cookie dough", category="Doughs", ingredients=[
        ("all-purpose-flour", "3", "cup"), ("baking-powder", "1", "tsp"),
        ("kosher-salt", "1/2", "tsp"), ("unsalted-butter", "1", "cup"),
        ("granulated-sugar", "1", "cup"), ("eggs", "1", "each"), ("vanilla-extract", "2", "tsp"),
    ], notes="Chill at least 2 hours before rolling.", **kw)  # fmt: skip
    add("Royal icing", category="Frostings", ingredients=[
        ("powdered-sugar", "4", "cup"), ("eggs", "2", "each"), ("vanilla-extract", "1/2", "tsp"),
    ], **kw)  # fmt: skip
    add("Gingerbread dough", category="Doughs", ingredients=[
        ("all-purpose-flour", "3 1/2", "cup"), ("baking-soda", "1", "tsp"),
        ("ground-ginger", "1", "tbsp"), ("ground-cinnamon", "2", "tsp"),
        ("ground-cloves", "1/2", "tsp"), ("kosher-salt", "1/2", "tsp"),
        ("unsalted-butter", "3/4", "cup"), ("brown-sugar", "3/4", "cup"),
        ("molasses", "1/2", "cup"), ("eggs", "1", "each"),
    ], **kw)  # fmt: skip
    add("Chocolate ganache", category="Fillings", ingredients=[
        ("bittersweet-chocolate", "12", "oz"), ("heavy-cream", "1", "cup"),
    ], **kw)  # fmt: skip


def _unit_recipes(add: Any, kw: dict[str, Any]) -> None:
    """Cookies, brownies, candies and a bread: the recipes that yield finished units."""
    add("Cut-out sugar cookies", category="Cookies",
        components=[("sugar-cookie-dough", "1"), ("royal-icing", "1")],
        finished_units=[{"name": "Iced sugar cookie", "items_per_batch": 24}],
        instructions="Roll 1/4 in thick, cut stars and trees, bake 9 min at 350°F, ice when cool.",
        **kw)  # fmt: skip
    add(
        "Gingerbread people",
        category="Cookies",
        components=[("gingerbread-dough", "1"), ("royal-icing", "0.5")],
        finished_units=[{"name": "Gingerbread person", "items_per_batch": 30}],
        **kw,
    )
    add("Chocolate chip cookies", category="Cookies", ingredients=[
        ("all-purpose-flour", "2 1/4", "cup"), ("baking-soda", "1", "tsp"),
        ("kosher-salt", "1", "tsp"), ("unsalted-butter", "1", "cup"),
        ("granulated-sugar", "3/4", "cup"), ("brown-sugar", "3/4", "cup"),
        ("eggs", "2", "each"), ("vanilla-extract", "2", "tsp"), ("semisweet-chips", "2", "cup"),
    ], finished_units=[{"name": "Chocolate chip cookie", "items_per_batch": 36}], **kw)  # fmt: skip
    add("Double chocolate chip cookies", category="Cookies",
        base_recipe="chocolate-chip-cookies", variant_name="Double chocolate", ingredients=[
            ("all-purpose-flour", "2", "cup"), ("cocoa-powder", "1/2", "cup"),
            ("baking-soda", "1", "tsp"), ("kosher-salt", "1", "tsp"),
            ("unsalted-butter", "1", "cup"), ("brown-sugar", "1 1/2", "cup"),
            ("eggs", "2", "each"), ("semisweet-chips", "1", "cup"),
            ("white-chocolate", "1", "cup"),
        ], finished_units=[{"name": "Double chocolate cookie", "items_per_batch": 36}],
        **kw)  # fmt: skip
    add("Fudge brownies", category="Brownies", ingredients=[
        ("unsalted-butter", "1", "cup"), ("bittersweet-chocolate", "8", "oz"),
        ("granulated-sugar", "2", "cup"), ("eggs", "4", "each"), ("cocoa-powder", "1/2", "cup"),
        ("all-purpose-flour", "1", "cup"), ("kosher-salt", "1/2", "tsp"),
    ], finished_units=[{"name": "Fudge brownie", "items_per_batch": 24}], **kw)  # fmt: skip
    add(
        "Chocolate truffles",
        category="Candies",
        components=[("chocolate-ganache", "1")],
        ingredients=[("cocoa-powder", "1/2", "cup")],
        finished_units=[{"name": "Chocolate truffle", "items_per_batch": 40}],
        **kw,
    )
    add("Peppermint bark", category="Candies", ingredients=[
        ("bittersweet-chocolate", "12", "oz"), ("white-chocolate", "22", "oz"),
        ("peppermint-extract", "1", "tsp"), ("candy-canes", "1", "cup"),
    ], finished_units=[{"name": "Peppermint bark piece", "items_per_batch": 36}], **kw)  # fmt: skip
    add("Cranberry pecan biscotti", category="Cookies", ingredients=[
        ("all-purpose-flour", "2 1/4", "cup"), ("granulated-sugar", "1", "cup"),
        ("baking-powder", "1 1/2", "tsp"), ("kosher-salt", "1/4", "tsp"), ("eggs", "3", "each"),
        ("vanilla-extract", "1", "tsp"), ("dried-cranberries", "1", "cup"),
        ("pecans", "1", "cup"),
    ], finished_units=[{"name": "Biscotti", "items_per_batch": 30}], **kw)  # fmt: skip
    add("Pecan shortbread", category="Cookies", ingredients=[
        ("unsalted-butter", "1", "cup"), ("powdered-sugar", "1/2", "cup"),
        ("all-purpose-flour", "2", "cup"), ("pecans", "3/4", "cup"), ("kosher-salt", "1/4", "tsp"),
    ], finished_units=[{"name": "Pecan shortbread", "items_per_batch": 32}], **kw)  # fmt: skip
    add("Cranberry orange bread", category="Breads", ingredients=[
        ("all-purpose-flour", "2", "cup"), ("granulated-sugar", "1", "cup"),
        ("baking-powder", "1 1/2", "tsp"), ("baking-soda", "1/2", "tsp"),
        ("kosher-salt", "1/2", "tsp"), ("orange-zest", "1", "each"), ("eggs", "1", "each"),
        ("whole-milk", "3/4", "cup"), ("unsalted-butter", "1/4", "cup"),
        ("dried-cranberries", "1", "cup"),
    ], finished_units=[{"name": "Cranberry orange mini loaf", "batch_portion": "0.25"}],
        **kw)  # fmt: skip


def _goods(goods: Any, kw: dict[str, Any]) -> None:
    def fu(slug: str, quantity: int) -> dict[str, Any]:
        return {"finished_unit": slug, "quantity": quantity}

    def mat(slug: str, quantity: str) -> dict[str, Any]:
        return {"material": slug, "quantity": quantity}

    goods.create_finished_good("Cookie tin assortment", components=[
        fu("iced-sugar-cookie", 6), fu("gingerbread-person", 4), fu("chocolate-chip-cookie", 6),
        fu("pecan-shortbread", 4), mat("cookie-tin", "1"), mat("satin-ribbon", "75"),
    ], **kw)  # fmt: skip
    goods.create_finished_good("Chocolate lovers box", components=[
        fu("fudge-brownie", 4), fu("chocolate-truffle", 6), fu("peppermint-bark-piece", 4),
        mat("gift-box", "1"), mat("satin-ribbon", "90"),
    ], **kw)  # fmt: skip
    goods.create_finished_good("Biscotti bag", components=[
        fu("biscotti", 6), mat("cello-bag", "1"), mat("gift-tag", "1"),
    ], **kw)  # fmt: skip
    goods.create_finished_good("Holiday sampler", components=[
        {"finished_good": "cookie-tin-assortment", "quantity": 1},
        {"finished_good": "biscotti-bag", "quantity": 1},
        fu("cranberry-orange-mini-loaf", 1), mat("gift-tag", "1"),
    ], notes="The big one: a tin, a biscotti bag and a mini loaf.", **kw)  # fmt: skip
    goods.create_package(
        "Family gift", contents=[("holiday-sampler", 1), ("chocolate-lovers-box", 1)], **kw
    )
    goods.create_package(
        "Teacher gift", contents=[("biscotti-bag", 1), ("cranberry-orange-mini-loaf", 1)], **kw
    )
    goods.create_package("Neighbor gift", contents=[("cookie-tin-assortment", 1)], **kw)
    goods.create_package("Chocolate lovers", contents=[("chocolate-lovers-box", 1)], **kw)


def _tidy(doc: dict[str, Any]) -> dict[str, Any]:
    """Drop timestamps, lots (derived on import) and the activity trail of building it (a
    demo season has no history of its own); stable uuids only where referenced."""
    doc.pop("activity", None)
    renamed: dict[str, str] = {}
    for array, key in (("recipients", "name"), ("purchases", None)):
        for index, record in enumerate(doc[array]):
            label = record[key] if key else f"{index}"
            new = str(uuid.uuid5(_NAMESPACE, f"{array}:{label}"))
            renamed[record["uuid"]] = new
            record["uuid"] = new
            record.pop("lot", None)

    def strip(value: Any, keep_uuid: bool) -> Any:
        if isinstance(value, list):
            return [strip(item, False) for item in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            if key in ("created_at", "updated_at") or (key == "uuid" and not keep_uuid):
                continue
            out[key] = renamed.get(item, item) if isinstance(item, str) else strip(item, False)
        return out

    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, list):
            keep = key in ("recipients", "purchases")
            out[key] = [strip(record, keep) for record in value]
        else:
            out[key] = value
    for event in out["events"]:
        for assignment in event["assignments"]:
            if assignment.get("allergens_checked_at"):
                assignment["allergens_checked_at"] = "2026-11-24T18:30:00+00:00"
    out["exported_at"] = "2026-11-25T09:00:00+00:00"
    out["description"] = (
        "Demo: a home baker's Christmas 2026 gift season: 14 recipes (doughs and icing "
        "as sub-recipes), 4 bundles, 4 packages for 10 recipients, stock bought in November."
    )
    return out


def build() -> dict[str, Any]:
    """The demo document, built in a throw-away SQLite database."""
    from baketracker import db
    from baketracker.services.transfer import export_document

    with tempfile.TemporaryDirectory() as folder:
        db.init_db(f"sqlite:///{folder}/demo.sqlite3")
        try:
            with db.session_scope() as session:
                populate(session)
            document = export_document()
        finally:
            db.dispose()
    return _tidy(document)


def main(argv: list[str] | None = None) -> None:
    import json

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DEMO_FILE
    target.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
