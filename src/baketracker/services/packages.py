"""Gift-box packages: templates of finished goods a recipient is given."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from baketracker.db import AUTO, transactional
from baketracker.domain.numbers import positive_quantity
from baketracker.errors import Conflict, NotFound
from baketracker.models import Package, PackageItem
from baketracker.services.finished_units import get_finished_good_row
from baketracker.services.lookup import require_text, resolve
from baketracker.services.permissions import requires
from baketracker.services.plan_inputs.definitions import explode_goods
from baketracker.services.plan_inputs.rows import DefinitionRows


def get_package_row(session: Session, ref: object) -> Package:
    return resolve(session, Package, ref, what="package", key="name")


def _add_to_package(session: Session, package: Package, good_ref: object, quantity: object) -> None:
    good = get_finished_good_row(session, good_ref)
    amount = positive_quantity(
        quantity,
        field="quantity",
        whole=True,
        record=f"Package {package.name!r}, line {good.name!r}",
    )
    for item in package.items:
        if item.finished_good_id == good.id:
            item.quantity = item.quantity + int(amount)
            break
    else:
        package.items.append(PackageItem(finished_good=good, quantity=int(amount)))
    session.flush()


def package_dict(
    session: Session, package: Package, rows: DefinitionRows | None = None
) -> dict[str, Any]:
    """A package, its contents and what one box explodes to (`rows`: definitions already
    read for several packages at once)."""
    demand: dict[int, Decimal] = {}
    for item in package.items:
        gid = item.finished_good_id
        demand[gid] = demand.get(gid, Decimal(0)) + item.quantity
    return {
        "id": package.id,
        "name": package.name,
        "notes": package.notes,
        "contents": [
            {
                "finished_good_id": item.finished_good.id,
                "finished_good_slug": item.finished_good.slug,
                "finished_good_name": item.finished_good.name,
                "quantity": item.quantity,
            }
            for item in package.items
        ],
        **(rows.explode(demand) if rows is not None else explode_goods(session, demand)),
    }


@transactional
@requires("edit")
def create_package(
    name: str,
    *,
    contents: Iterable[tuple[object, object]] = (),
    notes: str | None = None,
    session: Session = AUTO,
) -> dict[str, Any]:
    """Add a gift-box template; `contents` are (finished good, whole quantity > 0) pairs.

    Raises Invalid (blank name, bad quantity), Conflict (name taken), NotFound (a good).
    """
    name = require_text(name, field="name", record="Package")
    clash = session.scalars(select(Package).where(func.lower(Package.name) == name.lower())).first()
    if clash is not None:
        raise Conflict(f"Package {name!r}: the name is already used by package {clash.name!r}")
    package = Package(name=name, notes=notes)
    session.add(package)
    session.flush()
    for good, quantity in contents:
        _add_to_package(session, package, good, quantity)
    return package_dict(session, package)


@transactional
@requires("edit")
def add_to_package(
    package: object, finished_good: object, quantity: object = 1, *, session: Session = AUTO
) -> dict[str, Any]:
    """Put `quantity` more of a finished good in a package template."""
    row = get_package_row(session, package)
    _add_to_package(session, row, finished_good, quantity)
    return package_dict(session, row)


@transactional
@requires("edit")
def remove_from_package(
    package: object, finished_good: object, *, session: Session = AUTO
) -> dict[str, Any]:
    row = get_package_row(session, package)
    good = get_finished_good_row(session, finished_good)
    for item in list(row.items):
        if item.finished_good_id == good.id:
            row.items.remove(item)
            session.flush()
            return package_dict(session, row)
    raise NotFound(f"Package {row.name!r} holds no {good.name!r}")


@transactional
def list_packages(*, session: Session = AUTO) -> list[dict[str, Any]]:
    packages = session.scalars(
        select(Package)
        .options(selectinload(Package.items).joinedload(PackageItem.finished_good))
        .order_by(func.lower(Package.name))
    ).all()
    goods = {item.finished_good_id for p in packages for item in p.items}
    rows = DefinitionRows.load_for(session, goods=goods)
    return [package_dict(session, p, rows) for p in packages]


@transactional
def get_package(package: object, *, session: Session = AUTO) -> dict[str, Any]:
    """A package with its contents and what one box explodes to."""
    return package_dict(session, get_package_row(session, package))
