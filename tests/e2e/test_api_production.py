"""JSON API for production and assembly runs: record and list; success and error codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import plan_state
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS

API = "/api/v1"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as client:
        yield client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)
    return made


def test_production_for_an_event_follows_its_plan_and_reports_cost(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    made = api.post(f"{API}/production-runs", json={
        "recipe": "brownies", "num_batches": 1, "event": XMAS, "actual_yield": 10,
        "loss_category": "burnt"})
    assert made.status_code == 201
    body = made.json()
    assert body["snapshot_reused"] is True and body["event_id"] == bakery["xmas"]
    assert (body["expected_yield"], body["actual_yield"], body["loss_quantity"]) == (12, 10, 2)
    assert isinstance(body["total_cost"], str) and body["on_hand"] == 10
    standalone = api.post(f"{API}/production-runs", json={"recipe": "sugar-cookies",
                                                          "num_batches": "0.5"})
    assert standalone.status_code == 201 and standalone.json()["event_id"] is None
    assert standalone.json()["snapshot_reused"] is False
    listed = api.get(f"{API}/production-runs").json()
    assert [r["recipe_slug"] for r in listed] == ["sugar-cookies", "brownies"]
    assert [r["id"] for r in api.get(f"{API}/production-runs",
                                      params={"event": XMAS}).json()] == [body["production_run_id"]]
    assert len(api.get(f"{API}/production-runs", params={"recipe": "brownies"}).json()) == 1


def test_production_errors(api: TestClient, bakery: dict[str, Any]) -> None:
    url = f"{API}/production-runs"
    assert api.post(url, json={"recipe": "nope", "num_batches": 1}).status_code == 404
    assert api.post(url, json={"recipe": "brownies", "num_batches": 1,
                               "event": "Nope"}).status_code == 404
    zero = api.post(url, json={"recipe": "brownies", "num_batches": 0})
    assert zero.status_code == 422 and zero.json()["field"] == "num_batches"
    missing = api.post(url, json={"recipe": "brownies"})
    assert missing.status_code == 422 and missing.json()["field"] == "num_batches"
    above = api.post(url, json={"recipe": "brownies", "num_batches": 1, "actual_yield": 13})
    assert above.status_code == 422 and above.json()["field"] == "actual_yield"
    loss = api.post(url, json={"recipe": "brownies", "num_batches": 1, "actual_yield": 1,
                               "loss_category": "eaten"})
    assert loss.status_code == 422 and loss.json()["field"] == "loss_category"
    short = api.post(url, json={"recipe": "brownies", "num_batches": 3})
    assert short.status_code == 409 and short.json()["error"] == "insufficient_stock"
    chocolate = next(s for s in short.json()["shortfalls"] if s["item"] == "Chocolate")
    assert (chocolate["needed"], chocolate["available"], chocolate["unit"]) == ("300", "100", "g")
    assert api.get(f"{API}/production-runs").json() == []
    assert api.get(f"{API}/production-runs", params={"event": "Nope"}).status_code == 404
    assert api.get(f"{API}/production-runs", params={"recipe": "nope"}).status_code == 404
    plan_state.start_production(XMAS)
    plan_state.complete_production(XMAS)
    closed = api.post(url, json={"recipe": "brownies", "num_batches": 1, "event": XMAS})
    assert closed.status_code == 409 and closed.json()["error"] == "plan_state"


def test_assembly_runs_are_recorded_and_listed(api: TestClient, bakery: dict[str, Any]) -> None:
    api.post(f"{API}/production-runs", json={"recipe": "sugar-cookies", "num_batches": 1,
                                             "event": XMAS})
    made = api.post(f"{API}/assembly-runs", json={"finished_good": "cookie-tin",
                                                  "quantity": 3, "event": XMAS})
    assert made.status_code == 201
    assert (made.json()["quantity"], made.json()["on_hand"], made.json()["snapshot_reused"]) == (
        3, 3, True)
    listed = api.get(f"{API}/assembly-runs", params={"event": XMAS}).json()
    assert [(r["finished_good_slug"], r["quantity"]) for r in listed] == [("cookie-tin", 3)]
    assert api.get(f"{API}/assembly-runs").status_code == 200


def test_assembly_errors(api: TestClient, bakery: dict[str, Any]) -> None:
    url = f"{API}/assembly-runs"
    assert api.post(url, json={"finished_good": "nope"}).status_code == 404
    zero = api.post(url, json={"finished_good": "cookie-tin", "quantity": 0})
    assert zero.status_code == 422 and zero.json()["field"] == "quantity"
    typed = api.post(url, json={"finished_good": "cookie-tin", "quantity": "two"})
    assert typed.status_code == 422 and typed.json()["field"] == "quantity"
    short = api.post(url, json={"finished_good": "cookie-tin", "quantity": 2})
    assert short.status_code == 409
    assert short.json()["shortfalls"][0]["text"] == "need 12 each Sugar cookie, have 0 each"
    assert api.get(url, params={"event": "Nope"}).status_code == 404
