"""The CLI from a baker's point of view: recipes, yields, goods, packages and their cost."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from baketracker.cli.recipes import parse_yield
from baketracker.errors import Invalid
from tests.e2e.conftest import Cli

D = Decimal


def ok(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.output


def pantry(cli: Cli) -> None:
    ok(cli, "ingredient", "add", "All-purpose flour", "--density", "0.5283")
    ok(cli, "ingredient", "add", "Sugar")
    ok(cli, "ingredient", "add", "Butter", "--density", "1 cup = 227 g")
    ok(
        cli,
        "product",
        "add",
        "butter",
        "--size",
        "1 lb",
        "--brand",
        "Kerrygold",
        "--slug",
        "butter-1lb",
    )
    ok(cli, "purchase", "butter-1lb", "--packages", "2", "--price", "4.50", "--date", "2026-11-01")


def test_a_baker_adds_a_recipe_with_a_sub_recipe_and_sees_it_flattened_and_costed(
    cli: Cli,
) -> None:
    pantry(cli)
    ok(cli, "recipe", "add", "Vanilla frosting", "-i", "sugar: 1 cup", "-i", "butter: 1/2 lb")
    out = ok(
        cli,
        "recipe",
        "add",
        "Sugar cookies",
        "--ingredient",
        "All-purpose flour: 2 1/2 cups",
        "--ingredient",
        "butter: 1 cup",
        "--component",
        "vanilla-frosting: 2",
        "--yields",
        "Sugar cookie: 24",
        "--category",
        "Cookies",
    )
    assert "sugar-cookies" in out and "sugar-cookie" in out

    shown = json.loads(ok(cli, "recipe", "show", "sugar-cookies", "--batches", "2", "--json"))

    flat = {line["ingredient_slug"]: line for line in shown["flattened"]}
    assert flat["sugar"]["unit"] == "ml"
    assert D(flat["sugar"]["quantity"]) == 4 * D("236.5882365")  # 1 cup × 2 × 2 batches
    assert flat["all-purpose-flour"]["unit"] == "g"
    # Butter: 2 × 1 cup at 227 g + 2 × 2 × 1/2 lb = 454 + 907.18 g, more than the 2 lb bought.
    assert abs(D(flat["butter"]["quantity"]) - D("1361.18")) < D("0.01")
    assert shown["cost"]["estimated"] is True
    assert shown["cost"]["unpriced"] == ["all-purpose-flour", "sugar"]

    text = ok(cli, "recipe", "show", "sugar-cookies")
    assert "Estimated cost" in text and "(estimated)" in text
    assert "vanilla-frosting" in text and "24 per batch" in text


def test_yields_read_counts_whole_batches_and_percentages(cli: Cli) -> None:
    out = json.loads(
        ok(
            cli,
            "recipe",
            "add",
            "Sponge",
            "-y",
            "Cake: 1 batch",
            "-y",
            "Half cake: 50%",
            "-y",
            "Slice: 12",
            "--json",
        )
    )
    assert [u["slug"] for u in out["finished_units"]] == ["cake", "half-cake", "slice"]
    units = json.loads(ok(cli, "recipe", "units", "sponge", "--json"))
    assert {u["slug"]: (u["items_per_batch"], u["batch_portion"]) for u in units} == {
        "cake": (None, "1"),
        "half-cake": (None, "0.5"),
        "slice": ("12", None),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cookie: 24", {"items_per_batch": D(24)}),
        ("Cookie: 24 per batch", {"items_per_batch": D(24)}),
        ("Tart: 1/2 batch", {"batch_portion": D("0.5")}),
        ("Cake: 2 batches", {"batch_portion": D(2)}),
        ("Quarter: 25 %", {"batch_portion": D("0.25")}),
    ],
)
def test_a_yield_is_read_the_way_bakers_write_it(text: str, expected: dict[str, Decimal]) -> None:
    parsed = parse_yield(text)
    assert {k: v for k, v in parsed.items() if k != "name"} == expected


@pytest.mark.parametrize("text", ["Cookie", "Cookie: lots", ": 24", "Cookie: 24 cups"])
def test_an_unreadable_yield_is_refused(text: str) -> None:
    with pytest.raises(Invalid):
        parse_yield(text)


def test_a_cycle_is_refused_with_exit_code_2_and_the_path(cli: Cli) -> None:
    ok(cli, "recipe", "add", "Dough")
    ok(cli, "recipe", "add", "Pie", "-c", "dough: 1")

    result = cli("recipe", "component", "dough", "pie: 1")

    assert result.exit_code == 2
    assert "Dough → Pie → Dough" in result.output


def test_an_unknown_unit_is_refused_naming_it(cli: Cli) -> None:
    pantry(cli)
    result = cli("recipe", "add", "Bread", "-i", "all-purpose flour: 2 smidge")
    assert result.exit_code == 2
    assert "smidge" in result.output
    assert json.loads(ok(cli, "recipe", "list", "--json")) == []


def test_archived_recipes_leave_the_list_and_renames_keep_the_old_slug(cli: Cli) -> None:
    ok(cli, "recipe", "add", "Fruitcake")
    ok(cli, "recipe", "add", "Gingerbread")
    ok(cli, "recipe", "archive", "fruitcake")
    ok(cli, "recipe", "rename", "gingerbread", "Spiced gingerbread")

    listed = json.loads(ok(cli, "recipe", "list", "--json"))
    assert [r["slug"] for r in listed] == ["spiced-gingerbread"]
    assert "Spiced gingerbread" in ok(cli, "recipe", "show", "gingerbread")
    assert len(json.loads(ok(cli, "recipe", "list", "--all", "--json"))) == 2
    ok(cli, "recipe", "delete", "fruitcake")
    assert cli("recipe", "show", "fruitcake").exit_code == 1


def test_goods_and_packages_show_what_they_need(cli: Cli) -> None:
    ok(cli, "recipe", "add", "Brownies", "-y", "Brownie: 16")
    ok(cli, "material", "add", "Gift box")
    ok(cli, "good", "add", "Pair", "--unit", "brownie: 2")
    ok(cli, "good", "add", "Hamper", "--good", "pair: 3", "--material", "gift-box: 1")

    shown = json.loads(ok(cli, "good", "show", "pair", "--quantity", "10", "--json"))
    assert [(u["slug"], u["quantity"]) for u in shown["needs"]["finished_units"]] == [
        ("brownie", "20")
    ]
    hamper = json.loads(ok(cli, "good", "show", "hamper", "--json"))
    assert hamper["needs"]["finished_units"][0]["quantity"] == "6"
    assert hamper["needs"]["materials"][0]["slug"] == "gift-box"
    assert "Estimated cost" in ok(cli, "good", "show", "hamper")
    kinds = {g["slug"]: g["kind"] for g in json.loads(ok(cli, "good", "list", "--json"))}
    assert kinds == {"brownie": "BARE", "pair": "BUNDLE", "hamper": "BUNDLE"}

    ok(cli, "package", "add", "Family box", "--good", "hamper: 2", "--good", "brownie: 1")
    box = json.loads(ok(cli, "package", "show", "Family box", "--json"))
    assert [(u["slug"], u["quantity"]) for u in box["finished_units"]] == [("brownie", "13")]
    assert "Family box" in ok(cli, "package", "list")
    assert "hamper" in ok(cli, "package", "show", str(box["id"]))


def test_a_bad_good_line_is_refused_naming_the_option(cli: Cli) -> None:
    result = cli("good", "add", "Box", "--unit", "brownie")
    assert result.exit_code == 2
    assert "--unit" in result.output
