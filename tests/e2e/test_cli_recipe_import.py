"""`baketracker recipe import FILE|URL|-`: a recipe from a file, a saved page or stdin."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Cli

PAGES = Path(__file__).resolve().parents[1] / "data" / "recipe_pages"
TEXT = "Shortbread\nMakes 16 fingers\n250 g plain flour\n175 g butter\n75 g caster sugar\n"


def test_a_recipe_piped_in_is_imported_with_its_yield_and_new_ingredients(cli: Cli) -> None:
    assert cli("ingredient", "add", "Plain flour").exit_code == 0
    result = cli("recipe", "import", "-", "--slug", "shortbread", input=TEXT)
    assert result.exit_code == 0, result.output
    assert "Imported recipe Shortbread (shortbread) with 3 lines" in result.output
    shown = json.loads(cli("recipe", "show", "shortbread", "--json").output)
    assert shown["recipe"]["finished_units"][0]["items_per_batch"] == "16"


def test_a_saved_page_is_imported_from_its_file(cli: Cli) -> None:
    result = cli("recipe", "import", str(PAGES / "microdata-shortbread.html"))
    assert result.exit_code == 0, result.output
    assert "Imported recipe Scottish Shortbread" in result.output


def test_a_dry_run_shows_the_draft_and_saves_nothing(cli: Cli) -> None:
    result = cli("recipe", "import", "-", "--dry-run", "--json", input=TEXT)
    assert result.exit_code == 0
    assert json.loads(result.output)["yield"]["count"] == "16"
    assert json.loads(cli("recipe", "list", "--json").output) == []


def test_a_line_that_cannot_be_read_stops_the_import_naming_it(cli: Cli) -> None:
    result = cli("recipe", "import", "-", input=TEXT + "Zest of 1 lemon\n")
    assert result.exit_code == 2
    assert "Line 4 ('Zest of 1 lemon')" in result.output
    assert json.loads(cli("recipe", "list", "--json").output) == []


def test_a_page_without_recipe_data_is_refused_with_a_clear_message(cli: Cli) -> None:
    result = cli("recipe", "import", str(PAGES / "no-recipe.html"))
    assert result.exit_code == 2
    assert "no recipe data" in result.output


def test_lines_piped_in_are_added_to_an_existing_recipe(cli: Cli) -> None:
    assert cli("ingredient", "add", "Butter").exit_code == 0
    assert cli("recipe", "add", "Crumble", "-i", "butter: 100 g").exit_code == 0
    result = cli("recipe", "import", "-", "--into", "crumble", input="200 g plain flour\n")
    assert result.exit_code == 0, result.output
    assert "Added 1 line to Crumble (crumble)" in result.output
    shown = json.loads(cli("recipe", "show", "crumble", "--json").output)
    assert len(shown["recipe"]["ingredients"]) == 2
