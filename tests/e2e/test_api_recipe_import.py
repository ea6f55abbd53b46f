"""JSON API for recipe import: a draft from text or a page, then saving it, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.recipe_drafts import PAGES, TEXT

API = "/api/v1"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def test_pasted_text_becomes_a_draft_and_the_draft_a_recipe(api: TestClient, pantry: None) -> None:
    answer = api.post(f"{API}/recipes/drafts", json={"text": TEXT})
    assert answer.status_code == 200
    draft = answer.json()
    assert draft["yield"]["count"] == "16"
    assert [line["ingredient_slug"] for line in draft["lines"]] == [
        "plain-flour", "butter", "caster-sugar"
    ]  # fmt: skip
    saved = api.post(f"{API}/recipes/drafts/save", json={"draft": draft, "slug": "shortbread"})
    assert saved.status_code == 201
    assert saved.json()["finished_units"][0]["items_per_batch"] == "16"
    assert len(saved.json()["ingredients"]) == 3


def test_a_saved_page_becomes_a_draft(api: TestClient, pantry: None) -> None:
    html = (PAGES / "jsonld-graph-lemon-loaf.html").read_text(encoding="utf-8")
    answer = api.post(f"{API}/recipes/drafts", json={"html": html, "url": "https://x.example/"})
    assert answer.status_code == 200
    assert answer.json()["name"] == "Lemon Drizzle Loaf"
    assert answer.json()["source_url"] == "https://x.example/"


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"text": "   "}, "text"), ({"text": "a", "html": "b"}, "text"),
     ({"html": "<html><body>no recipe</body></html>"}, "html")],
)  # fmt: skip
def test_a_request_with_nothing_to_read_is_422_naming_the_field(
    api: TestClient, body: dict[str, str], field: str
) -> None:
    answer = api.post(f"{API}/recipes/drafts", json=body)
    assert answer.status_code == 422
    assert answer.json()["field"] == field


def test_saving_a_line_without_a_quantity_is_422_naming_the_line_and_writes_nothing(
    api: TestClient, pantry: None
) -> None:
    draft = api.post(f"{API}/recipes/drafts", json={"text": TEXT + "Zest of 1 lemon\n"}).json()
    before = row_counts()
    answer = api.post(f"{API}/recipes/drafts/save", json={"draft": draft})
    assert answer.status_code == 422
    assert "Line 4 ('Zest of 1 lemon')" in answer.json()["message"]
    assert row_counts() == before


def test_a_drafts_lines_are_added_to_an_existing_recipe(api: TestClient, pantry: None) -> None:
    made = api.post(f"{API}/recipes", json={"name": "Crumble", "ingredients": [
        {"ingredient": "butter", "quantity": "100", "unit": "g"}]})  # fmt: skip
    assert made.status_code == 201
    draft = api.post(f"{API}/recipes/drafts", json={"text": "200 g plain flour\n"}).json()
    answer = api.post(f"{API}/recipes/crumble/drafts", json=draft)
    assert answer.status_code == 200
    assert [line["ingredient_slug"] for line in answer.json()["ingredients"]] == [
        "butter", "plain-flour"
    ]  # fmt: skip
    assert api.post(f"{API}/recipes/no-such/drafts", json=draft).status_code == 404
