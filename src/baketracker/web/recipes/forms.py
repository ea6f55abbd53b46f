"""Reading what bakers type on the recipe forms into service arguments.

"flour: 2 1/2 cups" is an ingredient line, "Pie crust: 2" a sub-recipe and its batches,
"Sugar cookie: 24" (or "Cake: 1 batch", "Half cake: 50%") what a batch yields. Every
refusal names the form field it belongs to and the line that was not understood.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from slugify import slugify

from baketracker.domain import units
from baketracker.domain.yields import yield_amount
from baketracker.errors import Invalid

# Service field names → the create form's fields.
CREATE_FIELDS = {
    "quantity": "ingredients",
    "unit": "ingredients",
    "ingredient": "ingredients",
    "multiplier": "components",
    "items_per_batch": "units",
    "batch_portion": "units",
    "finished_units": "units",
    "slug": "name",
}
# … and the detail page's row forms.
LINE_FIELDS = {"quantity": "amount", "unit": "amount", "ingredients": "ingredient"}
COMPONENT_FIELDS = {"components": "component", "recipe": "component"}
UNIT_FIELDS = {
    "name": "unit_name",
    "slug": "unit_name",
    "items_per_batch": "unit_amount",
    "batch_portion": "unit_amount",
}

def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def split_pair(
    line: str, *, field: str, example: str, number: int | None = None
) -> tuple[str, str]:
    """'flour: 2 cups' → ('flour', '2 cups'); Invalid on `field` otherwise."""
    left, sep, right = line.rpartition(":")
    if not sep or not left.strip() or not right.strip():
        where = f"Line {number} " if number else ""
        raise Invalid(f"{where}“{line}”: write it as “{example}”", field=field)
    return left.strip(), right.strip()


def find(text: str, rows: Iterable[Mapping[str, Any]], *, what: str, field: str) -> str:
    """The slug of the row named by `text`: its slug, its name (any case), or the one name
    containing it. Invalid on `field` when nothing or several match."""
    wanted = text.strip()
    folded, slugged = wanted.casefold(), slugify(wanted)
    rows = list(rows)
    for row in rows:
        if wanted == row["slug"] or folded == str(row["name"]).casefold():
            return str(row["slug"])
    for row in rows:
        if slugged and slugged == row["slug"]:
            return str(row["slug"])
    # Part of a name finds only what a recipe can use (a category's exact name is kept above,
    # so the service can say which of its sub-ingredients to choose).
    partial = [row for row in rows if folded and row.get("is_leaf", True)
               and folded in str(row["name"]).casefold()]
    if len(partial) == 1:
        return str(partial[0]["slug"])
    if partial:
        names = ", ".join(str(r["name"]) for r in partial[:5])
        raise Invalid(f"“{wanted}” matches several {what}s ({names}): type more of the name",
                      field=field)
    raise Invalid(f"No {what} is called “{wanted}”", field=field)


def amount(text: str, *, field: str, label: str) -> tuple[Decimal, str]:
    """'2 1/2 cups' → (2.5, 'cup'); an unreadable amount is Invalid on `field`."""
    try:
        return units.parse_amount(text)
    except Invalid as exc:
        raise Invalid(f"{label}: {exc.message}", field=field) from None


def ingredient_lines(
    text: str, ingredients: Iterable[Mapping[str, Any]]
) -> list[tuple[str, Decimal, str]]:
    """One (ingredient slug, quantity, unit) per non-blank line of 'flour: 2 1/2 cups'."""
    rows = list(ingredients)
    out = []
    for number, line in _lines(text):
        name, written = split_pair(line, field="ingredients", example="flour: 2 1/2 cups",
                                   number=number)
        slug = find(name, rows, what="ingredient", field="ingredients")
        quantity, unit = amount(written, field="ingredients", label=f"Line {number} “{line}”")
        out.append((slug, quantity, unit))
    return out


def multiplier(text: str, *, field: str, label: str) -> Decimal:
    try:
        return units.to_decimal(text.strip() or "1", field=field)
    except Invalid as exc:
        raise Invalid(f"{label}: {exc.message}", field=field) from None


def component_lines(
    text: str, recipes: Iterable[Mapping[str, Any]]
) -> list[tuple[str, Decimal]]:
    """One (recipe slug, batches) per non-blank line of 'Pie crust: 2' (a bare name is 1)."""
    rows = list(recipes)
    out = []
    for number, line in _lines(text):
        name, batches = (
            split_pair(line, field="components", example="Pie crust: 2", number=number)
            if ":" in line else (line, "1")
        )
        slug = find(name, rows, what="recipe", field="components")
        out.append((slug, multiplier(batches, field="components", label=f"Line {number}")))
    return out


def yield_spec(name: str, written: str, *, field: str) -> dict[str, Any]:
    """'24' → 24 items a batch; '1 batch' or '50%' → the share of a batch one unit takes."""
    try:
        key, value = yield_amount(written)
    except Invalid:
        raise Invalid(
            f"{name}: “{written}” is not a yield; write a count (24), a batch share "
            "(1 batch) or a percentage (50%)",
            field=field,
        ) from None
    return {"name": name, key: value}


def unit_lines(text: str) -> list[dict[str, Any]]:
    """One finished-unit spec per non-blank line of 'Sugar cookie: 24'."""
    out = []
    for number, line in _lines(text):
        name, written = split_pair(line, field="units", example="Sugar cookie: 24", number=number)
        out.append(yield_spec(name, written, field="units"))
    return out


def unit_spec(name: str, written: str, kind: str) -> dict[str, Any]:
    """The detail page's finished-unit row: a name, a number and what the number means."""
    if not name.strip():
        raise Invalid("Name what the batch makes, such as “Sugar cookie”", field="unit_name")
    if not written.strip():
        raise Invalid("How many does a batch make?", field="unit_amount")
    try:
        value = units.to_decimal(written.strip(), field="unit_amount")
    except Invalid as exc:
        raise Invalid(exc.message, field="unit_amount") from None
    key = "batch_portion" if kind == "portion" else "items_per_batch"
    return {"name": name.strip(), key: value}
