"""Event progress from the runs attributed to the event, against its targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baketracker.errors import NotFound
from baketracker.services import events, progress
from tests.support.event_rows import add_assembly_run, add_production_run, make_good, make_recipe

pytestmark = pytest.mark.usefixtures("db")

D = Decimal


@pytest.fixture
def christmas() -> None:
    events.create_event("Christmas 2026", event_date="2026-12-20")
    make_recipe("Sugar cookies")
    make_recipe("Gingerbread")
    make_good("Cookie tin")


def _production(event: str = "Christmas 2026") -> dict[str, dict[str, object]]:
    return {r["recipe_slug"]: r for r in events.get_production_progress(event)}


def test_three_of_five_batches_is_sixty_percent_with_two_remaining(christmas: None) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    add_production_run("sugar-cookies", 2, event="Christmas 2026")
    add_production_run("sugar-cookies", 1, event="Christmas 2026")
    row = _production()["sugar-cookies"]
    assert row == {
        "recipe_id": row["recipe_id"],
        "recipe_slug": "sugar-cookies",
        "recipe_name": "Sugar cookies",
        "target_batches": 5,
        "produced_batches": D(3),
        "remaining_batches": D(2),
        "overage_batches": D(0),
        "percent": D("60.0"),
        "met": False,
    }
    assert str(row["produced_batches"]) == "3"  # no storage padding (3.000000)


def test_seven_of_five_batches_is_one_hundred_forty_percent_with_an_overage_of_two(
    christmas: None,
) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    add_production_run("sugar-cookies", 7, event="Christmas 2026")
    row = _production()["sugar-cookies"]
    assert (row["percent"], row["remaining_batches"], row["overage_batches"]) == (
        D("140.0"), 0, 2)


def test_five_of_four_is_one_hundred_twenty_five_percent_and_half_batches_count(
    christmas: None,
) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    events.set_production_target("Christmas 2026", "gingerbread", 4)
    add_production_run("sugar-cookies", 5, event="Christmas 2026")
    add_production_run("gingerbread", "1.5", event="Christmas 2026")
    rows = _production()
    assert rows["sugar-cookies"]["percent"] == D("125.0")
    assert (rows["gingerbread"]["produced_batches"], rows["gingerbread"]["percent"]) == (
        D("1.5"), D("37.5"))
    assert rows["gingerbread"]["remaining_batches"] == D("2.5")


def test_no_runs_means_not_started(christmas: None) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    events.set_assembly_target("Christmas 2026", "cookie-tin", 10)
    assert _production()["sugar-cookies"]["produced_batches"] == 0
    overall = events.get_event_overall_progress("Christmas 2026")
    assert (overall["percent"], overall["status"]) == (D(0), "not_started")
    assert (overall["targets"], overall["targets_met"]) == (2, 0)


def test_a_standalone_run_does_not_count_toward_an_event(christmas: None) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    events.set_assembly_target("Christmas 2026", "cookie-tin", 10)
    add_production_run("sugar-cookies", 4)
    add_assembly_run("cookie-tin", 6)
    assert _production()["sugar-cookies"]["produced_batches"] == 0
    assert events.get_assembly_progress("Christmas 2026")[0]["assembled_quantity"] == 0
    assert events.get_event_overall_progress("Christmas 2026")["status"] == "not_started"


def test_two_events_each_count_only_their_own_runs(christmas: None) -> None:
    events.create_event("Easter 2027", event_date="2027-04-01")
    for event in ("Christmas 2026", "Easter 2027"):
        events.set_production_target(event, "sugar-cookies", 4)
        events.set_assembly_target(event, "cookie-tin", 10)
    add_production_run("sugar-cookies", 3, event="Christmas 2026")
    add_production_run("sugar-cookies", 1, event="Easter 2027")
    add_assembly_run("cookie-tin", 10, event="Easter 2027")

    assert _production("Christmas 2026")["sugar-cookies"]["produced_batches"] == 3
    assert _production("Easter 2027")["sugar-cookies"]["produced_batches"] == 1
    assert events.get_assembly_progress("Christmas 2026")[0]["assembled_quantity"] == 0
    assert events.get_assembly_progress("Easter 2027")[0]["assembled_quantity"] == 10
    # Christmas: 75% and 0% → 37.5; Easter: 25% and 100% → 62.5.
    assert events.get_event_overall_progress("Christmas 2026")["percent"] == D("37.5")
    assert events.get_event_overall_progress("Easter 2027")["percent"] == D("62.5")


def test_a_run_of_a_recipe_with_no_target_only_marks_the_event_started(
    christmas: None,
) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    add_production_run("gingerbread", 2, event="Christmas 2026")
    assert [r["recipe_slug"] for r in events.get_production_progress("Christmas 2026")] == [
        "sugar-cookies"]
    overall = events.get_event_overall_progress("Christmas 2026")
    assert (overall["percent"], overall["status"]) == (D(0), "in_progress")


def test_assembly_progress_reports_remaining_overage_and_percent(christmas: None) -> None:
    make_good("Brownie stack")
    events.set_assembly_target("Christmas 2026", "cookie-tin", 10)
    events.set_assembly_target("Christmas 2026", "brownie-stack", 4)
    add_assembly_run("cookie-tin", 4, event="Christmas 2026")
    add_assembly_run("brownie-stack", 5, event="Christmas 2026")
    rows = {r["finished_good_slug"]: r for r in events.get_assembly_progress("Christmas 2026")}
    assert {k: (r["target_quantity"], r["assembled_quantity"], r["remaining"], r["overage"],
                r["percent"]) for k, r in rows.items()} == {
        "cookie-tin": (10, 4, 6, 0, D("40.0")),
        "brownie-stack": (4, 5, 0, 1, D("125.0")),
    }


def test_overall_progress_caps_each_target_and_is_complete_when_all_are_met(
    christmas: None,
) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 4)
    events.set_assembly_target("Christmas 2026", "cookie-tin", 10)
    add_production_run("sugar-cookies", 8, event="Christmas 2026")
    overall = events.get_event_overall_progress("Christmas 2026")
    # 200% counts as 100; the tins are at 0 → (100 + 0) / 2.
    assert (overall["percent"], overall["status"]) == (D("50.0"), "in_progress")
    add_assembly_run("cookie-tin", 10, event="Christmas 2026")
    overall = events.get_event_overall_progress("Christmas 2026")
    assert (overall["percent"], overall["status"], overall["targets_met"]) == (
        D(100), "complete", 2)


def test_everything_at_once_reads_the_same_numbers(christmas: None) -> None:
    events.set_production_target("Christmas 2026", "sugar-cookies", 5)
    add_production_run("sugar-cookies", 3, event="Christmas 2026")
    everything = progress.get_event_progress("Christmas 2026")
    assert everything["production"] == events.get_production_progress("Christmas 2026")
    assert everything["assembly"] == []
    assert everything["overall"]["percent"] == D("60.0")


def test_progress_of_an_unknown_event_is_not_found() -> None:
    with pytest.raises(NotFound, match="No event 'Diwali'"):
        events.get_production_progress("Diwali")
