"""The event pages over HTTP on both databases: list, create, edit, tabs, targets, assignments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import events, plan_state, production
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS
from tests.support.pages import post, text

TABS = ["targets", "assignments", "plan", "amendments"]


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    return event_bakery.build()


def test_the_list_shows_upcoming_events_soonest_first_then_past_ones(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    page = text(client.get("/events").text)
    assert page.index("Christmas") < page.index("Bake sale") < page.index("Past")
    assert page.index("Past") < page.index("Harvest fair")
    assert "in 10 days" in page and "30 days ago" in page


def test_every_tab_renders_as_a_page_and_as_an_htmx_fragment(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    assert client.get(f"/events/{xmas}").status_code == 200
    for tab in TABS:
        whole = client.get(f"/events/{xmas}/{tab}")
        assert whole.status_code == 200 and "<html" in whole.text, tab
        assert f'href="/events/{xmas}/{tab}" hx-get' in whole.text
        fragment = client.get(f"/events/{xmas}/{tab}", headers={"HX-Request": "true"})
        assert fragment.text.startswith('<section id="event-tabs">'), tab
        assert re.search(rf'href="/events/{xmas}/{tab}"[^>]*aria-current="page"', fragment.text)
        # After Back, htmx asks for the whole page to restore it.
        restore = client.get(f"/events/{xmas}/{tab}", headers={
            "HX-Request": "true", "HX-History-Restore-Request": "true"})
        assert "<html" in restore.text


def test_a_missing_event_is_a_not_found_page(client: TestClient, db: str) -> None:
    response = client.get("/events/999/plan")
    assert response.status_code == 404
    assert "No event 999" in response.text


def test_creating_an_event_takes_the_baker_to_its_targets(client: TestClient, db: str) -> None:
    response = post(client, "/events", {"name": "Bake sale", "event_date": "2026-12-05",
                                        "output_mode": "BULK_COUNT"})
    assert response.status_code == 303
    created = events.get_event("Bake sale")
    assert response.headers["location"] == f"/events/{created['id']}/targets"
    assert (created["output_mode"], created["plan_state"]) == ("BULK_COUNT", "DRAFT")
    page = client.get(response.headers["location"]).text
    assert "Added Bake sale" in page and "No batch targets yet" in page


def test_a_refused_event_keeps_what_was_typed(client: TestClient, db: str) -> None:
    response = post(client, "/events", {"name": "Fête <b>", "event_date": "",
                                        "output_mode": "BUNDLED"})
    assert response.status_code == 422
    assert 'value="Fête &lt;b&gt;"' in response.text
    assert 'id="event_date-error"' in response.text
    events.create_event("Fair", event_date=date(2026, 12, 1))
    clash = post(client, "/events", {"name": "fair", "event_date": "2026-12-02"})
    assert clash.status_code == 409 and "already used" in clash.text
    assert 'value="2026-12-02"' in clash.text


def test_editing_an_event_and_deleting_one_without_runs(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    fair = bakery["fair"]
    saved = post(client, f"/events/{fair}/details", {
        "name": "Autumn fair", "event_date": "2026-10-02", "output_mode": "BULK_COUNT",
        "notes": "Stall 4"}, follow=True)
    assert "Saved Autumn fair." in saved.text
    assert events.get_event(fair)["notes"] == "Stall 4"
    blank = post(client, f"/events/{fair}/details", {"name": " ", "event_date": "2026-10-02",
                                                     "output_mode": "BUNDLED", "notes": ""})
    assert blank.status_code == 422 and 'id="name-error"' in blank.text
    assert "<details class=\"event-edit\" open>" in blank.text
    gone = post(client, f"/events/{fair}/delete", follow=True)
    assert "Deleted Autumn fair." in gone.text
    assert "Autumn fair" not in [e["name"] for e in events.list_events()]


def test_an_event_with_production_cannot_be_deleted(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    production.record_batch_production("sugar-cookies", 1, event=XMAS)
    response = post(client, f"/events/{bakery['xmas']}/delete")
    assert response.status_code == 409
    assert "cannot be deleted: 1 production run" in text(response.text)


def test_progress_bars_show_the_true_percentage_above_100(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    events.set_production_target(XMAS, "sugar-cookies", 2)
    events.set_production_target(XMAS, "brownies", 4)
    production.record_batch_production("sugar-cookies", 3, event=XMAS)
    production.record_batch_production("brownies", 1, event=XMAS)
    html = client.get(f"/events/{bakery['xmas']}/targets").text
    page = text(html)
    assert "Sugar cookies 150% 3 baked · 1 over" in page
    assert "Brownies 25% 1 baked · 3 to go" in page
    assert re.search(r'progress-line over">\s*<progress value="100" max="100" '
                     r'aria-label="Sugar cookies: 150%"', html)
    assert '<progress value="25" max="100"' in html


def test_targets_are_added_edited_and_removed_in_draft(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    added = post(client, f"/events/{xmas}/targets/production",
                 {"recipe": "brownies", "target_batches": "3"}, htmx=True)
    assert added.status_code == 200 and "targetsChanged" in added.headers["hx-trigger"]
    assert "Brownies: 3 batches." in added.text
    post(client, f"/events/{xmas}/targets/production",
         {"recipe": "brownies", "target_batches": "5", "row": "1"}, htmx=True)
    assert [t["target_batches"] for t in events.get_production_targets(XMAS)] == [5]
    post(client, f"/events/{xmas}/targets/assembly",
         {"finished_good": "cookie-tin", "target_quantity": "12", "row": "1"}, htmx=True)
    assert {t["finished_good_slug"]: t["target_quantity"]
            for t in events.get_assembly_targets(XMAS)}["cookie-tin"] == 12
    removed = post(client, f"/events/{xmas}/targets/production/brownies/delete", follow=True)
    assert "Removed the production target." in removed.text
    post(client, f"/events/{xmas}/targets/assembly/brownie-bag/delete")
    assert events.get_production_targets(XMAS) == []
    assert [t["finished_good_slug"] for t in events.get_assembly_targets(XMAS)] == ["cookie-tin"]


def test_a_refused_target_keeps_what_was_typed(client: TestClient, bakery: dict[str, Any]) -> None:
    xmas = bakery["xmas"]
    response = post(client, f"/events/{xmas}/targets/production",
                    {"recipe": "brownies", "target_batches": "two"}, htmx=True)
    assert response.status_code == 422
    assert '<option value="brownies" selected>' in response.text
    assert 'value="two"' in response.text and 'id="target_batches-error"' in response.text
    row = post(client, f"/events/{xmas}/targets/assembly",
               {"finished_good": "cookie-tin", "target_quantity": "0", "row": "1"}, htmx=True)
    assert row.status_code == 422
    assert re.search(r'name="target_quantity" value="0"[^>]*aria-invalid="true"', row.text)
    assert "must be greater than 0" in text(row.text)


def test_a_locked_event_refuses_new_targets_with_the_service_message(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    plan_state.lock_plan(XMAS)
    xmas = bakery["xmas"]
    page = text(client.get(f"/events/{xmas}/targets").text)
    assert "Event 'Christmas' is LOCKED; adding a production target needs DRAFT" in page
    assert "Add a batch target" not in page
    refused = post(client, f"/events/{xmas}/targets/assembly",
                   {"finished_good": "cookie-tin", "target_quantity": "11", "row": "1"},
                   htmx=True)
    assert refused.status_code == 409
    assert "is LOCKED; changing an assembly target needs DRAFT" in text(refused.text)
    # Batch counts stay editable while locked.
    changed = post(client, f"/events/{xmas}/targets/production",
                   {"recipe": "sugar-cookies", "target_batches": "4", "row": "1"}, htmx=True)
    assert changed.status_code == 200
    in_production = plan_state.start_production(XMAS)
    assert in_production == "IN_PRODUCTION"
    page = text(client.get(f"/events/{xmas}/targets").text)
    assert "changing a batch count needs DRAFT or LOCKED" not in page  # no form, no noise
    assert "amend the plan" in page


def test_assignments_list_counts_and_filters_by_status(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    events.advance_fulfillment(bakery["assignments"][1])
    page = text(client.get(f"/events/{xmas}/assignments").text)
    assert "2 package assignments: 1 pending · 1 ready · 0 delivered" in page
    # Between the box and its status sits the box's allergen note (its ingredients are
    # not yet checked, so it says unknown, never "free of").
    assert "Aunt May The Parkers 1 × Family box Allergens: unknown" in page
    assert "not yet checked Checked, OK pending Mark ready" in page
    ready = text(client.get(f"/events/{xmas}/assignments?status=ready",
                            headers={"HX-Request": "true"}).text).split("Assign a package")[0]
    assert "Mr Lee" in ready and "Aunt May" not in ready
    none = text(client.get(f"/events/{xmas}/assignments?status=delivered").text)
    assert "No package is delivered." in none


def test_fulfillment_advances_one_step_per_click(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas, first = bakery["xmas"], bakery["assignments"][0]
    url = f"/events/{xmas}/assignments/{first}/advance"
    step = post(client, url, htmx=True)
    assert step.status_code == 200
    assert step.text.startswith(f'<tr id="assignment-{first}" class="status-ready">')
    assert '"status": "ready"' in step.headers["hx-trigger"]
    assert "Mark delivered" in step.text
    last = post(client, url, htmx=True)
    assert "status-delivered" in last.text and "Mark" not in last.text
    assert events.list_assignments(XMAS, status="delivered")[0]["id"] == first
    again = post(client, url, htmx=True)
    assert again.status_code == 409 and again.headers["hx-retarget"] == "#messages"
    counts = client.get(f"/events/{xmas}/assignments/counts")
    assert "1 delivered" in text(counts.text)
    plain = post(client, f"/events/{xmas}/assignments/{bakery['assignments'][1]}/advance")
    assert plain.status_code == 303


def test_an_assignment_of_another_event_is_not_found_here(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    response = post(client, f"/events/{bakery['sale']}/assignments/"
                            f"{bakery['assignments'][0]}/advance")
    assert response.status_code == 404
    assert events.list_assignments(XMAS, status="pending")  # nothing moved


def test_assigning_and_removing_a_package(client: TestClient, bakery: dict[str, Any]) -> None:
    sale = bakery["sale"]
    made = post(client, f"/events/{sale}/assignments",
                {"recipient": str(bakery["may"]), "package": str(bakery["family"]),
                 "quantity": "2"}, htmx=True)
    assert made.status_code == 200 and "Aunt May gets 2 × Family box." in made.text
    twice = post(client, f"/events/{sale}/assignments",
                 {"recipient": str(bakery["may"]), "package": str(bakery["family"]),
                  "quantity": "1"}, htmx=True)
    assert twice.status_code == 409 and "already exists" in text(twice.text)
    assert f'<option value="{bakery["may"]}" selected>' in twice.text
    missing = post(client, f"/events/{sale}/assignments",
                   {"recipient": "", "package": str(bakery["family"])}, htmx=True)
    assert missing.status_code == 422 and 'id="recipient-error"' in missing.text
    assignment = events.list_assignments(events.get_event(sale)["name"])[0]["id"]
    post(client, f"/events/{sale}/assignments/{assignment}/remove")
    assert events.list_assignments(events.get_event(sale)["name"]) == []


def test_a_script_in_an_event_name_shows_as_text(client: TestClient, db: str) -> None:
    evil = "<script>alert(1)</script>"
    made = events.create_event(evil, event_date=date.today() + timedelta(days=3))
    for path in ["/events", f"/events/{made['id']}/plan", "/", "/production"]:
        html = client.get(path).text
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_the_navigation_links_events_and_production(client: TestClient, db: str) -> None:
    nav = client.get("/").text.split('class="nav-links"')[1].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert "/events" in links and "/production" in links
    assert 'aria-current="page"' in client.get("/events").text.split('class="nav-links"')[1]
