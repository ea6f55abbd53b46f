"""Idempotency keys: one row per write request that carried a key, with its first result."""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from baketracker.db import Base


class IdempotencyKey(Base):
    """A claimed key. `status_code` is NULL while the first request is still running; once
    it finished, the response (status, headers as JSON, body) is kept for replays."""

    __tablename__ = "idempotency_keys"
    # The purge deletes by age.
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)

    key: Mapped[str] = mapped_column(String(200), unique=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    body_hash: Mapped[str] = mapped_column(String(64))
    user_name: Mapped[str | None] = mapped_column(String(200))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[str | None] = mapped_column(Text)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
