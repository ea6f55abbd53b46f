"""bake-tracker 4.x backups, mapped onto our own document (FORMAT-bake-tracker-v4.md).

The mapper reads the file's quirks as the files have them (renamed fields, units in any
case, "count" for each, yield modes outside the spec, ingredients used but never
defined), checks what only it can check with the file's own paths, and reports every
record or field it cannot carry over. The result is then validated and written exactly
like one of our own documents.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from baketracker.models import Ingredient
from baketracker.services.transfer.records import Problems
from baketracker.services.transfer.v4 import catalog, events, goods, oddities, recipes, stock
from baketracker.services.transfer.v4.mapper import Mapper


def stored_ingredients(session: Session) -> set[str]:
    """Slugs of the ingredients already stored (a merge may use them without defining)."""
    return set(session.scalars(select(Ingredient.slug)).all())


def stored_categories(session: Session) -> dict[str, str]:
    """The stored ingredients that have sub-ingredients: slug → name."""
    child = aliased(Ingredient)
    rows = session.execute(
        select(Ingredient.slug, Ingredient.name).where(
            select(child.id).where(child.parent_id == Ingredient.id).exists()
        )
    ).all()
    return {slug: name for slug, name in rows}


def to_document(
    src: dict[str, Any],
    *,
    known: set[str],
    strict: bool,
    problems: Problems,
    categories: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Our document for a bake-tracker 4.x file, and where each of its records came from
    (our record path → the file's record path), for error messages. `categories` are the
    stored ingredients with sub-ingredients (slug → name) a merge may map records onto;
    what is mapped rather than refused is noted in `problems.mapped` (see v4.oddities)."""
    mapper = Mapper(src, known, strict, problems)
    catalog.catalog(mapper, categories or {})
    recipes.recipes(mapper)
    packages = goods.goods(mapper)
    events.recipients_and_events(mapper, packages)
    stock.inventory(mapper)
    stock.runs(mapper)
    mapper.finish()
    oddities.fix_slugs(mapper)
    return mapper.out, mapper.origin
