"""The Plan and Amendments tabs over HTTP on both databases: demand, batch decisions with
short-count confirmation, shopping, plan states, amendments and the comparison."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import amendments, events, plan_state, planning
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS
from tests.support.pages import post, text


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    return event_bakery.build()


def plan_page(client: TestClient, event_id: int) -> str:
    response = client.get(f"/events/{event_id}/plan")
    assert response.status_code == 200
    return response.text


def test_the_plan_shows_demand_batches_ingredients_shopping_and_feasibility(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    html = plan_page(client, xmas)
    page = text(html)
    # Demand: the targets beside what the packages need (1 + 2 family boxes).
    assert "Cookie tin 10 3 0 10" in page and "Brownie bag 5 3 0 5" in page
    # 10 tins × 6 cookies = 60 at 24 a batch → 3 batches, proposed until decided.
    assert "Sugar cookies 60 needed at 24 a batch → proposed 3 (not decided yet) Why 3?" in page
    assert "60 for 10 × Cookie tin = 60 needed at 24 a batch" in page
    assert "fewest whole batches 3" in page
    # Ingredients in display strings, packaging included; the gift boxes are in stock.
    assert "Flour: 249.98 g for Brownies + 749.94 g for Sugar cookies" in page
    assert "999.92 g 4.54 kg 0 g" in page
    assert "Gift box (packaging)" in page
    # Two batches of brownies need 200 g of chocolate; one 100 g bar is in stock.
    assert "Chocolate 100 g needed 1 × House Chocolate 100 g (100 g) $2.50" in page
    assert 'id="shopping-total">$2.50<' in html
    for sheet in ["/sheets/shopping", "/sheets/shopping.pdf", "/sheets/shopping.csv",
                  "/sheets/bake-day", "/sheets/bake-day.pdf", "/sheets/labels",
                  "/sheets/labels.pdf"]:
        assert f'href="/events/{xmas}{sheet}"' in html
    assert "Assembly feasibility" in page and "Cookie tin 10 0 Sugar cookie" in page


def test_the_printable_sheets_the_plan_links_to_exist(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    html = plan_page(client, bakery["xmas"])
    links = re.findall(rf'href="(/events/{bakery["xmas"]}/sheets/[^"]+)"', html)
    assert len(links) == 7
    for link in links:
        if not link.endswith(".pdf"):  # the PDFs are the sheets' own tests' business
            assert client.get(link).status_code == 200, link


def test_targets_below_the_packages_are_flagged_and_set_from_the_packages(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    events.set_assembly_target(XMAS, "cookie-tin", 2)
    html = plan_page(client, bakery["xmas"])
    assert "Cookie tin: target 2 is below the 3 the packages need" in text(html)
    assert "below packages" in text(html)
    response = post(client, f"/events/{bakery['xmas']}/plan/from-packages", htmx=True)
    assert "Targets set from the packages: Brownie bag 3, Cookie tin 3." in text(response.text)
    assert {t["finished_good_slug"]: t["target_quantity"]
            for t in events.get_assembly_targets(XMAS)} == {"cookie-tin": 3, "brownie-bag": 3}
    assert 'id="targets-from-packages"' not in response.text  # nothing left to set


def test_a_short_batch_count_asks_for_confirmation_and_stays_flagged(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    refused = post(client, f"/events/{xmas}/plan/batches",
                   {"recipe": "sugar-cookies", "batches": "2"}, htmx=True)
    assert refused.status_code == 422
    assert "2 batches fall short of the 3 the plan needs" in text(refused.text)
    assert re.search(r'name="batches" value="2"[^>]*aria-invalid="true"', refused.text)
    assert 'name="confirm_short" value="1"' in refused.text
    assert events.get_production_targets(XMAS) == []
    kept = post(client, f"/events/{xmas}/plan/batches",
                {"recipe": "sugar-cookies", "batches": "2", "confirm_short": "1"}, htmx=True)
    assert kept.status_code == 200
    page = text(kept.text)
    assert "Sugar cookies: 2 batches (short: the plan needs 3; kept as confirmed)." in page
    assert "short (confirmed)" in page and "(confirmed)" in page
    assert planning.get_plan_summary(XMAS)["batch_requirements"][1]["short_confirmed"]
    plenty = post(client, f"/events/{xmas}/plan/batches",
                  {"recipe": "sugar-cookies", "batches": "4"}, htmx=True)
    assert "Sugar cookies: 4 batches." in text(plenty.text)
    nonsense = post(client, f"/events/{xmas}/plan/batches",
                    {"recipe": "sugar-cookies", "batches": "-1"}, htmx=True)
    assert nonsense.status_code == 422 and "confirm_short" not in nonsense.text


def test_only_the_legal_next_step_is_offered_and_each_moves_the_plan(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    xmas = bakery["xmas"]
    buttons = re.compile(r'id="plan-(lock|start|complete)"')
    assert buttons.findall(plan_page(client, xmas)) == ["lock"]
    locked = post(client, f"/events/{xmas}/plan/lock", follow=True)
    assert "Christmas is now Locked." in text(locked.text)
    assert buttons.findall(locked.text) == ["start"]
    started = post(client, f"/events/{xmas}/plan/start", follow=True)
    assert buttons.findall(started.text) == ["complete"]
    assert "In production" in text(started.text)
    done = post(client, f"/events/{xmas}/plan/complete", follow=True)
    assert buttons.findall(done.text) == []
    assert "This event is completed: its plan is read-only." in text(done.text)
    again = post(client, f"/events/{xmas}/plan/lock")
    assert again.status_code == 409
    assert "Event 'Christmas' is COMPLETED; it has no later state" in text(again.text)
    assert post(client, f"/events/{xmas}/plan/explode").status_code == 404


def test_locking_with_an_unconfirmed_short_count_is_refused_with_the_reason(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    events.set_production_target(XMAS, "sugar-cookies", 1)  # short, never confirmed
    response = post(client, f"/events/{bakery['xmas']}/plan/lock")
    assert response.status_code == 409
    assert "cannot be locked: the batch count of Sugar cookies falls short" in text(
        response.text)
    assert events.get_event(XMAS)["plan_state"] == "DRAFT"


def test_amendments_wait_for_production(client: TestClient, bakery: dict[str, Any]) -> None:
    xmas = bakery["xmas"]
    page = text(client.get(f"/events/{xmas}/amendments").text)
    assert "Event 'Christmas' is DRAFT; amending the plan needs IN_PRODUCTION" in page
    assert "The original plan is recorded when production starts." in page
    response = post(client, f"/events/{xmas}/amendments",
                    {"kind": "DROP_FG", "finished_good": "cookie-tin", "reason": "x"}, htmx=True)
    assert response.status_code == 409
    assert "amending the plan needs IN_PRODUCTION" in text(response.text)


@pytest.fixture
def in_production(bakery: dict[str, Any]) -> dict[str, Any]:
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    return bakery


def test_the_three_amendments_need_a_reason_and_show_in_the_comparison(
    client: TestClient, in_production: dict[str, Any]
) -> None:
    xmas = in_production["xmas"]
    url = f"/events/{xmas}/amendments"
    blank = post(client, url, {"kind": "ADD_FG", "finished_good": "brownie-bag",
                               "quantity": "4", "reason": "  "}, htmx=True)
    assert blank.status_code == 422
    assert re.search(r'name="reason"[^>]*aria-invalid="true"', blank.text)
    assert 'id="reason-error"' in blank.text and "needs a reason" in text(blank.text)
    assert 'name="quantity" type="number" value="4"' in blank.text
    assert amendments.get_amendment_history(XMAS) == []

    dropped = post(client, url, {"kind": "DROP_FG", "finished_good": "brownie-bag",
                                 "reason": "No bags left"}, htmx=True)
    assert "Amended: Dropped Brownie bag (was 5)." in text(dropped.text)
    added = post(client, url, {"kind": "ADD_FG", "finished_good": "brownie-bag",
                               "quantity": "2", "reason": "Found bags"}, htmx=True)
    assert added.status_code == 200
    changed = post(client, url, {"kind": "MODIFY_BATCH", "recipe": "sugar-cookies",
                                 "new_batches": "5", "reason": "Extra tins"}, htmx=True)
    assert "Sugar cookies: 3 → 5 batches" in text(changed.text)
    post(client, url, {"kind": "DROP_FG", "finished_good": "cookie-tin",
                       "reason": "Tins sold out"}, htmx=True)

    html = client.get(url).text
    page = text(html)
    for status, name in [("dropped", "Cookie tin"), ("modified", "Brownie bag"),
                         ("modified", "Sugar cookies"), ("unchanged", "Brownies")]:
        assert re.search(rf'<tr class="diff-{status}">\s*<td><span class="diff-name">{name}', html)
    assert "3 changes since production started." in page
    history = page.split("History")[-1]
    assert history.index("No bags left") < history.index("Found bags") < history.index(
        "Tins sold out")


def test_an_added_good_is_styled_as_added(client: TestClient,
                                          in_production: dict[str, Any]) -> None:
    amendments.create_amendment(XMAS, "DROP_FG", {"fg_id": "brownie-bag"}, "gone")
    plan_state_html = client.get(f"/events/{in_production['xmas']}/amendments").text
    assert '<span class="diff-badge diff-dropped">dropped</span>' in plan_state_html
    response = post(client, f"/events/{in_production['xmas']}/amendments",
                    {"kind": "MODIFY_BATCH", "recipe": "", "new_batches": "2", "reason": "x"},
                    htmx=True)
    assert response.status_code == 422 and 'id="recipe-error"' in response.text


def test_a_good_new_to_the_plan_is_marked_added(client: TestClient, db: str) -> None:
    event_bakery.build()
    events.delete_assembly_target(XMAS, "brownie-bag")
    plan_state.lock_plan(XMAS)
    plan_state.start_production(XMAS)
    amendments.create_amendment(XMAS, "ADD_FG", {"fg_id": "brownie-bag", "new_quantity": 2},
                                "A late order")
    html = client.get(f"/events/{events.get_event(XMAS)['id']}/amendments").text
    assert re.search(r'<tr class="diff-added">\s*<td><span class="diff-name">Brownie bag', html)
    assert '<span class="diff-badge diff-added">added</span>' in html
    assert "Added 2 × Brownie bag" in text(html) and "A late order" in text(html)
