"""Recipes from pasted text and saved web pages: drafts matched to the catalog, then saved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from baketracker.errors import Invalid
from baketracker.services import catalog, recipe_import, recipes
from tests.support.counts import row_counts

pytestmark = pytest.mark.usefixtures("db")

D = Decimal
PAGES = Path(__file__).resolve().parents[1] / "data" / "recipe_pages"

COOKIES = """Brown Butter Chocolate Chip Cookies
Chewy in the middle, crisp at the edge.
Makes 24 cookies

Ingredients
2 1/4 cups all-purpose flour, sifted
1 tsp baking soda
1 cup (2 sticks) unsalted butter, softened
3/4 cup packed light brown sugar
2 large eggs
Pinch of salt
For the drizzle:
200 g dark chocolate (70%), chopped
1-2 tbsp milk

Method
1. Beat the butter and sugar, then the eggs.
2. Fold in the flour and soda; bake at 350F for 11 minutes.
"""


@pytest.fixture
def pantry() -> None:
    for name in ("All-purpose flour", "Baking soda", "Butter, unsalted", "Brown sugar", "Eggs",
                 "Dark chocolate", "Whole milk"):  # fmt: skip
        catalog.create_ingredient(name)
    catalog.create_product("dark-chocolate", brand="Callebaut", package_quantity=1,
                           package_unit="kg", name="Callebaut 70-30-38 callets")  # fmt: skip


def by_text(draft: dict, start: str) -> dict:
    return next(line for line in draft["lines"] if line["text"].startswith(start))


def test_a_pasted_recipe_becomes_a_draft_with_title_yield_lines_and_steps(pantry: None) -> None:
    draft = recipe_import.draft_from_text(COOKIES)
    assert draft["name"] == "Brown Butter Chocolate Chip Cookies"
    assert draft["yield"] == {"text": "Makes 24 cookies", "count": D(24), "unit": "cookies"}
    assert draft["notes"] == "Chewy in the middle, crisp at the edge."
    assert draft["instructions"].splitlines()[0] == "Beat the butter and sugar, then the eggs."
    assert len(draft["lines"]) == 8
    butter = by_text(draft, "1 cup (2 sticks)")
    assert (butter["quantity"], butter["unit"], butter["ingredient_slug"]) == (
        D(1),
        "cup",
        "butter-unsalted",
    )
    assert butter["score"] >= 80 and butter["note"] == "(2 sticks), softened"
    assert by_text(draft, "200 g")["section"] == "For the drizzle"


def test_a_line_matches_its_ingredient_by_name_and_an_unknown_one_is_proposed(pantry: None) -> None:
    draft = recipe_import.draft_from_text(COOKIES)
    assert by_text(draft, "3/4 cup")["ingredient_slug"] == "brown-sugar"
    salt = by_text(draft, "Pinch of salt")
    assert salt["ingredient_slug"] is None and salt["new_ingredient"] == "salt"
    assert salt["optional"] is True


def test_a_line_matches_through_a_product_name(pantry: None) -> None:
    draft = recipe_import.draft_from_text("Glaze\n300 g callebaut callets\n")
    assert draft["lines"][0]["ingredient_slug"] == "dark-chocolate"


def test_salted_butter_never_matches_unsalted_butter(pantry: None) -> None:
    line = recipe_import.draft_from_text("100 g salted butter")["lines"][0]
    assert line["ingredient_slug"] is None and line["new_ingredient"] == "salted butter"


def test_saving_a_draft_creates_the_recipe_its_new_ingredients_and_its_finished_unit(
    pantry: None,
) -> None:
    saved = recipe_import.save_draft(recipe_import.draft_from_text(COOKIES), slug="bb-cookies")
    assert saved["slug"] == "bb-cookies"
    got = recipes.get_recipe("bb-cookies")
    assert [u["items_per_batch"] for u in got["finished_units"]] == [D(24)]
    assert len(got["ingredients"]) == 7  # the pinch of salt is kept in the notes
    assert "Optional: Pinch of salt" in got["notes"]
    milk = next(line for line in got["ingredients"] if line["ingredient_slug"] == "whole-milk")
    assert (milk["quantity"], milk["unit"], milk["note"]) == (
        D(2),
        "tbsp",
        "For the drizzle; range 1-2",
    )
    assert got["instructions"].startswith("Beat the butter")


def test_a_proposed_ingredient_is_created_once_and_marked_provisional(pantry: None) -> None:
    draft = recipe_import.draft_from_text("Fudge\n1 cup cocoa nibs\n2 tbsp cocoa nibs\n")
    saved = recipe_import.save_draft(draft)
    slugs = {line["ingredient_slug"] for line in recipes.get_recipe(saved["id"])["ingredients"]}
    assert len(slugs) == 1
    assert catalog.get_ingredient(slugs.pop())["provisional"] is True


def test_a_line_without_a_quantity_is_refused_naming_the_line_and_nothing_is_written(
    pantry: None,
) -> None:
    draft = recipe_import.draft_from_text("Lemon bars\n1 cup sugar\nZest of 1 lemon\n")
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        recipe_import.save_draft(draft)
    assert "Line 2 ('Zest of 1 lemon')" in caught.value.message
    assert caught.value.field == "quantity"
    assert row_counts() == before


def test_a_line_with_an_unknown_unit_is_refused_naming_the_line(pantry: None) -> None:
    draft = recipe_import.draft_from_text("Bars\n1 cup sugar\n")
    draft["lines"][0]["unit"] = "scoops"
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        recipe_import.save_draft(draft)
    assert caught.value.field == "unit" and "Line 1" in caught.value.message
    assert row_counts() == before


def test_a_reviewed_draft_with_the_missing_parts_filled_in_is_saved(pantry: None) -> None:
    draft = recipe_import.draft_from_text("Lemon bars\n1 cup sugar\nZest of 1 lemon\n")
    draft["lines"][1].update(quantity="1", unit="each", new_ingredient="Lemon")
    saved = recipe_import.save_draft(draft)
    assert len(recipes.get_recipe(saved["id"])["ingredients"]) == 2


@pytest.mark.parametrize(
    "text", ["", "   \n  ", "Just a story about my grandmother.\nShe baked a lot.", "\x00\x01junk"]
)
def test_text_without_ingredient_lines_is_refused_and_nothing_is_written(text: str) -> None:
    before = row_counts()
    with pytest.raises(Invalid) as caught:
        recipe_import.draft_from_text(text)
    assert caught.value.field == "text"
    assert row_counts() == before


@pytest.mark.parametrize(
    ("page", "name", "count", "lines"),
    [
        ("jsonld-brown-butter-cookies.html", "Brown Butter Chocolate Chip Cookies", 24, 9),
        ("jsonld-graph-lemon-loaf.html", "Lemon Drizzle Loaf", 2, 7),
        ("microdata-shortbread.html", "Scottish Shortbread", 16, 4),
    ],
)
def test_a_saved_recipe_page_is_read_through_its_schema_org_data(
    pantry: None, page: str, name: str, count: int, lines: int
) -> None:
    draft = recipe_import.draft_from_html((PAGES / page).read_text(encoding="utf-8"))
    assert draft["name"] == name
    assert draft["yield"]["count"] == count
    assert len(draft["lines"]) == lines
    assert draft["instructions"]


def test_a_saved_page_with_scripts_imports_only_its_recipe_data(pantry: None) -> None:
    html = (PAGES / "jsonld-brown-butter-cookies.html").read_text(encoding="utf-8")
    draft = recipe_import.draft_from_html(html, url="https://blog.example/cookies")
    assert "analytics" not in repr(draft)
    assert by_text(draft, "1 cup (2 sticks)")["ingredient_slug"] == "butter-unsalted"
    saved = recipe_import.save_draft(
        {**draft, "lines": [line for line in draft["lines"] if line["ingredient_slug"]]}
    )
    assert "Source: https://blog.example/cookies" in recipes.get_recipe(saved["id"])["notes"]


def test_a_page_without_recipe_data_is_refused_and_nothing_is_written() -> None:
    before = row_counts()
    with pytest.raises(Invalid, match="no recipe data") as caught:
        recipe_import.draft_from_html((PAGES / "no-recipe.html").read_text(encoding="utf-8"))
    assert caught.value.field == "html"
    assert row_counts() == before


def test_a_file_over_five_megabytes_or_of_binary_junk_is_refused() -> None:
    with pytest.raises(Invalid, match="larger than 5 MB"):
        recipe_import.draft_from_file(b"1 cup flour\n" * 500_000)
    with pytest.raises(Invalid, match="not text"):
        recipe_import.draft_from_file(bytes(range(256)) * 10, filename="photo.jpg")
    with pytest.raises(Invalid, match="not UTF-8"):
        recipe_import.draft_from_file(b"1 cup flour \xff\xfe", filename="r.txt")


def test_an_uploaded_page_is_read_as_html_and_an_uploaded_text_as_text(pantry: None) -> None:
    page = (PAGES / "microdata-shortbread.html").read_bytes()
    assert recipe_import.draft_from_file(page, filename="x.html")["name"] == "Scottish Shortbread"
    assert recipe_import.draft_from_file(COOKIES.encode())["yield"]["count"] == 24


def test_lines_pasted_into_an_existing_recipe_are_added_to_it(pantry: None) -> None:
    made = recipes.create_recipe("Brownies", ingredients=[("eggs", 3, "each")])
    draft = recipe_import.draft_from_text("200 g dark chocolate\nSalt, to taste\n")
    got = recipe_import.add_draft_lines(made["slug"], draft)
    assert [line["ingredient_slug"] for line in got["ingredients"]] == ["eggs", "dark-chocolate"]
    assert "Optional: Salt, to taste" in got["notes"]


def test_fetching_a_page_while_offline_says_so_plainly() -> None:
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    with pytest.raises(Invalid, match="seems offline") as caught:
        recipe_import.fetch_page("https://bakes.example/r", transport=httpx.MockTransport(offline))
    assert caught.value.field == "url"
    with pytest.raises(Invalid, match="not a web address"):
        recipe_import.fetch_page("file:///etc/passwd")


def test_a_fetched_page_is_returned_as_text() -> None:
    page = (PAGES / "microdata-shortbread.html").read_text(encoding="utf-8")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text=page))
    assert recipe_import.fetch_page("https://bakes.example/r", transport=transport) == page
