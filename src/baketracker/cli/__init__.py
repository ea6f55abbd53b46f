"""The `baketracker` command: thin Typer commands over the services."""

from __future__ import annotations

from typing import Annotated

import typer

from baketracker import db
from baketracker.cli import accounts as accounts_cli
from baketracker.cli import allergens as allergens_cli
from baketracker.cli import catalog as catalog_cli
from baketracker.cli import events as events_cli
from baketracker.cli import goods as goods_cli
from baketracker.cli import inventory as inventory_cli
from baketracker.cli import plan as plan_cli
from baketracker.cli import production as production_cli
from baketracker.cli import recipe_import as recipe_import_cli
from baketracker.cli import recipes as recipes_cli
from baketracker.cli import transfer as transfer_cli
from baketracker.cli.common import console, new_app, ok
from baketracker.config import get_settings

app = new_app("Bake Tracker: plan, shop, bake and deliver for your baking events.")


@app.callback()
def _root(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="BAKETRACKER_DATABASE_URL",
            help="SQLAlchemy URL; default is the embedded SQLite file.",
        ),
    ] = None,
) -> None:
    """Bake Tracker: plan, shop, bake and deliver for your baking events."""
    # Every command works on an up-to-date schema: a fresh machine needs no extra step.
    db.init_db(database_url)


@app.command()
def init() -> None:
    """Create or upgrade the database and say where it is."""
    url = db.current_url()
    shown = url if get_settings().database_url else url.removeprefix("sqlite:///")
    ok(f"Database ready: {shown}")


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the web browser.")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Server processes sharing the database.")
    ] = 1,
) -> None:
    """Serve the web app and open it in the browser. A non-loopback --host needs the owner
    account (or BAKETRACKER_PASSWORD)."""
    from baketracker.web.server import serve as run_server

    settings = get_settings()
    run_server(host=host or settings.host, port=port or settings.port,
               open_browser=not no_browser and workers == 1, settings=settings,
               workers=workers)


catalog_cli.register(app)
inventory_cli.register(app)
recipes_cli.register(app)
recipe_import_cli.register(recipes_cli.recipe_app)
goods_cli.register(app)
events_cli.register(app)
production_cli.register(app)
plan_cli.register(app)
transfer_cli.register(app)
accounts_cli.register(app)
allergens_cli.register(app)


def main() -> None:
    app()


__all__ = ["app", "console", "main"]
