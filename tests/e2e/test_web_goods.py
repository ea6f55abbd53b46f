"""Finished goods and packages over HTTP on both databases: lists, the builders (with and
without JavaScript), a good's exploded needs and cost, refusals, 404s and escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from baketracker.services import catalog, goods, inventory, recipes
from tests.support.apps import web_app
from tests.support.pages import field_error, post


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def bakery() -> None:
    """Cookies (24 a batch of $2.40 butter) and brownies (16 a batch), a tin and ribbon."""
    catalog.create_ingredient("Butter")
    product = catalog.create_product("butter", brand="Store", package_quantity=1,
                                     package_unit="kg")
    inventory.record_purchase(product["slug"], packages=1, price_per_package="10.00")
    recipes.create_recipe("Sugar cookies", ingredients=[("butter", 240, "g")],
                          finished_units=[{"name": "Sugar cookie", "items_per_batch": 24}])
    recipes.create_recipe("Brownies", ingredients=[("butter", 160, "g")],
                          finished_units=[{"name": "Brownie", "items_per_batch": 16}])
    catalog.create_material("Cookie tin")
    catalog.create_material("Ribbon", base_unit="cm")


@pytest.mark.parametrize("path", ["/goods", "/goods/new", "/goods/packages",
                                  "/goods/packages/new", "/goods?kind=bundle&q=x"])
def test_goods_pages_render_on_an_empty_database(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_a_bundle_is_built_from_units_and_packaging_and_opens(
    client: TestClient, bakery: None
) -> None:
    response = post(client, "/goods", {
        "name": "Cookie tin", "notes": "For neighbours",
        "part": ["finished_unit:sugar-cookie", "material:cookie-tin", "", "material:ribbon"],
        "quantity": ["6", "1", "1", "45.5"]})
    assert response.status_code == 303
    assert response.headers["location"] == "/goods/cookie-tin"
    saved = goods.get_finished_good("cookie-tin")
    assert [(c["type"], c["slug"], c["quantity"]) for c in saved["components"]] == [
        ("finished_unit", "sugar-cookie", 6), ("material", "cookie-tin", 1),
        ("material", "ribbon", Decimal("45.5"))]
    assert "Added Cookie tin." in client.get("/goods/cookie-tin").text


def test_the_builder_adds_and_drops_rows_without_javascript(
    client: TestClient, bakery: None
) -> None:
    typed = {"name": "Box", "part": ["finished_unit:brownie", "finished_unit:sugar-cookie"],
             "quantity": ["4", "2"]}
    more = post(client, "/goods", {**typed, "more": "1"})
    assert more.status_code == 200 and more.text.count('class="builder-line"') == 3
    assert 'value="Box"' in more.text
    dropped = post(client, "/goods", {**typed, "drop": "1"})
    assert dropped.text.count('class="builder-line"') == 1
    assert '<option value="finished_unit:sugar-cookie" selected>' in dropped.text
    assert goods.list_finished_goods(kind="BUNDLE") == []
    row = client.get("/goods/line?kind=bundle", headers={"HX-Request": "true"}).text
    assert row.startswith('<div class="builder-line">') and "Sugar cookie" in row
    assert 'label="Packaging"' in row
    package_row = client.get("/goods/line?kind=package").text
    assert 'label="Single items"' in package_row and "Brownie" in package_row


@pytest.mark.parametrize("part,quantity,expected", [
    ("", "1", "at least one line"),
    ("finished_unit:sugar-cookie", "1.5", "whole number"),
    ("", "3", "choose what the 3 is"),
])
def test_a_refused_bundle_keeps_the_rows_typed(
    client: TestClient, bakery: None, part: str, quantity: str, expected: str
) -> None:
    response = post(client, "/goods", {"name": "Box", "part": [part], "quantity": [quantity]})
    assert response.status_code == 422
    assert expected in field_error(response.text, "lines")
    assert 'value="Box"' in response.text and f'value="{quantity}"' in response.text
    if part:
        assert f'<option value="{part}" selected>' in response.text


def test_a_second_bundle_of_the_same_name_gets_its_own_address(
    client: TestClient, bakery: None
) -> None:
    goods.create_finished_good("Box", components=[{"finished_unit": "brownie", "quantity": 1}])
    response = post(client, "/goods", {"name": "Box", "part": ["finished_unit:brownie"],
                                       "quantity": ["2"]})
    assert response.status_code == 303 and response.headers["location"] == "/goods/box-2"


def test_a_goods_page_shows_what_it_explodes_to_with_on_hand_and_cost(
    client: TestClient, bakery: None
) -> None:
    goods.create_finished_good("Cookie pair", components=[
        {"finished_unit": "sugar-cookie", "quantity": 2}])
    goods.create_finished_good("Gift tin", components=[
        {"finished_unit": "sugar-cookie", "quantity": 6}, {"finished_good": "cookie-pair",
                                                          "quantity": 2},
        {"finished_unit": "brownie", "quantity": 4}, {"material": "ribbon", "quantity": 60}])
    html = client.get("/goods/gift-tin").text
    needs = html.split('id="good-needs"')[1]
    # 6 + 2 × 2 cookies summed across the nested pair; brownies as they are.
    assert re.search(r'>Sugar cookie</a></td><td class="num">10</td>', needs)
    assert re.search(r'>Brownie</a></td><td class="num">4</td>', needs)
    assert "60 cm" in needs
    # 10/24 of a $2.40 cookie batch ($1.00) + 4/16 of a $1.60 brownie batch ($0.40).
    assert "$1.40</span> each" in needs
    assert "Ribbon" in needs and "never bought" in needs  # packaging without a price
    assert 'href="/goods/cookie-pair">2 × Cookie pair</a>' in html
    assert "0 on hand" in html
    fragment = client.get("/goods/gift-tin/needs").text
    assert fragment.startswith('<section id="good-needs"') and "goodChanged" in fragment


def test_lines_are_added_and_removed_in_place_and_a_cycle_is_refused_with_its_path(
    client: TestClient, bakery: None
) -> None:
    goods.create_finished_good("Inner", components=[{"finished_unit": "brownie", "quantity": 1}])
    goods.create_finished_good("Outer", components=[{"finished_good": "inner", "quantity": 1}])
    added = post(client, "/goods/inner/lines", {"part": "material:cookie-tin", "quantity": "1"},
                 htmx=True)
    assert added.status_code == 200 and added.text.startswith('<section id="good-lines"')
    assert "goodChanged" in added.headers["hx-trigger"]
    cycle = post(client, "/goods/inner/lines", {"part": "finished_good:outer", "quantity": "1"},
                 htmx=True)
    assert cycle.status_code == 422
    assert "Inner → Outer → Inner" in field_error(cycle.text, "part")
    assert '<option value="finished_good:outer" selected>' in cycle.text
    nothing = post(client, "/goods/inner/lines", {"part": "", "quantity": "1"})
    assert nothing.status_code == 422 and "<html" in nothing.text
    removed = post(client, "/goods/inner/lines/remove", {"part": "material:cookie-tin"})
    assert removed.status_code == 303
    assert [c["slug"] for c in goods.get_finished_good("inner")["components"]] == ["brownie"]


def test_a_single_item_good_cannot_be_edited(client: TestClient, bakery: None) -> None:
    html = client.get("/goods/sugar-cookie").text
    assert "single item" in html and 'action="/goods/sugar-cookie/lines"' not in html
    refused = post(client, "/goods/sugar-cookie/lines/remove",
                   {"part": "finished_unit:sugar-cookie"})
    assert refused.status_code == 422 and "bare good" in refused.text


def test_the_list_searches_and_filters_bundles_and_single_items(
    client: TestClient, bakery: None
) -> None:
    goods.create_finished_good("Brownie box", components=[
        {"finished_unit": "brownie", "quantity": 9}])
    rows = client.get("/goods?q=brownie", headers={"HX-Request": "true"}).text
    assert rows.lstrip().startswith("<tr>") and "Brownie box" in rows and "Sugar" not in rows
    bundles = client.get("/goods?kind=bundle").text.split("<tbody")[1]
    assert "Brownie box" in bundles and ">Brownie</strong>" not in bundles
    assert "9 × Brownie" in bundles


def test_a_package_is_built_edited_and_shows_what_a_box_needs(
    client: TestClient, bakery: None
) -> None:
    goods.create_finished_good("Tin", components=[{"finished_unit": "sugar-cookie",
                                                   "quantity": 6}])
    created = post(client, "/goods/packages", {"name": "Gift box", "part": ["tin", "brownie"],
                                               "quantity": ["2", "3"]})
    assert created.status_code == 303
    url = created.headers["location"]
    assert re.fullmatch(r"/goods/packages/\d+", url)
    html = client.get(url).text
    assert "Added Gift box." in html and "2 × <a" in html
    assert re.search(r'>Sugar cookie</a></td><td class="num">12</td>', html)
    added = post(client, f"{url}/contents", {"part": "brownie", "quantity": "1"}, htmx=True)
    assert added.status_code == 200 and added.text.startswith('<div id="package-contents"')
    assert goods.get_package("Gift box")["contents"][1]["quantity"] == 4
    zero = post(client, f"{url}/contents", {"part": "tin", "quantity": "0"}, htmx=True)
    assert zero.status_code == 422 and "greater than 0" in field_error(zero.text, "quantity")
    assert 'value="0"' in zero.text
    removed = post(client, f"{url}/contents/remove", {"part": "tin"}, htmx=True)
    assert removed.status_code == 200
    assert [c["finished_good_slug"] for c in goods.get_package("Gift box")["contents"]] == [
        "brownie"]
    assert "Gift box" in client.get("/goods/packages").text


def test_a_package_name_already_used_is_refused_with_the_typing_kept(
    client: TestClient, bakery: None
) -> None:
    goods.create_package("Gift box", contents=[("brownie", 1)])
    response = post(client, "/goods/packages", {"name": "gift box", "part": ["sugar-cookie"],
                                                "quantity": ["5"]})
    assert response.status_code == 409
    assert "already used" in response.text and 'value="gift box"' in response.text
    assert '<option value="sugar-cookie" selected>' in response.text


@pytest.mark.parametrize("method,path", [
    ("get", "/goods/nope"), ("get", "/goods/nope/needs"), ("get", "/goods/packages/999"),
    ("post", "/goods/nope/lines"), ("post", "/goods/packages/999/contents"),
    ("post", "/goods/packages/999/contents/remove"),
])
def test_an_unknown_good_or_package_is_404(client: TestClient, method: str, path: str) -> None:
    response = client.get(path) if method == "get" else post(client, path, {"part": "x"})
    assert response.status_code == 404


def test_scripts_in_names_show_as_text(client: TestClient, bakery: None) -> None:
    evil = "<script>alert(1)</script>"
    good = goods.create_finished_good(evil, notes=evil, components=[
        {"finished_unit": "brownie", "quantity": 1}])
    package = goods.create_package(evil, contents=[(good["slug"], 1)], notes=evil)
    for path in ["/goods", f"/goods/{good['slug']}", "/goods/packages",
                 f"/goods/packages/{package['id']}", "/goods/packages/new"]:
        html = client.get(path).text
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
