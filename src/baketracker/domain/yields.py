"""What a batch makes: "Makes 24 cookies", "Yield: 2 loaves", "Serves 8", "24", "50%".

The one reader of yield text; a range ("Makes 24-30 cookies") takes its LOWER bound, so
a plan never counts on more than the recipe promises.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Final

from baketracker.domain import units
from baketracker.errors import Invalid

__all__ = ["Yield", "read_yield", "read_yield_line", "yield_amount"]


@dataclass(frozen=True)
class Yield:
    """A recipe's yield as written, with the count and what is counted when readable."""

    text: str
    count: Decimal | None
    unit: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_NUMBER = r"\d+(?:\.\d+)?(?:\s+\d+/\d+)?|\d+/\d+|[¼½¾]"
_LEAD = re.compile(
    r"^(?P<word>makes|make|yields?|yield\s*:|servings?|serves|portions?|feeds|number of servings)\b"
    r"\s*:?\s*(?:about|approximately|approx\.?|around|up to)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"^(?P<low>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?\s*(?P<unit>.*?)[.\s]*$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\([^()]*\)")
_SERVING_WORDS: Final = ("serves", "serving", "servings", "portion", "portions", "feeds")


def read_yield(text: str, *, serving: bool = False) -> Yield:
    """Read a yield value without its lead word: "24 cookies", "2 loaves", "8", "24-30 cookies".

    Never raises: text without a number keeps count None.
    """
    written = " ".join(str(text).split())
    match = _COUNT.match(written)
    if match is None:
        return Yield(written, None, None)
    try:
        count = units.parse_quantity(match.group("low"))
    except Invalid:
        return Yield(written, None, None)
    unit_text = " ".join(_PAREN.sub(" ", match.group("unit")).split()).strip(" .,;:")
    if unit_text.lower().startswith("dozen"):  # "3 dozen cookies" is 36 cookies
        count, unit_text = count * 12, unit_text[5:].strip()
    unit = unit_text or ("servings" if serving else None)
    return Yield(written, count, unit)


def read_yield_line(line: str) -> Yield | None:
    """A yield line ("Makes 24 cookies", "Yield: 2 loaves", "Serves 8") or None if it is not one."""
    written = " ".join(str(line).split())
    match = _LEAD.match(written)
    if match is None or not _COUNT.match(match.group("rest")):
        return None
    serving = match.group("word").lower().rstrip(": ").startswith(_SERVING_WORDS)
    found = read_yield(match.group("rest"), serving=serving)
    return Yield(written, found.count, found.unit)


_BATCH_WORDS: Final = ("batches", "batch")
_COUNT_WORDS: Final = ("per batch", "a batch", "each", "items", "item", "pieces", "piece")


def yield_amount(written: str) -> tuple[str, Decimal]:
    """'24' → ("items_per_batch", 24); '1 batch' → ("batch_portion", 1); '50%' → 0.5 a batch.

    Raises Invalid(field="yield") when the text is none of these.
    """
    lowered = " ".join(str(written).lower().split())
    key, scale = "items_per_batch", Decimal(1)
    if lowered.endswith("%"):
        key, lowered, scale = "batch_portion", lowered[:-1], Decimal("0.01")
    else:
        for word in _COUNT_WORDS:
            lowered = lowered.removesuffix(word).strip()
        for word in _BATCH_WORDS:
            if lowered.endswith(word):
                key, lowered = "batch_portion", lowered.removesuffix(word)
                break
    try:
        value = units.to_decimal(lowered.strip(), field="yield")
    except Invalid:
        raise Invalid(
            f"“{written}” is not a yield; write a count (24), a batch share (1 batch) "
            "or a percentage (50%)",
            field="yield",
        ) from None
    return key, value * scale
