"""allergens as codes: ingredients, product may-contain, recipient avoids, checked mark

The old free text (ingredients.allergens, recipients.dietary_notes) is read with the
domain's recogniser: recognised words become codes, the rest stays as a note.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from baketracker.domain.allergens import describe, recognise

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODES = sa.JSON(none_as_null=True)


def _ingredients(*extra: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table("ingredients", sa.column("id", sa.Integer), *extra)


def _recipients() -> sa.TableClause:
    return sa.table(
        "recipients", sa.column("id", sa.Integer), sa.column("dietary_notes", sa.Text),
        sa.column("avoids", CODES),
    )


def _update(table: sa.TableClause, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    keys = [k for k in rows[0] if k != "id"]
    stmt = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values({k: sa.bindparam(f"new_{k}") for k in keys})
    )
    op.get_bind().execute(
        stmt, [{"row_id": r["id"], **{f"new_{k}": r[k] for k in keys}} for r in rows]
    )


def upgrade() -> None:
    with op.batch_alter_table("ingredients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allergen_codes", CODES, nullable=True))
        batch_op.add_column(sa.Column("allergen_note", sa.Text(), nullable=True))
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("may_contain", CODES, nullable=True))
    with op.batch_alter_table("recipients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("avoids", CODES, nullable=True))
    with op.batch_alter_table("event_recipient_packages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allergens_checked_by", sa.String(200), nullable=True))
        batch_op.add_column(
            sa.Column("allergens_checked_at", sa.DateTime(timezone=True), nullable=True)
        )

    bind = op.get_bind()
    old = _ingredients(sa.column("allergens", sa.String))
    ingredient_rows = []
    for row_id, text in bind.execute(sa.select(old.c.id, old.c.allergens)):
        codes, note = recognise(text)
        ingredient_rows.append({
            "id": row_id,
            "allergen_codes": None if codes is None else list(codes),
            "allergen_note": note,
        })
    _update(_ingredients(sa.column("allergen_codes", CODES), sa.column("allergen_note", sa.Text)),
            ingredient_rows)

    recipients = _recipients()
    recipient_rows = []
    for row_id, text in bind.execute(sa.select(recipients.c.id, recipients.c.dietary_notes)):
        codes, note = recognise(text)
        recipient_rows.append({"id": row_id, "avoids": list(codes or ()), "dietary_notes": note})
    _update(recipients, recipient_rows)

    with op.batch_alter_table("ingredients", schema=None) as batch_op:
        batch_op.drop_column("allergens")


def downgrade() -> None:
    with op.batch_alter_table("ingredients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allergens", sa.String(length=400), nullable=True))
    bind = op.get_bind()
    new = _ingredients(sa.column("allergen_codes", CODES), sa.column("allergen_note", sa.Text))
    rows = []
    for row_id, codes, note in bind.execute(
        sa.select(new.c.id, new.c.allergen_codes, new.c.allergen_note)
    ):
        words = ("none" if codes == [] else describe(codes)) if codes is not None else ""
        rows.append({"id": row_id, "allergens": "; ".join(t for t in (words, note) if t) or None})
    _update(_ingredients(sa.column("allergens", sa.String)), rows)

    recipients = _recipients()
    rows = []
    for row_id, note, avoids in bind.execute(
        sa.select(recipients.c.id, recipients.c.dietary_notes, recipients.c.avoids)
    ):
        words = f"no {describe(avoids)}" if avoids else ""
        rows.append({"id": row_id, "dietary_notes": "; ".join(t for t in (words, note) if t)
                     or None})
    _update(sa.table("recipients", sa.column("id", sa.Integer),
                     sa.column("dietary_notes", sa.Text)), rows)

    with op.batch_alter_table("event_recipient_packages", schema=None) as batch_op:
        batch_op.drop_column("allergens_checked_at")
        batch_op.drop_column("allergens_checked_by")
    with op.batch_alter_table("recipients", schema=None) as batch_op:
        batch_op.drop_column("avoids")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("may_contain")
    with op.batch_alter_table("ingredients", schema=None) as batch_op:
        batch_op.drop_column("allergen_note")
        batch_op.drop_column("allergen_codes")
