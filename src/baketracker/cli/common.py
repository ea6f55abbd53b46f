"""What every CLI command shares: the console, JSON output, tables and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from baketracker.domain import units
from baketracker.errors import BakeTrackerError, Invalid, exit_code_for

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

JsonOption = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")

class FriendlyGroup(TyperGroup):
    """Turns the project's errors into one clear line and an exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, as vendored by Typer
        try:
            return super().invoke(ctx)
        except BakeTrackerError as exc:
            err_console.print(f"[bold red]Error:[/bold red] {escape(str(exc))}", soft_wrap=True)
            ctx.exit(exit_code_for(exc))
        except DBAPIError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
            err_console.print(
                f"[bold red]Database error:[/bold red] {escape(reason)}", soft_wrap=True
            )
            ctx.exit(1)


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        help=help_text,
        cls=FriendlyGroup,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value.normalize())
        )
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def fmt(value: Any) -> str:
    """A cell for people: trimmed decimals, dates as ISO, None as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")).normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def money(value: Decimal | None) -> str:
    return "" if value is None else f"${value.quantize(Decimal('0.01')):,}"


def qty(value: Decimal, unit: str) -> str:
    return units.format_quantity(value, unit)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left", header_style="bold")
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*(escape(c if isinstance(c, str) else fmt(c)) for c in row))
    console.print(t)


def ok(message: str) -> None:
    console.print(f"[green]✓[/green] {escape(message)}")


def parse_amount_option(text: str, *, field: str) -> tuple[Decimal, str]:
    """'5 lb' → (5, 'lb') with the field named when it fails."""
    try:
        return units.parse_amount(text)
    except Invalid as exc:
        raise Invalid(f"{field}: {exc.message}", field=field) from None
