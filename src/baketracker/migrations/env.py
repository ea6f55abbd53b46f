"""Alembic environment: uses the engine handed over by baketracker.migrate, or the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

import baketracker.models  # noqa: F401  (registers every table on Base.metadata)
from baketracker.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            from baketracker.config import get_settings

            url = get_settings().resolved_database_url()
        engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
