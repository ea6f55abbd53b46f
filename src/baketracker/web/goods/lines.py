"""The builder's line rows: what can go in a bundle or a package, and reading the rows back.

A bundle line is a finished unit, a nested bundle or a packaging material, written in the
form as "finished_unit:<slug>", "finished_good:<slug>" or "material:<slug>" with a quantity;
a package line is a finished good and a whole quantity. Rows left blank are skipped.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from baketracker.db import UnitOfWork
from baketracker.errors import Invalid
from baketracker.services import catalog, goods, recipes

PART_KEYS = ("finished_unit", "finished_good", "material")
BLANK_ROWS = 3


def bundle_choices(
    uow: UnitOfWork, *, exclude: str | None = None
) -> list[dict[str, Any]]:
    """Option groups for a bundle line: finished units, other bundles, packaging."""
    units = recipes.list_finished_units(session=uow)
    bundles = [g for g in goods.list_finished_goods(kind="BUNDLE", session=uow)
               if g["slug"] != exclude]
    materials = catalog.list_materials(session=uow)
    return [
        {"label": "Finished units", "options": [(f"finished_unit:{u['slug']}", u["name"])
                                                for u in units]},
        {"label": "Bundles", "options": [(f"finished_good:{g['slug']}", g["name"])
                                         for g in bundles]},
        {"label": "Packaging", "options": [(f"material:{m['slug']}",
                                            f"{m['name']} ({m['base_unit']})")
                                           for m in materials]},
    ]


def package_choices(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Option groups for a package line: bundles first, then single (bare) goods."""
    every = goods.list_finished_goods(session=uow)
    return [
        {"label": "Bundles", "options": [(g["slug"], g["name"]) for g in every
                                         if g["kind"] == "BUNDLE"]},
        {"label": "Single items", "options": [(g["slug"], g["name"]) for g in every
                                              if g["kind"] == "BARE"]},
    ]


def rows(parts: list[str], quantities: list[str]) -> list[dict[str, str]]:
    """The rows as typed, to show again."""
    return [{"part": p, "quantity": q}
            for p, q in zip_longest(parts, quantities, fillvalue="")]


def blank_rows(count: int = BLANK_ROWS) -> list[dict[str, str]]:
    return [{"part": "", "quantity": "1"} for _ in range(count)]


def redrawn(
    typed: list[dict[str, str]], more: str, drop: str
) -> list[dict[str, str]] | None:
    """The rows after a no-JavaScript "more" or "drop" button, or None on a real submit."""
    if not (more or drop):
        return None
    rows = list(typed)
    if drop.isdigit() and 0 < int(drop) <= len(rows):
        rows.pop(int(drop) - 1)
    if more:
        rows += blank_rows(1)
    return rows


def _filled(typed: list[dict[str, str]]) -> list[tuple[int, str, str]]:
    out = []
    for number, row in enumerate(typed, 1):
        part, quantity = row["part"].strip(), row["quantity"].strip()
        if not part:
            if quantity not in ("", "1"):
                raise Invalid(f"Line {number}: choose what the {quantity} is", field="lines")
            continue
        out.append((number, part, quantity or "1"))
    return out


def bundle_components(typed: list[dict[str, str]]) -> list[dict[str, str]]:
    """Service components from the rows: {<kind>: slug, "quantity": text}."""
    out = []
    for number, part, quantity in _filled(typed):
        key, _, slug = part.partition(":")
        if key not in PART_KEYS or not slug:
            raise Invalid(f"Line {number}: choose the part from the list", field="lines")
        out.append({key: slug, "quantity": quantity})
    return out


def package_contents(typed: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Service contents from the rows: (finished good slug, quantity text)."""
    return [(part, quantity) for _, part, quantity in _filled(typed)]

