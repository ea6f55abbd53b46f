"""CLI: `baketracker recipe import FILE|URL|-`: a recipe from text, a saved page or a URL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from baketracker.cli.common import JsonOption, console, fmt, ok, print_json, table
from baketracker.errors import Invalid
from baketracker.services import recipe_import

SourceArgument = typer.Argument(
    help="A text or .html file, an http(s) address, or '-' to read standard input."
)


def _read_source(source: str) -> dict[str, Any]:
    if source.lower().startswith(("http://", "https://")):
        return recipe_import.draft_from_html(recipe_import.fetch_page(source), source)
    if source == "-":
        return recipe_import.draft_from_file(sys.stdin.buffer.read())
    path = Path(source)
    if not path.is_file():
        raise Invalid(f"No file {source!r} (give a file, an https:// address or '-')",
                      field="source")  # fmt: skip
    if path.stat().st_size > recipe_import.MAX_BYTES:
        raise Invalid(f"The file {path.name!r} is larger than 5 MB", field="file")
    return recipe_import.draft_from_file(path.read_bytes(), filename=path.name)


def _matched(line: dict[str, Any]) -> str:
    if line["ingredient_slug"]:
        return f"{line['ingredient_slug']} ({line['score']}%)"
    if line["new_ingredient"]:
        return f"new: {line['new_ingredient']}"
    return ""


def _show(draft: dict[str, Any]) -> None:
    found = draft["yield"]
    made = f"; yield {found['text']}" if found else ""
    console.print(f"[bold]{draft['name'] or '(no title)'}[/bold]{made}")
    rows = [
        [str(n), line["text"], fmt(line["quantity"]), line["unit"] or "", _matched(line),
         line["note"] or "", "optional" if line["optional"] else (line["problem"] or "")]
        for n, line in enumerate(draft["lines"], start=1)
    ]  # fmt: skip
    table(None, ["#", "Line", "Qty", "Unit", "Ingredient", "Note", "Problem"], rows)


def recipe_import_command(
    source: Annotated[str, SourceArgument],
    slug: Annotated[str | None, typer.Option(help="Portable key; derived from the name.")] = None,
    name: Annotated[
        str | None, typer.Option(help="The recipe's name, if the source has none.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the draft, save nothing.")
    ] = False,
    into: Annotated[
        str | None, typer.Option("--into", help="Add the lines to this existing recipe.")
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Import a recipe: each line is matched to the catalog (unknown ingredients are created
    as provisional); a line that cannot be read stops the import, naming the line."""
    draft = _read_source(source)
    if name:
        draft["name"] = name
    if as_json and dry_run:
        print_json(draft)
        return
    if not as_json:
        _show(draft)
    if dry_run:
        return
    if into:
        added = recipe_import.add_draft_lines(into, draft)
        if as_json:
            print_json(added)
        else:
            count = len(draft["lines"])
            lines = f"{count} line" + ("s" if count != 1 else "")
            ok(f"Added {lines} to {added['name']} ({added['slug']})")
        return
    saved = recipe_import.save_draft(draft, slug=slug)
    if as_json:
        print_json(saved)
        return
    made = ", ".join(u["slug"] for u in saved["finished_units"])
    ok(f"Imported recipe {saved['name']} ({saved['slug']}) with "
       f"{len(saved['ingredients'])} lines" + (f"; yields {made}" if made else ""))  # fmt: skip


def register(recipe_app: typer.Typer) -> None:
    recipe_app.command("import")(recipe_import_command)
