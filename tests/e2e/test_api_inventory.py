"""JSON API for inventory: purchases, lots, stock, consume (dry run), adjustments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import web_app

API = "/api/v1"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as client:
        yield client


@pytest.fixture
def butter(api: TestClient) -> list[int]:
    """DOMAIN.md's example: 10 lb @ $4.50 bought first, then 7 lb @ $5.00."""
    api.post(f"{API}/ingredients", json={"name": "Butter", "density_g_per_ml": "0.911"})
    api.post(f"{API}/products", json={"ingredient": "butter", "brand": "Kerrygold",
                                      "package_quantity": 1, "package_unit": "lb",
                                      "slug": "butter-1lb", "gtin": "5011038133241"})
    lots = []
    for packages, price, day in ((10, "4.50", "2026-11-01"), (7, "5.00", "2026-11-08")):
        response = api.post(f"{API}/purchases", json={
            "product": "butter-1lb", "packages": packages, "price_per_package": price,
            "purchased_on": day})
        assert response.status_code == 201
        lots.append(response.json()["lot_id"])
    return lots


def test_a_purchase_answers_201_with_its_lot(api: TestClient, butter: list[int]) -> None:
    response = api.post(f"{API}/purchases", json={"product": "butter-1lb",
                                                  "price_per_package": "4.75"})
    body = response.json()
    assert response.status_code == 201
    assert body["total_price"] == "4.75" and body["unit"] == "g"
    assert body["purchased_on"]  # today by default


def test_purchase_errors(api: TestClient, butter: list[int]) -> None:
    missing = api.post(f"{API}/purchases", json={"product": "nope", "price_per_package": 1})
    assert missing.status_code == 404
    zero = api.post(f"{API}/purchases", json={"product": "butter-1lb", "packages": 0,
                                              "price_per_package": 1})
    assert zero.status_code == 422 and zero.json()["field"] == "packages"
    negative = api.post(f"{API}/purchases", json={"product": "butter-1lb",
                                                  "price_per_package": -1})
    assert negative.status_code == 422 and negative.json()["field"] == "price_per_package"
    no_price = api.post(f"{API}/purchases", json={"product": "butter-1lb"})
    assert no_price.status_code == 422 and no_price.json()["field"] == "price_per_package"
    bad_date = api.post(f"{API}/purchases", json={"product": "butter-1lb",
                                                  "price_per_package": 1,
                                                  "purchased_on": "yesterday"})
    assert bad_date.status_code == 422 and bad_date.json()["field"] == "purchased_on"


def test_lots_are_listed_oldest_first(api: TestClient, butter: list[int]) -> None:
    lots = api.get(f"{API}/lots?item=butter").json()
    assert [lot["lot_id"] for lot in lots] == butter
    assert lots[0]["package_price"] == "4.5" and lots[0]["value"] == "45"
    assert len(api.get(f"{API}/lots").json()) == 2
    assert api.get(f"{API}/lots?item=nope").status_code == 404
    assert api.get(f"{API}/lots?kind=planet").status_code == 422


def test_stock_summary_and_on_hand(api: TestClient, butter: list[int]) -> None:
    [line] = api.get(f"{API}/stock").json()
    assert (line["slug"], line["lots"], line["value"]) == ("butter", 2, "80")
    assert api.get(f"{API}/stock/butter?unit=lb").json()["quantity"].startswith("17")
    assert api.get(f"{API}/stock/nope?unit=lb").status_code == 404
    bad = api.get(f"{API}/stock/butter?unit=parsec")
    assert bad.status_code == 422


def test_consuming_12_lb_costs_each_lot_at_its_price(api: TestClient, butter: list[int]) -> None:
    response = api.post(f"{API}/consume", json={"item": "butter", "quantity": 12, "unit": "lb"})
    assert response.status_code == 200
    body = response.json()
    assert body["total_cost"] == "55" and body["satisfied"] is True
    assert [d["lot_id"] for d in body["draws"]] == butter


def test_a_dry_run_reports_the_shortfall_and_changes_nothing(  # type: ignore[no-untyped-def]
    api: TestClient, butter
) -> None:
    response = api.post(f"{API}/consume", json={"item": "butter", "quantity": 20, "unit": "lb",
                                               "dry_run": True})
    assert response.status_code == 200
    assert response.json()["shortfall"] == "3" and response.json()["satisfied"] is False
    assert api.get(f"{API}/stock").json()[0]["value"] == "80"


