"""Planning from the command line: see the plan, decide batches, lock, start, amend."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli


def ok(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def christmas(cli: Cli) -> None:
    ok(cli, "ingredient", "add", "Flour", "--density", "0.5283")
    ok(cli, "ingredient", "add", "Salt")
    ok(cli, "product", "add", "flour", "--size", "5 lb", "--brand", "KA", "--slug", "flour-5lb")
    ok(cli, "purchase", "flour-5lb", "--price", "6.49")
    ok(cli, "recipe", "add", "Shortbread", "-i", "flour: 2 cups", "-i", "salt: 1 tsp",
       "-y", "Shortbread: 24")
    ok(cli, "good", "add", "Tin", "--unit", "shortbread: 6")
    ok(cli, "good", "add", "Gift bag", "--unit", "shortbread: 3")
    ok(cli, "event", "add", "Christmas 2026", "--date", "2026-12-20")
    ok(cli, "target", "goods", "Christmas 2026", "tin", "30")


def test_the_plan_shows_batches_with_their_reason_and_the_shopping_list(cli: Cli) -> None:
    christmas(cli)
    shown = ok(cli, "plan", "show", "Christmas 2026", "--explain")
    assert "180 for 30 × Tin = 180 needed at 24 a batch" in shown
    assert "fewest whole batches 8" in shown
    assert "2.67 tbsp" in shown  # 8 batches × 1 tsp of salt, which has no density
    summary = json.loads(ok(cli, "plan", "show", "Christmas 2026", "--json"))
    assert summary["batch_requirements"][0]["batches"] == 8
    flour = json.loads(ok(cli, "plan", "shopping", "Christmas 2026", "--json"))
    assert flour["shopping_list"][0]["ingredient_slug"] in ("flour", "salt")


def test_a_short_batch_count_is_refused_until_confirmed(cli: Cli) -> None:
    christmas(cli)
    refused = cli("plan", "batches", "Christmas 2026", "shortbread", "6")
    assert refused.exit_code == 2 and "fall short" in refused.output
    assert "short" in ok(cli, "plan", "batches", "Christmas 2026", "shortbread", "6",
                         "--confirm-short")


def test_lock_start_amend_and_compare(cli: Cli) -> None:
    christmas(cli)
    assert "LOCKED" in ok(cli, "plan", "lock", "Christmas 2026")
    assert "IN_PRODUCTION" in ok(cli, "plan", "start", "Christmas 2026")
    blank = cli("amend", "add", "Christmas 2026", "gift-bag", "10", "--reason", " ")
    assert blank.exit_code == 2 and "reason" in blank.output
    ok(cli, "amend", "add", "Christmas 2026", "gift-bag", "10", "--reason", "Teachers")
    ok(cli, "amend", "batches", "Christmas 2026", "shortbread", "10", "--reason", "More bags")
    ok(cli, "amend", "drop", "Christmas 2026", "tin", "--reason", "Tins sold out")
    compared = {(line["name"], line["status"])
                for line in json.loads(ok(cli, "amend", "compare", "Christmas 2026", "--json"))}
    assert compared == {("Tin", "dropped"), ("Gift bag", "added"), ("Shortbread", "modified")}
    assert "Teachers" in ok(cli, "amend", "history", "Christmas 2026")
    assert "COMPLETED" in ok(cli, "plan", "complete", "Christmas 2026")
    again = cli("plan", "lock", "Christmas 2026")
    assert again.exit_code == 1 and "COMPLETED" in again.output
