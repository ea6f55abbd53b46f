"""Finding records by id, slug or name, and making slugs: shared by every service."""

from __future__ import annotations

import re
import uuid as uuid_mod
from typing import Any, TypeVar, cast

from slugify import slugify
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from baketracker.errors import Conflict, Invalid, NotFound
from baketracker.models.events import Event
from baketracker.models.recipes import Recipe, RecipeSlugAlias

T = TypeVar("T")


# The largest id a row can have (a 32-bit integer column on PostgreSQL): a larger number
# names nothing, and must not reach the database driver as an overflow.
MAX_ID = 2**31 - 1


def resolve(
    session: Session,
    model: type[T],
    ref: object,
    *,
    what: str,
    key: str = "slug",
) -> T:
    """The `model` row whose integer id, or `key` column (slug or name), is `ref`."""
    if isinstance(ref, model):
        return ref
    if isinstance(ref, bool) or ref is None or (isinstance(ref, str) and not ref.strip()):
        raise NotFound(f"No {what} given")
    row: T | None
    if isinstance(ref, int):
        row = session.get(model, ref) if 0 < ref <= MAX_ID else None
    elif isinstance(ref, str):
        text = ref.strip()
        column: Any = getattr(model, key)
        row = session.scalars(select(model).where(column == text)).first()
        if row is None and key == "name":
            row = _unique_by_name_ci(session, model, text, what)
        if row is None and text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID:
            row = session.get(model, int(text))
    else:
        raise NotFound(f"No {what} {ref!r}")
    if row is None:
        raise NotFound(f"No {what} {ref!r}")
    return row


def _unique_by_name_ci(session: Session, model: type[T], text: str, what: str) -> T | None:
    column: Any = cast(Any, model).name
    rows = list(session.scalars(select(model).where(func.lower(column) == text.lower())).all())
    if len(rows) > 1:
        raise Conflict(f"More than one {what} is named {text!r}: use its id")
    return rows[0] if rows else None


def event_row(session: Session, ref: object) -> Event:
    """The event whose id or name is `ref` (names match case-insensitively when unique)."""
    return resolve(session, Event, ref, what="event", key="name")


def require_text(value: str | None, *, field: str, record: str) -> str:
    """A stripped, non-blank string, else Invalid naming the record and field."""
    text = (value or "").strip()
    if not text:
        raise Invalid(f"{record}: {field} must not be blank", record=record, field=field)
    return text


# What an explicit slug may hold: lower-case letters, digits, "-" and "_" (the older app's
# slugs keep their underscores). A slug is an identifier: it is kept or refused, never
# rewritten, so the slug a create call accepted always finds the record again.
SLUG_PATTERN = re.compile(r"[a-z0-9_-]+")
SLUG_RULE = "may use only lower-case letters, digits, '-' and '_'"


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be stored as given, or None when it can."""
    return None if SLUG_PATTERN.fullmatch(slug) else f"{slug!r} {SLUG_RULE}"


def check_slug(slug: str, *, what: str, record: str) -> str:
    """`slug` unchanged, else Invalid naming the record and the field `slug`."""
    problem = slug_problem(slug)
    if problem is not None:
        raise Invalid(f"{what} {record!r}: slug {problem}", record=record, field="slug")
    return slug


def unique_slug(
    session: Session,
    model: type[Any],
    wanted: str | None,
    name: str,
    *,
    what: str,
    exclude_id: int | None = None,
) -> str:
    """The slug to store: an explicit one is kept exactly as given (see `check_slug`) and
    must be free; a derived one (from `name`) gets -2, -3… if needed."""
    column = model.slug
    if wanted is not None and wanted.strip():
        slug = check_slug(wanted.strip(), what=what, record=name)
        clash = session.scalars(select(model).where(column == slug)).first()
        if clash is not None and clash.id != exclude_id:
            raise Conflict(
                f"{what} {name!r}: slug {slug!r} is already used by {what.lower()} {clash.name!r}"
            )
        return slug
    base = slugify(name) or what.lower()
    taken = set(session.scalars(select(column).where(column.like(f"{base}%"))).all())
    if exclude_id is not None:
        current = session.get(model, exclude_id)
        if current is not None:
            taken.discard(current.slug)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def get_recipe_row(session: Session, ref: object) -> Recipe:
    """A recipe by id, slug, former slug (kept when a recipe is renamed) or its name's slug.

    Raises NotFound.
    """
    try:
        return resolve(session, Recipe, ref, what="recipe")
    except NotFound:
        if not isinstance(ref, str):
            raise
        text = ref.strip()
        for candidate in dict.fromkeys((text, slugify(text))):
            alias = session.scalars(
                select(RecipeSlugAlias).where(RecipeSlugAlias.slug == candidate)
            ).first()
            if alias is not None:
                return session.get_one(Recipe, alias.recipe_id)
            row = session.scalars(select(Recipe).where(Recipe.slug == candidate)).first()
            if row is not None:
                return row
        raise


def insert_in_bulk(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows in one executemany and return their ids, in order.

    SQLite cannot return ids from an executemany, so each row gets its uuid here and the
    ids are read back by uuid: two statements however many rows.
    """
    if not rows:
        return []
    session.flush()
    stamped = [{**row, "uuid": str(uuid_mod.uuid4())} for row in rows]
    # Core's executemany: the ORM's bulk path adds per-row bookkeeping we do not need.
    session.execute(insert(model.__table__), stamped)
    uuids = [row["uuid"] for row in stamped]
    ids: dict[str, int] = dict(
        session.execute(select(model.uuid, model.id).where(model.uuid.in_(uuids))).all()
    )
    return [int(ids[u]) for u in uuids]
