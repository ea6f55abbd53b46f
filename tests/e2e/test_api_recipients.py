"""JSON API for recipients: every endpoint's success and error codes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import events, goods, recipes
from tests.support.apps import web_app

API = "/api/v1"
JSON = {"content-type": "application/json"}


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def test_a_recipient_is_created_listed_read_changed_and_deleted(api: TestClient) -> None:
    created = api.post(f"{API}/recipients", json={
        "name": "Ada Lovelace", "household": "Lovelaces", "address": "12 Analytical Way",
        "dietary_notes": "no nuts"})
    assert created.status_code == 201
    ada = created.json()
    assert (ada["household"], ada["notes"], ada["dietary_notes"]) == ("Lovelaces", None,
                                                                      "no nuts")
    api.post(f"{API}/recipients", json={"name": "Grace Hopper", "household": "Hoppers"})
    assert [r["name"] for r in api.get(f"{API}/recipients").json()] == [
        "Ada Lovelace", "Grace Hopper"]
    assert [r["name"] for r in api.get(f"{API}/recipients?search=hopp").json()] == [
        "Grace Hopper"]
    assert api.get(f"{API}/recipients/{ada['id']}").json()["address"] == "12 Analytical Way"
    changed = api.patch(f"{API}/recipients/{ada['id']}", json={"household": "", "notes": "Tea"})
    assert changed.status_code == 200
    assert (changed.json()["household"], changed.json()["notes"],
            changed.json()["name"]) == (None, "Tea", "Ada Lovelace")
    gone = api.request("DELETE", f"{API}/recipients/{ada['id']}", headers=JSON)
    assert gone.status_code == 204 and gone.content == b""
    assert api.get(f"{API}/recipients/{ada['id']}").status_code == 404


@pytest.mark.parametrize("body,field", [({"name": "  "}, "name"), ({}, "name"),
                                        ({"name": "A", "notes": 3}, "notes")])
def test_a_refused_recipient_is_422_naming_the_field(
    api: TestClient, db: str, body: dict[str, object], field: str
) -> None:
    response = api.post(f"{API}/recipients", json=body)
    assert response.status_code == 422 and response.json()["field"] == field
    assert api.get(f"{API}/recipients").json() == []


def test_unknown_recipients_are_404_and_bad_ids_422(api: TestClient) -> None:
    assert api.get(f"{API}/recipients/999").status_code == 404
    assert api.patch(f"{API}/recipients/999", json={"name": "x"}).status_code == 404
    assert api.request("DELETE", f"{API}/recipients/999", headers=JSON).status_code == 404
    bad = api.get(f"{API}/recipients/ada")
    assert bad.status_code == 422 and bad.json()["field"] == "recipient_id"
    rid = api.post(f"{API}/recipients", json={"name": "Ada"}).json()["id"]
    blank = api.patch(f"{API}/recipients/{rid}", json={"name": ""})
    assert blank.status_code == 422 and blank.json()["field"] == "name"


def test_a_recipient_with_packages_assigned_cannot_be_deleted(api: TestClient) -> None:
    recipes.create_recipe("Fudge", finished_units=[{"name": "Fudge square",
                                                    "items_per_batch": 20}])
    goods.create_package("Box", contents=[("fudge-square", 4)])
    events.create_event("Christmas", event_date="2026-12-24")
    rid = api.post(f"{API}/recipients", json={"name": "Ada"}).json()["id"]
    events.assign_package("Christmas", rid, "Box")
    response = api.request("DELETE", f"{API}/recipients/{rid}", headers=JSON)
    assert response.status_code == 409 and "package assignment" in response.json()["message"]
