"""JSON API for plans: summary, decisions, targets from packages, finalising, plan states,
amendments and comparison; every endpoint's success and error codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import events, plan_state
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS

API = "/api/v1"
PLAN = f"{API}/events/{XMAS}/plan"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as client:
        yield client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    return event_bakery.build()


def test_the_plan_summary_explains_every_line_with_decimals_as_strings(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    response = api.get(f"{API}/events/{bakery['xmas']}/plan")
    assert response.status_code == 200
    plan = response.json()
    assert plan["event"]["plan_state"] == "DRAFT"
    cookies = next(b for b in plan["batch_requirements"] if b["recipe_slug"] == "sugar-cookies")
    assert (cookies["batches"], cookies["units_needed"], cookies["decided"]) == (3, "60", False)
    assert "fewest whole batches 3" in cookies["explanation"]
    chocolate = next(i for i in plan["ingredients"] if i["slug"] == "chocolate")
    assert chocolate["display"] == {"needed": "200 g", "on_hand": "100 g", "to_buy": "100 g"}
    assert plan["shopping_list"][0]["product_slug"] == "choc-100g"
    assert plan["shopping_total"] == "2.5"  # exact decimals, no padding
    assert {d["finished_good_slug"]: d["package_quantity"] for d in plan["demand"]} == {
        "brownie-bag": 3, "cookie-tin": 3}
    assert plan["feasibility"][0]["limiting"] == ["Brownie"]
    assert api.get(f"{API}/events/Nope/plan").status_code == 404


def test_batch_decisions_refuse_a_short_count_until_confirmed(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    short = api.post(f"{PLAN}/batches", json={"recipe": "sugar-cookies", "batches": 2})
    assert short.status_code == 422 and short.json()["field"] == "target_batches"
    assert "fall short of the 3" in short.json()["message"]
    kept = api.post(f"{PLAN}/batches", json={"recipe": "sugar-cookies", "batches": 2,
                                             "confirm_short": True})
    assert kept.status_code == 200
    assert kept.json() == {"recipe_slug": "sugar-cookies", "target_batches": 2,
                           "needed_batches": 3, "short": True, "short_confirmed": True}
    assert api.post(f"{PLAN}/batches", json={"recipe": "nope", "batches": 2}).status_code == 404
    typed = api.post(f"{PLAN}/batches", json={"recipe": "brownies", "batches": "lots"})
    assert typed.status_code == 422 and typed.json()["field"] == "batches"
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    frozen = api.post(f"{PLAN}/batches", json={"recipe": "brownies", "batches": 5})
    assert frozen.status_code == 409 and frozen.json()["error"] == "plan_state"


def test_targets_follow_the_packages_in_draft_only(api: TestClient,
                                                   bakery: dict[str, Any]) -> None:
    changed = api.post(f"{PLAN}/targets-from-packages", json={})
    assert changed.status_code == 200
    assert sorted((c["finished_good_slug"], c["target_quantity"]) for c in changed.json()) == [
        ("brownie-bag", 3), ("cookie-tin", 3)]
    assert api.post(f"{PLAN}/targets-from-packages", json={}).json() == []
    assert api.post(f"{API}/events/Nope/plan/targets-from-packages",
                    json={}).status_code == 404
    plan_state.lock_plan(XMAS)
    assert api.post(f"{PLAN}/targets-from-packages", json={}).status_code == 409


def test_finalising_the_plan_writes_targets_and_snapshots(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    made = api.post(PLAN, json={})
    assert made.status_code == 201
    assert (made.json()["production_targets_created"], made.json()["recipe_snapshots_created"],
            made.json()["finished_good_snapshots_created"]) == (2, 2, 2)
    again = api.post(PLAN, json={"force_recreate": True})
    assert again.status_code == 201 and again.json()["recipe_snapshots_created"] == 2
    assert api.post(f"{API}/events/Nope/plan", json={}).status_code == 404
    bad = api.post(PLAN, json={"force_recreate": "perhaps"})
    assert bad.status_code == 422 and bad.json()["field"] == "force_recreate"
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    assert api.post(PLAN, json={}).status_code == 409


def test_the_plan_moves_forward_one_state_at_a_time(api: TestClient,
                                                    bakery: dict[str, Any]) -> None:
    early = api.post(f"{PLAN}/start", json={})
    assert early.status_code == 409 and early.json()["error"] == "plan_state"
    assert "cannot move to IN_PRODUCTION (next is LOCKED)" in early.json()["message"]
    assert api.post(f"{PLAN}/complete", json={}).status_code == 409
    assert api.post(f"{PLAN}/lock", json={}).json() == {"event": XMAS, "plan_state": "LOCKED"}
    assert api.post(f"{PLAN}/lock", json={}).status_code == 409
    assert api.post(f"{PLAN}/start", json={}).json()["plan_state"] == "IN_PRODUCTION"
    assert api.post(f"{PLAN}/complete", json={}).json()["plan_state"] == "COMPLETED"
    for step in ("lock", "start", "complete"):
        assert api.post(f"{API}/events/Nope/plan/{step}", json={}).status_code == 404


def test_locking_with_an_unconfirmed_short_count_is_a_conflict(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    events.set_production_target(XMAS, "brownies", 1)
    refused = api.post(f"{PLAN}/lock", json={})
    assert refused.status_code == 409 and "Brownies falls short" in refused.json()["message"]


def test_shopping_can_be_ticked_off_once_the_plan_is_finalised(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    early = api.post(f"{PLAN}/shopping-complete", json={"complete": True})
    assert early.status_code == 422 and early.json()["field"] == "plan_state"
    plan_state.lock_plan(XMAS)
    done = api.post(f"{PLAN}/shopping-complete", json={"complete": True})
    assert done.status_code == 200 and done.json()["shopping_complete"] is True
    assert api.post(f"{API}/events/Nope/plan/shopping-complete",
                    json={}).status_code == 404


def test_amendments_are_recorded_listed_and_compared(api: TestClient,
                                                     bakery: dict[str, Any]) -> None:
    url = f"{API}/events/{XMAS}/amendments"
    too_early = api.post(url, json={"amendment_type": "DROP_FG",
                                    "data": {"fg_id": "cookie-tin"}, "reason": "x"})
    assert too_early.status_code == 409 and too_early.json()["error"] == "plan_state"
    assert api.get(f"{PLAN}/compare").status_code == 422  # no original plan yet
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    blank = api.post(url, json={"amendment_type": "DROP_FG", "data": {"fg_id": "cookie-tin"},
                                "reason": " "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    kind = api.post(url, json={"amendment_type": "RENAME", "data": {}, "reason": "x"})
    assert kind.status_code == 422 and kind.json()["field"] == "amendment_type"
    rule = api.post(url, json={"amendment_type": "ADD_FG",
                               "data": {"fg_id": "cookie-tin", "new_quantity": 2},
                               "reason": "more"})
    assert rule.status_code == 422 and rule.json()["field"] == "fg_id"
    missing = api.post(url, json={"amendment_type": "DROP_FG", "data": {"fg_id": "nope"},
                                  "reason": "x"})
    assert missing.status_code == 404
    dropped = api.post(url, json={"amendment_type": "DROP_FG",
                                  "data": {"fg_id": "brownie-bag"}, "reason": "No bags"})
    assert dropped.status_code == 201 and dropped.json()["data"]["original_quantity"] == 5
    modified = api.post(url, json={"amendment_type": "MODIFY_BATCH",
                                   "data": {"recipe_id": "sugar-cookies", "new_batches": 4},
                                   "reason": "Extra tins"})
    assert modified.status_code == 201
    history = api.get(url).json()
    assert [h["reason"] for h in history] == ["No bags", "Extra tins"]
    compared = {(c["name"], c["status"]) for c in api.get(f"{PLAN}/compare").json()}
    assert compared == {("Brownie bag", "dropped"), ("Cookie tin", "unchanged"),
                        ("Sugar cookies", "modified"), ("Brownies", "unchanged")}
    assert api.get(f"{API}/events/Nope/amendments").status_code == 404
    assert api.get(f"{API}/events/Nope/plan/compare").status_code == 404
