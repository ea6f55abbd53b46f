"""CLI: what a package contains (and why), an event's allergen warnings, the checked mark."""

from __future__ import annotations

from typing import Annotated

import typer

from baketracker.cli.common import JsonOption, console, ok, print_json, table
from baketracker.services import allergens


def _show(result: allergens.AllergenRollup, title: str) -> None:
    if result["status"] == "unknown":
        console.print(f"[bold]{title}[/bold]: [yellow]unknown[/yellow] — not yet checked: "
                      f"{', '.join(result['unknown_names'])}")
        if result["label_contains"]:
            console.print(f"Contains at least: {result['label_contains']}")
    else:
        console.print(f"[bold]{title}[/bold] contains: "
                      f"{result['label_contains'] or 'none of the major allergens'}")
    if result["label_may_contain"]:
        console.print(f"May contain: {result['label_may_contain']}")
    for line in result["explanation"]:
        console.print(f"  {line}", markup=False, highlight=False)


def allergens_command(
    package: Annotated[str, typer.Argument(help="Package name or id.")],
    recipe: Annotated[
        bool, typer.Option("--recipe", help="PACKAGE names a recipe (slug) instead.")
    ] = False,
    good: Annotated[
        bool, typer.Option("--good", help="PACKAGE names a finished good (slug) instead.")
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """What a package (or a recipe, a finished good) contains, may contain, and why."""
    if recipe:
        result = allergens.for_recipe(package)
    elif good:
        result = allergens.for_good(package)
    else:
        result = allergens.for_package(int(package) if package.isdigit() else package)
    if as_json:
        print_json(result)
    else:
        _show(result, package)


def warnings_command(
    event: Annotated[str, typer.Argument(help="Event name or id.")],
    as_json: bool = JsonOption,
) -> None:
    """Boxes that bring what their recipient avoids, or hold an unchecked ingredient."""
    rows = allergens.warnings_for_event(event)
    if as_json:
        print_json(rows)
        return
    if not rows:
        ok("No allergen warnings")
        return
    table(
        "Allergen warnings",
        ["Assignment", "Recipient", "Package", "Warning", "Checked"],
        [[w["assignment_id"], w["recipient"], w["package"], w["message"],
          w["checked_by"] or "not yet"] for w in rows],
    )


def checked_command(
    assignment: Annotated[int, typer.Argument(help="Package assignment id.")],
    by: Annotated[str, typer.Option("--by", help="Who checked the box is OK.")],
) -> None:
    """Mark an assignment's allergen warning "checked, OK" (records who and when)."""
    saved = allergens.mark_checked(assignment, by=by)
    ok(f"Assignment {saved['assignment_id']} checked by {saved['checked_by']}")


def register(app: typer.Typer) -> None:
    app.command("allergens")(allergens_command)
    app.command("allergen-warnings")(warnings_command)
    app.command("allergen-checked")(checked_command)