def test_consuming_too_much_is_409_listing_the_shortfall(api: TestClient, butter) -> None:  # type: ignore[no-untyped-def]
    response = api.post(f"{API}/consume", json={"item": "butter", "quantity": 18, "unit": "lb"})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "insufficient_stock"
    assert body["shortfalls"] == [{"item": "Butter", "needed": "18", "available": "17",
                                   "missing": "1", "unit": "lb",
                                   "text": "need 18 lb Butter, have 17 lb"}]
    assert api.get(f"{API}/stock").json()[0]["value"] == "80"


def test_consume_errors(api: TestClient, butter: list[int]) -> None:
    assert api.post(f"{API}/consume", json={"item": "nope", "quantity": 1,
                                            "unit": "lb"}).status_code == 404
    bad_unit = api.post(f"{API}/consume", json={"item": "butter", "quantity": 1, "unit": "zz"})
    assert bad_unit.status_code == 422 and bad_unit.json()["field"] == "unit"
    bad_reason = api.post(f"{API}/consume", json={"item": "butter", "quantity": 1, "unit": "lb",
                                                  "reason": "whim"})
    assert bad_reason.status_code == 422 and bad_reason.json()["field"] == "reason"


def test_adjustments_take_stock_out_with_a_reason(api: TestClient, butter: list[int]) -> None:
    response = api.post(f"{API}/adjustments", json={"item": "butter", "quantity": 1,
                                                   "unit": "lb", "reason": "spoilage"})
    assert response.status_code == 201 and response.json()["total_cost"] == "4.5"
    no_note = api.post(f"{API}/adjustments", json={"item": "butter", "quantity": 1,
                                                  "unit": "lb", "reason": "other"})
    assert no_note.status_code == 422 and no_note.json()["field"] == "note"
    too_much = api.post(f"{API}/adjustments", json={"item": "butter", "quantity": 100,
                                                   "unit": "lb", "reason": "gift"})
    assert too_much.status_code == 409 and too_much.json()["shortfalls"][0]["item"] == "Butter"
    missing = api.post(f"{API}/adjustments", json={"item": "nope", "quantity": 1, "unit": "lb",
                                                  "reason": "gift"})
    assert missing.status_code == 404


def test_materials_are_bought_and_counted_like_ingredients(api: TestClient) -> None:
    api.post(f"{API}/materials", json={"name": "Gift box"})
    api.post(f"{API}/materials/gift-box/products",
             json={"name": "Box 50-pack", "package_quantity": 50, "slug": "box-50"})
    bought = api.post(f"{API}/purchases", json={"product": "box-50", "price_per_package": 20})
    assert bought.status_code == 201
    assert api.get(f"{API}/stock/gift-box?unit=each").json()["quantity"] == "50"


def test_a_quick_purchase_records_one_line_and_a_dry_run_only_says_what_it_would(
    api: TestClient, butter: list[int]
) -> None:
    preview = api.post(f"{API}/purchases/quick", json={"text": "2 lb butter $9", "dry_run": True})
    assert preview.status_code == 200
    assert (preview.json()["lot_id"], preview.json()["packages"]) == (None, "2")
    assert len(api.get(f"{API}/lots", params={"item": "butter"}).json()) == 2
    done = api.post(f"{API}/purchases/quick", json={"text": "5011038133241 2 4.50"})
    assert done.status_code == 201
    assert (done.json()["product_slug"], done.json()["total_price"]) == ("butter-1lb", "9")
    assert len(api.get(f"{API}/lots", params={"item": "butter"}).json()) == 3


def test_the_api_refuses_an_implausible_purchase_unless_confirmed(
    api: TestClient, butter: list[int]
) -> None:
    for path, body in ((f"{API}/purchases/quick", {"text": "2000 x butter @ 4.50"}),
                       (f"{API}/purchases", {"product": "butter-1lb", "packages": 2000,
                                             "price_per_package": "4.50"})):
        before = api.get(f"{API}/lots", params={"item": "butter"}).json()
        refused = api.post(path, json=body)
        assert refused.status_code == 422 and refused.json()["field"] == "packages"
        assert api.get(f"{API}/lots", params={"item": "butter"}).json() == before
        assert api.post(path, json={**body, "confirm": True}).status_code == 201
    assert len(api.get(f"{API}/lots", params={"item": "butter"}).json()) == 4


def test_a_quick_line_matching_nothing_or_unreadable_answers_422_naming_the_part(
    api: TestClient, butter: list[int]
) -> None:
    unknown = api.post(f"{API}/purchases/quick", json={"text": "sprinkles $3"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "product"
    price = api.post(f"{API}/purchases/quick", json={"text": "butter $abc"})
    assert price.status_code == 422 and price.json()["field"] == "price"
    garbage = api.post(f"{API}/purchases", json={"product": "butter-1lb",
                                                 "price_per_package": "abc"})
    assert garbage.status_code == 422
