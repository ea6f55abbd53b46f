"""Recipes from pasted text, a saved web page or a URL: a reviewable draft, then a recipe.

A draft is plain data (see API.md "Data in"): nothing is dropped, a line that cannot be
read keeps its text and the reason. Saving creates the proposed ingredients and the
recipe in one transaction, or refuses naming the line and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from baketracker.db import AUTO, transactional
from baketracker.domain import units
from baketracker.domain.ingredient_lines import IngredientLine, read_ingredient_line
from baketracker.domain.recipe_text import read_recipe_text, step_text
from baketracker.domain.yields import Yield, read_yield
from baketracker.errors import Invalid
from baketracker.models import Ingredient
from baketracker.services import catalog, recipes
from baketracker.services.ingredient_matching import MATCH_AT, CatalogIndex, catalog_index
from baketracker.services.lookup import get_recipe_row
from baketracker.services.permissions import requires
from baketracker.services.recipe_lines import add_line

__all__ = [
    "MAX_BYTES",
    "add_draft_lines",
    "draft_from_file",
    "draft_from_html",
    "draft_from_text",
    "fetch_page",
    "looks_like_html",
    "save_draft",
]

MAX_BYTES: Final = 5 * 1024 * 1024
_NOTE_LIMIT: Final = 200  # recipe_ingredients.note is String(200)
# recipe-scrapers needs a page address to pick a site's own reader; a pasted page has
# none, so its schema.org data is read by the generic reader.
_NO_ADDRESS: Final = "https://pasted.invalid/recipe"
T = TypeVar("T")


def _check_text(text: object, *, what: str, field: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise Invalid(f"The {what} is empty: paste a recipe or choose a file", field=field)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise Invalid(f"The {what} is larger than 5 MB; import one recipe at a time", field=field)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if "\x00" in text or controls > len(text) // 20:
        raise Invalid(f"The {what} is not text (it looks like a binary file)", field=field)
    return text


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or "<script" in head or "<body" in head


def _line(index: CatalogIndex, section: str | None, read: IngredientLine) -> dict[str, Any]:
    match = index.best(read.ingredient) if read.ingredient else None
    matched = match is not None and match.score >= MATCH_AT
    return {
        "text": read.text,
        "quantity": read.quantity,
        "quantity_text": read.quantity_text,
        "unit": read.unit,
        "ingredient_text": read.ingredient,
        "ingredient_slug": match.slug if match and matched else None,
        "ingredient_name": match.name if match and matched else None,
        "score": match.score if match else 0,
        "new_ingredient": None if matched else read.ingredient,
        "note": read.note,
        "optional": read.optional,
        "section": section,
        "problem": read.problem,
    }


def _draft(
    name: str | None,
    found_yield: Yield | None,
    lines: list[dict[str, Any]],
    steps: Sequence[str],
    notes: Sequence[str],
    source_url: str | None,
) -> dict[str, Any]:
    return {
        "name": name,
        "yield": found_yield.as_dict() if found_yield else None,
        "instructions": "\n".join(steps) or None,
        "notes": "\n".join(notes) or None,
        "source_url": source_url,
        "lines": lines,
    }


@transactional(read_only=True)
@requires("edit")  # a draft is the first step of writing a recipe
def draft_from_text(text: str, *, session: Session = AUTO) -> dict[str, Any]:
    """Read a pasted recipe (title, yield line, ingredient lines, steps) into a draft.

    Each line is matched against the catalog (score 0–100; at 80 or more the ingredient is
    preselected, else a new ingredient is proposed). Raises Invalid(field="text") for
    empty text, binary junk, more than 5 MB, or text without ingredient lines.
    """
    text = _check_text(text, what="pasted text", field="text")
    parts = read_recipe_text(text)
    if not parts.lines:
        raise Invalid(
            "The pasted text has no ingredient lines: put one ingredient on each line, "
            "starting with its amount, such as '2 cups flour'",
            field="text",
        )
    index = catalog_index(session)
    lines = [_line(index, entry.section, entry.line) for entry in parts.lines]
    return _draft(parts.name, parts.recipe_yield, lines, parts.steps, parts.notes, None)


def _safe(read: Callable[[], T]) -> T | None:
    from recipe_scrapers._exceptions import RecipeScrapersExceptions

    try:
        return read()
    except (RecipeScrapersExceptions, AttributeError, KeyError, IndexError, TypeError, ValueError):
        # A page's recipe data is often partial: a missing field is simply not there.
        return None


def _scraped_lines(scraper: Any) -> list[tuple[str | None, str]]:
    groups = _safe(scraper.ingredient_groups) or []
    out = [
        (group.purpose or None, text)
        for group in groups
        for text in group.ingredients
        if isinstance(text, str) and text.strip()
    ]
    if out:
        return out
    return [(None, t) for t in _safe(scraper.ingredients) or [] if isinstance(t, str) and t.strip()]


@transactional(read_only=True)
@requires("edit")  # a draft is the first step of writing a recipe
def draft_from_html(
    html: str, url: str | None = None, *, session: Session = AUTO
) -> dict[str, Any]:
    """Read a recipe web page through its schema.org Recipe data (JSON-LD, @graph, microdata).

    The page is only parsed, never run: scripts stay text. Raises Invalid(field="html")
    for an empty, binary or oversized page and for a page without recipe data.
    """
    from recipe_scrapers import scrape_html

    html = _check_text(html, what="page", field="html")
    try:
        scraper = scrape_html(html, url or _NO_ADDRESS, supported_only=False)
    except Exception as error:  # recipe-scrapers may fail any way on an untrusted page
        raise Invalid(
            "This page has no recipe data (schema.org Recipe); copy the recipe text and "
            "paste it instead",
            field="html",
        ) from error
    found = _scraped_lines(scraper)
    if not found:
        raise Invalid(
            "This page has recipe data but no ingredient lines; paste the recipe text instead",
            field="html",
        )
    index = catalog_index(session)
    lines = [_line(index, section, read_ingredient_line(text)) for section, text in found]
    raw_yield = _safe(scraper.yields)
    found_yield = read_yield(raw_yield) if isinstance(raw_yield, str) and raw_yield else None
    steps = _safe(scraper.instructions_list) or []
    description = _safe(scraper.description)
    title = _safe(scraper.title)
    return _draft(
        title if isinstance(title, str) and title.strip() else None,
        found_yield,
        lines,
        [step_text(s) for s in steps if isinstance(s, str) and s.strip()],
        [description] if isinstance(description, str) and description.strip() else [],
        url,
    )


@transactional(read_only=True)
@requires("edit")  # a draft is the first step of writing a recipe
def draft_from_either(
    *, text: str | None = None, html: str | None = None, url: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """A draft from exactly one of `text` (a pasted recipe) or `html` (a saved page)."""
    if (text is None) == (html is None):
        raise Invalid("Send either `text` (a pasted recipe) or `html` (a saved page)", field="text")
    if text is not None:
        return draft_from_text(text, session=session)
    return draft_from_html(html or "", url, session=session)


@transactional(read_only=True)
@requires("edit")  # a draft is the first step of writing a recipe
def draft_from_file(
    content: bytes, *, filename: str | None = None, session: Session = AUTO
) -> dict[str, Any]:
    """A draft from an uploaded file: a saved web page (.html) or plain text.

    Raises Invalid(field="file") for a file over 5 MB, binary junk or text not in UTF-8.
    """
    label = f"The file {filename!r}" if filename else "The file"
    if len(content) > MAX_BYTES:
        raise Invalid(f"{label} is larger than 5 MB; import one recipe at a time", field="file")
    if not content.strip():
        raise Invalid(f"{label} is empty", field="file")
    if b"\x00" in content:
        raise Invalid(f"{label} is not text (it looks like a binary file)", field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(f"{label} is not UTF-8 text", field="file") from None
    if looks_like_html(text) or (filename or "").lower().endswith((".html", ".htm")):
        return draft_from_html(text, session=session)
    return draft_from_text(text, session=session)


def fetch_page(url: str, *, timeout: float = 5.0, transport: Any = None) -> str:
    """Fetch a recipe page (http or https), with a short timeout.

    Raises Invalid(field="url") for an address that is not http(s), when the machine is
    offline or the site does not answer, and for pages that are not text or over 5 MB.
    """
    import httpx

    address = (url or "").strip()
    if not address.lower().startswith(("http://", "https://")):
        raise Invalid(f"'{address}' is not a web address (start it with https://)", field="url")
    try:
        with httpx.Client(timeout=timeout, transport=transport, follow_redirects=True) as client:
            response = client.get(address, headers={"User-Agent": "baketracker recipe import"})
    except httpx.HTTPError as error:
        raise Invalid(
            f"Could not fetch {address}: this machine seems offline or the site did not "
            "answer. Save the page from your browser and upload the file instead",
            field="url",
        ) from error
    if response.status_code >= 400:
        raise Invalid(f"{address} answered {response.status_code}", field="url")
    if len(response.content) > MAX_BYTES:
        raise Invalid(f"The page at {address} is larger than 5 MB", field="url")
    return response.text


# --- saving ------------------------------------------------------------------------------


def _record(number: int, line: Mapping[str, Any]) -> str:
    return f"Line {number} ('{str(line.get('text') or '').strip()}')"


def _text_of(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _checked_line(number: int, line: object) -> dict[str, Any] | None:
    """The line as (ingredient ref, quantity, unit, note), None for a bare optional line."""
    if not isinstance(line, Mapping):
        raise Invalid(f"Line {number} is not a draft line", record=f"Line {number}", field="lines")
    record = _record(number, line)
    ingredient = _text_of(line.get("ingredient_slug")) or _text_of(line.get("new_ingredient"))
    quantity, unit = line.get("quantity"), _text_of(line.get("unit"))
    if quantity in (None, "") or unit is None or ingredient is None:
        if line.get("optional"):
            return None
        missing = "ingredient" if ingredient is None else "quantity" if unit else "unit"
        if quantity in (None, ""):
            missing = "quantity"
        raise Invalid(
            f"{record} has no {missing}: fill it in, mark the line optional, or remove it",
            record=record,
            field=missing,
        )
    amount = units.to_decimal(quantity, field="quantity", record=record)
    if amount <= 0:
        raise Invalid(f"{record}: the quantity must be greater than zero", record=record,
                      field="quantity")  # fmt: skip
    try:
        canonical = units.canonical_unit(unit)
    except Invalid as error:
        raise Invalid(f"{record}: {error.message}", record=record, field="unit") from None
    note = "; ".join(p for p in (_text_of(line.get("section")), _text_of(line.get("note"))) if p)
    if line.get("optional") and "optional" not in note.lower():
        note = "; ".join(p for p in (note, "optional") if p)
    if len(note) > _NOTE_LIMIT:
        raise Invalid(f"{record}: the note is longer than {_NOTE_LIMIT} characters",
                      record=record, field="note")  # fmt: skip
    return {
        "slug": _text_of(line.get("ingredient_slug")),
        "new": _text_of(line.get("new_ingredient")),
        "quantity": amount,
        "unit": canonical,
        "note": note or None,
    }


def _lines(draft: object) -> tuple[list[dict[str, Any]], list[str]]:
    """Checked lines to save, and the optional lines without an amount (kept as notes)."""
    if not isinstance(draft, Mapping) or not isinstance(draft.get("lines"), Sequence):
        raise Invalid("A draft is a dict with `lines`", field="lines")
    saved, optional = [], []
    for number, line in enumerate(draft["lines"], start=1):
        checked = _checked_line(number, line)
        if checked is None:
            optional.append(str(line.get("text") or line.get("new_ingredient") or "").strip())
        else:
            saved.append(checked)
    if not saved:
        raise Invalid("The draft has no ingredient line to save", field="lines")
    return saved, [text for text in optional if text]


def _ingredient_refs(session: Session, lines: list[dict[str, Any]]) -> list[str]:
    """Each line's ingredient slug; proposed ingredients are created (provisional) once."""
    created: dict[str, str] = {}
    refs = []
    for line in lines:
        if line["slug"]:
            refs.append(line["slug"])
            continue
        key = line["new"].lower()
        if key not in created:
            existing = session.scalar(
                select(Ingredient.slug).where(func.lower(Ingredient.name) == key).limit(1)
            )
            created[key] = (
                existing
                or catalog.create_ingredient(line["new"], provisional=True, session=session)["slug"]
            )
        refs.append(created[key])
    return refs


