"""The CLI from a baker's point of view: catalog, purchases, stock, FIFO consumption."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli


def _butter(cli: Cli) -> None:
    assert cli("ingredient", "add", "Butter", "--density", "1 cup = 227 g").exit_code == 0
    assert cli("product", "add", "butter", "--size", "1 lb", "--brand", "Kerrygold",
               "--slug", "butter-1lb", "--gtin", "5011038133241").exit_code == 0
    assert cli("purchase", "butter-1lb", "--packages", "10", "--price", "4.50",
               "--date", "2026-11-01").exit_code == 0
    assert cli("purchase", "5011038133241", "--packages", "7", "--price", "5.00",
               "--date", "2026-11-08").exit_code == 0


def test_init_says_where_the_database_is(cli: Cli) -> None:
    result = cli("init")
    assert result.exit_code == 0
    assert "Database ready" in result.output


def test_a_baker_buys_butter_twice_and_uses_twelve_pounds_for_55_dollars(cli: Cli) -> None:
    _butter(cli)
    result = cli("consume", "butter", "12 lb")
    assert result.exit_code == 0, result.output
    assert "$55.00" in result.output
    stock = json.loads(cli("stock", "--json").output)
    assert stock[0]["slug"] == "butter" and stock[0]["value"] == "25"


def test_a_dry_run_shows_the_draws_and_changes_nothing(cli: Cli) -> None:
    _butter(cli)
    result = cli("consume", "butter", "20 lb", "--dry-run")
    assert result.exit_code == 0
    assert "Short by 3 lb" in result.output
    lots = json.loads(cli("stock", "butter", "--json").output)
    assert [lot["quantity_remaining"] for lot in lots] == ["4535.9237", "3175.14659"]


def test_running_out_prints_one_line_saying_what_is_short_and_exits_1(cli: Cli) -> None:
    _butter(cli)
    result = cli("consume", "butter", "18 lb")
    assert result.exit_code == 1
    assert "need 18 lb Butter, have 17 lb" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_unit_is_a_usage_error_with_exit_2(cli: Cli) -> None:
    _butter(cli)
    result = cli("consume", "butter", "2 smidge")
    assert result.exit_code == 2
    assert "Unknown unit 'smidge'" in result.output


def test_an_unknown_product_is_named(cli: Cli) -> None:
    result = cli("purchase", "no-such-thing", "--price", "1")
    assert result.exit_code == 1
    assert "no-such-thing" in result.output


def test_a_bad_purchase_date_is_refused(cli: Cli) -> None:
    _butter(cli)
    result = cli("purchase", "butter-1lb", "--price", "4", "--date", "yesterday")
    assert result.exit_code == 2
    assert "--date" in result.output


def test_adjusting_stock_for_spoilage_and_listing_the_catalog(cli: Cli) -> None:
    _butter(cli)
    assert cli("adjust", "butter", "1 lb", "--reason", "spoilage").exit_code == 0
    other = cli("adjust", "butter", "1 lb", "--reason", "other")
    assert other.exit_code == 2 and "note" in other.output
    listing = json.loads(cli("product", "list", "--json").output)
    assert listing[0]["gtin"] == "5011038133241"
    assert "Butter" in cli("ingredient", "list").output


def test_materials_and_suppliers_from_the_command_line(cli: Cli) -> None:
    assert cli("supplier", "add", "Costco", "--location", "Main St").exit_code == 0
    assert cli("material", "add", "Gift box").exit_code == 0
    assert cli("material", "product", "gift-box", "--name", "Boxes 25",
               "--size", "25 each").exit_code == 0
    assert cli("purchase", "boxes-25", "--price", "12.50").exit_code == 0
    assert "Gift box" in cli("stock").output
    assert "Costco" in cli("supplier", "list").output
    assert "gift-box" in cli("material", "list").output


def test_buy_records_a_purchase_from_one_line(cli: Cli) -> None:
    _butter(cli)
    result = cli("buy", "2 lb butter $8.49")
    assert result.exit_code == 0, result.output
    assert "Bought 2 × Kerrygold Butter 1 lb" in result.output and "$8.49" in result.output
    lots = json.loads(cli("stock", "butter", "--json").output)
    assert len(lots) == 3


def test_buy_dry_run_says_what_it_would_record_and_records_nothing(cli: Cli) -> None:
    _butter(cli)
    result = cli("buy", "5011038133241 3", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    preview = json.loads(result.output)
    assert (preview["lot_id"], preview["packages"], preview["total_price"]) == (None, "3", "15")
    assert len(json.loads(cli("stock", "butter", "--json").output)) == 2


def test_an_implausible_purchase_needs_yes_on_the_command_line(cli: Cli) -> None:
    _butter(cli)

    def lots() -> int:
        return len(json.loads(cli("stock", "butter", "--json").output))

    for args in (["buy", "2000 x butter @ 4.50"],
                 ["purchase", "butter-1lb", "--packages", "2000", "--price", "4.50"]):
        before = lots()
        refused = cli(*args)
        assert refused.exit_code == 2
        assert "2,000 packages is more than 1,000; confirm" in refused.output
        assert lots() == before
        assert cli(*args, "--yes").exit_code == 0
        assert lots() == before + 1


def test_buy_with_an_unreadable_price_names_the_price(cli: Cli) -> None:
    _butter(cli)
    result = cli("buy", "butter $abc")
    assert result.exit_code == 2
    assert "cannot read the price '$abc'" in result.output
    assert "Traceback" not in result.output
    priced = cli("purchase", "butter-1lb", "--price", "abc")
    assert priced.exit_code == 2 and "cannot read the price per package 'abc'" in priced.output
