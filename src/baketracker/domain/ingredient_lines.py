"""Reading ingredient lines as people write them: "2 1/4 cups all-purpose flour, sifted".

Pure text in, plain values out. Units go through domain.units (the one alias table);
what cannot be read is kept with its text and the reason, never dropped or guessed.

A range ("1-2 tbsp milk") takes its UPPER bound, so the shopping list never comes up
short; the range as written stays in the note.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Final

from baketracker.domain import units
from baketracker.errors import Invalid

__all__ = [
    "IngredientLine",
    "is_section_heading",
    "read_ingredient_line",
    "section_name",
]


@dataclass(frozen=True)
class IngredientLine:
    """One ingredient line read from text; `problem` says why a part could not be read."""

    text: str
    quantity: Decimal | None
    unit: str | None
    ingredient: str | None
    note: str | None
    optional: bool = False
    problem: str | None = None
    # The quantity as the line writes it ("2 1/4", the "2" of "1-2"), for showing it back.
    quantity_text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A number as recipes write it: "2 1/4", "2-1/4", "1½", "½", "1/2", "2.5", ".5", "1,000".
_VULGAR = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_NUMBER = (
    rf"(?:\d+(?:\s+|-)\d+\s*[/⁄]\s*\d+"  # 2 1/4, 2-1/4
    rf"|\d+\s*[{_VULGAR}]"  # 1½, 1 ½
    rf"|\d+\s*[/⁄]\s*\d+"  # 1/2
    rf"|[{_VULGAR}]"  # ½
    rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"  # 1,000
    rf"|\d+(?:\.\d+)?|\.\d+)"  # 2, 2.5, .5
)
_AMOUNT = re.compile(
    rf"^(?P<low>{_NUMBER})(?:\s*(?:-|–|—|to|or)\s*(?P<high>{_NUMBER}))?(?![\d/⁄])",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*•·▢☐□◦‣]+\s*)+")
_PAREN = re.compile(r"\(([^()]*)\)")
_SPACES = re.compile(r"\s+")

# Words that say "as much as you like": such a line needs no amount to be saved.
_OPTIONAL_PHRASES: Final = (
    "to taste", "as needed", "as required", "if desired", "if needed", "optional",
    "for dusting", "for garnish", "for serving", "for greasing", "for decorating",
)  # fmt: skip
# Amounts too vague to plan with (domain.units refuses them as units, with advice).
_VAGUE: Final = (
    "a pinch of", "pinch of", "a pinch", "pinch", "pinches of", "a dash of", "dash of",
    "a dash", "dash", "a few drops of", "a few drops", "a drop of", "a handful of",
    "handful of", "a smidgen of", "smidgen of", "a splash of", "splash of",
)  # fmt: skip
# Things counted rather than measured: "2 cloves garlic" is 2 each, the word kept in the note.
_COUNT_WORDS: Final = frozenset(
    "clove cloves can cans tin tins package packages pkg packet packets bag bags jar jars "
    "slice slices sprig sprigs bar bars head heads bunch bunches sheet sheets envelope "
    "envelopes sachet sachets box boxes carton cartons block blocks".split()
)
_VAGUE_UNITS: Final = frozenset(
    "pinch pinches dash dashes smidgen smidgens drop drops handful handfuls splash".split()
)
_TIMES = re.compile(r"^[x×]\s*(?=[\d.])", re.IGNORECASE)
_SECOND_AMOUNT = re.compile(r"^(?:\+|plus\b|and\b)\s*[\d¼½¾⅓⅔⅛]", re.IGNORECASE)
_SIZES: Final = ("extra-large", "extra large", "large", "medium", "small", "jumbo")
# Preparation words written before the ingredient ("packed light brown sugar").
_PREFIXES: Final = (
    "firmly packed", "lightly packed", "loosely packed", "packed", "softened", "melted",
    "sifted", "finely chopped", "roughly chopped", "coarsely chopped", "chopped",
    "finely grated", "freshly grated", "grated", "freshly squeezed", "toasted",
    "room temperature", "room-temperature", "cold", "chilled", "beaten", "lightly beaten",
)  # fmt: skip
_HEADING_WORDS: Final = ("for the ", "for ")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _number(text: str) -> Decimal:
    # units.parse_quantity reads "2-1/4" as 2¼ already; the other shapes are its own.
    return units.parse_quantity(text.replace("⁄", "/"))


def section_name(line: str) -> str | None:
    """The section a heading line opens ("For the frosting:" → "For the frosting"), or None."""
    text = _clean(_BULLET.sub("", line))
    if not text or len(text) > 60 or _AMOUNT.match(text):
        return None
    if text.endswith(":"):
        name = text[:-1].strip()
        return name or None
    lowered = text.lower()
    if lowered.startswith(_HEADING_WORDS) and "," not in text and len(text.split()) <= 6:
        return text
    return None


def is_section_heading(line: str) -> bool:
    return section_name(line) is not None


def _take_phrases(text: str, phrases: tuple[str, ...]) -> tuple[str, list[str]]:
    """Remove whole-word phrases from text; return what is left and what was found."""
    found = []
    for phrase in phrases:
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)
        if pattern.search(text):
            found.append(phrase)
            text = pattern.sub(" ", text)
    return _clean(text.strip(" ,;")), found


def _leading_vague(text: str) -> tuple[str, str | None]:
    lowered = text.lower()
    for phrase in _VAGUE:
        if lowered.startswith(phrase + " ") or lowered == phrase:
            return text[len(phrase) :].strip(), phrase
    return text, None


def _unit(rest: str) -> tuple[str | None, str, str | None, str | None]:
    """(canonical unit, what follows it, the count word kept as a note, a problem)."""
    words = rest.split(" ")
    for size in (2, 1):
        if len(words) < size:
            continue
        candidate = " ".join(words[:size]).rstrip(".,")
        if not candidate or candidate[0].isdigit():
            continue
        try:
            unit = units.canonical_unit(candidate)
        except Invalid as error:
            if size == 1 and candidate.lower() in _COUNT_WORDS:
                return "each", " ".join(words[1:]), candidate, None
            if size == 1 and error.message.endswith(")") and " (" in error.message:
                # A word units refuses with advice ("stick"): say so, keep the line.
                message = error.message
                hint = message[message.find(" (", message.find("Known units")) + 2 : -1]
                return None, " ".join(words[1:]), None, f"'{candidate}' is not a measure: {hint}"
            continue
        if units.dimension(unit) == "length":
            continue  # "in" and "m" are words here, not packaging lengths
        return unit, " ".join(words[size:]), None, None
    return None, rest, None, None


def _split_ingredient(text: str) -> tuple[str, list[str]]:
    """The ingredient name and its notes: parentheses, text after a comma, leading prep words."""
    notes = [f"({inner.strip()})" for inner in _PAREN.findall(text) if inner.strip()]
    text = _clean(_PAREN.sub(" ", text))
    if text.lower().startswith("of "):
        text = text[3:]
    head, _, tail = text.partition(",")
    head = head.strip()
    lowered = head.lower()
    for prefix in _PREFIXES + _SIZES:
        if lowered.startswith(prefix + " "):
            notes.insert(0, head[: len(prefix)])
            head = head[len(prefix) :].strip()
            lowered = head.lower()
    tail = tail.strip(" ,;")
    if tail:
        notes.append(tail)
    return head.strip(" ,;-"), notes


def _join(notes: list[str]) -> str | None:
    text = ", ".join(n for n in notes if n)
    return text.replace(" ,", ",") or None


@dataclass
class _Amount:
    quantity: Decimal | None = None
    unit: str | None = None
    notes: list[str] = field(default_factory=list)
    problem: str | None = None
    vague: bool = False
    written: str | None = None


def _amount(text: str, amount: _Amount) -> str:
    """Fill `amount` from the start of text; return the text after it."""
    match = _AMOUNT.match(text)
    if match is None:
        return text
    rest = text[match.end() :].strip()
    first = rest.split(" ", 1)[0].rstrip(".,").lower()
    if first in _VAGUE_UNITS:  # "2 pinches nutmeg": too vague to plan with, so optional
        amount.notes.append(f"{match.group(0)} {first}")
        amount.vague = True
        return rest[len(first) :].strip()
    times = _TIMES.match(rest)
    if times and not match.group("high"):  # "2 x 50 g bars": 100 g, as written in the note
        amount.notes.append(f"{match.group(0)} x")
        rest = _amount(rest[times.end() :], amount)
        if amount.quantity is not None:
            amount.quantity *= _number(match.group("low"))
        amount.written = None  # a product of two numbers: shown as the number
        return rest
    try:
        low = _number(match.group("low"))
        amount.quantity = _number(match.group("high")) if match.group("high") else low
        amount.written = " ".join((match.group("high") or match.group("low")).split())
    except Invalid as error:
        amount.problem = error.message
    if match.group("high"):
        amount.notes.append(f"range {match.group(0)}")
    paren = re.match(r"^\(([^()]*)\)\s*", rest)
    if paren:  # "1 (14 oz) can ...": the size of what is counted
        amount.notes.append(f"({paren.group(1).strip()})")
        rest = rest[paren.end() :]
    unit, rest, count_word, unit_problem = _unit(rest)
    amount.unit = "each" if unit is None and unit_problem is None else unit  # "2 eggs"
    following = rest.split(" ", 1)
    if count_word is None and following[0].lower() in _COUNT_WORDS:  # "400 g tin tomatoes"
        count_word, rest = following[0], following[1] if len(following) > 1 else ""
    if count_word:
        amount.notes.append(count_word)
    amount.problem = amount.problem or unit_problem
    return rest


def read_ingredient_line(line: str) -> IngredientLine:
    """Read one line; never raises. Missing parts are None and `problem` says why.

    An optional line ("to taste", "pinch of", "(optional)") may lack quantity and unit.
    """
    original = line if isinstance(line, str) else str(line)
    text = _clean(_BULLET.sub("", original.strip()))
    if not text:
        return IngredientLine(original, None, None, None, None, problem="The line is empty")
    text, optional_found = _take_phrases(text, _OPTIONAL_PHRASES)
    text = text.replace("()", " ").strip()
    text, vague = _leading_vague(text)
    notes = [vague.removeprefix("a ").removesuffix(" of")] if vague else []
    amount = _Amount()
    if vague is None:
        text = _amount(text, amount)
        notes += amount.notes
    quantity, unit, problem = amount.quantity, amount.unit, amount.problem
    if amount.vague:
        quantity = unit = None
    ingredient, more = _split_ingredient(text)
    notes += more + [p for p in optional_found if p != "optional"]
    optional = bool(optional_found) or vague is not None or amount.vague
    if problem is None:
        if not ingredient:
            problem = "No ingredient named after the amount"
        elif quantity is None and not optional:
            problem = "No quantity: start the line with an amount such as '2 cups' or '200 g'"
        elif quantity is not None and quantity <= 0:
            problem = "The quantity must be greater than zero"
        elif _SECOND_AMOUNT.match(ingredient):
            problem = "Two amounts on one line: add them up or split the line"
    return IngredientLine(
        text=original,
        quantity=quantity,
        unit=unit,
        ingredient=ingredient or None,
        note=_join(notes),
        optional=optional,
        problem=problem,
        quantity_text=None if quantity is None else amount.written,
    )
