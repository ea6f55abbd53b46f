"""Identifiers are kept or refused, never rewritten: the slug a create call accepted finds
the record again in every service that takes a reference (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from baketracker.errors import Invalid
from baketracker.services import (
    catalog,
    events,
    goods,
    inventory,
    planning,
    production,
    recipes,
)
from baketracker.services.transfer import DocumentInvalid, export_document, import_document
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")


def underscored_bakery() -> None:
    """A small bakery whose every slug is the older app's kind: with underscores."""
    catalog.create_supplier("Wegmans", slug="wegmans_burlington")
    catalog.create_ingredient("Acc Butter", slug="acc_butter", density="1 cup = 227 g")
    catalog.create_ingredient("Flour AP", slug="flour_all_purpose", density="1 cup = 120 g")
    catalog.create_product("acc_butter", brand="Kerrygold", package_quantity=8,
                           package_unit="oz", slug="kerrygold_butter_8oz")  # fmt: skip
    catalog.create_product("flour_all_purpose", brand="King Arthur", package_quantity=5,
                           package_unit="lb", slug="king_arthur_5lb")  # fmt: skip
    catalog.create_material("Red ribbon", slug="ribbon_red", base_unit="cm")
    catalog.create_material_product("ribbon_red", name="Ribbon 10 m", package_quantity=1000,
                                    package_unit="cm", slug="ribbon_red_10m")  # fmt: skip
    recipes.create_recipe(
        "Shortbread",
        slug="shortbread_classic",
        ingredients=[("acc_butter", 1, "cup"), ("flour_all_purpose", 2, "cup")],
        finished_units=[{"name": "Shortbread cookie", "slug": "shortbread_cookie",
                         "items_per_batch": 24}],
    )  # fmt: skip
    goods.create_finished_good(
        "Cookie tin",
        slug="cookie_tin",
        components=[{"finished_unit": "shortbread_cookie", "quantity": 6},
                    {"material": "ribbon_red", "quantity": 40}],
    )  # fmt: skip


def test_slugs_with_underscores_are_stored_exactly_and_find_their_records() -> None:
    underscored_bakery()

    assert catalog.get_ingredient("acc_butter")["name"] == "Acc Butter"
    assert catalog.get_product("kerrygold_butter_8oz")["ingredient_slug"] == "acc_butter"
    assert catalog.get_product("ribbon_red_10m")["material_slug"] == "ribbon_red"
    assert {s["slug"] for s in catalog.list_suppliers()} == {"wegmans_burlington"}
    recipe = recipes.get_recipe("shortbread_classic")
    assert [u["slug"] for u in recipe["finished_units"]] == ["shortbread_cookie"]
    assert recipes.get_finished_unit("shortbread_cookie")["recipe_slug"] == "shortbread_classic"
    assert goods.get_finished_good("cookie_tin")["slug"] == "cookie_tin"
    flat = {line["ingredient_slug"] for line in recipes.flatten_recipe("shortbread_classic")}
    assert flat == {"acc_butter", "flour_all_purpose"}


def test_stock_of_an_underscored_slug_is_bought_drawn_and_baked() -> None:
    underscored_bakery()
    inventory.record_purchase("kerrygold_butter_8oz", packages=4, price_per_package="4.50",
                              supplier="wegmans_burlington")  # fmt: skip
    inventory.record_purchase("king_arthur_5lb", packages=1, price_per_package="6.99")

    inventory.consume_fifo("acc_butter", 2, "oz")
    assert inventory.on_hand("acc_butter", "oz") == pytest.approx(Decimal(30))

    run = production.record_batch_production("shortbread_classic", 1)
    assert run["actual_yield"] == 24
    assert recipes.get_finished_unit("shortbread_cookie")["on_hand"] == 24


def test_an_event_plans_an_underscored_recipe_and_good() -> None:
    underscored_bakery()
    events.create_event("Tea party", event_date="2026-12-20", output_mode="BULK_COUNT")
    events.set_production_target("Tea party", "shortbread_classic", 2)
    events.set_assembly_target("Tea party", "cookie_tin", 4)

    result = planning.create_plan("Tea party")

    assert result["success"] is True
    [target] = events.get_production_targets("Tea party")
    assert (target["recipe_slug"], target["target_batches"]) == ("shortbread_classic", 2)


