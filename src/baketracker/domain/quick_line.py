"""Reading a one-line purchase ("2 lb butter $8.49") into its parts, without the catalog.

The grammar, as a baker writes a receipt line:
- a barcode first (8 to 14 digits) may be followed by the packages and the price per
  package: "5011038133241 2 4.50";
- "N x" (or "N ×") first is N packages; an amount with a unit after it names the
  package size: "3 x King Arthur flour 5 lb";
- otherwise an amount with a unit is the total bought ("2 lb butter", "butter 2 lb"),
  and a bare number first is a count of packages ("2 butter");
- a price comes last: after "$" alone it is the total paid, after "@" (or followed by
  "each") it is the price of one package; no price means the product's last price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from baketracker.domain import units
from baketracker.errors import Invalid

MAX_LENGTH: Final = 200
_BARCODE: Final = re.compile(r"[0-9]{8,14}")
_MONEY: Final = re.compile(r"[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?")
_NUMBERISH: Final = re.compile(r"[-−+]?[0-9.,/½¼¾⅓⅔⅛]+(?: [0-9]+/[0-9]+|[½¼¾⅓⅔⅛])?")
_FRACTION: Final = re.compile(r"[0-9]+/[0-9]+|[½¼¾⅓⅔⅛]")
_TIMES: Final = ("x", "×")
_EACH: Final = ("each", "ea")
_FILLER: Final = ("of",)
EXAMPLE: Final = "'2 lb butter $8.49', '3 x flour 5 lb @ 4.99' or '5011038133241 2 4.50'"


@dataclass(frozen=True)
class QuickLine:
    """What one line says. `words` names the product (empty for a barcode); `amount` and
    `unit` are the total bought, or the package size when `amount_is_size` ("N x")."""

    text: str
    words: str = ""
    barcode: str | None = None
    packages: Decimal | None = None
    amount: Decimal | None = None
    unit: str | None = None
    amount_is_size: bool = False
    price: Decimal | None = None
    price_each: bool = False
    # The word right after a bare count, which may be a unit we do not know ("2 bags").
    after_count: str | None = None


def _refuse(text: str, field: str, message: str) -> Invalid:
    record = f"Quick purchase '{text}'"
    return Invalid(f"{record}: {message}", record=record, field=field)


def _tokens(text: str) -> list[str]:
    spaced = text.replace("×", " × ").replace("@", " @ ")
    spaced = re.sub(r"-\s*\$", "$-", spaced)
    spaced = spaced.replace("$", " $ ")
    # "2lb" and "3x" are written without a space as often as with one.
    spaced = re.sub(r"(?<![A-Za-z0-9])([0-9][0-9.,/]*)([A-Za-z])", r"\1 \2", spaced)
    tokens: list[str] = []
    for token in spaced.split():
        # "1 1/2 lb": a whole number and a fraction are one quantity.
        if tokens and _FRACTION.fullmatch(token) and tokens[-1].isdigit():
            tokens[-1] += " " + token
        else:
            tokens.append(token)
    return tokens


def _money(text: str, token: str, shown: str) -> Decimal:
    if _MONEY.fullmatch(token) is None or not any(c.isdigit() for c in token):
        raise _refuse(text, "price", f"cannot read the price '{shown}'; write it like $8.49 "
                      "(the total) or @ 4.25 (a package)")
    value = Decimal(token.replace(",", "").replace("−", "-"))
    if value < 0:
        raise _refuse(text, "price", f"the price '{shown}' must not be negative")
    return value


def _take_price(text: str, tokens: list[str]) -> tuple[list[str], Decimal | None, bool]:
    """Split the trailing price off: (the other tokens, the price, whether per package)."""
    n = len(tokens)
    if n >= 2 and tokens[-1].lower() in _EACH and _is_number(tokens[-2]):
        start, number = n - 2, tokens[-2]
    elif n >= 2 and tokens[-2] in ("$", "@"):
        start, number = n - 2, tokens[-1]
    elif n and tokens[-1] in ("$", "@"):
        raise _refuse(text, "price", f"'{tokens[-1]}' must be followed by the price")
    else:
        if "$" in tokens or "@" in tokens:
            raise _refuse(text, "price", f"write the price last, as in {EXAMPLE}")
        return tokens, None, False
    while start > 0 and tokens[start - 1] in ("$", "@"):
        start -= 1
    rest, part = tokens[:start], tokens[start:]
    if "$" in rest or "@" in rest:
        raise _refuse(text, "price", "write one price, at the end of the line")
    each = "@" in part or part[-1].lower() in _EACH
    return rest, _money(text, number, " ".join(part).replace("$ ", "$")), each


def _number(text: str, token: str, field: str) -> Decimal:
    try:
        value = units.parse_quantity(token)
    except Invalid:
        raise _refuse(text, field, f"cannot read the number '{token}'") from None
    if value <= 0:
        what = "packages" if field == "packages" else "the quantity"
        raise _refuse(text, field, f"{what} must be greater than 0, not '{token}'")
    return value


def _unit_at(tokens: list[str], i: int) -> tuple[str, int] | None:
    """The unit starting at tokens[i] (one or two words) and how many words it takes."""
    for width in (2, 1):
        if i + width <= len(tokens):
            try:
                return units.canonical_unit(" ".join(tokens[i : i + width])), width
            except Invalid:
                continue
    return None


def _is_number(token: str) -> bool:
    return _NUMBERISH.fullmatch(token) is not None and any(c.isdigit() for c in token)


def _find_amount(
    text: str, tokens: list[str]
) -> tuple[list[str], tuple[Decimal, str] | None]:
    """Take the one "number unit" pair out of the words, if there is one."""
    found: tuple[Decimal, str] | None = None
    rest: list[str] = []
    i = 0
    while i < len(tokens):
        unit = _unit_at(tokens, i + 1) if _is_number(tokens[i]) else None
        if unit is None:
            rest.append(tokens[i])
            i += 1
            continue
        if found is not None:
            raise _refuse(text, "quantity", "write one amount with a unit, not two")
        found = (_number(text, tokens[i], "quantity"), unit[0])
        i += 1 + unit[1]
        if i < len(tokens) and tokens[i].lower() in _FILLER:
            i += 1
    return rest, found


def _barcode_line(text: str, tokens: list[str], price: Decimal | None,
                  each: bool) -> QuickLine:
    numbers = tokens[1:]
    if len(numbers) > (2 if price is None else 1) or not all(_is_number(n) for n in numbers):
        raise _refuse(text, "text", "after a barcode write the packages and the price per "
                      "package, as in '5011038133241 2 4.50'")
    packages = _number(text, numbers[0], "packages") if numbers else None
    if len(numbers) == 2:
        price, each = _money(text, numbers[1], numbers[1]), True
    return QuickLine(text, barcode=tokens[0], packages=packages, price=price,
                     price_each=each)


def parse(text: str) -> QuickLine:
    """Read one purchase line. Raises Invalid naming the part that cannot be read
    (`field`: text, price, packages, quantity or product)."""
    if not isinstance(text, str) or not text.strip():
        raise Invalid(f"Type what was bought, as in {EXAMPLE}", field="text")
    line = " ".join(text.split())
    if len(line) > MAX_LENGTH:
        raise Invalid(f"A quick purchase is one line of at most {MAX_LENGTH} characters",
                      field="text")
    tokens, price, each = _take_price(line, _tokens(line))
    if tokens and _BARCODE.fullmatch(tokens[0]) and tokens[1:2] not in (["x"], ["×"]):
        return _barcode_line(line, tokens, price, each)
    packages: Decimal | None = None
    after_count: str | None = None
    if len(tokens) >= 2 and _is_number(tokens[0]) and tokens[1].lower() in _TIMES:
        packages = _number(line, tokens[0], "packages")
        tokens = tokens[2:]
    elif tokens and _is_number(tokens[0]) and _unit_at(tokens, 1) is None:
        packages = _number(line, tokens[0], "packages")
        tokens = tokens[1:]
        after_count = tokens[0] if tokens else None
    words, amount = _find_amount(line, tokens)
    if not words:
        raise _refuse(line, "product", f"which product? Name it, as in {EXAMPLE}")
    if amount is not None and packages is not None and after_count is not None:
        raise _refuse(line, "quantity", "write the packages as 'N x' when the line also "
                      "has an amount, as in '3 x flour 5 lb'")
    return QuickLine(
        line,
        words=" ".join(words),
        packages=packages,
        amount=amount[0] if amount else None,
        unit=amount[1] if amount else None,
        amount_is_size=packages is not None and amount is not None,
        price=price,
        price_each=each,
        after_count=after_count,
    )
