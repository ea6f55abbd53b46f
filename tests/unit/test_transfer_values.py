"""The document's values and shape, without a database: decimals, timestamps, ids inside
snapshots, the header, and schema errors as path + reason."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.services.transfer import DocumentInvalid, detect_format, parse_text
from baketracker.services.transfer.schema import schema_errors
from baketracker.services.transfer.spec import BY_NAME, RECIPE_LINES, Field
from baketracker.services.transfer.values import (
    Bad,
    from_doc,
    parse_datetime,
    rewrite_ids,
    to_doc,
    utc,
)

QTY = Field("quantity", "decimal", required=True, nullable=False, min=">0")


def test_decimals_are_written_as_exact_text_without_trailing_zeros() -> None:
    assert to_doc(QTY, Decimal("2.250000")) == "2.25"
    assert to_doc(QTY, Decimal("1E+3")) == "1000"
    assert to_doc(QTY, None) is None


@pytest.mark.parametrize(("given", "expected"), [("2.25", "2.25"), (2, "2"), (0.1, "0.1")])
def test_decimals_are_read_from_text_and_json_numbers(given: object, expected: str) -> None:
    assert from_doc(RECIPE_LINES, QTY, given) == Decimal(expected)


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("-1", "must be greater than 0, not -1"),
        ("0", "must be greater than 0, not 0"),
        ("lots", "must be a number, not 'lots'"),
        (True, "must be a number, not True"),
        (float("nan"), "must be a number, not nan"),
        ("10000000000000", "10000000000000 is too large"),
        (None, "must not be null"),
    ],
)
def test_bad_quantities_say_why(given: object, reason: str) -> None:
    with pytest.raises(Bad, match=reason.replace("(", r"\(")):
        from_doc(RECIPE_LINES, QTY, given)


def test_units_are_read_in_any_spelling_and_stored_canonical() -> None:
    unit = Field("unit", "unit", required=True, nullable=False)

    assert from_doc(RECIPE_LINES, unit, "Cups") == "cup"
    assert from_doc(RECIPE_LINES, unit, "count") == "each"
    with pytest.raises(Bad, match="unknown unit 'smidge'"):
        from_doc(RECIPE_LINES, unit, "smidge")


def test_text_refuses_what_a_database_cannot_hold() -> None:
    note = Field("note")

    with pytest.raises(Bad, match="NUL"):
        from_doc(RECIPE_LINES, note, "a\x00b")
    with pytest.raises(Bad, match="surrogate"):
        from_doc(RECIPE_LINES, note, "\ud800")
    with pytest.raises(Bad, match="longer than 200"):
        from_doc(RECIPE_LINES, note, "x" * 201)


def test_timestamps_are_utc_whatever_the_database_returns() -> None:
    naive = datetime(2026, 12, 1, 10, 30)
    assert utc(naive) == datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    assert parse_datetime("2026-01-07T23:23:19.772500+00:00Z").tzinfo is not None
    assert parse_datetime("2026-12-01T11:30:00+01:00") == datetime(2026, 12, 1, 10, 30, tzinfo=UTC)


@given(st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("999999999"), places=6))
def test_a_decimal_survives_the_document(value: Decimal) -> None:
    assert from_doc(RECIPE_LINES, QTY, to_doc(QTY, value)) == value


def test_ids_inside_snapshot_data_are_rewritten_by_what_they_name() -> None:
    data = {
        "recipe": {"id": 1, "slug": "cookies"},
        "ingredients": [{"ingredient_id": 7, "quantity": "2"}],
        "lines": [{"id": 3, "ingredient_id": 7}],
        "finished_units": [{"id": 4, "slug": "cookie"}],
        "components": [{"type": "material", "id": 5}, {"type": "finished_good", "id": 6,
                        "components": [{"type": "finished_unit", "id": 4}]}],
        "fg_id": 6,
        "production_run_id": None,
        "note": {"id": 99},
    }  # fmt: skip
    seen: list[tuple[str, object, str]] = []

    def tag(target: str, value: object, path: str) -> object:
        seen.append((target, value, path))
        return f"{target}:{value}"

    out = rewrite_ids(data, tag)

    assert out["recipe"]["id"] == "recipes:1"
    assert out["lines"][0] == {"id": "recipe_lines:3", "ingredient_id": "ingredients:7"}
    assert out["components"][1]["components"][0]["id"] == "finished_units:4"
    assert out["fg_id"] == "finished_goods:6"
    assert out["production_run_id"] is None and out["note"] == {"id": 99}
    assert ("materials", 5, "components[0].id") in seen


def test_the_header_decides_the_format() -> None:
    assert detect_format({"format": "baketracker", "version": "1"}) == "baketracker"
    assert detect_format({"application": "bake-tracker", "version": "4.2"}) == "bake-tracker-v4"
    for bad in ({}, {"format": "other"}, {"application": "bake-tracker", "version": "3.0"}):
        with pytest.raises(DocumentInvalid):
            detect_format(bad)


def test_broken_json_names_the_line_and_column() -> None:
    with pytest.raises(DocumentInvalid) as caught:
        parse_text('{\n  "format": "baketracker",\n  "recipes": [')
    assert caught.value.errors == ["not valid JSON at line 3, column 15: Expecting value "
                                   "(truncated file?)"]  # fmt: skip


def test_schema_errors_come_back_as_path_and_reason() -> None:
    document = {
        "format": "baketracker",
        "version": "1",
        "recipes": [{"slug": "a", "name": "A", "ingredients": [{"unit": "cup", "quantity": []}],
                     "colour": "red"}],
        "events": "none",
    }  # fmt: skip

    errors = sorted(schema_errors(document))

    assert errors == [
        ("events", "must be array, not string"),
        ("recipes[0].colour", "is not a known field"),
        ("recipes[0].ingredients[0].ingredient", "is required"),
        ("recipes[0].ingredients[0].quantity", "must be string or number, not array"),
    ]


def test_every_reference_points_at_an_entity_that_exists() -> None:
    for entity in BY_NAME.values():
        for ref in entity.refs:
            assert ref.target in BY_NAME, (entity.name, ref.name)
            assert entity.table.c[ref.column] is not None


def test_every_column_of_every_table_travels_in_the_document() -> None:
    import baketracker.models  # noqa: F401  (registers every table)
    from baketracker.db import Base
    from baketracker.services.transfer.spec import ALL

    derived = {"inventory_lots": {"product_id", "ingredient_id", "material_id"}}
    # Accounts and their tokens never leave the database (issue 13), and idempotency keys
    # are a day's replay cache for HTTP writes, not the bakery's data.
    staying = {"users", "api_tokens", "idempotency_keys"}
    covered = {e.table.name for e in ALL}
    assert covered == set(Base.metadata.tables) - staying, "a table is missing from the document"
    for entity in ALL:
        columns = {f.col for f in entity.all_fields} | {r.column for r in entity.refs} | {"id"}
        columns |= {entity.parent_column} if entity.parent_column else set()
        columns |= {"position"} if entity.position else set()
        columns |= derived.get(entity.table.name, set())
        assert columns == set(entity.table.c.keys()), entity.name
        for spec in entity.fields:
            column = entity.table.c[spec.col]
            # A NOT NULL column is required, defaulted, or (a lot's date) filled by a rule.
            if not column.nullable and spec.nullable and spec.default is None:
                assert (entity.name, spec.name) == ("lots", "purchased_on")
