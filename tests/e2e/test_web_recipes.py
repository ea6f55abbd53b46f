"""Recipe pages over HTTP on both databases: list, create, edit in place, flattened cost,
archive and delete, refusals that keep what was typed, and escaping."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.services import catalog, inventory, recipes
from tests.support.apps import web_app
from tests.support.pages import field_error, post


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def kitchen() -> None:
    """Flour (a category) with all-purpose flour at $3/kg, butter at $5 per 500 g, and salt
    that was never bought and has no density."""
    catalog.create_ingredient("Flour")
    catalog.create_ingredient("All-purpose flour", parent="flour", density="1 cup = 120 g")
    catalog.create_ingredient("Butter", density="1 cup = 227 g")
    catalog.create_ingredient("Salt")
    for ingredient, size, unit, price in [("all-purpose-flour", 1, "kg", "3.00"),
                                          ("butter", 500, "g", "5.00")]:
        product = catalog.create_product(ingredient, brand="Store", package_quantity=size,
                                         package_unit=unit)
        inventory.record_purchase(product["slug"], packages=1, price_per_package=price)


@pytest.fixture
def shortbread(kitchen: None) -> dict[str, Any]:
    recipes.create_recipe("Jam", category="Fillings", ingredients=[("butter", 1, "tbsp")])
    return recipes.create_recipe(
        "Shortbread", category="Cookies",
        ingredients=[("all-purpose-flour", 2, "cup"), ("butter", 1, "cup"), ("salt", 1, "tsp")],
        finished_units=[{"name": "Shortbread cookie", "items_per_batch": 24}],
    )


@pytest.mark.parametrize("path", ["/recipes", "/recipes/new", "/recipes?archived=true"])
def test_recipe_pages_render_on_an_empty_database(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "Recipes" in response.text or "New recipe" in response.text


def test_a_typed_recipe_is_created_with_its_lines_sub_recipes_and_yield(
    client: TestClient, kitchen: None
) -> None:
    recipes.create_recipe("Jam", ingredients=[("butter", 1, "tbsp")])
    response = post(client, "/recipes", {
        "name": "Shortbread", "category": "Cookies",
        "ingredients": "all-purpose flour: 2 1/2 cups\nButter: 1 cup\n\n",
        "components": "jam: 2", "units": "Shortbread cookie: 24\nSlab: 50%",
    })
    assert response.status_code == 303
    assert response.headers["location"] == "/recipes/shortbread"
    saved = recipes.get_recipe("shortbread")
    assert [(li["ingredient_slug"], li["quantity"], li["unit"]) for li in saved["ingredients"]] == [
        ("all-purpose-flour", Decimal("2.5"), "cup"), ("butter", Decimal(1), "cup")]
    assert [(c["recipe_slug"], c["multiplier"]) for c in saved["components"]] == [
        ("jam", Decimal(2))]
    units = {u["name"]: (u["items_per_batch"], u["batch_portion"])
             for u in saved["finished_units"]}
    assert units == {"Shortbread cookie": (24, None), "Slab": (None, Decimal("0.5"))}
    page = client.get("/recipes/shortbread").text
    assert "Added Shortbread." in page and "Shortbread cookie" in page


@pytest.mark.parametrize("lines,expected", [
    ("butter 1 cup", "write it as"),
    ("sugar: 1 cup", "No ingredient is called “sugar”"),
    ("butter: 2 parsecs", "Line 1"),
    ("flour: 2 cups", "category"),
])
def test_a_refused_recipe_keeps_what_was_typed_and_points_at_the_lines(
    client: TestClient, kitchen: None, lines: str, expected: str
) -> None:
    response = post(client, "/recipes", {"name": "Scones", "ingredients": lines,
                                         "units": "Scone: 8"})
    assert response.status_code == 422
    assert expected in field_error(response.text, "ingredients")
    assert 'value="Scones"' in response.text and f">{lines}</textarea>" in response.text
    assert "Scone: 8</textarea>" in response.text
    assert recipes.list_recipes() == []


def test_a_refused_yield_or_sub_recipe_is_shown_on_its_own_field(
    client: TestClient, kitchen: None
) -> None:
    bad_yield = post(client, "/recipes", {"name": "Scones", "units": "Scone: lots"})
    assert "not a yield" in field_error(bad_yield.text, "units")
    bad_component = post(client, "/recipes", {"name": "Scones", "components": "Nothing: 2"})
    assert "No recipe is called" in field_error(bad_component.text, "components")
    blank = post(client, "/recipes", {"name": " "})
    assert blank.status_code == 422 and field_error(blank.text, "name")


def test_the_list_searches_as_you_type_filters_by_category_and_hides_archived(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    recipes.archive_recipe("jam")
    page = client.get("/recipes").text
    assert ">Shortbread</strong>" in page and ">Jam</strong>" not in page
    assert 'option value="Cookies"' in page and 'option value="Fillings"' in page
    rows = client.get("/recipes?q=short", headers={"HX-Request": "true"}).text
    assert rows.lstrip().startswith("<tr>") and "Shortbread" in rows and "<html" not in rows
    assert "Shortbread" not in client.get("/recipes?category=fillings").text.split("<tbody")[1]
    archived = client.get("/recipes?archived=true&category=Fillings").text
    assert ">Jam</strong>" in archived and "archived</small>" in archived
    assert "No recipe matches “zzz”" in client.get("/recipes?q=zzz").text


def test_the_recipe_page_shows_the_flattened_batch_with_explained_estimated_costs(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    recipes.add_component("shortbread", "jam", 2)
    recipes.create_recipe("Shortbread GF", base_recipe="shortbread", variant_name="Gluten-free")
    html = client.get("/recipes/shortbread").text
    # 240 g flour at $0.003/g = $0.72; 1 cup + 2 × 1 tbsp butter = 255.375 g at $0.01/g = $2.55
    # (2.55375, rounded per line); salt never bought: unpriced and left out.
    assert "$3.27</span> per batch" in html
    assert "≥ $0.14 per Shortbread cookie" in html  # 3.27375 / 24, at least (salt unpriced)
    assert "255.38 g" in html and "240 g" in html  # sub-recipe multiplied in, base units
    assert "Unpriced, left out of the total: Salt" in html
    assert "never bought, so it has no price" in html
    assert "from stock (lot" in html
    assert 'href="/recipes/jam">Jam</a>' in html  # the sub-recipe
    assert "Gluten-free" in html and 'href="/recipes/shortbread-gf"' in html  # its variant
    variant = client.get("/recipes/shortbread-gf").text
    assert "Variant <strong>Gluten-free</strong> of" in variant
    fragment = client.get("/recipes/shortbread/cost").text
    assert fragment.startswith('<section id="recipe-cost"') and "recipeChanged" in fragment


def test_a_recipe_bought_short_is_flagged_estimated(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    recipes.update_ingredient_line(shortbread["ingredients"][0]["id"], quantity=10)  # 1.2 kg
    html = client.get("/recipes/shortbread/cost").text
    assert "estimated</span>" in html and "not in stock, priced at" in html


def test_adding_a_line_with_htmx_answers_the_section_and_an_event(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    response = post(client, "/recipes/shortbread/lines",
                    {"ingredient": "butt", "amount": "2 tbsp", "note": "melted"}, htmx=True)
    assert response.status_code == 200
    assert response.text.startswith('<section id="recipe-lines"')
    assert "recipeChanged" in response.headers["hx-trigger"]
    assert "Added Butter." in response.text
    line = recipes.get_recipe("shortbread")["ingredients"][-1]
    assert (line["ingredient_slug"], line["quantity"], line["unit"], line["note"]) == (
        "butter", Decimal(2), "tbsp", "melted")


def test_a_refused_line_keeps_the_typing_next_to_its_field(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    response = post(client, "/recipes/shortbread/lines",
                    {"ingredient": "Butter", "amount": "2 parsecs"}, htmx=True)
    assert response.status_code == 422
    assert "Amount" in field_error(response.text, "amount")
    assert 'value="2 parsecs"' in response.text and 'value="Butter"' in response.text
    missing = post(client, "/recipes/shortbread/lines", {"ingredient": "", "amount": "1 cup"})
    assert missing.status_code == 422 and field_error(missing.text, "ingredient")
    assert "<html" in missing.text  # a plain form gets the whole page back


def test_a_line_is_edited_and_removed_in_place(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    line_id = shortbread["ingredients"][0]["id"]
    saved = post(client, f"/recipes/shortbread/lines/{line_id}", {"amount": "300 g"}, htmx=True)
    assert saved.status_code == 200 and "Saved All-purpose flour." in saved.text
    assert recipes.get_recipe("shortbread")["ingredients"][0]["unit"] == "g"
    refused = post(client, f"/recipes/shortbread/lines/{line_id}", {"amount": "-1 cup"},
                   htmx=True)
    assert refused.status_code == 422
    assert "greater than zero" in field_error(refused.text, f"line-{line_id}")
    assert 'value="-1 cup"' in refused.text
    removed = post(client, f"/recipes/shortbread/lines/{line_id}/remove", {})
    assert removed.status_code == 303
    assert "all-purpose-flour" not in [
        li["ingredient_slug"] for li in recipes.get_recipe("shortbread")["ingredients"]]
    assert post(client, "/recipes/shortbread/lines/99999", {"amount": "1 g"}).status_code == 404


def test_a_cycle_is_refused_next_to_the_sub_recipe_field_with_its_path(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    added = post(client, "/recipes/shortbread/components",
                 {"component": "jam", "multiplier": "1/2"}, htmx=True)
    assert added.status_code == 200 and added.text.startswith('<section id="recipe-components"')
    response = post(client, "/recipes/jam/components",
                    {"component": "shortbread", "multiplier": "1"}, htmx=True)
    assert response.status_code == 422
    assert "Jam → Shortbread → Jam" in field_error(response.text, "component")
    assert '<option value="shortbread" selected>' in response.text


def test_nesting_too_deep_is_refused_with_the_path(client: TestClient, kitchen: None) -> None:
    names = [f"Layer {n}" for n in range(5)]  # the deepest nesting allowed
    recipes.create_recipe(names[0], ingredients=[("butter", 1, "g")])
    for below, name in zip(names, names[1:], strict=False):
        recipes.create_recipe(name, components=[(below, 1)])
    recipes.create_recipe("Top")
    response = post(client, "/recipes/top/components", {"component": "layer-4", "multiplier": "1"})
    assert response.status_code == 422
    message = field_error(response.text, "component")
    assert "levels deep" in message and "Top → Layer 4" in message


def test_a_sub_recipes_batches_are_changed_and_it_is_removed(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    recipes.add_component("shortbread", "jam", 1)
    saved = post(client, "/recipes/shortbread/components/jam", {"multiplier": "1 1/2"},
                 htmx=True)
    assert saved.status_code == 200
    assert recipes.get_recipe("shortbread")["components"][0]["multiplier"] == Decimal("1.5")
    refused = post(client, "/recipes/shortbread/components/jam", {"multiplier": "lots"},
                   htmx=True)
    assert refused.status_code == 422 and field_error(refused.text, "component-jam")
    removed = post(client, "/recipes/shortbread/components/jam/remove", {}, htmx=True)
    assert removed.status_code == 200 and recipes.get_recipe("shortbread")["components"] == []


def test_finished_units_are_added_as_a_count_or_a_share_of_a_batch(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    post(client, "/recipes/shortbread/units",
         {"unit_name": "Slab", "unit_amount": "0.5", "unit_kind": "portion"}, htmx=True)
    response = post(client, "/recipes/shortbread/units",
                    {"unit_name": "Mini", "unit_amount": "48", "unit_kind": "items"}, htmx=True)
    assert response.status_code == 200 and "Added Mini." in response.text
    units = {u["name"]: (u["items_per_batch"], u["batch_portion"])
             for u in recipes.list_finished_units(recipe="shortbread")}
    assert units["Slab"] == (None, Decimal("0.5")) and units["Mini"] == (48, None)
    fraction = post(client, "/recipes/shortbread/units",
                    {"unit_name": "Odd", "unit_amount": "2.5", "unit_kind": "items"}, htmx=True)
    assert fraction.status_code == 422
    assert "whole number" in field_error(fraction.text, "unit_amount")
    assert 'value="Odd"' in fraction.text
    blank = post(client, "/recipes/shortbread/units", {"unit_name": "", "unit_amount": "4"},
                 htmx=True)
    assert blank.status_code == 422 and field_error(blank.text, "unit_name")


def test_renaming_moves_the_page_and_a_variant_needs_a_base(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    response = post(client, "/recipes/shortbread", {"name": "Butter shortbread",
                                                    "category": "Biscuits", "notes": "Chill"})
    assert response.status_code == 303
    assert response.headers["location"] == "/recipes/butter-shortbread"
    assert client.get("/recipes/shortbread").status_code == 200  # the former slug still works
    refused = post(client, "/recipes/butter-shortbread",
                   {"name": "Butter shortbread", "variant_name": "Vegan"})
    assert refused.status_code == 422
    assert "base recipe" in field_error(refused.text, "base_recipe")
    assert 'value="Vegan"' in refused.text
    variant = post(client, "/recipes/jam", {"name": "Jam", "base_recipe": "butter-shortbread",
                                            "variant_name": "Jammy"})
    assert variant.status_code == 303
    assert recipes.get_recipe("jam")["base_recipe_slug"] == "butter-shortbread"
    prefilled = client.get("/recipes/new?base=butter-shortbread").text
    assert '<option value="butter-shortbread" selected>' in prefilled


def test_saving_without_renaming_keeps_a_chosen_slug_and_an_archived_base(
    client: TestClient, kitchen: None
) -> None:
    recipes.create_recipe("Base")
    recipes.create_recipe("Shortbread", slug="sb", base_recipe="base", variant_name="Plain")
    recipes.archive_recipe("base")
    assert '<option value="base" selected>' in client.get("/recipes/sb").text
    response = post(client, "/recipes/sb", {"name": "Shortbread", "category": "Cookies",
                                            "base_recipe": "base", "variant_name": "Plain"})
    assert response.headers["location"] == "/recipes/sb"
    saved = recipes.get_recipe("sb")
    assert (saved["slug"], saved["base_recipe_slug"], saved["category"]) == (
        "sb", "base", "Cookies")


def test_archiving_hides_a_recipe_and_restoring_brings_it_back(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    response = post(client, "/recipes/jam/archive", {"archived": "true"})
    assert response.status_code == 303
    assert recipes.get_recipe("jam")["archived"] is True
    assert "Archived Jam" in client.get("/recipes/jam").text
    post(client, "/recipes/jam/archive", {"archived": "false"})
    assert recipes.get_recipe("jam")["archived"] is False


def test_a_recipe_in_use_is_not_deleted_and_the_page_says_why(
    client: TestClient, shortbread: dict[str, Any]
) -> None:
    recipes.add_component("shortbread", "jam", 1)
    refused = post(client, "/recipes/jam/delete", {})
    assert refused.status_code == 409
    assert "used as a sub-recipe by &#39;Shortbread&#39;" in refused.text
    assert 'role="alert"' in refused.text
    deleted = post(client, "/recipes/shortbread/delete", {})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/recipes"
    assert [r["slug"] for r in recipes.list_recipes()] == ["jam"]


@pytest.mark.parametrize("method,path", [
    ("get", "/recipes/nope"), ("get", "/recipes/nope/cost"), ("get", "/recipes/new?base=nope"),
    ("post", "/recipes/nope/lines"), ("post", "/recipes/nope/delete"),
    ("post", "/recipes/nope/components/jam/remove"),
])
def test_an_unknown_recipe_is_404(client: TestClient, method: str, path: str) -> None:
    response = client.get(path) if method == "get" else post(client, path, {"amount": "1 g"})
    assert response.status_code == 404
    assert "No recipe" in response.text


def test_a_script_in_a_recipe_name_shows_as_text(client: TestClient, kitchen: None) -> None:
    evil = "<script>alert(1)</script>"
    created = recipes.create_recipe(evil, category=evil, ingredients=[("butter", 1, "g")],
                                    finished_units=[{"name": evil, "items_per_batch": 1}])
    for path in ["/recipes", f"/recipes/{created['slug']}", "/recipes/new", "/recipes?q=script"]:
        html = client.get(path).text
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
