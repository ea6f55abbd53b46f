"""The printable sheets over HTTP: each URL and format, PDFs counted with pdfinfo and
turned into PNGs (test-artifacts/sheets/) to look at, CSV read back, escaping, 404s."""

from __future__ import annotations

import csv
import io
import logging
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.reports import render
from baketracker.services import events, goods, planning, recipes
from tests.conftest import fresh_database_url
from tests.integration.test_reports import XMAS, Row, build_season
from tests.support.apps import web_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "sheets"
SHEETS = ["shopping", "bake-day", "labels"]


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """SQLite only: the sheet data is tested on both databases in
    tests/integration/test_reports.py; here PDF rendering is the slow part."""
    yield from fresh_database_url("sqlite", request, tmp_path)


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def season(db: str) -> dict[str, Any]:
    return build_season()


def url(event: dict[str, Any], sheet: str, ext: str = "") -> str:
    return f"/events/{event['id']}/sheets/{sheet}{ext}"


def pdf_pages(content: bytes, name: str) -> tuple[int, str, list[Path]]:
    """Save the PDF, count its pages and read its paper size (pdfinfo), turn every page
    into a PNG at 60 dpi (pdftoppm) to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(content)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:.*\((\w+)\)", info.stdout, re.M)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True)
    return pages, size.group(1) if size else "", sorted(ARTIFACTS.glob(f"{name}-*.png"))


def pdf_text(content: bytes, page: int | None = None) -> str:
    only = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-layout", *only, "-", "-"], input=content, check=True,
                          capture_output=True)
    return done.stdout.decode("utf-8")


def test_each_sheet_is_a_standalone_print_page(client: TestClient, season: Row) -> None:
    for sheet in SHEETS:
        response = client.get(url(season, sheet))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert 'href="/sheets/sheet.css"' in page and "data-print" in page
        assert "Christmas 2026" in page and 'class="site-header"' not in page
        assert f'href="{url(season, sheet, ".pdf")}"' in page
        for other in SHEETS:
            if other != sheet:
                assert f'href="{url(season, other)}"' in page


def test_the_sheet_stylesheets_and_script_are_served_for_the_pages() -> None:
    client = TestClient(web_app())  # no database involved
    css = client.get("/sheets/sheet.css")
    assert (css.status_code, css.headers["content-type"].split(";")[0]) == (200, "text/css")
    assert "@media print" in css.text and '"DejaVu Sans"' in css.text
    phone = client.get("/sheets/phone.css")
    assert phone.status_code == 200 and "table.lines" in phone.text
    js = client.get("/sheets/print.js")
    assert js.status_code == 200 and "window.print()" in js.text
    assert "javascript" in js.headers["content-type"]


def test_the_shopping_page_shows_groups_subtotals_and_total(
    client: TestClient, season: Row
) -> None:
    page = client.get(url(season, "shopping")).text
    for text in ("Flour subtotal", "Other ingredients", "Packaging", "Gift boxes, 10 pack",
                 "$18.99", "2 lines without a known price are not in the total",
                 "no price known yet"):
        assert text in page


def test_each_sheet_renders_as_a_pdf_named_after_the_event(
    client: TestClient, season: Row, caplog: pytest.LogCaptureFixture
) -> None:
    texts = {}
    for sheet in SHEETS:
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            response = client.get(url(season, sheet, ".pdf"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert f'filename="{sheet}-christmas-2026.pdf"' in response.headers["content-disposition"]
        pages, paper, pngs = pdf_pages(response.content, sheet)
        assert (pages, paper, len(pngs)) == (1, "letter", 1)
        texts[sheet] = pdf_text(response.content)
        assert "Christmas 2026" in texts[sheet] and "Page 1 of 1" in texts[sheet]
    # No ignored CSS, no font or resource that failed to load.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert "$18.99" in texts["shopping"] and "Flour subtotal" in texts["shopping"]
    assert re.search(r"All-purpose flour\s+2\.4 kg\s+1\.2 kg", texts["bake-day"])
    assert "Sub-recipe: Royal icing" in texts["bake-day"]
    assert "Contains:" in texts["labels"] and "No nuts" not in texts["labels"]
    assert "box 2 of 2" in texts["labels"]


def test_eight_labels_fit_on_a_page(client: TestClient, season: Row) -> None:
    carol = events.create_recipient("Carol King", household="The Kings")
    events.assign_package(XMAS, carol["id"], "Small box", 6)  # 3 + 6 = 9 boxes
    for paper, size in (("letter", "letter"), ("a4", "A4")):
        response = client.get(url(season, "labels", ".pdf") + f"?paper={paper}")
        pages, paper_size, pngs = pdf_pages(response.content, f"labels-9-{paper}")
        assert (pages, paper_size, len(pngs)) == (2, size, 2)
        assert pdf_text(response.content, page=1).count("FOR") == 8
        assert "box 6 of 6" in pdf_text(response.content, page=2)
    assert client.get(url(season, "labels", ".pdf") + "?paper=a5").status_code == 422


def test_the_shopping_csv_reads_back_one_row_per_line(client: TestClient, season: Row) -> None:
    response = client.get(url(season, "shopping", ".csv"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="shopping-christmas-2026.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == render.CSV_FIELDS
    assert [(r["item"], r["kind"], r["packages"], r["estimated_cost"]) for r in rows] == [
        ("All-purpose flour", "ingredient", "1", "6.49"),
        ("Granulated sugar", "ingredient", "1", ""),
        ("Butter", "ingredient", "1", "4.50"),
        ("Vanilla extract", "ingredient", "", ""),
        ("Gift box", "material", "1", "8.00"),
    ]
    assert rows[3]["flag"] == "no product in the catalog"


def test_an_unknown_event_is_the_not_found_page(client: TestClient) -> None:
    for path in [f"{sheet}{ext}" for sheet in SHEETS for ext in ("", ".pdf")] + ["shopping.csv"]:
        response = client.get(f"/events/999/sheets/{path}")
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "999" in response.text


def test_names_are_text_in_the_page_and_the_pdf(client: TestClient, season: Row) -> None:
    evil = "<script>alert(1)</script>"
    recipes.create_recipe(evil, ingredients=[("butter", 10, "g")],
                          finished_units=[{"name": "<b>bite</b>", "items_per_batch": 10}])
    goods.create_finished_good("Bites", components=[{"finished_unit": "b-bite-b", "quantity": 2}])
    goods.create_package("<i>Hamper</i>", contents=[("bites", 1)])
    who = events.create_recipient(evil, dietary_notes="<u>no nuts</u>")
    events.assign_package(XMAS, who["id"], "<i>Hamper</i>", 1)
    planning.set_targets_from_packages(XMAS)
    for sheet in ("bake-day", "labels"):
        page = client.get(url(season, sheet)).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<b>bite" not in page and "<i>Hamper" not in page
        response = client.get(url(season, sheet, ".pdf"))
        pdf_pages(response.content, f"{sheet}-escaped")
        assert evil in pdf_text(response.content)
    # A recipient's private note is not printed on a box label (allergen lines are).
    labels = pdf_text(client.get(url(season, "labels", ".pdf")).content)
    assert "no nuts" not in labels and "Contains:" in labels


def test_the_pdf_renderer_fetches_nothing_from_the_network() -> None:
    fetcher = render._url_fetcher()
    for address in ("http://example.com/logo.png", "https://example.com/font.woff",
                    "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(address)
    sheet = {"kind": "labels", "title": "Box labels", "labels": [], "boxes": 0,
             "recipients": 0, "event": {"name": "x", "date_text": ""}}
    assert render.pdf(sheet).startswith(b"%PDF")
