"""The purchase page's quick line and its confirmation of implausible purchases (HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.services import catalog, inventory
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.pages import field_error, post, text

PAGE = "/inventory/purchase"
QUICK = "/inventory/purchase/quick"


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def butter(db: str) -> dict[str, object]:
    catalog.create_ingredient("Butter", density_g_per_ml="0.911")
    return catalog.create_product("butter", brand="Kerrygold", package_quantity=1,
                                  package_unit="lb", slug="kerrygold-butter",
                                  gtin="5011038133241")


def test_the_purchase_page_offers_a_quick_line_and_a_scan_button(client: TestClient) -> None:
    page = client.get(PAGE).text
    assert 'name="line"' in page and 'id="scan-button"' in page
    assert '<script src="/static/scan.js" defer></script>' in page


@pytest.mark.usefixtures("butter")
def test_a_quick_line_records_the_purchase_and_says_so(client: TestClient) -> None:
    answer = post(client, QUICK, {"line": "2 lb butter $8.49"}, htmx=True)
    assert answer.status_code == 200
    assert "Recorded 2 × Kerrygold Butter 1 lb for $8.49" in text(answer.text)
    assert answer.headers["HX-Trigger"].startswith('{"purchaseRecorded"')
    assert len(inventory.list_lots("butter")) == 1


@pytest.mark.usefixtures("butter")
def test_without_javascript_the_quick_line_redirects_with_the_message(client: TestClient) -> None:
    answer = post(client, QUICK, {"line": "5011038133241 2 4.50"}, follow=True)
    assert "Recorded 2 × Kerrygold Butter 1 lb for $9.00" in text(answer.text)


@pytest.mark.usefixtures("butter")
def test_a_quick_line_that_cannot_be_read_is_shown_again_with_why(client: TestClient) -> None:
    before = row_counts()
    answer = post(client, QUICK, {"line": "butter $abc"}, htmx=True)
    assert answer.status_code == 422
    assert "cannot read the price '$abc'" in text(field_error(answer.text, "quick"))
    assert 'value="butter $abc"' in answer.text
    assert row_counts() == before


@pytest.mark.usefixtures("butter")
def test_an_implausible_quick_line_asks_yes_record_it_and_then_records(
    client: TestClient,
) -> None:
    before = row_counts()
    asked = post(client, QUICK, {"line": "2000 x butter @ 4.50"}, htmx=True)
    assert asked.status_code == 422
    assert "2,000 packages is more than 1,000" in text(asked.text)
    assert 'id="quick-confirm"' in asked.text and "Yes, record it" in asked.text
    assert row_counts() == before
    done = post(client, QUICK, {"line": "2000 x butter @ 4.50", "confirm": "yes"}, htmx=True)
    assert "Recorded 2,000 × Kerrygold Butter 1 lb for $9,000.00" in text(done.text)


def test_the_purchase_form_asks_for_confirmation_of_a_trillion_packages(
    client: TestClient, butter: dict[str, object]
) -> None:
    form = {"product": "Kerrygold Butter 1 lb", "product_id": str(butter["id"]),
            "packages": "1001", "price": "4.50", "purchased_on": ""}
    before = row_counts()
    absurd = post(client, PAGE, {**form, "packages": "1000000000000", "confirm": "yes"},
                  htmx=True)
    assert absurd.status_code == 422
    assert "more than any kitchen buys" in text(field_error(absurd.text, "packages"))
    asked = post(client, PAGE, form, htmx=True)
    assert asked.status_code == 422
    assert "1,001 packages is more than 1,000" in text(field_error(asked.text, "packages"))
    assert 'id="confirm-purchase"' in asked.text
    assert row_counts() == before
    done = post(client, PAGE, {**form, "confirm": "yes"}, htmx=True)
    assert "Recorded 1001 × Kerrygold Butter 1 lb" in text(done.text)


def test_a_price_that_is_not_a_number_is_blamed_on_the_price(
    client: TestClient, butter: dict[str, object]
) -> None:
    answer = post(client, PAGE, {"product": "Kerrygold Butter 1 lb",
                                 "product_id": str(butter["id"]), "packages": "1",
                                 "price": "abc", "purchased_on": ""}, htmx=True)
    assert "cannot read the price per package 'abc'" in text(field_error(answer.text, "price"))


@pytest.mark.usefixtures("butter")
def test_an_unknown_barcode_opens_the_new_product_form_with_the_code_filled_in(
    client: TestClient,
) -> None:
    before = row_counts()
    answer = post(client, QUICK, {"line": "4006381333931"}, htmx=True)
    assert answer.headers["HX-Redirect"] == "/catalog/products?gtin=4006381333931"
    assert row_counts() == before
    form = client.get(answer.headers["HX-Redirect"]).text
    assert "No product has the barcode 4006381333931 yet" in text(form)
    assert 'value="4006381333931"' in form and '<details class="create-form" open>' in form
