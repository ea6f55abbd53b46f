"""The event commands from a baker's point of view: plan an event, assign boxes, track it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from baketracker import db as dbmod
from baketracker.cli import app, common
from tests.support.event_rows import (
    add_assembly_run,
    add_production_run,
    make_good,
    make_package,
    make_recipe,
)

Run = Callable[..., Result]


def said(result: Result) -> str:
    """The output with line wrapping undone (Rich wraps long messages to the terminal)."""
    return " ".join(result.output.split())


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """The `baketracker` app over a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("BAKETRACKER_DATABASE_URL", url)
    # Rich fixes a console's width when it is built (from COLUMNS or the terminal), so
    # set it on the shared consoles for the test instead of trusting the environment.
    for shared in (common.console, common.err_console):
        monkeypatch.setattr(shared, "_width", 160)
    dbmod.init_db(url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    yield run
    dbmod.dispose()


@pytest.fixture
def christmas(cli: Run) -> Run:
    assert cli("event", "add", "Christmas 2026", "--date", "2026-12-20").exit_code == 0
    make_recipe("Sugar cookies")
    tin = make_good("Cookie tin")
    make_package("Box A", {tin: 6})
    assert cli("recipient", "add", "Grandma", "--household", "Smiths").exit_code == 0
    return cli


def test_adding_and_listing_events(cli: Run) -> None:
    result = cli("event", "add", "Bake sale", "--date", "2026-06-01", "--mode", "bulk")
    assert result.exit_code == 0, result.output
    assert "Added event Bake sale on 2026-06-01 (BULK_COUNT, DRAFT" in result.output
    cli("event", "add", "Christmas 2026", "--date", "2026-12-20")
    listed = json.loads(cli("event", "list", "--json").output)
    assert [(e["name"], e["year"]) for e in listed] == [("Bake sale", 2026),
                                                        ("Christmas 2026", 2026)]
    assert "Christmas 2026" in cli("event", "list").output


def test_a_bad_date_or_mode_is_a_usage_error_naming_the_field(cli: Run) -> None:
    result = cli("event", "add", "Xmas", "--date", "20/12/2026")
    assert result.exit_code == 2
    assert "event_date '20/12/2026' is not a date" in said(result)
    result = cli("event", "add", "Xmas", "--date", "2026-12-20", "--mode", "boxed")
    assert result.exit_code == 2 and "output_mode" in result.output
    assert "Traceback" not in result.output


def test_a_baker_plans_assigns_and_delivers_a_box(christmas: Run) -> None:
    cli = christmas
    assert cli("target", "batches", "Christmas 2026", "sugar-cookies", "5").exit_code == 0
    assert cli("target", "goods", "Christmas 2026", "cookie-tin", "10").exit_code == 0
    targets = json.loads(cli("target", "list", "Christmas 2026", "--json").output)
    assert targets["production"][0]["target_batches"] == 5
    assert targets["assembly"][0]["target_quantity"] == 10

    assigned = json.loads(cli("assign", "Christmas 2026", "Grandma", "Box A",
                              "--quantity", "2", "--json").output)
    assert assigned["fulfillment_status"] == "pending"
    number = str(assigned["id"])

    skipped = cli("fulfil", number, "--status", "delivered")
    assert skipped.exit_code == 1
    assert "is pending; it cannot skip to delivered (next is ready)" in said(skipped)
    assert "now ready" in cli("advance", number).output
    assert "now delivered" in cli("fulfil", number, "--status", "delivered").output
    delivered = json.loads(cli("assignments", "Christmas 2026", "--status", "delivered",
                               "--json").output)
    assert [a["recipient_name"] for a in delivered] == ["Grandma"]


def test_progress_shows_bars_and_numbers_and_json(christmas: Run) -> None:
    cli = christmas
    cli("target", "batches", "Christmas 2026", "sugar-cookies", "5")
    cli("target", "goods", "Christmas 2026", "cookie-tin", "10")
    add_production_run("sugar-cookies", 3, event="Christmas 2026")
    add_assembly_run("cookie-tin", 10, event="Christmas 2026")

    data = json.loads(cli("progress", "Christmas 2026", "--json").output)
    made = data["production"][0]
    assert (made["produced_batches"], made["remaining_batches"], made["percent"]) == (
        "3", "2", "60")
    assert data["overall"] == {**data["overall"], "percent": "80", "status": "in_progress"}

    shown = cli("progress", "Christmas 2026")
    assert shown.exit_code == 0, shown.output
    assert "Sugar cookies" in shown.output and "60%" in shown.output
    assert "80% in progress (1 of 2 targets met)" in shown.output
    assert "━" in shown.output  # a rich progress bar


def test_event_show_lists_targets_needs_and_packages_by_status(christmas: Run) -> None:
    cli = christmas
    cli("target", "goods", "Christmas 2026", "cookie-tin", "10")
    cli("assign", "Christmas 2026", "Grandma", "Box A", "--quantity", "2")
    shown = cli("event", "show", "Christmas 2026")
    assert shown.exit_code == 0, shown.output
    assert "plan DRAFT" in shown.output
    assert "What the packages need" in shown.output and "target 2 short" in shown.output
    assert "Packages pending (1)" in shown.output and "Grandma" in shown.output
    data = json.loads(cli("event", "show", "Christmas 2026", "--json").output)
    assert data["package_needs"][0]["quantity"] == 12
    assert data["overall"]["status"] == "not_started"


def test_deleting_an_event_with_runs_is_refused_saying_how_many(christmas: Run) -> None:
    cli = christmas
    add_production_run("sugar-cookies", 1, event="Christmas 2026")
    result = cli("event", "delete", "Christmas 2026", "--yes")
    assert result.exit_code == 1
    assert "1 production run (1 run in all) are recorded for it" in said(result)


def test_deleting_an_event_asks_first(cli: Run) -> None:
    cli("event", "add", "Bake sale", "--date", "2026-06-01")
    kept = cli("event", "delete", "Bake sale", input="n\n")
    assert kept.exit_code == 1 and "Bake sale" in cli("event", "list").output
    gone = cli("event", "delete", "Bake sale", input="y\n")
    assert gone.exit_code == 0 and "Deleted event Bake sale" in gone.output
    assert json.loads(cli("event", "list", "--json").output) == []


def test_targets_are_removed_by_kind(christmas: Run) -> None:
    cli = christmas
    cli("target", "batches", "Christmas 2026", "sugar-cookies", "5")
    cli("target", "goods", "Christmas 2026", "cookie-tin", "10")
    assert cli("target", "delete", "Christmas 2026", "batches", "sugar-cookies").exit_code == 0
    assert cli("target", "delete", "Christmas 2026", "goods", "cookie-tin").exit_code == 0
    missing = cli("target", "delete", "Christmas 2026", "goods", "cookie-tin")
    assert missing.exit_code == 1 and "no assembly target" in said(missing)
    assert "No targets yet" in cli("progress", "Christmas 2026").output


def test_a_zero_batch_target_is_a_usage_error(christmas: Run) -> None:
    result = christmas("target", "batches", "Christmas 2026", "sugar-cookies", "0")
    assert result.exit_code == 2
    assert "target_batches must be greater than 0" in said(result)


def test_recipients_are_listed_and_unassigned(christmas: Run) -> None:
    cli = christmas
    cli("recipient", "add", "Neighbour", "--dietary", "no nuts")
    listed = json.loads(cli("recipient", "list", "--json").output)
    assert [r["name"] for r in listed] == ["Grandma", "Neighbour"]
    assert "no nuts" in cli("recipient", "list").output
    assigned = json.loads(cli("assign", "Christmas 2026", "Neighbour", "Box A", "--json").output)
    assert "Removed assignment" in cli("unassign", str(assigned["id"])).output
    again = cli("unassign", str(assigned["id"]))
    assert again.exit_code == 1 and "No package assignment" in again.output
    assert json.loads(cli("assignments", "Christmas 2026", "--json").output) == []


def test_renaming_an_event(cli: Run) -> None:
    cli("event", "add", "Xmas", "--date", "2026-12-20")
    result = cli("event", "update", "Xmas", "--name", "Christmas 2026", "--mode", "bulk")
    assert result.exit_code == 0, result.output
    assert "Christmas 2026" in result.output and "BULK_COUNT" in result.output
