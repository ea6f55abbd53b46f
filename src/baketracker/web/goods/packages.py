"""Packages (gift-box templates): the list, the builder (finished goods × quantity), and one
package's page with its contents and what one box explodes to."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid, NotFound
from baketracker.services import allergens, goods, recipes
from baketracker.web.allergens import panel as allergen_panel
from baketracker.web.forms import attempt
from baketracker.web.goods import lines
from baketracker.web.goods.builder import Builder
from baketracker.web.templating import done, refused, render

router = APIRouter(prefix="/goods/packages")
LIST = "goods/packages.html"
DETAIL = "goods/package.html"
CONTENTS = "goods/_package_contents.html"

Text = Annotated[str, Form()]
Texts = Annotated[list[str] | None, Form()]


@router.get("")
def packages_page(request: Request, uow: UnitOfWork) -> Response:
    return render(request, LIST, {"packages": goods.list_packages(session=uow)})


PACKAGE = Builder(
    kind="package",
    action="/goods/packages",
    choices=lines.package_choices,
    parts=lines.package_contents,
    empty="Add at least one finished good: what goes in the box?",
    create=lambda uow, name, parts, notes: goods.create_package(
        name, contents=parts, notes=notes, session=uow
    ),
    address=lambda created: f"/goods/packages/{created['id']}",
    rename={"quantity": "lines"},
)


@router.get("/new")
def new_package_page(request: Request, uow: UnitOfWork) -> Response:
    return PACKAGE.page(request, uow)


@router.post("")
def create_package(
    request: Request, uow: UnitOfWork, name: Text = "", notes: Text = "", part: Texts = None,
    quantity: Texts = None, more: Text = "", drop: Text = "",
) -> Response:
    """Add the package with its contents; "more" and "drop" redraw the form (no JavaScript)."""
    return PACKAGE.submit(request, uow, name, notes, part, quantity, more, drop)


def _detail(uow: UnitOfWork, package_id: int, form: dict[str, str] | None = None) -> dict[str, Any]:
    package = goods.get_package(package_id, session=uow)
    choices = lines.package_choices(uow)
    good_on_hand = {g["slug"]: g["on_hand"]
                    for g in goods.list_finished_goods(session=uow)}
    unit_on_hand = {u["slug"]: u["on_hand"]
                    for u in recipes.list_finished_units(session=uow)}
    rollup = allergens.for_package(package_id, session=uow)
    return {"package": package, "choices": choices, "good_on_hand": good_on_hand,
            "unit_on_hand": unit_on_hand, "form": form or {"part": "", "quantity": "1"},
            **allergen_panel("packages", str(package_id), rollup)}


@router.get("/{package_id}")
def package_page(request: Request, uow: UnitOfWork, package_id: int) -> Response:
    return render(request, DETAIL, _detail(uow, package_id))


def _answer(uow: UnitOfWork, request: Request, package_id: int, message: str) -> Response:
    return done(request, fragment=CONTENTS, context=_detail(uow, package_id), message=message,
                trigger={"packageChanged": {"id": package_id}},
                redirect_to=f"/goods/packages/{package_id}")


@router.post("/{package_id}/contents")
def add_content(
    request: Request, uow: UnitOfWork, package_id: int, part: Text = "", quantity: Text = "1"
) -> Response:
    """Put more of a finished good in the box (adds to a good already listed)."""
    form = {"part": part, "quantity": quantity}
    _detail(uow, package_id)  # 404 before anything else
    try:
        with attempt(uow):
            if not part:
                raise Invalid("Choose the finished good", field="part")
            goods.add_to_package(package_id, part, quantity.strip() or "1", session=uow)
    except BakeTrackerError as exc:
        if isinstance(exc, NotFound):
            raise
        return refused(request, DETAIL, CONTENTS, _detail(uow, package_id, form), exc)
    return _answer(uow, request, package_id, "Added to the package.")


@router.post("/{package_id}/contents/remove")
def remove_content(request: Request, uow: UnitOfWork, package_id: int, part: Text = "") -> Response:
    goods.remove_from_package(package_id, part, session=uow)
    return _answer(uow, request, package_id, "Removed from the package.")
