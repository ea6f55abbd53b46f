"""Helpers for proving that a refused operation wrote nothing."""

from __future__ import annotations

from sqlalchemy import func, select

import baketracker.models  # noqa: F401
from baketracker.db import Base, session_scope


def row_counts() -> dict[str, int]:
    """The number of rows in every table but the replay cache of HTTP writes (a refused
    form post keeps its key and answer, so a resend gets the same refusal)."""
    with session_scope() as session:
        return {
            name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
            if name != "idempotency_keys"
        }
