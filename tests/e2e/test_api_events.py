"""JSON API for events: CRUD, assignments and fulfillment, targets, progress; every endpoint's
success and error codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from baketracker.services import plan_state, production
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS

API = "/api/v1"
# Every API write says it is JSON (the CSRF rule), body or not.
JSON = {"content-type": "application/json"}


def delete(api: TestClient, url: str) -> Response:
    return api.delete(url, headers=JSON)


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as client:
        yield client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    return event_bakery.build()


def test_events_are_created_read_listed_updated_and_deleted(api: TestClient, db: str) -> None:
    made = api.post(f"{API}/events", json={"name": "Fair", "event_date": "2026-12-05"})
    assert made.status_code == 201
    body = made.json()
    assert (body["plan_state"], body["output_mode"], body["year"]) == ("DRAFT", "BUNDLED", 2026)
    assert api.get(f"{API}/events/{body['id']}").json()["assignments"] == 0
    assert api.get(f"{API}/events/Fair").json()["id"] == body["id"]  # by name too
    assert [e["name"] for e in api.get(f"{API}/events", params={"year": 2026}).json()] == ["Fair"]
    assert api.get(f"{API}/events", params={"year": 2025}).json() == []
    patched = api.patch(f"{API}/events/{body['id']}", json={"notes": "Stall 4",
                                                            "output_mode": "BULK_COUNT"})
    assert patched.status_code == 200
    assert (patched.json()["notes"], patched.json()["output_mode"]) == ("Stall 4", "BULK_COUNT")
    assert delete(api, f"{API}/events/{body['id']}").status_code == 204
    assert api.get(f"{API}/events/{body['id']}").status_code == 404


def test_event_errors(api: TestClient, bakery: dict[str, Any]) -> None:
    bad_date = api.post(f"{API}/events", json={"name": "X", "event_date": "someday"})
    assert bad_date.status_code == 422 and bad_date.json()["field"] == "event_date"
    blank = api.post(f"{API}/events", json={"name": " ", "event_date": "2026-12-01"})
    assert blank.status_code == 422 and blank.json()["field"] == "name"
    mode = api.post(f"{API}/events", json={"name": "Y", "event_date": "2026-12-01",
                                           "output_mode": "LOOSE"})
    assert mode.status_code == 422 and mode.json()["field"] == "output_mode"
    taken = api.post(f"{API}/events", json={"name": "christmas", "event_date": "2026-12-01"})
    assert taken.status_code == 409 and taken.json()["error"] == "conflict"
    assert api.get(f"{API}/events/Nope").status_code == 404
    assert api.patch(f"{API}/events/Nope", json={"notes": "x"}).status_code == 404
    assert delete(api, f"{API}/events/Nope").status_code == 404
    plan_state.lock_plan(XMAS)
    locked = api.patch(f"{API}/events/{bakery['xmas']}", json={"output_mode": "BULK_COUNT"})
    assert locked.status_code == 409 and locked.json()["error"] == "plan_state"
    assert "is LOCKED; changing the output mode needs DRAFT" in locked.json()["message"]
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    held = delete(api, f"{API}/events/{bakery['xmas']}")
    assert held.status_code == 409 and "1 production run" in held.json()["message"]


def test_assignments_are_listed_made_changed_and_removed(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    listed = api.get(f"{API}/events/{bakery['xmas']}/assignments")
    assert [a["recipient_name"] for a in listed.json()] == ["Aunt May", "Mr Lee"]
    made = api.post(f"{API}/events/{XMAS}/assignments",
                    json={"recipient": "Aunt May", "package": "Family box", "quantity": 2})
    assert made.status_code == 409  # she already has one: change its quantity instead
    made = api.post(f"{API}/events/Bake sale/assignments",
                    json={"recipient": bakery["lee"], "package": bakery["family"]})
    assert made.status_code == 201 and made.json()["fulfillment_status"] == "pending"
    assignment = made.json()["id"]
    changed = api.patch(f"{API}/assignments/{assignment}", json={"quantity": 3})
    assert changed.status_code == 200 and changed.json()["quantity"] == 3
    assert api.patch(f"{API}/assignments/{assignment}",
                     json={"quantity": 0}).json()["field"] == "quantity"
    assert delete(api, f"{API}/assignments/{assignment}").status_code == 204
    assert delete(api, f"{API}/assignments/{assignment}").status_code == 404
    assert api.patch(f"{API}/assignments/999", json={"quantity": 1}).status_code == 404


def test_assignment_errors(api: TestClient, bakery: dict[str, Any]) -> None:
    url = f"{API}/events/{XMAS}/assignments"
    assert api.post(url, json={"recipient": "Nobody", "package": "Family box"}).status_code == 404
    assert api.post(f"{API}/events/Nope/assignments",
                    json={"recipient": "Mr Lee", "package": "Family box"}).status_code == 404
    zero = api.post(url, json={"recipient": "Mr Lee", "package": "Family box", "quantity": 0})
    assert zero.status_code in (409, 422)
    typed = api.post(url, json={"recipient": "Mr Lee", "package": "Family box",
                                "quantity": "many"})
    assert typed.status_code == 422 and typed.json()["field"] == "quantity"
    bad_status = api.get(url, params={"status": "lost"})
    assert bad_status.status_code == 422 and bad_status.json()["field"] == "status"
    assert api.get(url, params={"status": "pending"}).status_code == 200


def test_fulfillment_advances_one_step_and_refuses_skips(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    first, second = bakery["assignments"]
    step = api.post(f"{API}/assignments/{first}/advance", json={})
    assert step.status_code == 200 and step.json()["fulfillment_status"] == "ready"
    assert api.post(f"{API}/assignments/{first}/advance", json={}).json()["fulfillment_status"] == (
        "delivered")
    done = api.post(f"{API}/assignments/{first}/advance", json={})
    assert done.status_code == 409 and done.json()["error"] == "conflict"
    skip = api.put(f"{API}/assignments/{second}/fulfillment", json={"status": "delivered"})
    assert skip.status_code == 409 and "pending" in skip.json()["message"]
    ok = api.put(f"{API}/assignments/{second}/fulfillment", json={"status": "ready"})
    assert ok.status_code == 200 and ok.json()["fulfillment_status"] == "ready"
    unknown = api.put(f"{API}/assignments/{second}/fulfillment", json={"status": "gone"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "status"
    assert api.post(f"{API}/assignments/999/advance", json={}).status_code == 404
    assert api.put(f"{API}/assignments/999/fulfillment",
                   json={"status": "ready"}).status_code == 404
    ready = api.get(f"{API}/events/{XMAS}/assignments", params={"status": "ready"}).json()
    assert [a["id"] for a in ready] == [second]


def test_targets_are_set_read_and_deleted(api: TestClient, bakery: dict[str, Any]) -> None:
    put = api.put(f"{API}/events/{XMAS}/production-targets/brownies",
                  json={"target_batches": 2})
    assert put.status_code == 200 and put.json()["target_batches"] == 2
    api.put(f"{API}/events/{XMAS}/assembly-targets/brownie-bag", json={"target_quantity": 7})
    targets = api.get(f"{API}/events/{bakery['xmas']}/targets").json()
    assert [t["recipe_slug"] for t in targets["production"]] == ["brownies"]
    assert {t["finished_good_slug"]: t["target_quantity"] for t in targets["assembly"]} == {
        "brownie-bag": 7, "cookie-tin": 10}
    assert delete(api, f"{API}/events/{XMAS}/production-targets/brownies").status_code == 204
    assert delete(api, f"{API}/events/{XMAS}/assembly-targets/brownie-bag").status_code == 204
    assert delete(api, f"{API}/events/{XMAS}/assembly-targets/brownie-bag").status_code == 404


def test_target_errors(api: TestClient, bakery: dict[str, Any]) -> None:
    url = f"{API}/events/{XMAS}/production-targets"
    zero = api.put(f"{url}/brownies", json={"target_batches": 0})
    assert zero.status_code == 422 and zero.json()["field"] == "target_batches"
    missing = api.put(f"{url}/brownies", json={})
    assert missing.status_code == 422 and missing.json()["field"] == "target_batches"
    assert api.put(f"{url}/nope", json={"target_batches": 1}).status_code == 404
    assert api.put(f"{API}/events/{XMAS}/assembly-targets/nope",
                   json={"target_quantity": 1}).status_code == 404
    assert api.get(f"{API}/events/Nope/targets").status_code == 404
    plan_state.lock_plan(XMAS)
    locked = api.put(f"{API}/events/{XMAS}/assembly-targets/cookie-tin",
                     json={"target_quantity": 3})
    assert locked.status_code == 409 and locked.json()["error"] == "plan_state"
    assert delete(api, f"{url}/sugar-cookies").status_code == 409
    assert api.put(f"{url}/sugar-cookies", json={"target_batches": 4}).status_code == 200


def test_progress_reports_percentages_above_100(api: TestClient,
                                                bakery: dict[str, Any]) -> None:
    api.put(f"{API}/events/{XMAS}/production-targets/sugar-cookies",
            json={"target_batches": 2})
    production.record_batch_production("sugar-cookies", 3, event=XMAS)
    progress = api.get(f"{API}/events/{XMAS}/progress")
    assert progress.status_code == 200
    line = progress.json()["production"][0]
    assert (line["percent"], line["overage_batches"], line["remaining_batches"]) == (
        "150", "1", "0")
    overall = progress.json()["overall"]
    assert overall["status"] == "in_progress" and overall["targets"] == 3
    assert api.get(f"{API}/events/Nope/progress").status_code == 404


def test_package_needs_sit_beside_the_targets(api: TestClient, bakery: dict[str, Any]) -> None:
    needs = api.get(f"{API}/events/{XMAS}/package-needs").json()
    assert [(n["finished_good_slug"], n["quantity"], n["target_quantity"]) for n in needs] == [
        ("brownie-bag", 3, 5), ("cookie-tin", 3, 10)]
    assert api.get(f"{API}/events/Nope/package-needs").status_code == 404
