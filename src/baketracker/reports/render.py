"""Sheets as documents: print-styled HTML (Jinja2), PDF (WeasyPrint) and CSV.

The HTML page and the PDF come from the same template and stylesheet. In the browser
the page links its stylesheet and script (the app's CSP allows no inline ones); the PDF
gets the stylesheet handed to WeasyPrint, which may fetch nothing but `data:` URLs and
files in this package's template folder — never the network.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES_DIR / "sheet.css"
PHONE_STYLESHEET = TEMPLATES_DIR / "phone.css"
SCRIPT = TEMPLATES_DIR / "print.js"
Paper = Literal["letter", "a4"]
PAPER_SIZES: dict[str, str] = {"letter": "letter", "a4": "A4"}
TEMPLATES = {"shopping": "shopping.html", "bake-day": "bake_day.html", "labels": "labels.html"}

CSV_FIELDS = [
    "group",
    "item",
    "kind",
    "to_buy",
    "unit",
    "to_buy_display",
    "product",
    "package_size",
    "packages",
    "price_per_package",
    "estimated_cost",
    "flag",
]


def money(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return f"${Decimal(value).quantize(Decimal('0.01')):,}"


def number(value: Decimal | int | None) -> str:
    """A plain number for people: at most 2 decimals, no exponent, no trailing zeros."""
    if value is None:
        return ""
    text = format(Decimal(value).quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(count: Decimal | int, word: str, many: str | None = None) -> str:
    """ "1 batch", "2.5 batches": the count and the word that goes with it."""
    return f"{number(count)} {word if Decimal(count) == 1 else many or word + 's'}"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, number=number)
    env.globals["plural"] = plural
    return env


def html(
    sheet: Mapping[str, Any],
    *,
    pdf: bool = False,
    links: Mapping[str, str] | None = None,
    stylesheet_url: str = "/sheets/sheet.css",
    phone_stylesheet_url: str = "/sheets/phone.css",
    script_url: str = "/sheets/print.js",
) -> str:
    """The sheet as a standalone page. `links` (for the browser toolbar) maps labels to
    URLs; with `pdf=True` there is no toolbar and no linked stylesheet or script."""
    template = _environment().get_template(TEMPLATES[sheet["kind"]])
    return template.render(
        sheet=sheet,
        event=sheet["event"],
        pdf=pdf,
        links=dict(links or {}),
        stylesheet_url=stylesheet_url,
        phone_stylesheet_url=phone_stylesheet_url,
        script_url=script_url,
        printed=datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def phone_stylesheet() -> str:
    """The narrow-screen layout: browser only (WeasyPrint knows no width media queries)."""
    return PHONE_STYLESHEET.read_text(encoding="utf-8")


def script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


def _url_fetcher() -> Any:
    """A WeasyPrint fetcher for `data:` URLs and files under TEMPLATES_DIR, and nothing else."""
    from weasyprint.urls import URLFetcher

    root = TEMPLATES_DIR.resolve().as_uri() + "/"

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or (url.startswith(root) and ".." not in url):
                return super().fetch(url, headers)
            raise ValueError(f"Sheets may not load {url!r}")

    return LocalOnly(allowed_protocols=("data", "file"))


def pdf(sheet: Mapping[str, Any], *, paper: Paper = "letter") -> bytes:
    """The sheet as a PDF on `paper` (US letter or A4), with page numbers."""
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher()
    size = PAPER_SIZES.get(paper, "letter")
    document = HTML(
        string=html(sheet, pdf=True),
        base_url=TEMPLATES_DIR.resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    styles = [
        CSS(string=stylesheet(), url_fetcher=fetcher),
        CSS(string=f"@page {{ size: {size}; }}", url_fetcher=fetcher),
    ]
    result: bytes = document.write_pdf(stylesheets=styles)
    return result


def _plain(value: Decimal) -> str:
    """Exact digits without an exponent or trailing zeros: 6.490000 → 6.49, 2E+1 → 20."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(value: object) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain(value)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _money_cell(value: Decimal | None) -> str:
    """Money with cents ("6.49", "8.00"), or every digit when a price has more."""
    if value is None:
        return ""
    cents = value.quantize(Decimal("0.01"))
    return format(cents, "f") if cents == value else _plain(value)


def shopping_csv(sheet: Mapping[str, Any]) -> str:
    """One row per shopping line, in the sheet's order, with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for line in sheet["lines"]:
        row = {
            "group": line["group"],
            "item": line["name"],
            "kind": line["kind"],
            "to_buy": line["to_buy"],
            "unit": line["unit"],
            "to_buy_display": line["to_buy_display"],
            "product": line["product_name"],
            "package_size": line["package_size"],
            "packages": line["packages"],
            "price_per_package": _money_cell(line["price_per_package"]),
            "estimated_cost": _money_cell(line["estimated_cost"]),
            "flag": line["flag"],
        }
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()
