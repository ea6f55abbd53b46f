"""The planning engine end to end: summary, finalising, plan states, snapshots, amendments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from baketracker.db import session_scope
from baketracker.errors import Invalid, PlanStateError
from baketracker.models import (
    EventProductionTarget,
    FinishedGoodSnapshot,
    PlanSnapshot,
    ProductionPlanSnapshot,
    RecipeSnapshot,
)
from baketracker.services import (
    amendments,
    assembly,
    catalog,
    events,
    goods,
    inventory,
    plan_snapshots,
    plan_state,
    planning,
    production,
    recipes,
)
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal
XMAS = "Christmas 2026"


@pytest.fixture
def bakery() -> None:
    """Sugar cookies (24 a batch: 2 cups flour, 100 g butter) in Box A (6) and Box B (4)."""
    catalog.create_ingredient("Flour", density_g_per_ml="0.5283")
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    catalog.create_product(
        "flour", brand="KA", package_quantity=5, package_unit="lb", slug="flour-5lb"
    )
    catalog.create_product(
        "butter", brand="Kerrygold", package_quantity=1, package_unit="lb", slug="butter-1lb"
    )
    inventory.record_purchase(
        "flour-5lb", packages=1, price_per_package="6.49", purchased_on=date(2026, 11, 1)
    )
    inventory.record_purchase(
        "butter-1lb", packages=1, price_per_package="4.50", purchased_on=date(2026, 11, 1)
    )
    recipes.create_recipe(
        "Sugar cookies",
        ingredients=[("flour", 2, "cup"), ("butter", 100, "g")],
        finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}],
    )
    goods.create_finished_good(
        "Box A", components=[{"finished_unit": "sugar-cookie", "quantity": 6}]
    )
    goods.create_finished_good(
        "Box B", components=[{"finished_unit": "sugar-cookie", "quantity": 4}]
    )
    events.create_event(XMAS, event_date=date(2026, 12, 20))


def batch_line(summary: dict, slug: str = "sugar-cookies") -> dict:  # type: ignore[type-arg]
    return next(b for b in summary["batch_requirements"] if b["recipe_slug"] == slug)


def count(model: type) -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_cookie_in_two_boxes_is_summed_and_explained(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    events.set_assembly_target(XMAS, "box-b", 5)
    line = batch_line(planning.get_plan_summary(XMAS))
    assert (line["units_needed"], line["batches"], line["leftover_units"]) == (80, 4, 16)
    assert "60 for 10 × Box A" in line["explanation"]
    assert "20 for 5 × Box B" in line["explanation"]
    assert line["decided"] is False  # a proposal until create_plan writes it


def test_200_cookies_need_9_batches_and_the_shopping_list_rounds_to_bags(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good(
        "Single", components=[{"finished_unit": "sugar-cookie", "quantity": 1}]
    )
    events.set_assembly_target(XMAS, "single", 200)
    summary = planning.get_plan_summary(XMAS)
    line = batch_line(summary)
    assert (line["batches"], line["leftover_units"], line["yield_per_batch"]) == (9, 16, 24)
    flour = next(i for i in summary["ingredients"] if i["ingredient_slug"] == "flour")
    # 18 cups at 0.5283 g/ml = 2249.81 g; 2267.96 g on hand → nothing to buy
    assert flour["unit"] == "g" and flour["needed"] == D("2249.81")
    assert flour["to_buy"] == 0
    butter = next(s for s in summary["shopping_list"] if s["ingredient_slug"] == "butter")
    # 900 g needed, 453.59 g on hand → 446.41 g → one more 1 lb pack at the last price
    assert (butter["product_slug"], butter["packages"]) == ("butter-1lb", 1)
    assert butter["estimated_cost"] == D("4.50")
    assert summary["shopping_total"] == D("4.50")


def test_mixed_unit_flour_across_two_recipes_is_one_line_in_grams(bakery) -> None:  # type: ignore[no-untyped-def]
    recipes.create_recipe(
        "Loaf",
        ingredients=[("flour", 1, "lb")],
        finished_units=[{"name": "Loaf", "items_per_batch": 1}],
    )
    events.set_production_target(XMAS, "sugar-cookies", 2)
    events.set_production_target(XMAS, "loaf", 3)
    summary = planning.get_plan_summary(XMAS)
    [flour] = [i for i in summary["ingredients"] if i["ingredient_slug"] == "flour"]
    assert flour["needed"] == pytest.approx(D("1860.74"), abs=D("0.1"))
    assert {d["recipe_slug"] for d in flour["drivers"]} == {"sugar-cookies", "loaf"}


def test_an_ingredient_without_density_is_flagged_and_the_plan_still_computes(bakery) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Salt")
    catalog.create_product("salt", brand="Morton", package_quantity=1, package_unit="lb")
    inventory.record_purchase("morton-salt-1-lb", packages=1, price_per_package="1.00")
    recipes.add_ingredient("sugar-cookies", "salt", 1, "tsp")
    events.set_production_target(XMAS, "sugar-cookies", 2)
    summary = planning.get_plan_summary(XMAS)
    salt = next(i for i in summary["ingredients"] if i["ingredient_slug"] == "salt")
    assert salt["to_buy"] is None and "density" in salt["flag"]
    assert any("Salt" in flag for flag in summary["flags"])
    assert any(i["ingredient_slug"] == "flour" for i in summary["ingredients"])


def test_create_plan_writes_proposed_targets_and_snapshots_every_target(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    result = planning.create_plan(XMAS)
    assert result["success"] is True
    assert (result["recipe_snapshots_created"], result["finished_good_snapshots_created"]) == (1, 1)
    [target] = events.get_production_targets(XMAS)
    assert target["target_batches"] == 3
    again = planning.create_plan(XMAS)
    assert (again["recipe_snapshots_created"], again["finished_good_snapshots_created"]) == (0, 0)
    forced = planning.create_plan(XMAS, force_recreate=True)
    assert forced["recipe_snapshots_created"] == 1


def test_a_failure_half_way_through_create_plan_leaves_nothing_behind(  # type: ignore[no-untyped-def]
    bakery, monkeypatch
) -> None:
    events.set_assembly_target(XMAS, "box-a", 10)
    events.set_assembly_target(XMAS, "box-b", 5)
    before = row_counts()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    # Targets and recipe snapshots are written before this fails on the second good.
    real = planning.good_snapshot
    calls = {"n": 0}

    def fail_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(*args, **kwargs) if calls["n"] == 1 else broken()

    monkeypatch.setattr(planning, "good_snapshot", fail_second)
    with pytest.raises(RuntimeError):
        planning.create_plan(XMAS)
    assert calls["n"] == 2
    assert row_counts() == before
    assert count(RecipeSnapshot) == count(FinishedGoodSnapshot) == 0
    assert count(ProductionPlanSnapshot) == count(EventProductionTarget) == 0


def test_a_recipe_edited_after_planning_changes_neither_the_plan_nor_planned_production(  # type: ignore[no-untyped-def]
    bakery,
) -> None:
    events.set_assembly_target(XMAS, "box-a", 8)  # 48 cookies → 2 batches
    plan_state.lock_plan(XMAS)
    planned = planning.get_plan_summary(XMAS)
    line = recipes.get_recipe("sugar-cookies")["ingredients"][1]
    recipes.update_ingredient_line(line["id"], quantity=300)  # butter 100 g → 300 g
    assert planning.get_plan_summary(XMAS)["ingredients"] == planned["ingredients"]

    run = production.record_batch_production("sugar-cookies", 1, event=XMAS)
    assert run["snapshot_reused"] is True
    assert inventory.on_hand("butter", "g") == pytest.approx(D("353.59237"))
    adhoc = production.record_batch_production("sugar-cookies", 1)  # standalone: live recipe
    assert adhoc["snapshot_reused"] is False
    assert inventory.on_hand("butter", "g") == pytest.approx(D("53.59237"))


def test_assembly_for_a_planned_event_reuses_the_goods_snapshot(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 4)
    plan_state.lock_plan(XMAS)
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    first = assembly.record_assembly("box-a", 2, event=XMAS)
    second = assembly.record_assembly("box-a", 1, event=XMAS)
    assert first["snapshot_reused"] and second["snapshot_reused"]
    assert first["finished_good_snapshot_id"] == second["finished_good_snapshot_id"]
    assert assembly.record_assembly("box-a", 1)["snapshot_reused"] is False


def test_a_short_batch_count_needs_confirmation_and_stays_flagged(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)  # 60 cookies → 3 batches
    with pytest.raises(Invalid, match="fall short") as caught:
        planning.decide_batches(XMAS, "sugar-cookies", 2)
    assert caught.value.field == "target_batches"
    decided = planning.decide_batches(XMAS, "sugar-cookies", 2, confirm_short=True)
    assert decided["short_confirmed"] is True
    line = batch_line(planning.get_plan_summary(XMAS))
    assert line["short"] and line["short_confirmed"]
    assert "falls short by 12 Sugar cookie (confirmed)" in line["explanation"]
    assert plan_state.lock_plan(XMAS) == "LOCKED"


def test_an_unconfirmed_short_count_cannot_be_locked(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    events.set_production_target(XMAS, "sugar-cookies", 1)
    with pytest.raises(PlanStateError, match="Sugar cookies"):
        plan_state.lock_plan(XMAS)
    assert events.get_event(XMAS)["plan_state"] == "DRAFT"


def test_targets_can_be_set_from_the_packages_in_one_action(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_package("Family box", contents=[("box-a", 1), ("box-b", 2)])
    events.create_recipient("Grandma")
    events.create_recipient("Neighbours")
    events.assign_package(XMAS, "Grandma", "Family box", 2)
    events.assign_package(XMAS, "Neighbours", "Family box", 1)
    events.set_assembly_target(XMAS, "box-a", 1)
    demand = planning.get_plan_summary(XMAS)["demand"]
    box_a = next(d for d in demand if d["finished_good_slug"] == "box-a")
    assert (box_a["package_quantity"], box_a["below_packages"]) == (3, True)
    changed = planning.set_targets_from_packages(XMAS)
    assert {c["finished_good_slug"]: c["target_quantity"] for c in changed} == {
        "box-a": 3,
        "box-b": 6,
    }


def test_plan_states_move_forward_only_and_name_the_event(bakery) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PlanStateError, match="Christmas 2026.*DRAFT"):
        plan_state.start_production(XMAS)
    assert plan_state.lock_plan(XMAS) == "LOCKED"
    with pytest.raises(PlanStateError, match="LOCKED"):
        events.set_assembly_target(XMAS, "box-a", 3)
    assert plan_state.start_production(XMAS) == "IN_PRODUCTION"
    assert plan_state.complete_production(XMAS) == "COMPLETED"
    with pytest.raises(PlanStateError):
        plan_state.lock_plan(XMAS)


def test_starting_production_twice_is_refused_and_keeps_one_plan_snapshot(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    with pytest.raises(PlanStateError, match="already there"):
        plan_state.start_production(XMAS)
    assert count(PlanSnapshot) == 1
    data = plan_snapshots.get_plan_snapshot(XMAS)["snapshot_data"]  # type: ignore[index]
    assert data["snapshot_version"] == "1.0"
    box_a = goods.get_finished_good("box-a")["id"]
    assert data["finished_goods"] == [
        {"fg_id": box_a, "fg_slug": "box-a", "fg_name": "Box A", "quantity": 10}
    ]
    assert data["batch_decisions"][0]["batches"] == 3
    assert data["batch_decisions"][0]["yield_per_batch"] == "24"


def test_amendments_need_production_and_a_reason(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    with pytest.raises(PlanStateError, match="DRAFT"):
        amendments.create_amendment(XMAS, "DROP_FG", {"fg_id": "box-a"}, "changed mind")
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        amendments.create_amendment(XMAS, "DROP_FG", {"fg_id": "box-a"}, "   ")
    assert caught.value.field == "reason"
    with pytest.raises(Invalid, match="not in the plan"):
        amendments.create_amendment(XMAS, "DROP_FG", {"fg_id": "box-b"}, "typo")
    with pytest.raises(Invalid, match="already in the plan"):
        amendments.create_amendment(XMAS, "ADD_FG", {"fg_id": "box-a", "new_quantity": 2}, "x")
    with pytest.raises(Invalid) as zero:
        amendments.create_amendment(
            XMAS, "MODIFY_BATCH", {"recipe_id": "sugar-cookies", "new_batches": 0}, "x"
        )
    assert zero.value.field == "new_batches"
    assert row_counts() == before


def test_the_comparison_marks_added_dropped_modified_and_unchanged_lines(bakery) -> None:  # type: ignore[no-untyped-def]
    goods.create_finished_good(
        "Box C", components=[{"finished_unit": "sugar-cookie", "quantity": 12}]
    )
    events.set_assembly_target(XMAS, "box-a", 10)
    events.set_assembly_target(XMAS, "box-b", 5)
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    amendments.create_amendment(XMAS, "DROP_FG", {"fg_id": "box-b"}, "Aunt May cancelled")
    added = amendments.create_amendment(
        XMAS, "ADD_FG", {"fg_id": "box-c", "new_quantity": 2}, "Office party"
    )
    assert added["data"]["finished_good_snapshot_id"] is not None
    amendments.create_amendment(
        XMAS,
        "MODIFY_BATCH",
        {"recipe_id": "sugar-cookies", "old_batches": 4, "new_batches": 5},
        "Extra for the freezer",
    )

    history = amendments.get_amendment_history(XMAS)
    assert [h["amendment_type"] for h in history] == ["DROP_FG", "ADD_FG", "MODIFY_BATCH"]
    lines = {
        (line["kind"], line["name"]): (line["original"], line["current"], line["status"])
        for line in amendments.compare_plan(XMAS)
    }
    assert lines == {
        ("finished_good", "Box A"): (10, 10, "unchanged"),
        ("finished_good", "Box B"): (5, None, "dropped"),
        ("finished_good", "Box C"): (None, 2, "added"),
        ("batches", "Sugar cookies"): (4, 5, "modified"),
    }
    assert batch_line(planning.get_plan_summary(XMAS))["batches"] == 5


def test_changing_a_confirmed_short_count_asks_for_confirmation_again(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)  # 60 cookies → 3 batches
    planning.decide_batches(XMAS, "sugar-cookies", 2, confirm_short=True)
    events.set_production_target(XMAS, "sugar-cookies", 1)
    line = batch_line(planning.get_plan_summary(XMAS))
    assert line["short"] and not line["short_confirmed"]
    with pytest.raises(PlanStateError, match="Sugar cookies"):
        plan_state.lock_plan(XMAS)


def test_finalising_again_with_nothing_changed_writes_only_a_new_container(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    first = planning.create_plan(XMAS)
    assert first["production_targets_created"] == 1
    before = row_counts()
    again = planning.create_plan(XMAS)
    assert again["recipe_snapshots_created"] == again["finished_good_snapshots_created"] == 0
    assert again["production_targets_created"] == 0
    assert again["planning_snapshot_id"] != first["planning_snapshot_id"]
    after = row_counts()
    assert {table for table in after if after[table] != before[table]} == {
        "production_plan_snapshots"
    }


def test_finalising_again_sees_a_removed_batch_target_and_a_new_box(bakery) -> None:  # type: ignore[no-untyped-def]
    events.set_assembly_target(XMAS, "box-a", 10)
    planning.create_plan(XMAS)
    events.delete_production_target(XMAS, "sugar-cookies")
    assert planning.create_plan(XMAS)["production_targets_created"] == 1
    events.set_assembly_target(XMAS, "box-b", 5)
    assert planning.create_plan(XMAS)["finished_good_snapshots_created"] == 1
    assert planning.create_plan(XMAS, force_recreate=True)["recipe_snapshots_created"] == 1
