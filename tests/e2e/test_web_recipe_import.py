"""The paste-or-import page: text, a saved page or a file → one review table → a recipe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from baketracker.services import recipes
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.recipe_drafts import PAGES, TEXT


@pytest.fixture
def web(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def token(web: TestClient, path: str = "/recipes/import") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', web.get(path).text)
    assert found is not None
    return found.group(1)


def review_form(html: str) -> dict[str, str]:
    """What the browser would send back from the review table, unchanged."""
    inputs = re.findall(r'<input (?:type="hidden" )?name="([^"]+)"[^>]*? value="([^"]*)"', html)
    fields = {name: unescape(value) for name, value in inputs}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        fields[name] = unescape(chosen.group(1)) if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)" value="1"[^>]*checked', html):
        fields[name] = "1"
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = unescape(body)
    return fields


def test_pasted_text_is_reviewed_then_saved_as_a_recipe(web: TestClient, pantry: None) -> None:
    review = web.post("/recipes/import", data={"text": TEXT, "csrf_token": token(web)})
    assert review.status_code == 200
    assert "match 100%" in review.text
    form = review_form(review.text)
    assert form["ing_1"] == "plain-flour" and form["yield_count"] == "16"
    saved = web.post("/recipes/import/save", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/recipes/shortbread"
    assert recipes.get_recipe("shortbread")["finished_units"][0]["items_per_batch"] == 16


def test_a_fraction_is_shown_back_as_written(web: TestClient, pantry: None) -> None:
    review = web.post("/recipes/import", data={"text": "Fudge\n1/3 cup caster sugar\n",
                                               "csrf_token": token(web)})  # fmt: skip
    assert review_form(review.text)["qty_1"] == "1/3"


def test_an_offline_machine_gets_a_plain_message_for_a_web_address(web: TestClient) -> None:
    # Port 9 on the loopback refuses at once: the same answer as no network, without one.
    answer = web.post("/recipes/import", data={"url": "http://127.0.0.1:9/cookies",
                                               "csrf_token": token(web)})  # fmt: skip
    assert answer.status_code == 422
    assert "seems offline" in answer.text


def test_an_unmatched_line_proposes_a_new_ingredient(web: TestClient, pantry: None) -> None:
    review = web.post("/recipes/import", data={"text": TEXT + "2 tbsp rice flour\n",
                                               "csrf_token": token(web)})  # fmt: skip
    assert review_form(review.text)["ing_4"] == "new:rice flour"
    assert "New ingredient: rice flour" in review.text


def test_a_line_left_without_a_quantity_is_refused_naming_it_and_nothing_is_written(
    web: TestClient, pantry: None
) -> None:
    review = web.post("/recipes/import", data={"text": TEXT + "Zest of 1 lemon\n",
                                               "csrf_token": token(web)})  # fmt: skip
    before = row_counts()
    answer = web.post("/recipes/import/save", data=review_form(review.text))
    assert answer.status_code == 422
    assert "Line 4 (&#39;Zest of 1 lemon&#39;) has no quantity" in answer.text
    assert '<tr id="line-4" class="has-problem" aria-invalid="true">' in answer.text
    assert review_form(answer.text)["qty_2"] == "175"  # what was typed stays
    assert row_counts() == before


@pytest.mark.parametrize(
    ("data", "files", "message"),
    [
        ({"text": ""}, None, "Paste a recipe"),
        ({"text": "Once upon a time there was a cake."}, None, "no ingredient lines"),
        ({}, {"file": ("big.txt", b"1 cup flour\n" * 450_000, "text/plain")}, "larger than 5 MB"),
        ({}, {"file": ("photo.jpg", bytes(range(256)) * 8, "image/jpeg")}, "not text"),
        ({}, {"file": ("about.html", (PAGES / "no-recipe.html").read_bytes(), "text/html")},
         "no recipe data"),
        ({"url": "ftp://bakes.example/r"}, None, "not a web address"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message_and_writes_nothing(
    web: TestClient, data: dict[str, str], files: dict | None, message: str
) -> None:
    before = row_counts()
    answer = web.post("/recipes/import", data={**data, "csrf_token": token(web)}, files=files)
    assert answer.status_code == 422
    assert message in answer.text
    assert row_counts() == before


HOSTILE = """<html><head><script>document.title = "pwned"</script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Recipe",
 "name": "Loaf <img src=x onerror=alert(1)>",
 "recipeIngredient": ["1 cup sugar <script>alert(2)<\\/script>", "2 cups flour"]}</script>
</head><body onload="alert(3)"><script>alert(4)</script></body></html>"""


def test_a_page_with_scripts_is_never_echoed_unescaped(web: TestClient) -> None:
    files = {"file": ("loaf.html", HOSTILE.encode(), "text/html")}
    answer = web.post("/recipes/import", data={"csrf_token": token(web)}, files=files)
    assert answer.status_code == 200
    assert "Loaf" in answer.text
    for raw in ("<img src=x", "alert(2)</script>", "alert(3)", "alert(4)", "pwned"):
        assert raw not in answer.text


def test_the_same_paste_box_adds_lines_to_an_existing_recipe(web: TestClient, pantry: None) -> None:
    recipes.create_recipe("Crumble", ingredients=[("butter", 100, "g")])
    csrf = token(web, "/recipes/import?into=crumble")
    review = web.post(
        "/recipes/import",
        data={"text": "200 g plain flour\n", "into": "crumble", "csrf_token": csrf},
    )
    assert "Paste lines into" in review.text
    saved = web.post("/recipes/import/save", data=review_form(review.text), follow_redirects=False)
    assert saved.headers["location"] == "/recipes/crumble"
    slugs = [line["ingredient_slug"] for line in recipes.get_recipe("crumble")["ingredients"]]
    assert slugs == ["butter", "plain-flour"]