def test_a_renamed_recipe_keeps_an_explicit_underscored_slug_and_its_old_one() -> None:
    underscored_bakery()

    recipes.update_recipe("shortbread_classic", name="Butter shortbread", slug="shortbread_v2")

    assert recipes.get_recipe("shortbread_v2")["name"] == "Butter shortbread"
    assert recipes.get_recipe("shortbread_classic")["slug"] == "shortbread_v2"


def test_underscored_slugs_survive_export_and_import() -> None:
    underscored_bakery()
    document = export_document()

    report = import_document(document, mode="replace")

    assert report["counts"]["ingredients"]["created"] == 2
    assert catalog.get_ingredient("acc_butter")["slug"] == "acc_butter"
    assert recipes.get_finished_unit("shortbread_cookie")["slug"] == "shortbread_cookie"


def test_a_name_still_derives_a_slug_as_before() -> None:
    assert catalog.create_ingredient("Acc Butter!")["slug"] == "acc-butter"
    assert recipes.create_recipe("Crème Brûlée")["slug"] == "creme-brulee"


CREATES: dict[str, Callable[[str], Any]] = {
    "ingredient": lambda s: catalog.create_ingredient("Acc Butter", slug=s),
    "supplier": lambda s: catalog.create_supplier("Wegmans", slug=s),
    "product": lambda s: catalog.create_product(
        "acc_butter", brand="Kerrygold", package_quantity=8, package_unit="oz", slug=s
    ),
    "material": lambda s: catalog.create_material("Red ribbon", slug=s),
    "material product": lambda s: catalog.create_material_product(
        "ribbon_red", name="Ribbon 10 m", package_quantity=1000, package_unit="cm", slug=s
    ),
    "recipe": lambda s: recipes.create_recipe("Shortbread", slug=s),
    "recipe update": lambda s: recipes.update_recipe("shortbread_classic", slug=s),
    "finished unit": lambda s: recipes.create_finished_unit(
        "shortbread_classic", "Shortbread finger", items_per_batch=12, slug=s
    ),
    "unit in a new recipe": lambda s: recipes.create_recipe(
        "Fingers", finished_units=[{"name": "Finger", "items_per_batch": 12, "slug": s}]
    ),
    "finished good": lambda s: goods.create_finished_good(
        "Cookie tin", slug=s, components=[{"finished_unit": "shortbread_cookie", "quantity": 6}]
    ),
}


@pytest.mark.parametrize("what", CREATES)
@pytest.mark.parametrize("slug", ["Acc Butter!", "Acc_Butter", "acc butter", "sablés"])
def test_a_slug_with_other_characters_is_refused_naming_the_field_and_nothing_written(
    what: str, slug: str
) -> None:
    catalog.create_ingredient("Acc Butter", slug="acc_butter")
    catalog.create_material("Red ribbon", slug="ribbon_red", base_unit="cm")
    recipes.create_recipe(
        "Shortbread", slug="shortbread_classic",
        finished_units=[{"name": "Cookie", "slug": "shortbread_cookie", "items_per_batch": 24}],
    )  # fmt: skip
    before = row_counts()

    with pytest.raises(Invalid) as caught:
        CREATES[what](slug)

    assert caught.value.field == "slug"
    assert f"slug {slug!r} may use only lower-case letters, digits, '-' and '_'" in str(
        caught.value
    )
    assert caught.value.record  # the record the slug was for
    assert row_counts() == before
    assert recipes.get_recipe("shortbread_classic")["slug"] == "shortbread_classic"


def test_a_document_slug_with_other_characters_is_refused_naming_the_record() -> None:
    before = row_counts()
    document = {"format": "baketracker", "version": "1",
                "ingredients": [{"slug": "acc_butter", "name": "Acc Butter"},
                                {"slug": "Acc Butter!", "name": "Salted butter"}]}  # fmt: skip

    with pytest.raises(DocumentInvalid) as caught:
        import_document(document)

    assert caught.value.errors == [
        "ingredients[1].slug: 'Acc Butter!' may use only lower-case letters, digits, '-' and '_'"
    ]
    assert row_counts() == before
