"""Recording production and assembly from the command line."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli


def ok(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_baker_bakes_for_an_event_with_a_loss_then_assembles_tins(cli: Cli) -> None:
    ok(cli, "ingredient", "add", "Flour", "--density", "0.5283")
    ok(cli, "product", "add", "flour", "--size", "5 lb", "--brand", "KA", "--slug", "flour-5lb")
    ok(cli, "purchase", "flour-5lb", "--price", "6.49", "--packages", "2")
    ok(cli, "recipe", "add", "Shortbread", "-i", "flour: 2 cups", "-y", "Shortbread: 24")
    ok(cli, "good", "add", "Tin", "--unit", "shortbread: 6")
    ok(cli, "event", "add", "Christmas 2026", "--date", "2026-12-20")
    ok(cli, "target", "batches", "Christmas 2026", "shortbread", "2")

    baked = ok(cli, "produce", "shortbread", "2", "--event", "Christmas 2026", "--yield", "45",
               "--loss", "burnt")
    assert "45 of 48" in baked and "3 lost (burnt)" in baked
    ok(cli, "assemble", "tin", "5", "--event", "Christmas 2026")

    progress = json.loads(ok(cli, "progress", "Christmas 2026", "--json"))
    assert progress["production"][0]["percent"] == "100"
    runs = json.loads(ok(cli, "runs", "--json"))
    assert [r["actual_yield"] for r in runs["production"]] == [45]
    assert [r["quantity"] for r in runs["assembly"]] == [5]


def test_baking_more_than_the_pantry_holds_says_what_is_short(cli: Cli) -> None:
    ok(cli, "ingredient", "add", "Flour")
    ok(cli, "recipe", "add", "Bread", "-i", "flour: 500 g", "-y", "Loaf: 1")
    result = cli("produce", "bread", "2")
    assert result.exit_code == 1
    assert "need 1000 g Flour, have 0 g" in " ".join(result.output.split())


def test_a_yield_above_expected_is_bad_input(cli: Cli) -> None:
    ok(cli, "ingredient", "add", "Flour")
    ok(cli, "recipe", "add", "Bread", "-i", "flour: 500 g", "-y", "Loaf: 1")
    result = cli("produce", "bread", "1", "--yield", "3")
    assert result.exit_code == 2
    assert "actual_yield" in result.output
