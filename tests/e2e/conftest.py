"""Fixtures for driving the CLI end to end against a throw-away database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from baketracker import db as dbmod
from baketracker.cli import app
from tests.support.recipe_drafts import stock_the_pantry

Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    """Run `baketracker ARGS…` in-process on a fresh SQLite file; returns click's Result."""
    runner = CliRunner()
    env = {"BAKETRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "COLUMNS": "160"}

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    yield run
    dbmod.dispose()


@pytest.fixture
def pantry() -> None:
    """Plain flour, butter and caster sugar: every line of recipe_drafts.TEXT matches."""
    stock_the_pantry()
