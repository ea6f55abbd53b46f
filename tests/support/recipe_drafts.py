"""What the recipe-import tests paste and fetch: a short shortbread, the saved pages, and a
pantry in which every line of that shortbread matches an ingredient (the `pantry` fixture,
in tests/e2e/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from baketracker.services import catalog

PAGES = Path(__file__).resolve().parents[1] / "data" / "recipe_pages"
TEXT = "Shortbread\nMakes 16 fingers\n250 g plain flour\n175 g butter\n75 g caster sugar\n"


def stock_the_pantry() -> None:
    for name in ("Plain flour", "Butter", "Caster sugar"):
        catalog.create_ingredient(name)
