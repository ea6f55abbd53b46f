"""Events and their targets: creation, editing by plan state, deletion guarded by runs."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from baketracker.db import session_scope
from baketracker.errors import Conflict, Invalid, NotFound, PlanStateError
from baketracker.models import (
    EventAssemblyTarget,
    EventProductionTarget,
    FinishedGoodSnapshot,
    PlanAmendment,
    PlanSnapshot,
    ProductionPlanSnapshot,
    Recipe,
    RecipeSlugAlias,
    RecipeSnapshot,
)
from baketracker.services import events
from tests.support.counts import row_counts
from tests.support.event_rows import (
    add_assembly_run,
    add_production_run,
    make_good,
    make_package,
    make_recipe,
    set_plan_state,
)

pytestmark = pytest.mark.usefixtures("db")


def _christmas() -> dict[str, object]:
    return events.create_event("Christmas 2026", event_date=date(2026, 12, 20))


def test_a_new_event_is_a_draft_whose_year_comes_from_its_date() -> None:
    event = events.create_event("Christmas 2026", event_date="2026-12-20", notes=" gifts ")
    assert event["plan_state"] == "DRAFT"
    assert (event["event_date"], event["year"]) == (date(2026, 12, 20), 2026)
    assert (event["output_mode"], event["notes"]) == ("BUNDLED", "gifts")
    assert events.get_event("christmas 2026")["id"] == event["id"]
    assert events.get_event(event["id"])["production_targets"] == 0


def test_bulk_is_read_as_the_bulk_count_output_mode() -> None:
    event = events.create_event("Bake sale", event_date="2026-06-01", output_mode="bulk")
    assert event["output_mode"] == "BULK_COUNT"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"event_date": "2026-12-20", "output_mode": "boxed"}, "output_mode"),
        ({"event_date": "20/12/2026"}, "event_date"),
        ({"event_date": None}, "event_date"),
    ],
)
def test_a_bad_output_mode_or_date_is_refused_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        events.create_event("Christmas 2026", **kwargs)
    assert caught.value.field == field
    assert "Christmas 2026" in str(caught.value)
    assert row_counts()["events"] == 0


def test_a_duplicate_event_name_is_refused_naming_the_field_and_nothing_is_written() -> None:
    _christmas()
    before = row_counts()
    with pytest.raises(Conflict, match="Event name 'CHRISTMAS 2026' is already used"):
        events.create_event("CHRISTMAS 2026", event_date="2027-12-20")
    assert row_counts() == before


def test_events_are_listed_by_date_and_can_be_filtered_by_year() -> None:
    events.create_event("Christmas 2026", event_date="2026-12-20")
    events.create_event("Bake sale", event_date="2026-06-01")
    events.create_event("Easter 2027", event_date="2027-04-01")
    assert [e["name"] for e in events.list_events()] == [
        "Bake sale", "Christmas 2026", "Easter 2027"
    ]
    assert [e["name"] for e in events.list_events(year=2027)] == ["Easter 2027"]


def test_updating_the_date_moves_the_year_and_a_rename_must_stay_unique() -> None:
    event = _christmas()
    events.create_event("Easter", event_date="2027-04-01")
    changed = events.update_event(event["id"], name="Christmas", event_date="2027-12-19",
                                  notes="")
    assert (changed["name"], changed["year"], changed["notes"]) == ("Christmas", 2027, None)
    with pytest.raises(Conflict, match="'easter'"):
        events.update_event("Christmas", name="easter")
    with pytest.raises(Invalid) as caught:
        events.update_event("Christmas", name="  ")
    assert caught.value.field == "name"


def test_the_output_mode_changes_only_in_draft_and_a_completed_event_is_read_only() -> None:
    _christmas()
    assert events.update_event("Christmas 2026", output_mode="BULK_COUNT")["output_mode"] == (
        "BULK_COUNT"
    )
    set_plan_state("Christmas 2026", "LOCKED")
    with pytest.raises(PlanStateError, match="changing the output mode needs DRAFT"):
        events.update_event("Christmas 2026", output_mode="BUNDLED")
    assert events.update_event("Christmas 2026", notes="LOCKED is fine")["notes"]
    set_plan_state("Christmas 2026", "COMPLETED")
    with pytest.raises(PlanStateError, match="'Christmas 2026' is COMPLETED"):
        events.update_event("Christmas 2026", event_date="2026-12-21")


def test_an_unknown_event_is_not_found() -> None:
    with pytest.raises(NotFound, match="No event 'Diwali'"):
        events.get_event("Diwali")


# --- targets ---------------------------------------------------------------------------


def test_a_production_target_is_created_then_updated_in_place() -> None:
    _christmas()
    make_recipe("Sugar cookies")
    first = events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    again = events.set_production_target("Christmas 2026", "sugar-cookies", "6")
    assert first["id"] == again["id"] and again["target_batches"] == 6
    assert [(t["recipe_slug"], t["target_batches"])
            for t in events.get_production_targets("Christmas 2026")] == [("sugar-cookies", 6)]


@pytest.mark.parametrize("batches", [0, -1, "2.5", "lots", True, None])
def test_a_batch_target_must_be_a_whole_number_above_zero(batches: object) -> None:
    _christmas()
    make_recipe("Sugar cookies")
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        events.set_production_target("Christmas 2026", "sugar-cookies", batches)
    assert caught.value.field == "target_batches"
    assert "sugar-cookies" in str(caught.value)
    assert row_counts() == before


def test_an_assembly_target_is_set_listed_and_deleted() -> None:
    _christmas()
    good = make_good("Cookie tin")
    events.set_assembly_target("Christmas 2026", good, 10)
    events.set_assembly_target("Christmas 2026", good, 12)
    assert [(t["finished_good_slug"], t["target_quantity"])
            for t in events.get_assembly_targets("Christmas 2026")] == [("cookie-tin", 12)]
    with pytest.raises(Invalid) as caught:
        events.set_assembly_target("Christmas 2026", good, 0)
    assert caught.value.field == "target_quantity"
    events.delete_assembly_target("Christmas 2026", good)
    assert events.get_assembly_targets("Christmas 2026") == []
    with pytest.raises(NotFound, match="no assembly target for 'cookie-tin'"):
        events.delete_assembly_target("Christmas 2026", good)


def test_deleting_a_missing_production_target_is_not_found() -> None:
    _christmas()
    make_recipe("Sugar cookies")
    with pytest.raises(NotFound, match="no production target for recipe 'sugar-cookies'"):
        events.delete_production_target("Christmas 2026", "sugar-cookies")
    with pytest.raises(NotFound, match="No recipe 'shortbread'"):
        events.set_production_target("Christmas 2026", "shortbread", 1)


def test_a_locked_plan_changes_batch_counts_but_refuses_new_or_removed_targets() -> None:
    _christmas()
    make_recipe("Sugar cookies")
    make_recipe("Gingerbread")
    good = make_good("Cookie tin")
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    events.set_assembly_target("Christmas 2026", good, 10)
    set_plan_state("Christmas 2026", "LOCKED")

    assert events.set_production_target("Christmas 2026", "sugar-cookies", 5)[
        "target_batches"] == 5
    before = row_counts()  # after the allowed change (it has its line in the activity trail)
    with pytest.raises(PlanStateError) as caught:
        events.set_production_target("Christmas 2026", "gingerbread", 2)
    assert str(caught.value) == (
        "Event 'Christmas 2026' is LOCKED; adding a production target needs DRAFT"
    )
    with pytest.raises(PlanStateError, match="removing a production target needs DRAFT"):
        events.delete_production_target("Christmas 2026", "sugar-cookies")
    with pytest.raises(PlanStateError, match="changing an assembly target needs DRAFT"):
        events.set_assembly_target("Christmas 2026", good, 11)
    with pytest.raises(PlanStateError, match="removing an assembly target needs DRAFT"):
        events.delete_assembly_target("Christmas 2026", good)
    assert row_counts() == before


def test_in_production_even_batch_counts_need_an_amendment() -> None:
    _christmas()
    make_recipe("Sugar cookies")
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    set_plan_state("Christmas 2026", "IN_PRODUCTION")
    with pytest.raises(PlanStateError,
                       match="is IN_PRODUCTION; changing a batch count needs DRAFT or LOCKED"):
        events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    assert events.get_production_targets("Christmas 2026")[0]["target_batches"] == 4


def test_a_renamed_recipe_is_still_found_by_its_former_slug() -> None:
    _christmas()
    make_recipe("Sugar cookies")
    with session_scope() as session:
        recipe = session.scalars(select(Recipe)).one()
        session.add(RecipeSlugAlias(recipe_id=recipe.id, slug="old-sugar-cookies"))
    target = events.set_production_target("Christmas 2026", "old-sugar-cookies", 3)
    assert target["recipe_slug"] == "sugar-cookies"


def test_an_archived_recipe_gets_no_new_target() -> None:
    _christmas()
    make_recipe("Old cookies")
    with session_scope() as session:
        session.scalars(select(Recipe)).one().archived = True
    with pytest.raises(Invalid) as caught:
        events.set_production_target("Christmas 2026", "old-cookies", 1)
    assert caught.value.field == "recipe"


# --- deletion --------------------------------------------------------------------------


def test_an_event_with_runs_cannot_be_deleted_and_the_message_says_how_many_runs_hold_it(
) -> None:
    _christmas()
    make_recipe("Sugar cookies")
    good = make_good("Cookie tin")
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    add_production_run("sugar-cookies", 2, event="Christmas 2026")
    add_production_run("sugar-cookies", 1, event="Christmas 2026")
    add_assembly_run(good, 5, event="Christmas 2026")
    before = row_counts()
    with pytest.raises(Conflict) as caught:
        events.delete_event("Christmas 2026")
    assert str(caught.value) == (
        "Event 'Christmas 2026' cannot be deleted: 2 production runs and 1 assembly run "
        "(3 runs in all) are recorded for it"
    )
    assert row_counts() == before


def test_one_assembly_run_alone_also_holds_an_event() -> None:
    _christmas()
    good = make_good("Cookie tin")
    add_assembly_run(good, 1, event="Christmas 2026")
    with pytest.raises(Conflict, match=r"1 assembly run \(1 run in all\)"):
        events.delete_event("Christmas 2026")


def test_deleting_an_event_takes_its_planning_rows_with_it_and_nothing_else() -> None:
    event = _christmas()
    other = events.create_event("Easter", event_date="2027-04-01")
    make_recipe("Sugar cookies")
    good = make_good("Cookie tin")
    box = make_package("Box A", {good: 6})
    grandma = events.create_recipient("Grandma")
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    events.set_production_target("Easter", "sugar-cookies", 2)
    events.set_assembly_target("Christmas 2026", good, 10)
    events.assign_package("Christmas 2026", grandma["id"], box)
    add_production_run("sugar-cookies", 1)  # standalone: does not hold the event
    with session_scope() as session:
        snapshot = RecipeSnapshot(recipe_id=None, is_planning=True, data={})
        session.add(snapshot)
        session.flush()
        target = session.scalars(
            select(EventProductionTarget).where(EventProductionTarget.event_id == event["id"])
        ).one()
        target.recipe_snapshot_id = snapshot.id
        good_snapshot = FinishedGoodSnapshot(finished_good_id=None, is_planning=True, data={})
        session.add(good_snapshot)
        session.flush()
        session.scalars(select(EventAssemblyTarget)).one().finished_good_snapshot_id = (
            good_snapshot.id
        )
        session.add(ProductionPlanSnapshot(event_id=event["id"]))
        session.add(PlanSnapshot(event_id=event["id"], snapshot_data={}))
        session.add(PlanAmendment(event_id=event["id"], amendment_type="ADD_FG", data={},
                                  reason="more"))
    before = row_counts()

    events.delete_event(event["id"])

    after = row_counts()
    gone = {name: before[name] - after[name] for name in before if before[name] != after[name]}
    assert gone == {
        "events": 1,
        "event_production_targets": 1,
        "event_assembly_targets": 1,
        "event_recipient_packages": 1,
        "production_plan_snapshots": 1,
        "plan_snapshots": 1,
        "plan_amendments": 1,
        "recipe_snapshots": 1,
        "finished_good_snapshots": 1,
    }
    assert [e["id"] for e in events.list_events()] == [other["id"]]
    assert events.list_recipients()[0]["name"] == "Grandma"
