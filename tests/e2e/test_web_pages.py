"""The pages over HTTP (TestClient) on both databases: render, create, refuse, escape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from baketracker.app import create_app
from baketracker.services import catalog, inventory
from baketracker.web import AREAS
from baketracker.web.templating import TEMPLATES_DIR
from tests.support.apps import web_app

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


def token(client: TestClient, path: str = "/") -> str:
    found = TOKEN.search(client.get(path).text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, str], *, htmx: bool = False,
         follow: bool = False) -> object:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(path, data={**data, "csrf_token": token(client)}, headers=headers,
                       follow_redirects=follow)


@pytest.fixture
def flour() -> dict[str, object]:
    catalog.create_ingredient("Flour", density="1 cup = 120 g")
    catalog.create_ingredient("Bread flour", parent="flour")
    return catalog.create_product("bread-flour", brand="King Arthur", package_quantity=5,
                                  package_unit="lb", gtin="071012010509")


PAGES = ["/", "/catalog/ingredients", "/catalog/products", "/catalog/suppliers",
         "/catalog/materials", "/inventory", "/inventory/purchase", "/login", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_an_empty_database(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]


def test_pages_with_records_render_and_link_each_other(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    inventory.record_purchase(flour["slug"], packages=2, price_per_package="6.49")
    catalog.create_material("Gift box")
    for path in ["/catalog/ingredients/bread-flour", "/catalog/ingredients/flour",
                 "/inventory/items/bread-flour", "/catalog/materials/gift-box", "/inventory",
                 "/", f"/inventory/purchase?product={flour['slug']}"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "$12.98" in client.get("/inventory").text


def test_the_navigation_links_only_pages_that_exist(client: TestClient) -> None:
    page = client.get("/").text
    nav = page.split('class="nav-links"')[1].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links[:3] == ["/", "/catalog", "/inventory"]
    assert links == [area.NAV.href for area in AREAS if getattr(area, "NAV", None)]
    for link in links:
        assert client.get(link).status_code == 200


def test_every_template_starts_with_a_comment_listing_its_context() -> None:
    templates = sorted(Path(TEMPLATES_DIR).rglob("*.html"))
    assert len(templates) > 20
    for path in templates:
        first = path.read_text().splitlines()[0]
        assert first.startswith("{# context:") and first.endswith("#}"), path


def test_a_plain_form_post_creates_and_redirects_with_a_message(client: TestClient) -> None:
    response = post(client, "/catalog/ingredients", {"name": "Butter", "density": "0.911"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/catalog/ingredients"  # type: ignore[attr-defined]
    page = client.get("/catalog/ingredients").text
    assert "Added Butter." in page and ">Butter</a>" in page
    assert catalog.get_ingredient("butter")["density_g_per_ml"] == Decimal("0.911")
    assert "Added Butter." not in client.get("/catalog/ingredients").text  # shown once


def test_an_htmx_post_answers_with_the_fragment_and_an_event(client: TestClient) -> None:
    response = post(client, "/catalog/suppliers", {"name": "Costco", "kind": "physical"},
                    htmx=True)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "supplierSaved" in response.headers["hx-trigger"]  # type: ignore[attr-defined]
    assert response.text.startswith('<section id="suppliers-panel">')  # type: ignore[attr-defined]
    assert "<html" not in response.text  # type: ignore[attr-defined]


def test_a_refused_form_keeps_what_was_typed_and_names_the_field(client: TestClient) -> None:
    response = post(client, "/catalog/ingredients", {"name": "Cocoa", "density": "1 cup = 2 cups"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert 'value="Cocoa"' in html and 'value="1 cup = 2 cups"' in html
    error = re.search(r'<input name="density"[^>]*aria-invalid="true"[^>]*>\s*'
                      r'<small class="field-error" id="density-error">([^<]+)</small>', html)
    assert error and "density" in error.group(1).lower()


def test_a_bad_package_size_is_reported_next_to_the_size_field(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    response = post(client, "/catalog/products",
                    {"ingredient": "bread-flour", "brand": "X", "size": "5 parsecs"}, htmx=True)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert 'id="size-error"' in response.text  # type: ignore[attr-defined]
    assert 'value="5 parsecs"' in response.text  # type: ignore[attr-defined]


def test_a_duplicate_barcode_is_a_conflict_shown_on_the_form(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    response = post(client, "/catalog/products", {"ingredient": "bread-flour", "brand": "Other",
                                                  "size": "2 kg", "gtin": "071012010509"})
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "already belongs to" in response.text  # type: ignore[attr-defined]
    assert 'value="Other"' in response.text  # type: ignore[attr-defined]


def test_the_ingredient_list_shows_the_hierarchy(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/catalog/ingredients").text
    assert html.index(">Flour</a>") < html.index(">Bread flour</a>")
    child = r'class="depth-1">\s*<span[^>]*>↳ </span><a href="/catalog/ingredients/bread-flour"'
    assert re.search(child, html)


def test_ingredient_search_as_you_type_answers_rows_only(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Sugar")
    response = client.get("/catalog/ingredients?q=bread", headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith("<tr>")
    assert "Bread flour" in response.text and "Sugar" not in response.text
    assert "Flour ›" in response.text  # a search hit shows its parent


def test_editing_an_ingredient_changes_name_density_and_parent(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    catalog.create_ingredient("Grains")
    response = post(client, "/catalog/ingredients/flour",
                    {"name": "Wheat flour", "parent": "grains", "density": "0.5"}, follow=True)
    assert response.status_code == 200  # type: ignore[attr-defined]
    saved = catalog.get_ingredient("flour")
    assert (saved["name"], saved["parent_slug"]) == ("Wheat flour", "grains")
    assert saved["density_g_per_ml"] == Decimal("0.5")
    post(client, "/catalog/ingredients/flour", {"name": "Wheat flour", "parent": "grains",
                                                "density": ""})
    assert catalog.get_ingredient("flour")["density_g_per_ml"] is None


def test_making_an_ingredient_its_own_ancestor_is_refused_on_the_parent_field(  # type: ignore[no-untyped-def]
    client: TestClient, flour
) -> None:
    response = post(client, "/catalog/ingredients/flour",
                    {"name": "Flour", "parent": "bread-flour", "density": ""})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert 'id="parent-error"' in response.text  # type: ignore[attr-defined]


def test_products_are_found_by_part_of_a_barcode_number(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/catalog/products?q=1201", headers={"HX-Request": "true"})
    assert "King Arthur" in response.text
    assert "No product matches" in client.get("/catalog/products?q=999999").text


def test_materials_and_their_products_are_created_from_forms(client: TestClient) -> None:
    post(client, "/catalog/materials", {"name": "Ribbon", "base_unit": "cm"})
    response = post(client, "/catalog/materials/ribbon/products",
                    {"name": "Red ribbon roll", "size": "10 m"}, follow=True)
    assert "Red ribbon roll" in response.text  # type: ignore[attr-defined]
    assert catalog.list_products(material="ribbon")[0]["package_unit"] == "m"


def test_a_script_in_a_product_name_shows_as_text(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    evil = "<script>alert(1)</script>"
    catalog.create_product("bread-flour", brand=None, package_quantity=1, package_unit="kg",
                           name=evil)
    for path in ["/catalog/products", "/inventory/purchase?product=" + "script"]:
        html = client.get(path).text
        assert evil not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_post_without_a_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/")
    response = client.post("/catalog/ingredients", data={"name": "Salt"})
    assert response.status_code == 403
    assert "expired or came from another site" in response.text
    forged = client.post("/catalog/ingredients", data={"name": "Salt", "csrf_token": "forged"})
    assert forged.status_code == 403
    assert catalog.list_ingredients() == []


def test_htmx_requests_carry_the_token_in_a_header(client: TestClient) -> None:
    html = client.get("/").text
    header = re.search(r"""hx-headers='\{"X-CSRF-Token": "([^"]+)"\}'""", html)
    assert header
    response = client.post("/catalog/suppliers", data={"name": "Aldi"},
                           headers={"HX-Request": "true", "X-CSRF-Token": header.group(1)})
    assert response.status_code == 200


def test_a_token_from_another_browser_is_refused(client: TestClient, db: str) -> None:
    other = TestClient(client.app)
    stolen = token(other)
    client.get("/")
    response = client.post("/catalog/suppliers", data={"name": "Aldi", "csrf_token": stolen})
    assert response.status_code == 403


def test_an_unknown_record_is_a_404_page(client: TestClient) -> None:
    response = client.get("/catalog/ingredients/no-such-thing")
    assert response.status_code == 404
    assert "No ingredient" in response.text and "<html" in response.text
    assert client.get("/no/such/page").status_code == 404


def test_taking_out_more_than_is_in_stock_lists_the_shortfall(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    inventory.record_purchase(flour["slug"], packages=1, price_per_package="6")
    response = post(client, "/inventory/items/bread-flour/adjust",
                    {"amount": "10 lb", "reason": "spoilage"}, htmx=True)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "need 10 lb Bread flour, have 5 lb" in response.text  # type: ignore[attr-defined]
    ok = post(client, "/inventory/items/bread-flour/adjust",
              {"amount": "1 lb", "reason": "spoilage"}, htmx=True)
    assert ok.status_code == 200  # type: ignore[attr-defined]
    assert "stockAdjusted" in ok.headers["hx-trigger"]  # type: ignore[attr-defined]
    assert inventory.on_hand("bread-flour", "lb") == pytest.approx(Decimal(4), abs=Decimal("1e-6"))


def test_an_other_adjustment_without_a_note_names_the_note_field(client: TestClient, flour) -> None:  # type: ignore[no-untyped-def]
    inventory.record_purchase(flour["slug"], packages=1, price_per_package="6")
    response = post(client, "/inventory/items/bread-flour/adjust",
                    {"amount": "1 lb", "reason": "other", "note": ""})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert 'id="note-error"' in response.text  # type: ignore[attr-defined]


def test_the_dashboard_lists_items_out_of_stock_or_below_the_threshold(  # type: ignore[no-untyped-def]
    client: TestClient, flour
) -> None:
    catalog.create_ingredient("Sugar")
    catalog.create_product("sugar", brand="C&H", package_quantity=4, package_unit="lb")
    inventory.record_purchase("c-h-sugar-4-lb", packages=3, price_per_package="3")
    html = client.get("/").text
    low = html.split('id="low-stock"')[1]
    assert "Bread flour" in low and "Sugar" not in low
    assert f"/inventory/purchase?product={flour['slug']}" in low
    assert "$9.00" in html  # stock value
    higher = client.get("/dashboard/low-stock?below=5", headers={"HX-Request": "true"})
    assert "Sugar" in higher.text
    assert "bt_low_stock=5" in higher.headers["set-cookie"]
    assert "Sugar" in client.get("/").text.split('id="low-stock"')[1]  # remembered


def test_responses_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "httponly" in headers["set-cookie"].lower()


def test_vendor_assets_and_api_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/").text + client.get("/inventory").text + client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert assets and all(a.startswith("/static/") for a in assets)
    assert "cdn" not in client.get("/docs").text
    for asset in set(assets):
        assert client.get(asset).status_code == 200, f"{asset}: run `make assets`"


def test_today_is_the_default_purchase_date(client: TestClient) -> None:
    assert f'value="{date.today().isoformat()}"' in client.get("/inventory/purchase").text


def test_the_app_creates_its_database_at_startup(tmp_path: Path) -> None:
    from baketracker import db as dbmod
    from baketracker.config import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        with TestClient(create_app(settings)) as test_client:
            assert test_client.get("/api/v1/ingredients").json() == []
        assert (tmp_path / "fresh.sqlite3").exists()
    finally:
        dbmod.dispose()
