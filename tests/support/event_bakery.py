"""A small bakery with events, built through the services, for the event pages and API tests.

Sugar cookies (24 a batch) and brownies (12 a batch) go into a cookie tin (6 cookies and a
gift box) and a brownie bag (4 brownies); a family box holds one of each. "Christmas" is
ten days away with targets of 10 tins and 5 bags and two recipients; "Bake sale" is further
off and "Harvest fair" is past. Stock covers several batches of sugar cookies but only one
of brownies (one 100 g chocolate bar), so the plan's shopping list buys one more bar.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from baketracker.db import session_scope
from baketracker.services import catalog, events, goods, inventory, recipes

XMAS = "Christmas"
SALE = "Bake sale"
FAIR = "Harvest fair"


def build(*, today: date | None = None) -> dict[str, Any]:
    """Create the bakery; returns the ids the tests need."""
    today = today or date.today()
    # One transaction for the whole bakery: quick on both databases.
    with session_scope() as session:
        catalog.create_ingredient("Flour", density_g_per_ml="0.5283", session=session)
        catalog.create_ingredient("Butter", density_g_per_ml="0.911", session=session)
        catalog.create_ingredient("Sugar", density_g_per_ml="0.845", session=session)
        catalog.create_ingredient("Chocolate", session=session)
        for ingredient, size, unit, slug, packages, price in [
            ("flour", 5, "lb", "flour-5lb", 2, "6.49"),
            ("butter", 1, "lb", "butter-1lb", 4, "4.50"),
            ("sugar", 4, "lb", "sugar-4lb", 1, "3.99"),
            ("chocolate", 100, "g", "choc-100g", 1, "2.50"),
        ]:
            catalog.create_product(ingredient, brand="House", package_quantity=size,
                                   package_unit=unit, slug=slug, session=session)
            inventory.record_purchase(slug, packages=packages, price_per_package=price,
                                      purchased_on=today - timedelta(days=5), session=session)
        catalog.create_material("Gift box", session=session)
        catalog.create_material_product("gift-box", name="Kraft box 10-pack",
                                        package_quantity=10, slug="kraft-box-10",
                                        session=session)
        inventory.record_purchase("kraft-box-10", packages=1, price_per_package="12.00",
                                  purchased_on=today - timedelta(days=5), session=session)
        recipes.create_recipe(
            "Sugar cookies",
            ingredients=[("flour", 2, "cup"), ("butter", 100, "g"), ("sugar", 50, "g")],
            finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
            session=session,
        )
        recipes.create_recipe(
            "Brownies",
            ingredients=[("flour", 1, "cup"), ("butter", 200, "g"), ("sugar", 150, "g"),
                         ("chocolate", 100, "g")],
            finished_units=[{"name": "Brownie", "items_per_batch": 12}],
            session=session,
        )
        tin = [{"finished_unit": "sugar-cookie", "quantity": 6},
               {"material": "gift-box", "quantity": 1}]
        goods.create_finished_good("Cookie tin", components=tin, session=session)
        bag = [{"finished_unit": "brownie", "quantity": 4}]
        goods.create_finished_good("Brownie bag", components=bag, session=session)
        family = goods.create_package("Family box", contents=[("cookie-tin", 1),
                                                              ("brownie-bag", 1)],
                                      session=session)
        may = events.create_recipient("Aunt May", household="The Parkers", session=session)
        lee = events.create_recipient("Mr Lee", session=session)
        xmas = events.create_event(XMAS, event_date=today + timedelta(days=10), session=session)
        sale = events.create_event(SALE, event_date=today + timedelta(days=40),
                                   output_mode="BULK_COUNT", session=session)
        fair = events.create_event(FAIR, event_date=today - timedelta(days=30), session=session)
        events.set_assembly_target(XMAS, "cookie-tin", 10, session=session)
        events.set_assembly_target(XMAS, "brownie-bag", 5, session=session)
        first = events.assign_package(XMAS, may["id"], family["id"], 1, session=session)
        second = events.assign_package(XMAS, lee["id"], family["id"], 2, session=session)
    return {
        "xmas": xmas["id"], "sale": sale["id"], "fair": fair["id"],
        "family": family["id"], "may": may["id"], "lee": lee["id"],
        "assignments": [first["id"], second["id"]],
    }
