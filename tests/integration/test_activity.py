"""The activity trail of a holiday: each purchase, run, fulfillment step, plan decision and
amendment names the person who did it; the trail is only ever added to."""

from __future__ import annotations

from datetime import date

import pytest

from baketracker.db import session_scope
from baketracker.domain.accounts import Actor
from baketracker.models import Activity
from baketracker.services import (
    activity,
    amendments,
    assembly,
    inventory,
    plan_state,
    planning,
    production,
    recipients,
)
from baketracker.services.activity_listener import AppendOnly
from tests.support import event_bakery
from tests.support.accounts import acting_as, make_users

XMAS = event_bakery.XMAS


@pytest.fixture
def people(db: str) -> dict[str, Actor]:
    built = event_bakery.build()
    actors = make_users(("Sam", "owner"), ("Ann", "baker"))
    return {**actors, "assignment": built["assignments"][0]}  # type: ignore[dict-item]


def _holiday(people: dict[str, object]) -> None:
    sam, ann = people["Sam"], people["Ann"]
    with acting_as(sam) as s:  # type: ignore[arg-type]
        planning.decide_batches(XMAS, "sugar-cookies", 3, session=s)
        plan_state.lock_plan(XMAS, session=s)
        plan_state.start_production(XMAS, session=s)
    with acting_as(ann) as s:  # type: ignore[arg-type]
        inventory.record_purchase("choc-100g", packages=2, price_per_package="2.50", session=s)
        inventory.adjust_stock("flour", 1, "cup", reason="spoilage", session=s)
        production.record_batch_production("sugar-cookies", 1, event=XMAS, session=s)
        assembly.record_assembly("cookie-tin", 1, event=XMAS, session=s)
        recipients.advance_fulfillment(people["assignment"], session=s)
    with acting_as(sam) as s:  # type: ignore[arg-type]
        amendments.create_amendment(XMAS, "MODIFY_BATCH",
                                    {"recipe_id": "sugar-cookies", "new_batches": 4},
                                    "the neighbours want more", session=s)


def test_the_trail_of_a_holiday_names_who_did_each_thing(people: dict[str, object]) -> None:
    _holiday(people)
    entries = activity.list_activity()
    by_kind: dict[tuple[str, str], str | None] = {}
    for e in entries:  # the latest of each kind (the bakery was built on the machine)
        by_kind.setdefault((e["kind"], e["action"]), e["user"])
    assert by_kind[("batch", "decide")] == "Sam"
    assert by_kind[("plan", "lock")] == "Sam"
    assert by_kind[("plan", "start")] == "Sam"
    assert by_kind[("purchase", "buy")] == "Ann"
    assert by_kind[("adjustment", "spoilage")] == "Ann"
    assert by_kind[("production", "bake")] == "Ann"
    assert by_kind[("assembly", "assemble")] == "Ann"
    assert by_kind[("fulfillment", "ready")] == "Ann"
    assert by_kind[("amendment", "modify_batch")] == "Sam"
    assert entries == sorted(entries, key=lambda e: e["at"], reverse=True)  # newest first
    baked = next(e for e in entries if e["kind"] == "production")
    assert baked["summary"] == "Baked 1 × Sugar cookies: 24 Sugar cookie"
    assert baked["event"] == XMAS


def test_the_trail_filters_by_person_kind_event_and_day(people: dict[str, object]) -> None:
    _holiday(people)
    assert {e["user"] for e in activity.list_activity(user="ann")} == {"Ann"}
    assert {e["kind"] for e in activity.list_activity(kind="purchase")} == {"purchase"}
    assert {e["event"] for e in activity.list_activity(event="christmas")} == {XMAS}
    assert activity.list_activity(on=date(2000, 1, 1)) == []
    newest = activity.list_activity()[0]["at"]
    assert len(activity.list_activity(on=newest.date())) == len(activity.list_activity())
    assert activity.list_activity(since=newest) == activity.list_activity(limit=1)


def test_runs_purchases_and_assignments_show_who_recorded_them(
    people: dict[str, object],
) -> None:
    _holiday(people)
    [run] = production.list_production_runs(event=XMAS)
    assert activity.recorded_by("production", [run["id"]])[run["id"]].user == "Ann"
    [made] = assembly.list_assembly_runs(event=XMAS)
    assert activity.recorded_by("assembly", [made["id"]])[made["id"]].user == "Ann"
    step = activity.recorded_by("assignment", [people["assignment"]])  # type: ignore[list-item]
    assert step[people["assignment"]].summary.startswith("Marked")  # type: ignore[index]
    assert activity.recorded_by("purchase", []) == {}


def test_a_line_of_the_trail_can_be_neither_changed_nor_deleted(
    people: dict[str, object],
) -> None:
    _holiday(people)
    with pytest.raises(AppendOnly):
        with session_scope() as session:
            row = session.query(Activity).first()
            assert row is not None
            row.summary = "nothing happened"
            session.flush()
    with pytest.raises(AppendOnly):
        with session_scope() as session:
            session.delete(session.query(Activity).first())
            session.flush()


def test_work_done_on_the_machine_itself_is_recorded_without_a_name(db: str) -> None:
    event_bakery.build()
    inventory.record_purchase("choc-100g", packages=1, price_per_package="2.50")
    assert activity.list_activity(kind="purchase")[0]["user"] is None
