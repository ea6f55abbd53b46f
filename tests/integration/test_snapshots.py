"""Definition snapshots: the full flattened definition, frozen against later edits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baketracker.db import session_scope
from baketracker.domain.recipes import flattened_from_snapshot
from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models import ProductionRun
from baketracker.services import catalog, goods, recipes

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def cookies() -> None:
    catalog.create_ingredient("Flour", density_g_per_ml="0.5283")
    catalog.create_ingredient("Sugar")
    catalog.create_ingredient("Salt")
    catalog.create_ingredient("Butter")
    catalog.create_material("Ribbon")
    recipes.create_recipe("Frosting", ingredients=[("sugar", 1, "cup")])
    recipes.create_recipe(
        "Sugar cookies",
        ingredients=[("flour", 2, "cup"), ("salt", 1, "tsp"), ("salt", 2, "g")],
        components=[("frosting", 2)],
        finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
        category="Cookies",
    )


def test_a_recipe_snapshot_holds_the_flattened_definition_and_yields(cookies) -> None:  # type: ignore[no-untyped-def]
    taken = recipes.create_recipe_snapshot("sugar-cookies", scale_factor=2, is_planning=True)

    snapshot = recipes.get_recipe_snapshot(taken["id"])
    data = snapshot["data"]
    assert snapshot["recipe_id"] == taken["recipe_id"]
    assert snapshot["is_planning"] is True
    assert data["schema"] == 1
    assert data["recipe"]["slug"] == "sugar-cookies"
    assert data["recipe"]["category"] == "Cookies"
    assert data["scale_factor"] == "2"
    by_slug = {line["ingredient_slug"]: line for line in data["ingredients"]}
    assert by_slug["sugar"]["unit"] == "ml"
    assert D(by_slug["sugar"]["quantity"]) == 4 * D("236.5882365")  # 1 cup × 2 × scale 2
    assert by_slug["flour"]["unit"] == "g"
    assert by_slug["flour"]["density_g_per_ml"] == "0.5283"
    assert by_slug["salt"]["quantity"] == "4"
    [salt_tsp] = data["unreconciled"]
    assert (salt_tsp["quantity"], salt_tsp["unit"], salt_tsp["needs_density"]) == ("2", "tsp", True)
    assert data["components"] == [
        {"recipe_id": data["components"][0]["recipe_id"], "recipe_slug": "frosting",
         "recipe_name": "Frosting", "multiplier": "2"}
    ]
    assert [(u["slug"], u["items_per_batch"], u["batch_portion"])
            for u in data["finished_units"]] == [("sugar-cookie", "24", None)]
    assert data["taken_at"]


def test_a_snapshot_reads_back_as_decimals_without_the_live_recipe(cookies) -> None:  # type: ignore[no-untyped-def]
    taken = recipes.create_recipe_snapshot("sugar-cookies")
    data = recipes.get_recipe_snapshot(taken["id"])["data"]

    flat = flattened_from_snapshot(data, D(3)).by_slug()

    assert flat["salt"].quantity == D(6)
    assert flat["flour"].ingredient.density_g_per_ml == D("0.5283")


def test_editing_the_recipe_afterwards_never_changes_the_snapshot(cookies) -> None:  # type: ignore[no-untyped-def]
    taken = recipes.create_recipe_snapshot("sugar-cookies")
    before = recipes.get_recipe_snapshot(taken["id"])

    shown = recipes.get_recipe("sugar-cookies")
    recipes.update_ingredient_line(shown["ingredients"][0]["id"], quantity=5)
    recipes.add_ingredient("sugar-cookies", "butter", 1, "lb")
    recipes.remove_ingredient("sugar-cookies", "salt")
    recipes.add_ingredient("frosting", "butter", 100, "g")
    recipes.update_component("sugar-cookies", "frosting", 7)
    recipes.update_recipe("sugar-cookies", name="Iced cookies", category="Biscuits")
    recipes.create_finished_unit("iced-cookies", "Mini cookie", items_per_batch=48)
    catalog.update_ingredient("flour", density_g_per_ml="0.6")

    assert recipes.get_recipe_snapshot(taken["id"]) == before


def test_a_snapshot_outlives_its_recipe(cookies) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe("Plain", ingredients=[("flour", 1, "lb")])
    taken = recipes.create_recipe_snapshot("plain")
    data = recipes.get_recipe_snapshot(taken["id"])["data"]

    recipes.delete_recipe("plain")

    after = recipes.get_recipe_snapshot(taken["id"])
    assert after["recipe_id"] is None
    assert after["data"] == data


def test_a_finished_good_snapshot_holds_the_composition_recursively(cookies) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Tin", components=[
        {"finished_unit": "sugar-cookie", "quantity": 6}, {"material": "ribbon", "quantity": 1}
    ])
    goods.create_finished_good("Hamper", components=[{"finished_good": "tin", "quantity": 2}])

    taken = goods.create_finished_good_snapshot("hamper", is_planning=True)
    snapshot = goods.get_finished_good_snapshot(taken["id"])
    data = snapshot["data"]

    assert snapshot["is_planning"] is True
    assert data["finished_good"]["slug"] == "hamper"
    [tin] = data["components"]
    assert (tin["type"], tin["slug"], tin["quantity"], tin["kind"]) == (
        "finished_good", "tin", "2", "BUNDLE"
    )
    assert [(c["type"], c["slug"], c["quantity"]) for c in tin["components"]] == [
        ("finished_unit", "sugar-cookie", "6"), ("material", "ribbon", "1")
    ]
    assert tin["components"][0]["recipe_slug"] == "sugar-cookies"
    assert [(u["slug"], u["recipe_slug"], u["quantity"])
            for u in data["flattened"]["finished_units"]] == [
        ("sugar-cookie", "sugar-cookies", "12")
    ]
    assert [(m["slug"], m["quantity"], m["unit"]) for m in data["flattened"]["materials"]] == [
        ("ribbon", "2", "each")
    ]


def test_editing_a_good_afterwards_never_changes_its_snapshot(cookies) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good("Tin", components=[{"finished_unit": "sugar-cookie", "quantity": 6}])
    goods.create_finished_good("Hamper", components=[{"finished_good": "tin", "quantity": 2}])
    taken = goods.create_finished_good_snapshot("hamper")
    before = goods.get_finished_good_snapshot(taken["id"])

    goods.add_component("tin", {"finished_unit": "sugar-cookie", "quantity": 6})
    goods.add_component("tin", {"material": "ribbon", "quantity": 3})
    goods.add_component("hamper", {"finished_unit": "sugar-cookie", "quantity": 1})
    goods.remove_component("hamper", {"finished_good": "tin"})

    assert goods.get_finished_good_snapshot(taken["id"]) == before


def test_a_snapshot_can_be_linked_to_an_existing_production_run(cookies) -> None:  # type: ignore[no-untyped-def]
    first = recipes.create_recipe_snapshot("sugar-cookies")
    unit = recipes.get_finished_unit("sugar-cookie")
    with session_scope() as session:
        run = ProductionRun(recipe_id=first["recipe_id"], finished_unit_id=unit["id"],
                            recipe_snapshot_id=first["id"], batches=D(1), expected_yield=24,
                            actual_yield=24, total_cost=D(0))
        session.add(run)
        session.flush()
        run_id = run.id

    second = recipes.create_recipe_snapshot("sugar-cookies", production_run_id=run_id)

    with session_scope() as session:
        assert session.get_one(ProductionRun, run_id).recipe_snapshot_id == second["id"]
    assert recipes.get_recipe_snapshot(second["id"])["data"]["production_run_id"] == run_id
    with pytest.raises(Invalid):
        recipes.create_recipe_snapshot("frosting", production_run_id=run_id)
    with pytest.raises(Invalid):
        recipes.create_recipe_snapshot("sugar-cookies", production_run_id=run_id,
                                       is_planning=True)
    # A recipe with production history is archived, never deleted.
    with pytest.raises(Conflict, match="archive"):
        recipes.delete_recipe("sugar-cookies")


def test_unknown_snapshots_and_bad_scales_are_refused(cookies) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        recipes.get_recipe_snapshot(999)
    with pytest.raises(NotFound):
        goods.get_finished_good_snapshot(999)
    with pytest.raises(Invalid) as caught:
        recipes.create_recipe_snapshot("sugar-cookies", scale_factor=0)
    assert caught.value.field == "scale_factor"
