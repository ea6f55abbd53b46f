"""The demo data set: a holiday baking season, shipped as a document in our own format."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, session_scope, transactional
from baketracker.models import Recipe
from baketracker.services.transfer.importer import import_document

DEMO_FILE = "christmas-2026.json"


def demo_document() -> dict[str, Any]:
    """The shipped demo document (Christmas 2026: recipes, goods, packages, recipients,
    an event with targets and assignments, stock)."""
    text = resources.files("baketracker").joinpath("demo", DEMO_FILE).read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@transactional(read_only=True)
def has_recipes(*, session: Session = AUTO) -> bool:
    """Whether any recipe is stored: the demo is offered (and loaded) only when none is."""
    return bool(session.scalar(select(exists().where(Recipe.id.is_not(None)))))


def load_demo(*, if_empty: bool = False, session: Session | None = None) -> dict[str, Any] | None:
    """Import the demo (merge: what is already there is kept and reported as skipped).

    With `if_empty`, does nothing (returns None) when the database has any recipe.
    """
    if session is None:
        with session_scope() as own:
            return load_demo(if_empty=if_empty, session=own)
    if if_empty and has_recipes(session=session):
        return None
    return import_document(demo_document(), mode="merge", session=session)
