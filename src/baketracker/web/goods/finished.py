"""Finished goods: the list (bare and bundles), the bundle builder, and one good's page with
its lines, what it explodes to (units and packaging summed), on-hand counts and cost."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.errors import BakeTrackerError, Invalid, NotFound
from baketracker.services import allergens, costing, goods, recipes
from baketracker.web.allergens import panel as allergen_panel
from baketracker.web.forms import attempt
from baketracker.web.goods import lines
from baketracker.web.goods.builder import Builder
from baketracker.web.templating import done, is_htmx, page, refused, render

router = APIRouter(prefix="/goods")
LIST = "goods/list.html"
ROWS = "goods/_rows.html"
LINE = "goods/_line.html"
DETAIL = "goods/detail.html"
LINES = "goods/_good_lines.html"
NEEDS = "goods/_good_needs.html"
KINDS = {"": None, "bundle": "BUNDLE", "bare": "BARE"}

Text = Annotated[str, Form()]
Texts = Annotated[list[str] | None, Form()]


def _listing(uow: UnitOfWork, q: str = "", kind: str = "") -> dict[str, Any]:
    return {"goods": goods.list_finished_goods(search=q or None, kind=KINDS.get(kind), session=uow),
            "q": q, "kind": kind}


@router.get("")
def goods_page(request: Request, uow: UnitOfWork, q: str = "", kind: str = "") -> Response:
    """The list; htmx search and filter ask for the table rows only."""
    return page(request, LIST, ROWS, _listing(uow, q, kind))


@router.get("/line")
def new_line(request: Request, uow: UnitOfWork, kind: str = "bundle") -> Response:
    """One blank builder row, appended by htmx ("Add a line")."""
    choices = (lines.package_choices(uow) if kind == "package"
               else lines.bundle_choices(uow))
    return render(request, LINE, {"row": lines.blank_rows(1)[0], "choices": choices, "index": 0})


BUNDLE = Builder(
    kind="bundle",
    action="/goods",
    choices=lines.bundle_choices,
    parts=lines.bundle_components,
    empty="Add at least one line: what goes in the bundle?",
    create=lambda uow, name, parts, notes: goods.create_finished_good(
        name, components=parts, notes=notes, session=uow
    ),
    address=lambda created: f"/goods/{created['slug']}",
    rename={"components": "lines", "quantity": "lines"},
)


@router.get("/new")
def new_bundle_page(request: Request, uow: UnitOfWork) -> Response:
    return BUNDLE.page(request, uow)


@router.post("")
def create_bundle(
    request: Request, uow: UnitOfWork, name: Text = "", notes: Text = "", part: Texts = None,
    quantity: Texts = None, more: Text = "", drop: Text = "",
) -> Response:
    """Add the bundle with its lines; "more" and "drop" redraw the form (no JavaScript)."""
    return BUNDLE.submit(request, uow, name, notes, part, quantity, more, drop)


def needs_context(uow: UnitOfWork, slug: str) -> dict[str, Any]:
    """What one good explodes to, with on-hand counts, and its estimated cost."""
    good = goods.get_finished_good(slug, session=uow)
    on_hand = {u["slug"]: u["on_hand"]
               for u in recipes.list_finished_units(session=uow)}
    cost = costing.estimate_finished_good_cost(good["id"], session=uow)
    return {"good": good, "unit_on_hand": on_hand, "cost": cost}


def detail_context(uow: UnitOfWork, slug: str, *, form: dict[str, str] | None = None,
                   needs: bool = True) -> dict[str, Any]:
    good = goods.get_finished_good(slug, session=uow)
    choices = lines.bundle_choices(uow, exclude=good["slug"])
    good_on_hand = {g["slug"]: g["on_hand"]
                    for g in goods.list_finished_goods(session=uow)}
    unit_on_hand = {u["slug"]: u["on_hand"]
                    for u in recipes.list_finished_units(session=uow)}
    rollup = allergens.for_good(good["id"], session=uow)
    context: dict[str, Any] = {
        "good": good, "choices": choices, "good_on_hand": good_on_hand,
        "unit_on_hand": unit_on_hand, "form": form or {"part": "", "quantity": "1"},
        "kind": "bundle", **allergen_panel("goods", good["slug"], rollup),
    }
    if needs:
        context.update(needs_context(uow, good["slug"]))
    return context


@router.get("/{slug}")
def good_page(request: Request, uow: UnitOfWork, slug: str) -> Response:
    return render(request, DETAIL, detail_context(uow, slug))


@router.get("/{slug}/needs")
def good_needs(request: Request, uow: UnitOfWork, slug: str) -> Response:
    """Exploded needs and cost: re-fetched by htmx whenever the good changes."""
    return render(request, NEEDS, needs_context(uow, slug))


def _answer(uow: UnitOfWork, request: Request, slug: str, message: str) -> Response:
    return done(request, fragment=LINES, context=detail_context(uow, slug, needs=False),
                message=message, trigger={"goodChanged": {"slug": slug}},
                redirect_to=f"/goods/{slug}")


@router.post("/{slug}/lines")
def add_line(
    request: Request, uow: UnitOfWork, slug: str, part: Text = "", quantity: Text = "1"
) -> Response:
    """Add a line, or add to the quantity of a part already listed."""
    good = goods.get_finished_good(slug, session=uow)
    form = {"part": part, "quantity": quantity}
    try:
        with attempt(uow):
            if not part:
                raise Invalid("Choose what to add", field="part")
            components = lines.bundle_components([form])
            goods.add_component(good["id"], components[0], session=uow)
    except BakeTrackerError as exc:
        if isinstance(exc, NotFound):
            raise
        context = detail_context(uow, good["slug"], form=form, needs=False)
        if not is_htmx(request):
            context.update(needs_context(uow, good["slug"]))
        return refused(request, DETAIL, LINES, context, exc,
                       rename={"components": "part", "lines": "part"})
    return _answer(uow, request, good["slug"], "Added the line.")


@router.post("/{slug}/lines/remove")
def remove_line(request: Request, uow: UnitOfWork, slug: str, part: Text = "") -> Response:
    """Remove the line of one part ("finished_unit:<slug>" and so on)."""
    good = goods.get_finished_good(slug, session=uow)
    key, _, ref = part.partition(":")
    if key not in lines.PART_KEYS:
        raise NotFound(f"{good['name']} has no line {part!r}")
    goods.remove_component(good["id"], {key: ref}, session=uow)
    return _answer(uow, request, good["slug"], "Removed the line.")