def _finished_units(name: str, draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = draft.get("yield")
    if not isinstance(found, Mapping) or found.get("count") in (None, ""):
        return []
    count = units.to_decimal(found["count"], field="yield", record=f"Recipe {name!r}")
    if count <= 0:
        raise Invalid(f"Recipe {name!r}: the yield must be greater than zero", field="yield")
    return [{"name": name, "items_per_batch": count}]


def _notes(draft: Mapping[str, Any], optional: list[str]) -> str | None:
    parts = [_text_of(draft.get("notes"))]
    parts += [f"Optional: {text}" for text in optional]
    if _text_of(draft.get("source_url")):
        parts.append(f"Source: {draft['source_url']}")
    if isinstance(draft.get("yield"), Mapping) and _text_of(draft["yield"].get("text")):
        parts.append(f"Yield as written: {draft['yield']['text']}")
    return "\n".join(p for p in parts if p) or None


@transactional
@requires("edit")
def save_draft(
    draft: Mapping[str, Any], *, slug: str | None = None, session: Session = AUTO
) -> dict[str, Any]:
    """Save a (reviewed) draft as a recipe, creating its proposed ingredients, all or nothing.

    The yield count becomes the finished unit ("24 cookies" → 24 per batch); optional lines
    without an amount ("Pinch of salt") are kept in the recipe's notes. Returns what
    recipes.create_recipe returns. Raises Invalid naming the line that lacks a quantity,
    unit or ingredient (unless optional), Conflict (slug taken).
    """
    name = _text_of(draft.get("name")) if isinstance(draft, Mapping) else None
    if name is None:
        raise Invalid("Name the recipe before saving it", record="Recipe", field="name")
    lines, optional = _lines(draft)
    units_made = _finished_units(name, draft)
    refs = _ingredient_refs(session, lines)
    return recipes.create_recipe(
        name,
        ingredients=[
            (ref, line["quantity"], line["unit"], line["note"])
            for ref, line in zip(refs, lines, strict=True)
        ],
        finished_units=units_made,
        slug=slug,
        instructions=_text_of(draft.get("instructions")),
        notes=_notes(draft, optional),
        session=session,
    )


@transactional
@requires("edit")
def add_draft_lines(
    recipe: object, draft: Mapping[str, Any], *, session: Session = AUTO
) -> dict[str, Any]:
    """Add a draft's ingredient lines to an existing recipe (the same checks as save_draft).

    Returns the recipe as recipes.get_recipe does. Raises Invalid naming the line, NotFound.
    """
    row = get_recipe_row(session, recipe)
    lines, optional = _lines(draft)
    for ref, line in zip(_ingredient_refs(session, lines), lines, strict=True):
        add_line(session, row, ref, line["quantity"], line["unit"], line["note"])
    if optional:
        kept = "\n".join(f"Optional: {text}" for text in optional)
        row.notes = f"{row.notes}\n{kept}" if row.notes else kept
        session.flush()
    return recipes.get_recipe(row.id, session=session)
