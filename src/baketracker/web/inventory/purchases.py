"""Recording a purchase in seconds: product (name or barcode), packages, price, date.

The product is found from whatever was typed: a barcode, a slug, a name, or part of one.
One match is picked at once (and its last price offered); several are listed to choose
from. A blank price means "the same as last time".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from baketracker.db import UnitOfWork
from baketracker.domain import quick_line
from baketracker.domain.purchases import Implausible
from baketracker.errors import BakeTrackerError, Invalid, status_for
from baketracker.services import catalog, inventory
from baketracker.web.forms import attempt
from baketracker.web.templating import (
    done,
    form_error,
    is_htmx,
    money,
    number,
    page,
    redirect,
    render,
)

router = APIRouter(prefix="/inventory/purchase")
PAGE = "inventory/purchase.html"
PANEL = "inventory/_purchase_panel.html"
PICK = "inventory/_product_pick.html"
MAX_CHOICES = 8
RENAME = {"price_per_package": "price", "supplier": "product"}


def _blank() -> dict[str, str]:
    return {"product": "", "product_id": "", "packages": "1", "price": "",
            "purchased_on": date.today().isoformat()}


def match_products(uow: UnitOfWork, text: str) -> list[dict[str, Any]]:
    """Products for what was typed: exact barcode, slug or name first, else every match."""
    text = text.strip()
    if not text:
        return []
    found = catalog.list_products(search=text, session=uow)
    folded = text.lower()
    exact = [p for p in found if text in (p["gtin"], p["slug"]) or p["name"].lower() == folded]
    return exact or found


def _pick(uow: UnitOfWork, text: str, product_id: str) -> dict[str, Any]:
    """What the form knows about the product: `chosen` (one product) or `choices`."""
    choices = match_products(uow, text)
    chosen = next((p for p in choices if str(p["id"]) == product_id), None)
    if chosen is None and len(choices) == 1:
        chosen = choices[0]
    last = (
        inventory.last_purchase_price(chosen["id"], session=uow) if chosen else None
    )
    return {"chosen": chosen, "choices": choices[:MAX_CHOICES], "more": len(choices) > MAX_CHOICES,
            "last_price": last, "typed": text}


def _context(
    uow: UnitOfWork, form: dict[str, str], quick: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the purchase panel shows: the form, its product pick, the quick line, recent lots."""
    pick = _pick(uow, form["product"], form["product_id"]) if form["product"] else {
        "chosen": None, "choices": [], "more": False, "last_price": None, "typed": ""}
    products = catalog.list_products(session=uow)
    recent = sorted(inventory.list_lots(include_empty=True, session=uow),
                    key=lambda lot: lot["lot_id"], reverse=True)[:5]
    return {"form": form, "pick": pick, "products": products, "recent": recent,
            "quick": quick or {"line": "", "error": None}}


@router.get("")
def purchase_page(request: Request, uow: UnitOfWork, product: str = "") -> Response:
    """The purchase form; `product` (slug, barcode or name) preselects and prefills the price."""
    form = _blank()
    if product:
        pick = _pick(uow, product, "")
        if pick["chosen"]:
            offered = number(pick["last_price"])
            form.update(product=pick["chosen"]["name"], product_id=str(pick["chosen"]["id"]),
                        price=offered, offered=offered)
        else:
            form["product"] = product
    return render(request, PAGE, _context(uow, form))


@router.get("/pick")
def pick_product(
    request: Request, uow: UnitOfWork, product: str = "", product_id: str = ""
) -> Response:
    """As the baker types: the matching product (hidden id, last price) or the choices."""
    pick = _pick(uow, product, product_id)
    trigger = None
    if pick["chosen"]:
        trigger = {"productPicked": {"id": pick["chosen"]["id"],
                                     "lastPrice": number(pick["last_price"])}}
    return render(request, PICK, {"pick": pick}, trigger=trigger)


