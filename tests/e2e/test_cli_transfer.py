"""The CLI for moving data: export, import, backup, restore and the demo season."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from baketracker.cli import transfer as transfer_cli
from tests.e2e.conftest import Cli
from tests.integration.test_transfer_support import SAMPLE_V4
from tests.unit.test_transfer_v4_oddities import nuts


def test_the_demo_loads_once_when_asked_only_for_an_empty_database(cli: Cli) -> None:
    first = cli("demo", "--if-empty")
    assert first.exit_code == 0, first.output
    assert "Demo loaded" in first.output and "Christmas 2026" in first.output

    again = cli("demo", "--if-empty")
    assert again.exit_code == 0
    assert "already has recipes; demo not loaded" in again.output

    events = json.loads(cli("event", "list", "--json").output)
    assert [e["name"] for e in events] == ["Christmas 2026"]


def test_export_then_import_skips_everything_and_lists_it(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "season.json"

    exported = cli("export", str(target))
    assert exported.exit_code == 0, exported.output
    assert json.loads(target.read_text())["format"] == "baketracker"

    result = cli("import", str(target))
    assert result.exit_code == 0, result.output
    assert "Skipped recipes already stored: sugar-cookie-dough, royal-icing" in result.output


def test_a_dry_run_replace_reports_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    small = tmp_path / "small.json"
    small.write_text(json.dumps({"format": "baketracker", "version": "1",
                                 "ingredients": [{"slug": "salt", "name": "Salt"}]}))  # fmt: skip

    result = cli("import", str(small), "--mode", "replace", "--dry-run", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] and report["counts"] == {"ingredients": {"created": 1, "skipped": 0}}
    assert len(json.loads(cli("recipe", "list", "--json").output)) == 14


def test_a_bad_document_exits_2_with_one_error_per_line(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "format": "baketracker", "version": "1",
        "recipes": [{"slug": "x", "name": "X",
                     "ingredients": [{"ingredient": "nope", "quantity": "-1", "unit": "smidge"}]}],
    }))  # fmt: skip

    result = cli("import", str(bad))

    assert result.exit_code == 2
    assert "Not imported: 3 errors (nothing was changed)" in result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert "recipes[0].ingredients[0].quantity: must be greater than 0, not -1" in lines
    assert "recipes[0].ingredients[0].unit: unknown unit 'smidge'" in lines
    assert "recipes[0].ingredients[0].ingredient: unknown ingredient 'nope'" in lines


def test_a_truncated_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "baketracker", "version": "1", "recipes": [{"slug": ')

    result = cli("import", str(cut))

    assert result.exit_code == 2
    assert "not valid JSON at line 1" in result.output


def test_the_bake_tracker_sample_imports_and_strict_refuses_it(cli: Cli) -> None:
    assert SAMPLE_V4.is_file(), f"the real bake-tracker file belongs at {SAMPLE_V4} (shared/data)"
    refused = cli("import", str(SAMPLE_V4), "--strict")
    assert refused.exit_code == 2
    assert "unknown ingredient 'eggs_large'" in refused.output

    result = cli("import", str(SAMPLE_V4))
    assert result.exit_code == 0, result.output
    assert "Imported from bake-tracker 4.1 (merge)" in result.output
    assert "Provisional ingredients (50)" in result.output
    assert "'weight' is not a yield mode here" in result.output


def test_backup_and_restore_through_both_kinds_of_file(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    for name in ("copy.sqlite3", "copy.json"):
        made = cli("backup", str(tmp_path / name))
        assert made.exit_code == 0, made.output
        assert "Backed up to" in made.output

    cli("import", str(_empty(tmp_path)), "--mode", "replace")
    assert json.loads(cli("recipe", "list", "--json").output) == []

    restored = cli("restore", str(tmp_path / "copy.sqlite3"))
    assert restored.exit_code == 0, restored.output
    assert "Restored from baketracker 1 (replace)" in restored.output
    assert len(json.loads(cli("recipe", "list", "--json").output)) == 14
    again = cli("restore", str(tmp_path / "copy.json"), "--json")
    assert json.loads(again.output)["counts"]["recipes"]["created"] == 14


def _empty(folder: Path) -> Path:
    path = folder / "empty.json"
    path.write_text('{"format": "baketracker", "version": "1"}')
    return path


def test_big_jobs_show_a_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(
        transfer_cli, "console", Console(file=screen, force_terminal=True, width=100)
    )

    with transfer_cli._bar(50) as small:
        assert small is None
    with transfer_cli._bar(5000) as update:
        assert update is not None
        update("Checking", 2500, 5000)
        update("Reading", 3, 30)  # a small stage: no bar of its own

    shown = screen.getvalue()
    assert "Checking" in shown and "2500/5000" in shown
    assert "Reading" not in shown


def test_an_old_app_file_with_stock_on_a_category_is_mapped_and_listed(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "nuts.json"
    source.write_text(json.dumps(nuts()))

    refused = cli("import", str(source), "--strict")
    assert refused.exit_code == 2
    assert "products[0].ingredient_slug: ingredient 'pecans' is a category" in refused.output

    checked = cli("import", str(source), "--dry-run", "--json")
    assert {kind: e["count"] for kind, e in json.loads(checked.output)["mapped"].items()} == {
        "leaf_ingredients": 1, "products": 1, "recipe_lines": 1, "inventory_items": 1,
        "products_from_inventory": 1}  # fmt: skip

    result = cli("import", str(source))
    assert result.exit_code == 0, result.output
    assert "Mapped, not refused" in result.output
    assert "recipe lines on a category ingredient, moved to its (unspecified) leaf" in (
        result.output
    )
    assert "recipes[0].ingredients[0] (Pecan Pie): pecans → pecans_unspecified" in result.output
    assert "inventory_items[1]: Unsalted butter (unsalted-butter) on butter" in result.output
