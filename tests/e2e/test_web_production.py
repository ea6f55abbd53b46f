"""Recording production and assembly, and the dashboard's event partials, over HTTP on both
databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import events, finished_units, plan_state, production, recipes
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS
from tests.support.pages import post, text

OPTION = re.compile(r'<option value="(\d*)"( selected)?>([^<]*)</option>')


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)  # writes the proposed batches: 3 sugar cookies, 2 brownies
    return made


def event_options(html: str) -> list[tuple[str, bool, str]]:
    select = html.split('name="event"')[1].split("</select>")[0]
    return [(value, bool(chosen), label) for value, chosen, label in OPTION.findall(select)]


def test_the_event_selector_lists_standalone_first_then_events_nearest_first(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    events.create_event("Done and dusted", event_date=date.today() + timedelta(days=2))
    plan_state.lock_plan("Done and dusted")
    plan_state.start_production("Done and dusted")
    plan_state.complete_production("Done and dusted")
    options = event_options(client.get("/production").text)
    assert [label.split(" · ")[0] for _, _, label in options] == [
        "(none: standalone)", "Christmas", "Bake sale", "Harvest fair"]
    assert [value for value, chosen, _ in options if chosen] == [str(bakery["xmas"])]
    standalone = event_options(client.get("/production?event=").text)
    assert [value for value, chosen, _ in standalone if chosen] == [""]
    chosen = event_options(client.get(f"/production?event={bakery['sale']}").text)
    assert [value for value, chosen, _ in chosen if chosen] == [str(bakery["sale"])]


def test_without_an_upcoming_event_standalone_is_preselected(client: TestClient, db: str) -> None:
    events.create_event("Last year", event_date=date.today() - timedelta(days=300))
    options = event_options(client.get("/production").text)
    assert [value for value, chosen, _ in options if chosen] == [""]


def test_the_event_recipes_come_first_with_what_is_left_to_bake(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    recipes.create_recipe("Almond tuiles", finished_units=[{"name": "Tuile",
                                                            "items_per_batch": 30}])
    production.record_batch_production("brownies", 1, event=XMAS)
    page = text(client.get("/production").text.split('id="unit-choices"')[1].split("</div>")[0])
    assert page.index("Brownies") < page.index("Sugar cookies") < page.index("Almond tuiles")
    assert "Sugar cookies 24 a batch · 3 of 3 batches to go" in page
    assert "Brownies 12 a batch · 1 of 2 batches to go" in page
    found = client.get(f"/production/choices?event={bakery['xmas']}&q=BROWN")
    assert "Brownies" in found.text and "Sugar cookies" not in found.text
    assert "Nothing matches “zzz”." in client.get("/production/choices?q=zzz").text
    standalone = text(client.get("/production/choices?event=").text)
    assert standalone.index("Almond tuiles") < standalone.index("Brownies")


def test_a_recipe_with_several_units_offers_each_and_a_link_preselects_one(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    finished_units.create_finished_unit("sugar-cookies", "Mini sugar cookie", items_per_batch=48)
    page = client.get(f"/production?event={bakery['xmas']}&recipe=brownies").text
    assert re.search(r'name="unit" value="brownie" checked', page)
    assert "Sugar cookies — Mini sugar cookie" in text(page)
    ambiguous = client.get(f"/production?event={bakery['xmas']}&recipe=sugar-cookies").text
    assert " checked" not in ambiguous.split('id="unit-choices"')[1].split("</div>")[0]


def test_recording_production_for_the_event_reports_cost_and_stock(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    response = post(client, "/production", {"event": str(bakery["xmas"]),
                                             "unit": "sugar-cookie", "batches": "1"}, htmx=True)
    assert response.status_code == 200
    assert response.text.startswith('<section id="production-panel">')
    assert '"productionRecorded"' in response.headers["hx-trigger"]
    message = text(response.text)
    assert re.search(r"Recorded 1 batch of Sugar cookies for Christmas: 24 × Sugar cookie\. "
                     r"Cost \$\d+\.\d\d, \$0\.\d\d each\. On hand now: 24\.", message)
    # Ready for the next bake: same event, nothing picked, one batch.
    assert event_options(response.text)[1][1] is True
    assert ' checked' not in response.text.split('id="unit-choices"')[1].split("</div>")[0]
    assert 'name="batches" type="number" value="1"' in response.text
    progress = events.get_production_progress(XMAS)
    assert [(p["recipe_slug"], p["produced_batches"]) for p in progress] == [
        ("brownies", 0), ("sugar-cookies", 1)]


def test_a_loss_is_recorded_with_its_category(client: TestClient,
                                              bakery: dict[str, Any]) -> None:
    response = post(client, "/production", {
        "event": str(bakery["xmas"]), "unit": "brownie", "batches": "1",
        "actual_yield": "10", "loss_category": "burnt"}, htmx=True)
    assert "10 of 12 × Brownie (2 lost: burnt)" in text(response.text)
    run = production.list_production_runs(event=XMAS)[0]
    assert (run["actual_yield"], run["loss_quantity"], run["loss_category"]) == (10, 2, "burnt")


def test_standalone_production_belongs_to_no_event(client: TestClient,
                                                   bakery: dict[str, Any]) -> None:
    response = post(client, "/production", {"event": "", "unit": "sugar-cookie",
                                             "batches": "0.5"})
    assert response.status_code == 303 and response.headers["location"] == "/production?event="
    page = text(client.get(response.headers["location"]).text)
    assert "for no event (standalone): 12 × Sugar cookie" in page
    assert production.list_production_runs()[0]["event_id"] is None


def test_refusals_keep_what_was_typed_and_say_what_is_wrong(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = str(bakery["xmas"])
    nothing = post(client, "/production", {"event": xmas, "unit": "", "batches": "2"}, htmx=True)
    assert nothing.status_code == 422 and "Choose what you baked" in nothing.text
    assert 'name="batches" type="number" value="2"' in nothing.text
    too_many = post(client, "/production", {"event": xmas, "unit": "brownie", "batches": "1",
                                            "actual_yield": "13"}, htmx=True)
    assert too_many.status_code == 422 and 'id="actual_yield-error"' in too_many.text
    assert re.search(r'name="unit" value="brownie" checked', too_many.text)
    short = post(client, "/production", {"event": xmas, "unit": "brownie", "batches": "3",
                                         "loss_category": "dropped"}, htmx=True)
    assert short.status_code == 409
    assert "need 300 g Chocolate, have 100 g" in text(short.text)
    assert '<option value="dropped" selected>' in short.text
    assert production.list_production_runs() == []


def test_production_for_a_completed_event_is_refused(client: TestClient,
                                                     bakery: dict[str, Any]) -> None:
    plan_state.start_production(XMAS)
    plan_state.complete_production(XMAS)
    response = post(client, "/production", {"event": str(bakery["xmas"]),
                                             "unit": "brownie"}, htmx=True)
    assert response.status_code == 409
    assert "is COMPLETED; recording production needs an event" in text(response.text)


def test_recording_assembly_for_the_event(client: TestClient, bakery: dict[str, Any]) -> None:
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    page = client.get("/production/assembly?finished_good=cookie-tin").text
    assert re.search(r'name="finished_good" value="cookie-tin" checked', page)
    assert "Cookie tin 0 assembled · 10 of 10 to go" in text(page)
    made = post(client, "/production/assembly", {"event": str(bakery["xmas"]),
                                                  "finished_good": "cookie-tin",
                                                  "quantity": "2"}, htmx=True)
    assert made.status_code == 200 and '"assemblyRecorded"' in made.headers["hx-trigger"]
    assert re.search(r"Assembled 2 × Cookie tin for Christmas\. Cost \$\d+\.\d\d "
                     r"\(\$\d+\.\d\d each\)\. On hand now: 2\.", text(made.text))
    short = post(client, "/production/assembly", {"event": str(bakery["xmas"]),
                                                   "finished_good": "brownie-bag",
                                                   "quantity": "5"}, htmx=True)
    assert short.status_code == 409 and "need 20 each Brownie, have 0 each" in text(short.text)
    assert 'name="quantity" type="number" value="5"' in short.text
    none = post(client, "/production/assembly", {"event": "", "finished_good": ""})
    assert none.status_code == 422 and 'id="finished_good-error"' in none.text
    assert "Cookie tin" in text(client.get("/production/assembly/choices?q=tin").text)


def test_the_dashboard_shows_the_next_event_and_what_to_bake(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    html = client.get("/").text
    page = text(html)
    xmas = bakery["xmas"]
    assert "Next up: Christmas" in page and "in 10 days" in page
    assert f'href="/production?event={xmas}" id="dashboard-record-production"' in html
    assert f'href="/events/{xmas}/plan#shopping" id="dashboard-shopping-list"' in html
    assert "Sugar cookies 2 of 3 batches to go" in page
    assert f'href="/production?event={xmas}&amp;recipe=sugar-cookies"' in html
    upcoming = text(client.get("/dashboard/events").text)
    assert upcoming.index("Christmas") < upcoming.index("Bake sale")
    assert "Harvest fair" not in upcoming
    assert "in progress" in upcoming
    assert "Next up: Christmas" in text(client.get("/dashboard/next-up").text)


def test_the_dashboard_without_events_still_offers_recording_production(
    client: TestClient, db: str
) -> None:
    page = text(client.get("/").text)
    assert "No upcoming event." in page and "Record production" in page
    assert client.get("/production").status_code == 200
    assert client.get("/production/assembly").status_code == 200


def test_recorded_costs_are_money_not_floats(client: TestClient, bakery: dict[str, Any]) -> None:
    post(client, "/production", {"event": "", "unit": "sugar-cookie", "batches": "1"})
    cost = production.list_production_runs()[0]["total_cost"]
    assert isinstance(cost, Decimal)
    assert f"${cost:.2f}" in client.get("/production").text
