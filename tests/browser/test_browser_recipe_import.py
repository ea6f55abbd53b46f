"""Pasting a recipe in a real Chromium: 12 matched lines saved in 3 actions, one pick more
for each line the catalog does not match."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from baketracker.services import catalog, recipes
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_db")]

PANTRY = ("All-purpose flour", "Baking soda", "Baking powder", "Salt", "Butter, unsalted",
          "Granulated sugar", "Brown sugar", "Eggs", "Vanilla extract", "Whole milk",
          "Dark chocolate", "Walnuts", "Nonpareils")  # fmt: skip
COOKIES = """Chocolate Walnut Cookies
Makes 24 cookies
2 1/4 cups all-purpose flour, sifted
1 tsp baking soda
1/2 tsp baking powder
1/2 tsp salt
1 cup (2 sticks) unsalted butter, softened
3/4 cup granulated sugar
3/4 cup packed brown sugar
2 large eggs
2 tsp vanilla extract
2 tbsp whole milk
200 g dark chocolate (70%), chopped
1 cup walnuts, toasted
1. Cream the butter and sugars; beat in the eggs and vanilla.
2. Stir in the dry ingredients, then the chocolate and nuts; bake at 350F for 11 minutes.
"""


class Baker:
    """Does what a baker does on the page, and counts each action (a fill, a click, a pick)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions: list[str] = []

    def act(self, what: str, action: Callable[[], object]) -> None:
        self.actions.append(what)
        action()


def paste_and_save(
    baker: Baker, text: str, picks: dict[int, str], shot: Path | None = None
) -> None:
    page = baker.page
    page.goto("/recipes/import")
    baker.act("paste", lambda: page.locator("textarea[name=text]").fill(text))
    baker.act("read", lambda: page.get_by_role("button", name="Read recipe").click())
    expect(page.locator("table.review-lines tbody tr")).to_have_count(12)
    for line, label in picks.items():
        select = page.get_by_label(f"Ingredient, line {line}", exact=True)
        baker.act(f"pick line {line}", lambda s=select, v=label: s.select_option(label=v))
    if shot is not None:
        page.screenshot(path=str(shot), full_page=True)
    baker.act("save", lambda: page.get_by_role("button", name="Save recipe").click())


def test_a_pasted_recipe_is_saved_in_three_actions_and_one_pick_per_unmatched_line(
    browser: Browser, base_url: str, screenshots: Path
) -> None:
    for name in PANTRY:
        catalog.create_ingredient(name)
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))

    baker = Baker(page)
    paste_and_save(baker, COOKIES, picks={}, shot=screenshots / "recipe-review-desktop.png")
    expect(page.locator("h1")).to_contain_text("Chocolate Walnut Cookies")
    assert baker.actions == ["paste", "read", "save"]
    saved = recipes.get_recipe("chocolate-walnut-cookies")
    assert len(saved["ingredients"]) == 12
    assert saved["finished_units"][0]["items_per_batch"] == Decimal(24)
    assert len(catalog.list_ingredients()) == len(PANTRY)  # every line matched: nothing new

    sprinkled = COOKIES.replace("Chocolate Walnut", "Sprinkle").replace(
        "1 cup walnuts, toasted", "2 tbsp rainbow sprinkles"
    )
    baker = Baker(page)
    page.goto("/recipes/import")
    paste_and_save(baker, sprinkled, picks={12: "Nonpareils"})
    expect(page.locator("h1")).to_contain_text("Sprinkle Cookies")
    assert baker.actions == ["paste", "read", "pick line 12", "save"]
    lines = recipes.get_recipe("sprinkle-cookies")["ingredients"]
    assert lines[-1]["ingredient_slug"] == "nonpareils"
    assert len(catalog.list_ingredients()) == len(PANTRY)
    page.screenshot(path=str(screenshots / "recipe-imported-desktop.png"), full_page=True)
    context.close()
