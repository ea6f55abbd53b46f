"""The Import & export page over HTTP (TestClient) on both databases: downloads, imports
(dry run, merge, replace), bad documents, backups, restore and the demo button."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from baketracker.services import catalog, recipes, transfer
from baketracker.web import transfer as transfer_page
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.pages import text, token
from tests.unit.test_transfer_v4_oddities import nuts

SCRIPT = "<script>alert(1)</script>"
SMALL = {"format": "baketracker", "version": "1",
         "ingredients": [{"slug": "salt", "name": "Salt"}, {"slug": "rye", "name": "Rye"}]}
BAD = {"format": "baketracker", "version": "1",
       "recipes": [{"slug": "x", "name": "X",
                    "ingredients": [{"ingredient": SCRIPT, "quantity": "-1", "unit": "smidge"}]}]}


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


def upload(client: TestClient, path: str, content: bytes | dict[str, Any], *,
           name: str = "doc.json", **fields: str) -> Response:
    """A multipart post of `content` (a dict is sent as JSON) with a valid CSRF token."""
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    return client.post(path, data={**fields, "csrf_token": token(client, "/data")},
                       files={"file": (name, data, "application/octet-stream")},
                       follow_redirects=False)


def test_the_page_offers_export_backup_import_restore_and_demo(client: TestClient,
                                                               backend: str) -> None:
    page = client.get("/data")
    assert page.status_code == 200
    assert 'href="/data/export.json"' in page.text and 'href="/data/backup.json"' in page.text
    assert ('href="/data/backup.sqlite3"' in page.text) == (backend == "sqlite")
    assert 'name="dry_run" value="1" checked' in page.text
    assert "Load demo data" in page.text
    recipes.create_recipe("Shortbread")
    assert "Load demo data" not in client.get("/data").text


def test_export_downloads_a_valid_document_named_with_the_date(client: TestClient) -> None:
    catalog.create_ingredient("Flour")
    response = client.get("/data/export.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="baketracker-export-20')
    document = response.json()
    assert document["format"] == "baketracker"
    assert [i["slug"] for i in document["ingredients"]] == ["flour"]
    assert transfer.import_document(document, dry_run=True)["counts"]["ingredients"] == {
        "created": 0, "skipped": 1}


def test_a_dry_run_reports_and_writes_nothing(client: TestClient) -> None:
    before = row_counts()
    response = upload(client, "/data/import", SMALL, mode="merge", dry_run="1")
    assert response.status_code == 200
    shown = text(response.text)
    assert "Check only: nothing was written. This merge would create 2 records" in shown
    assert "ingredients 2 0" in shown
    assert row_counts() == before


def test_a_merge_import_writes_and_a_second_reports_what_it_skipped(client: TestClient) -> None:
    document = {**SMALL, "recipes": [{"slug": "shortbread", "name": SCRIPT}]}
    first = upload(client, "/data/import", document, mode="merge")
    assert first.status_code == 200
    assert "Imported: 3 records created" in text(first.text)
    assert {i["slug"] for i in catalog.list_ingredients()} == {"salt", "rye"}

    again = upload(client, "/data/import", document, mode="merge", dry_run="1")
    assert "skip 3 already stored" in text(again.text)
    assert "recipes: shortbread" in text(again.text)


def test_a_slug_that_is_not_a_slug_is_refused_and_shown_as_text(client: TestClient) -> None:
    before = row_counts()
    document = {**SMALL, "recipes": [{"slug": SCRIPT, "name": "Shortbread"}]}

    refused = upload(client, "/data/import", document, mode="merge")

    assert refused.status_code == 422
    assert f"recipes[0].slug: {SCRIPT!r} may use only lower-case letters, digits, '-' and '_'" in (
        text(refused.text)
    )
    assert SCRIPT not in refused.text  # shown as text, never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in refused.text
    assert row_counts() == before


def test_a_bad_document_lists_every_error_and_writes_nothing(client: TestClient) -> None:
    catalog.create_ingredient("Flour")
    before = row_counts()
    response = upload(client, "/data/import", BAD, mode="merge")
    assert response.status_code == 422
    shown = text(response.text)
    assert "cannot be imported (3 errors); nothing was changed" in shown
    for line in ["recipes[0].ingredients[0].quantity: must be greater than 0, not -1",
                 "recipes[0].ingredients[0].unit: unknown unit 'smidge'",
                 f"recipes[0].ingredients[0].ingredient: unknown ingredient '{SCRIPT}'"]:
        assert line in shown
    assert SCRIPT not in response.text
    assert row_counts() == before


def test_a_truncated_file_and_a_missing_header_are_refused(client: TestClient) -> None:
    before = row_counts()
    cut = upload(client, "/data/import", b'{"format": "baketracker", "version": "1", "rec')
    assert cut.status_code == 422 and "not valid JSON at line 1" in text(cut.text)
    headless = upload(client, "/data/import", {"recipes": []})
    assert headless.status_code == 422 and "missing or unknown header" in text(headless.text)
    assert row_counts() == before


def test_replace_needs_the_confirmation_box(client: TestClient) -> None:
    catalog.create_ingredient("Flour")
    before = row_counts()
    refused = upload(client, "/data/import", SMALL, mode="replace")
    assert refused.status_code == 422
    assert 'id="confirm-error">Tick “Replace ALL data”' in refused.text
    assert 'value="replace" checked' in refused.text  # the choice is kept
    assert row_counts() == before

    checked = upload(client, "/data/import", SMALL, mode="replace", dry_run="1")
    assert checked.status_code == 200 and row_counts() == before

    replaced = upload(client, "/data/import", SMALL, mode="replace", confirm="1")
    assert replaced.status_code == 200
    assert "Replaced all data: 2 records created" in text(replaced.text)
    assert {i["slug"] for i in catalog.list_ingredients()} == {"salt", "rye"}


def test_no_file_and_a_file_too_big_are_refused_next_to_the_field(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_page, "MAX_UPLOAD_BYTES", 100)
    big = upload(client, "/data/import", {**SMALL, "notes": "x" * 200}, name="big.json")
    assert big.status_code == 422
    assert 'id="file-error">big.json is larger than' in big.text
    empty = upload(client, "/data/import", b"", name="")
    assert empty.status_code == 422 and 'id="file-error">Choose a file first' in empty.text


def test_backups_download_and_restore(client: TestClient, backend: str) -> None:
    catalog.create_ingredient("Flour")
    json_backup = client.get("/data/backup.json")
    assert json_backup.status_code == 200
    assert 'filename="baketracker-backup-20' in json_backup.headers["content-disposition"]
    assert json_backup.json()["ingredients"][0]["slug"] == "flour"

    sqlite_backup = client.get("/data/backup.sqlite3")
    if backend == "sqlite":
        assert sqlite_backup.status_code == 200
        assert sqlite_backup.content.startswith(b"SQLite format 3\x00")
        assert sqlite_backup.headers["content-disposition"].endswith('.sqlite3"')
        backup_file, name = sqlite_backup.content, "backup.sqlite3"
    else:
        assert sqlite_backup.status_code == 422  # only the embedded database has one
        backup_file, name = json_backup.content, "backup.json"

    catalog.create_ingredient("Sugar")
    before = row_counts()
    unconfirmed = upload(client, "/data/restore", backup_file, name=name)
    assert unconfirmed.status_code == 422 and 'id="confirm-error"' in unconfirmed.text
    dry = upload(client, "/data/restore", backup_file, name=name, dry_run="1")
    assert dry.status_code == 200 and "This replace would create 1 record" in text(dry.text)
    assert row_counts() == before

    restored = upload(client, "/data/restore", backup_file, name=name, confirm="1")
    assert restored.status_code == 200, text(restored.text)
    assert "Replaced all data: 1 record created" in text(restored.text)
    assert [i["slug"] for i in catalog.list_ingredients()] == ["flour"]


def test_a_bad_backup_changes_nothing(client: TestClient) -> None:
    catalog.create_ingredient("Flour")
    before = row_counts()
    response = upload(client, "/data/restore", BAD, confirm="1")
    assert response.status_code == 422
    assert "cannot be imported (3 errors)" in text(response.text)
    assert row_counts() == before


def test_the_demo_button_loads_the_season_once(client: TestClient) -> None:
    loaded = client.post("/data/demo", data={"csrf_token": token(client, "/data")},
                         follow_redirects=False)
    assert loaded.status_code == 303
    assert len(recipes.list_recipes()) >= 10
    before = row_counts()
    again = client.post("/data/demo", data={"csrf_token": token(client, "/data")},
                        follow_redirects=True)
    assert "already has recipes" in again.text and row_counts() == before


def test_uploads_without_the_csrf_token_are_refused(client: TestClient) -> None:
    before = row_counts()
    response = client.post("/data/import", data={"mode": "merge"},
                           files={"file": ("doc.json", json.dumps(SMALL).encode(), "text/json")})
    assert response.status_code == 403
    assert row_counts() == before


def test_an_old_app_file_shows_what_was_mapped_with_counts(client: TestClient) -> None:
    refused = upload(client, "/data/import", nuts(), mode="merge", strict="1")
    assert refused.status_code == 422
    assert "products[0].ingredient_slug: ingredient 'pecans' is a category" in text(refused.text)
    assert catalog.list_ingredients() == []

    response = upload(client, "/data/import", nuts(), mode="merge")

    assert response.status_code == 200
    shown = text(response.text)
    assert "Mapped rather than refused" in shown
    assert "products on a category ingredient, moved to its (unspecified) leaf 1" in shown
    assert "products the file lacks, created from an inventory item's own package fields 1" in (
        shown
    )
    assert "recipes[0].ingredients[0] (Pecan Pie): pecans → pecans_unspecified" in shown
    assert catalog.get_ingredient("pecans_unspecified")["parent_slug"] == "pecans"