def _purchase_args(
    uow: UnitOfWork, form: dict[str, str]
) -> tuple[dict[str, Any], str]:
    """The arguments of inventory.record_purchase, and the product's name."""
    pick = _pick(uow, form["product"], form["product_id"])
    if pick["chosen"] is None:
        if pick["choices"]:
            raise Invalid(f"{len(pick['choices'])} products match {form['product']!r}: pick one",
                          field="product")
        raise Invalid(f"No product matches {form['product']!r}; add it under Catalog › Products",
                      field="product")
    price: object = form["price"].strip()
    if not price:
        price = pick["last_price"]
        if price is None:
            raise Invalid(f"Enter the price per package: {pick['chosen']['name']} has never "
                          "been bought before", field="price")
    try:
        purchased_on = date.fromisoformat(form["purchased_on"]) if form["purchased_on"] else None
    except ValueError:
        raise Invalid("Enter the date like 2026-11-21", field="purchased_on") from None
    packages = form["packages"].strip() or "1"
    args = {"product": pick["chosen"]["id"], "packages": packages, "price_per_package": price,
            "purchased_on": purchased_on}
    return args, pick["chosen"]["name"]


@router.post("")
def record_purchase(
    request: Request,
    uow: UnitOfWork,
    product: Annotated[str, Form()] = "",
    product_id: Annotated[str, Form()] = "",
    packages: Annotated[str, Form()] = "1",
    price: Annotated[str, Form()] = "",
    purchased_on: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    form = {"product": product, "product_id": product_id, "packages": packages, "price": price,
            "purchased_on": purchased_on}
    try:
        with attempt(uow):
            args, name = _purchase_args(uow, form)
            result = inventory.record_purchase(**args, confirm=bool(confirm), session=uow)
    except BakeTrackerError as exc:
        return _refused(request, _context(uow, form), exc)
    return _recorded(request, uow, number(Decimal(args["packages"])), name, result)


def _recorded(
    request: Request,
    uow: UnitOfWork,
    packages: str,
    name: str,
    result: inventory.PurchaseRecorded | inventory.QuickPurchased,
) -> Response:
    """A blank form again, with what the purchase recorded (from the form or the quick line)."""
    return done(
        request,
        fragment=PANEL,
        context=_context(uow, _blank()),
        message=f"Recorded {packages} × {name} for "
        f"{money(result['total_price'])} (lot {result['lot_id']}).",
        trigger={"purchaseRecorded": {"lot": result["lot_id"]}},
        redirect_to="/inventory/purchase",
    )


def _refused(request: Request, context: dict[str, Any], exc: BakeTrackerError) -> Response:
    """The form again with the message by its field; an implausible purchase offers a
    "Yes, record it" confirmation instead."""
    error = {**form_error(exc, rename=RENAME), "confirm": isinstance(exc, Implausible)}
    return page(request, PAGE, PANEL, {**context, "error": error}, status=status_for(exc))


@router.post("/quick")
def record_quick_purchase(
    request: Request,
    uow: UnitOfWork,
    line: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """The quick line: "2 lb butter $8.49" or a scanned barcode, recorded on Enter. An
    unknown barcode opens the new-product form with the code filled in."""
    try:
        with attempt(uow):
            result = inventory.quick_purchase(line, confirm=bool(confirm), session=uow)
    except BakeTrackerError as exc:
        if isinstance(exc, Invalid) and exc.field == "barcode":
            return _new_product(request, quick_line.parse(line).barcode or "")
        quick = {"line": line,
                 "error": {**form_error(exc), "confirm": isinstance(exc, Implausible)}}
        context = _context(uow, _blank(), quick)
        return page(request, PAGE, PANEL, context, status=status_for(exc))
    packages = f"{result['packages'].normalize():,f}"
    return _recorded(request, uow, packages, result["product_name"], result)


def _new_product(request: Request, barcode: str) -> Response:
    """Off to the new-product form, the scanned code filled in (htmx follows HX-Redirect)."""
    url = f"/catalog/products?gtin={quote(barcode)}"
    response = redirect(request, url, flash=f"No product has the barcode {barcode} yet: add it "
                        "here, then record the purchase.")
    if is_htmx(request):
        response.status_code = 200
        response.headers["HX-Redirect"] = url
    return response
