"""A CLI command is one transaction, however many services it calls: each command below
begins exactly one transaction more than `baketracker init`, which only checks the schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from tests.e2e.conftest import Cli


@contextmanager
def begins() -> Iterator[list[str]]:
    """Every transaction any engine begins meanwhile (each command configures its own)."""
    seen: list[str] = []

    def on_begin(conn: Any) -> None:
        seen.append("BEGIN")

    event.listen(Engine, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(Engine, "begin", on_begin)


def transactions(cli: Cli, *args: str) -> int:
    """Transactions `args` begins beyond the schema check every command starts with."""
    with begins() as schema_check:
        assert cli("init").exit_code == 0
    with begins() as seen:
        result = cli(*args)
    assert result.exit_code == 0, result.output
    return len(seen) - len(schema_check)


def test_showing_a_recipe_reads_it_flattens_it_and_costs_it_in_one_transaction(
    cli: Cli,
) -> None:
    assert cli("ingredient", "add", "Sugar").exit_code == 0
    assert cli("recipe", "add", "Fudge", "-i", "sugar: 1 cup").exit_code == 0

    assert transactions(cli, "recipe", "show", "fudge") == 1


def test_showing_an_event_reads_targets_needs_and_assignments_in_one_transaction(
    cli: Cli,
) -> None:
    assert cli("event", "add", "Christmas 2026", "--date", "2026-12-20").exit_code == 0

    assert transactions(cli, "event", "show", "Christmas 2026") == 1


def test_adding_a_recipe_by_ingredient_names_is_one_transaction(cli: Cli) -> None:
    assert cli("ingredient", "add", "Brown sugar").exit_code == 0

    assert transactions(cli, "recipe", "add", "Toffee", "-i", "Brown sugar: 2 cups",
                        "-i", "brown-sugar: 1 tbsp") == 1
    shown = cli("recipe", "show", "toffee").output
    assert "Brown sugar" in shown


def test_buying_by_barcode_finds_the_product_and_records_the_lot_in_one_transaction(
    cli: Cli,
) -> None:
    assert cli("ingredient", "add", "Butter").exit_code == 0
    assert cli("product", "add", "butter", "--size", "1 lb", "--slug", "butter-1lb",
               "--gtin", "0123456789012").exit_code == 0

    assert transactions(cli, "purchase", "0123456789012", "--price", "4.50") == 1
    assert "$4.50 / 1 lb" in cli("stock", "butter").output
