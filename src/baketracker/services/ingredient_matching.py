"""Which catalog ingredient an imported line means: fuzzy matching on names, slugs, products.

The index is read in two queries (leaf ingredients, their products) and then matched in
memory with rapidfuzz, so a 40-line recipe costs no more round trips than a 4-line one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from baketracker.models import Ingredient, Product

__all__ = ["MATCH_AT", "CatalogIndex", "Match", "catalog_index"]

# A score at or above this preselects the ingredient; below it a new one is proposed.
# "baking powder" against "Baking soda" scores 75: the line must not quietly take it.
MATCH_AT: Final = 80


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    score: int


_NEGATION = re.compile(r"\b(?:un|non)-?(\w{3,})")


def _opposed(query: str, choice: str) -> bool:
    """ "salted" against "unsalted" (or "sweetened"/"unsweetened"): close letters, opposite
    meaning, so such a pair never counts as a match."""
    for one, other in ((query, choice), (choice, query)):
        words = set(other.split())
        for stem in _NEGATION.findall(one):
            if stem in words and not _NEGATION.search(other):
                return True
    return False


def _score(query: str, choice: str, **_: object) -> float:
    if _opposed(query, choice):
        return 0.5 * fuzz.token_sort_ratio(query, choice)
    # token_sort rewards the same words in any order ("Butter, unsalted"); token_set
    # rewards a catalog name contained in the line ("kosher salt" → "Salt"), slightly
    # less, so "light brown sugar" prefers "Brown sugar" over "Sugar" on the tie-break.
    sort = fuzz.token_sort_ratio(query, choice)
    return max(sort, fuzz.token_set_ratio(query, choice) * 0.9) + sort / 1000


class CatalogIndex:
    """Every name a leaf ingredient answers to: its name, its slug, its products' names."""

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        self._owners = [(slug, name) for _, slug, name in entries]
        self._texts = [utils.default_process(text) for text, _, _ in entries]
        self._slugs = {slug for _, slug, _ in entries}

    def candidates(self, text: str, *, limit: int = 3) -> list[Match]:
        """The best distinct ingredients for `text`, best first (score 0–100)."""
        query = utils.default_process(text or "")
        if not query or not self._texts:
            return []
        found = process.extract(query, self._texts, scorer=_score, limit=limit * 6)
        out: dict[str, Match] = {}
        for _, score, position in found:
            slug, name = self._owners[position]
            if slug not in out:
                out[slug] = Match(slug, name, min(100, int(score)))
        return sorted(out.values(), key=lambda m: -m.score)[:limit]

    def best(self, text: str) -> Match | None:
        if text and text.strip().lower() in self._slugs:
            slug = text.strip().lower()
            name = next(n for s, n in self._owners if s == slug)
            return Match(slug, name, 100)
        found = self.candidates(text, limit=1)
        return found[0] if found else None


def catalog_index(session: Session) -> CatalogIndex:
    """The index over leaf ingredients (recipes may only use leaves)."""
    parents = set(
        session.scalars(select(Ingredient.parent_id).where(Ingredient.parent_id.is_not(None)))
    )
    rows = session.execute(select(Ingredient.id, Ingredient.slug, Ingredient.name)).all()
    leaves = {row.id: (row.slug, row.name) for row in rows if row.id not in parents}
    entries: list[tuple[str, str, str]] = []
    for slug, name in leaves.values():
        entries.append((name, slug, name))
        entries.append((slug.replace("-", " ").replace("_", " "), slug, name))
    products = session.execute(
        select(Product.ingredient_id, Product.name, Product.brand).where(
            Product.ingredient_id.is_not(None)
        )
    ).all()
    for product in products:
        owner = leaves.get(product.ingredient_id)
        if owner is not None:
            entries.append((product.name, *owner))
    return CatalogIndex(entries)
