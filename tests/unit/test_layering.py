"""The edges stay thin: pages, the API, the CLI and the sheets reach the database only
through a unit of work and the services (ARCHITECTURE.md, Layers).

Read with `ast`, so a forbidden import or call fails here before any code runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "baketracker"
EDGES = ("web", "api", "cli", "reports")
# What an entry point may take from baketracker.db: the request's unit of work (web, API)
# and the CLI command's.
FROM_DB = {"web": {"UnitOfWork"}, "api": {"UnitOfWork"}, "cli": {"command_unit_of_work"},
           "reports": set()}
# The CLI's root callback points the process at its database, as create_app does for the app;
# `serve --workers` hands that same address on to the worker processes it starts.
SET_UP = {("cli/__init__.py", "init_db"), ("cli/__init__.py", "current_url"),
          ("web/server.py", "current_url")}


@dataclass(frozen=True)
class Module:
    area: str
    name: str  # relative to the package, e.g. "web/dashboard.py"
    tree: ast.Module


def modules(area: str) -> list[Module]:
    root = PACKAGE / area
    return [
        Module(area, str(path.relative_to(PACKAGE)), ast.parse(path.read_text("utf-8")))
        for path in sorted(root.rglob("*.py"))
    ]


def imported_modules(tree: ast.Module) -> list[str]:
    """Every module an import names, `from a import b` counted as `a` and `a.b`."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def taken_from_db(module: Module) -> set[str]:
    """Names used from baketracker.db: imported from it, or `db.<name>`."""
    names: set[str] = set()
    aliases: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module == "baketracker.db":
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "baketracker":
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "db"}
        elif isinstance(node, ast.Import):
            aliases |= {alias.asname for alias in node.names
                        if alias.name == "baketracker.db" and alias.asname}
    for node in ast.walk(module.tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            names.add(node.attr)
    return {n for n in names if (module.name, n) not in SET_UP}


def uses_session_scope(tree: ast.Module) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id == "session_scope")
        or (isinstance(node, ast.Attribute) and node.attr == "session_scope")
        or (isinstance(node, ast.alias) and node.name == "session_scope")
        for node in ast.walk(tree)
    )


ALL = [module for area in EDGES for module in modules(area)]


def test_the_walk_sees_every_entry_point_module() -> None:
    names = {module.name for module in ALL}
    assert {"web/dashboard.py", "api/inventory.py", "cli/events.py", "reports/render.py"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.name)
def test_no_entry_point_opens_its_own_transaction(module: Module) -> None:
    assert not uses_session_scope(module.tree), f"{module.name} uses session_scope"


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.name)
def test_no_entry_point_touches_the_models(module: Module) -> None:
    touching = [m for m in imported_modules(module.tree)
                if m == "baketracker.models" or m.startswith("baketracker.models.")]
    assert touching == [], f"{module.name} imports {touching}"


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.name)
def test_entry_points_take_only_their_unit_of_work_from_the_database_module(
    module: Module,
) -> None:
    extra = taken_from_db(module) - FROM_DB[module.area]
    assert extra == set(), f"{module.name} takes {sorted(extra)} from baketracker.db"


@pytest.mark.parametrize("module", [m for m in ALL if m.area == "web"], ids=lambda m: m.name)
def test_pages_do_not_import_the_api(module: Module) -> None:
    touching = [m for m in imported_modules(module.tree)
                if m == "baketracker.api" or m.startswith("baketracker.api.")]
    assert touching == [], f"{module.name} imports {touching}"


def test_the_checks_catch_what_they_forbid() -> None:
    bad = ast.parse(
        "from baketracker.db import session_scope, get_engine\n"
        "from baketracker import models, db\n"
        "from baketracker.api.errors import status_for\n"
        "db.configure()\n"
    )
    module = Module("web", "web/bad.py", bad)
    assert uses_session_scope(bad)
    assert "baketracker.models" in imported_modules(bad)
    assert taken_from_db(module) == {"session_scope", "get_engine", "configure"}
    assert "baketracker.api.errors" in imported_modules(bad)
