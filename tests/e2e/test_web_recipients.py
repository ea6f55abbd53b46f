"""Recipient pages over HTTP on both databases: list and search, add, edit, delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import events, goods, recipes
from tests.support.apps import web_app
from tests.support.pages import post


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


FULL = {"name": "Ada Lovelace", "household": "The Lovelaces",
        "address": "12 Analytical Way\nLondon", "notes": "Loves ginger",
        "dietary_notes": "no nuts"}


def test_a_recipient_is_added_from_the_list_page(client: TestClient) -> None:
    assert "No recipients yet" in client.get("/recipients").text
    response = post(client, "/recipients", FULL)
    assert response.status_code == 303 and response.headers["location"] == "/recipients"
    (saved,) = events.list_recipients()
    assert {k: saved[k] for k in FULL} == FULL
    page = client.get("/recipients").text
    assert "Added Ada Lovelace." in page and "no nuts" in page and "The Lovelaces" in page


def test_an_htmx_add_answers_the_panel_and_an_event(client: TestClient) -> None:
    response = post(client, "/recipients", {"name": "Grace"}, htmx=True)
    assert response.status_code == 200
    assert response.text.startswith('<section id="recipients-panel">')
    assert "recipientSaved" in response.headers["hx-trigger"]


def test_a_blank_name_is_refused_with_the_rest_kept(client: TestClient) -> None:
    response = post(client, "/recipients", {**FULL, "name": "  "}, htmx=True)
    assert response.status_code == 422
    assert 'id="name-error"' in response.text and 'value="The Lovelaces"' in response.text
    assert ">12 Analytical Way\nLondon</textarea>" in response.text
    assert events.list_recipients() == []


def test_search_as_you_type_matches_name_or_household(client: TestClient) -> None:
    events.create_recipient("Ada", household="Lovelaces")
    events.create_recipient("Grace", household="Hoppers")
    rows = client.get("/recipients?q=hopp", headers={"HX-Request": "true"}).text
    assert rows.lstrip().startswith("<tr>") and "Grace" in rows and "Ada" not in rows
    assert "No recipient matches “zz”" in client.get("/recipients?q=zz").text


def test_a_recipient_is_edited_and_a_blank_field_cleared(client: TestClient) -> None:
    rid = events.create_recipient(**FULL)["id"]
    assert 'value="Ada Lovelace"' in client.get(f"/recipients/{rid}").text
    response = post(client, f"/recipients/{rid}", {**FULL, "name": "Ada King", "notes": ""})
    assert response.status_code == 303
    saved = events.get_recipient(rid)
    assert (saved["name"], saved["notes"], saved["dietary_notes"]) == ("Ada King", None, "no nuts")
    refused = post(client, f"/recipients/{rid}", {**FULL, "name": ""}, htmx=True)
    assert refused.status_code == 422 and 'id="name-error"' in refused.text
    assert 'value="no nuts"' in refused.text
    saved_htmx = post(client, f"/recipients/{rid}", FULL, htmx=True)
    assert saved_htmx.text.startswith('<section id="recipient-edit"')
    assert "Saved Ada Lovelace." in saved_htmx.text


def test_deleting_is_refused_while_packages_are_assigned(client: TestClient) -> None:
    recipes.create_recipe("Fudge", finished_units=[{"name": "Fudge square",
                                                    "items_per_batch": 20}])
    goods.create_package("Box", contents=[("fudge-square", 4)])
    events.create_event("Christmas", event_date="2026-12-24")
    held = events.create_recipient("Ada")["id"]
    free = events.create_recipient("Grace")["id"]
    events.assign_package("Christmas", held, "Box")
    refused = post(client, f"/recipients/{held}/delete", {})
    assert refused.status_code == 409
    assert "1 package assignment" in refused.text and 'role="alert"' in refused.text
    deleted = post(client, f"/recipients/{free}/delete", {})
    assert deleted.status_code == 303
    assert [r["name"] for r in events.list_recipients()] == ["Ada"]


@pytest.mark.parametrize("method,path", [("get", "/recipients/999"),
                                         ("post", "/recipients/999"),
                                         ("post", "/recipients/999/delete")])
def test_an_unknown_recipient_is_404(client: TestClient, method: str, path: str) -> None:
    response = client.get(path) if method == "get" else post(client, path, {"name": "x"})
    assert response.status_code == 404


def test_a_script_in_a_recipient_shows_as_text(client: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    rid = events.create_recipient(evil, household=evil, address=evil, dietary_notes=evil)["id"]
    for path in ["/recipients", f"/recipients/{rid}", "/recipients?q=script"]:
        html = client.get(path).text
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
