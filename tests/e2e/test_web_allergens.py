"""Allergen pages over HTTP, on the demo season: Aunt June's nut warning shows on her
assignment, the plan and the dashboard until someone marks her box checked; a baker ticks an
ingredient's allergens, a product's "may contain" and a recipient's avoidances on their
pages, and a bad or forbidden post is refused with nothing written."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.config import Settings
from baketracker.services import allergens, catalog, events, goods
from baketracker.services.transfer import load_demo
from tests.support.accounts import PASSWORD, make_users
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.pages import field_error, post, text, token

WARNING = "Aunt June avoids tree nuts; Family gift contains it"


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    load_demo()
    with TestClient(web_app()) as test_client:
        yield test_client


def _event_id() -> int:
    return int(events.get_event("Christmas 2026")["id"])


def _june() -> dict[str, object]:
    return next(w for w in allergens.warnings_for_event("Christmas 2026")
                if w["recipient"] == "Aunt June")


def test_june_is_warned_everywhere_until_someone_marks_her_box_checked(
    client: TestClient,
) -> None:
    event_id = _event_id()
    pages = ["/", f"/events/{event_id}/assignments", f"/events/{event_id}/plan"]
    for path in pages:
        page = text(client.get(path).text)
        assert WARNING in page, path
        assert "Checked, OK" in page, path

    june = _june()
    done = post(client, f"/allergens/assignments/{june['assignment_id']}/checked",
                {"checked_by": "Grandma Rose", "next": f"/events/{event_id}/assignments"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/events/{event_id}/assignments"
    assert _june()["checked_by"] == "Grandma Rose"

    assignments = text(client.get(f"/events/{event_id}/assignments").text)
    assert WARNING in assignments and "Checked, OK: Grandma Rose" in assignments
    assert "Aunt June" not in text(client.get("/").text).split("Allergen warnings")[1].split(
        "already checked")[0]


def test_checking_without_a_name_is_refused_and_nothing_is_recorded(
    client: TestClient,
) -> None:
    june = _june()
    refused = post(client, f"/allergens/assignments/{june['assignment_id']}/checked",
                   {"checked_by": " ", "next": "/"}, follow=True)
    assert "must name who checked it" in text(refused.text)
    assert _june()["checked_by"] is None


def test_recipe_good_and_package_pages_explain_their_allergens(client: TestClient) -> None:
    recipe = text(client.get("/recipes/pecan-shortbread").text)
    assert "Contains: gluten (wheat), milk, tree nuts (pecan)" in recipe
    assert "tree nuts (pecan): Pecan halves" in recipe
    good = text(client.get("/goods/holiday-sampler").text)
    assert "tree nuts (pecan): Cookie tin assortment → Pecan shortbread → Pecan halves" in good
    package_id = next(p["id"] for p in goods.list_packages() if p["name"] == "Chocolate lovers")
    package = text(client.get(f"/goods/packages/{package_id}").text)
    assert "May contain: tree nuts" in package
    panel = client.get(f"/allergens/packages/{package_id}")
    assert panel.status_code == 200 and 'hx-trigger="packageChanged from:body"' in panel.text


# --- the forms: an ingredient's allergens, a product's "may contain", who avoids what ---


def _ingredient_form(slug: str, **changes: Any) -> dict[str, Any]:
    """The ingredient form as its page fills it in, with `changes` made by the baker."""
    item = catalog.get_ingredient(slug)
    codes = item["allergens"]
    form: dict[str, Any] = {
        "name": item["name"], "parent": item["parent_slug"] or "", "density": "",
        "allergen_status": "unknown" if codes is None else ("contains" if codes else "none"),
        "allergens": codes or [], "allergens_shown": "1",
        "allergen_note": item["allergen_note"] or "",
    }
    return {**form, **changes}


def _recipient_form(recipient: str, **changes: Any) -> tuple[int, dict[str, Any]]:
    who = events.get_recipient(recipient)
    form = {key: who[key] or "" for key in ("name", "household", "address", "notes",
                                             "dietary_notes")}
    return int(who["id"]), {**form, "avoids": who["avoids"], "avoids_shown": "1", **changes}


def test_the_ingredient_page_shows_the_standard_list_by_name_with_the_nuts_under_tree_nuts(
    client: TestClient,
) -> None:
    page = client.get("/catalog/ingredients/pecans").text
    nuts = page.split('<legend class="visually-hidden">tree nuts</legend>')[1].split(
        "</fieldset>")[0]
    assert "almond" in text(nuts) and "Brazil nut" in text(nuts)
    assert 'value="tree_nuts:pecan" checked' in page
    assert 'name="allergen_status" value="contains" checked' in page
    assert "Not checked yet" in text(page) and "Contains none of these" in text(page)
    assert 'name="csrf_token"' in page and 'name="idempotency_key"' in page


def test_allergens_ticked_on_an_ingredient_show_on_the_recipe_that_uses_it(
    client: TestClient,
) -> None:
    saved = post(client, "/catalog/ingredients/ground-ginger", _ingredient_form(
        "ground-ginger", allergen_status="contains", allergens=["mustard", "celery"],
        allergen_note="blend packed with celery salt"))
    assert saved.status_code == 303
    item = catalog.get_ingredient("ground-ginger")
    assert (item["allergens"], item["allergen_note"]) == (
        ["celery", "mustard"], "blend packed with celery salt")

    recipe = text(client.get("/recipes/gingerbread-dough").text)
    assert "Contains: gluten (wheat), eggs, milk, celery, mustard" in recipe
    assert "mustard: Ground ginger" in recipe
    again = client.get("/catalog/ingredients/ground-ginger").text
    assert 'value="mustard" checked' in again and 'value="celery" checked' in again


def test_not_checked_yet_makes_the_recipe_unknown_and_contains_none_settles_it(
    client: TestClient,
) -> None:
    post(client, "/catalog/ingredients/ground-ginger",
         _ingredient_form("ground-ginger", allergen_status="unknown", allergens=[]))
    assert catalog.get_ingredient("ground-ginger")["allergens"] is None
    recipe = text(client.get("/recipes/gingerbread-dough").text)
    assert "Unknown: Ingredient Ground ginger not yet checked" in recipe

    post(client, "/catalog/ingredients/ground-ginger",
         _ingredient_form("ground-ginger", allergen_status="none", allergens=[]))
    assert catalog.get_ingredient("ground-ginger")["allergens"] == []
    recipe = text(client.get("/recipes/gingerbread-dough").text)
    assert "Unknown" not in recipe and "Contains: gluten (wheat), eggs, milk" in recipe


def test_an_ingredient_is_added_with_its_allergens_or_shows_as_not_checked(
    client: TestClient,
) -> None:
    post(client, "/catalog/ingredients", {"name": "Tahini", "allergen_status": "contains",
                                          "allergens": ["sesame"]})
    post(client, "/catalog/ingredients", {"name": "Rose water", "allergen_status": "unknown"})
    assert catalog.get_ingredient("tahini")["allergens"] == ["sesame"]
    assert catalog.get_ingredient("rose-water")["allergens"] is None
    listing = text(client.get("/catalog/ingredients").text)
    assert "Tahini Contains sesame" in listing
    assert "Rose water allergens not checked" in listing


def test_an_ingredient_form_without_the_allergen_editor_leaves_the_allergens_alone(
    client: TestClient,
) -> None:
    post(client, "/catalog/ingredients/pecans", {"name": "Pecan halves", "parent": "nuts-fruit"})
    assert catalog.get_ingredient("pecans")["allergens"] == ["tree_nuts:pecan"]


def test_a_product_s_may_contain_ticked_on_its_page_shows_on_the_recipe(
    client: TestClient,
) -> None:
    slug = "ghirardelli-white-chocolate-11-oz"
    page = client.get(f"/catalog/products/{slug}").text
    assert "May contain (the pack’s warning)" in text(page)
    saved = post(client, f"/catalog/products/{slug}", {"may_contain": ["sesame"]}, htmx=True)
    assert saved.status_code == 200 and "Saved what" in text(saved.text)
    assert 'value="sesame" checked' in saved.text
    assert catalog.get_product(slug)["may_contain"] == ["sesame"]
    recipe = text(client.get("/recipes/peppermint-bark").text)
    assert "May contain: tree nuts, sesame" in recipe
    assert "may contain sesame: White chocolate" in recipe

    post(client, f"/catalog/products/{slug}", {"may_contain_shown": "1"})
    assert catalog.get_product(slug)["may_contain"] == []


def test_an_avoidance_ticked_on_a_recipient_warns_on_their_assignment(
    client: TestClient,
) -> None:
    rose, form = _recipient_form("Grandma Rose", avoids=["milk"],
                                 dietary_notes="lactose: a little butter is fine")
    assert post(client, f"/recipients/{rose}", form).status_code == 303
    assert events.get_recipient(rose)["avoids"] == ["milk"]
    page = text(client.get(f"/events/{_event_id()}/assignments").text)
    assert "Grandma Rose avoids milk; Family gift contains it" in page
    assert "Avoids milk" in text(client.get("/recipients").text)

    _, form = _recipient_form("Grandma Rose", avoids=[])
    post(client, f"/recipients/{rose}", form)
    assert events.get_recipient(rose)["avoids"] == []
    assert "Grandma Rose avoids" not in text(client.get(f"/events/{_event_id()}/assignments").text)


def test_a_recipient_added_from_the_list_may_avoid_allergens_at_once(client: TestClient) -> None:
    post(client, "/recipients", {"name": "Mrs Hudson", "avoids": ["sesame", "tree_nuts:walnut"]})
    hudson = next(r for r in events.list_recipients() if r["name"] == "Mrs Hudson")
    assert hudson["avoids"] == ["tree_nuts:walnut", "sesame"]


@pytest.mark.parametrize("path, form, message, field", [
    ("/catalog/ingredients/ground-ginger",
     lambda: _ingredient_form("ground-ginger", name="Ginger, ground", allergen_status="contains",
                              allergens=["mustard", "peanut_butter"]),
     "Ingredient 'Ground ginger': allergens has unknown allergen code 'peanut_butter'",
     "allergens"),
    ("/catalog/ingredients/ground-ginger",
     lambda: _ingredient_form("ground-ginger", name="Ginger, ground", allergen_status="none",
                              allergens=["mustard"]),
     "Ingredient 'Ground ginger': allergens: “contains none of these” is chosen but mustard "
     "is ticked", "allergens"),
    ("/catalog/products/ghirardelli-white-chocolate-11-oz",
     lambda: {"may_contain": ["sesame", "nuts"]},
     "Product 'Ghirardelli White chocolate 11 oz': may_contain has unknown allergen code 'nuts'",
     "may_contain"),
    ("/recipients/{rose}",
     lambda: _recipient_form("Grandma Rose", name="Rose", avoids=["milk", "Milk"])[1],
     "Recipient 'Grandma Rose': avoids has unknown allergen code 'Milk'", "avoids"),
])
def test_an_unknown_or_contradictory_allergen_post_is_refused_and_writes_nothing(
    client: TestClient, path: str, form: Any, message: str, field: str,
) -> None:
    path = path.format(rose=events.get_recipient("Grandma Rose")["id"])
    sent = form()
    before = (row_counts(), catalog.get_ingredient("ground-ginger"),
              catalog.get_product("ghirardelli-white-chocolate-11-oz"),
              events.get_recipient("Grandma Rose"))
    refused = post(client, path, sent)
    assert refused.status_code == 422
    assert html.unescape(field_error(refused.text, field)).startswith(message)
    after = (row_counts(), catalog.get_ingredient("ground-ginger"),
             catalog.get_product("ghirardelli-white-chocolate-11-oz"),
             events.get_recipient("Grandma Rose"))
    assert after == before
    # The form comes back as it was typed.
    if "name" in sent:
        assert f'value="{sent["name"]}"' in refused.text
    first = next(c for c in sent[field] if c in ("mustard", "sesame", "milk"))
    assert f'value="{first}" checked' in refused.text


def test_a_viewer_s_allergen_posts_show_the_forbidden_message_and_write_nothing(db: str) -> None:
    load_demo()
    make_users(("Sam", "owner"), ("Vic", "viewer"))
    rose, recipient = _recipient_form("Grandma Rose", avoids=["milk"])
    forms = [
        ("/catalog/ingredients/ground-ginger",
         _ingredient_form("ground-ginger", allergen_status="contains", allergens=["mustard"]),
         "edit recipes, goods or the catalog"),
        ("/catalog/products/ghirardelli-white-chocolate-11-oz", {"may_contain": ["sesame"]},
         "edit recipes, goods or the catalog"),
        (f"/recipients/{rose}", recipient, "change events and plan decisions"),
    ]
    app = web_app(Settings(secret_key="test-secret"))
    with TestClient(app) as client:
        client.post("/login", data={"name": "Vic", "password": PASSWORD, "next": "/",
                                    "csrf_token": token(client, "/login")})
        before = row_counts()
        for path, form, words in forms:
            answer = client.post(path, data={**form, "csrf_token": token(client, "/")},
                                 follow_redirects=False)
            assert answer.status_code == 403, path
            assert f"Vic is a viewer and may not {words}; ask the owner" in text(answer.text)
            assert "Traceback" not in answer.text
        assert row_counts() == before
    assert catalog.get_ingredient("ground-ginger")["allergens"] == []
    assert events.get_recipient(rose)["avoids"] == []


def test_a_box_checked_before_its_recipient_avoided_more_must_be_checked_again(
    client: TestClient,
) -> None:
    june = _june()
    allergens.mark_checked(june["assignment_id"], by="Grandma Rose")
    june_id, form = _recipient_form("Aunt June", avoids=["tree_nuts", "milk"])
    assert post(client, f"/recipients/{june_id}", form).status_code == 303

    page = text(client.get(f"/events/{_event_id()}/assignments").text)
    assert "Aunt June avoids milk, tree nuts; Family gift contains it" in page
    assert "Grandma Rose checked it" in page and "has changed since: check it again" in page
    assert _june()["checked_by"] is None
