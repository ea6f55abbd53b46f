"""Major allergens (EU 14 + US 9 merged): codes, names, checked lists and the roll-up rules.

A code is a family (`tree_nuts`) or a named member after a colon (`tree_nuts:almond`); a
named code counts as its family. An ingredient's list is `None` while nobody has checked
it (unknown), `()` when it contains none. Roll-ups carry, for every code, the paths of
names that bring it, so a page can say where an allergen comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from baketracker.errors import Invalid

__all__ = [
    "CODES",
    "FAMILIES",
    "NAMED",
    "Rollup",
    "combine",
    "conflicts",
    "describe",
    "display_name",
    "expand",
    "family",
    "of_ingredient",
    "parse_codes",
    "recognise",
    "sort_codes",
]

# Family code -> name shown to people, in the order labels print them.
FAMILIES: Mapping[str, str] = MappingProxyType({
    "gluten": "gluten",
    "crustaceans": "crustaceans",
    "eggs": "eggs",
    "fish": "fish",
    "peanuts": "peanuts",
    "soy": "soy",
    "milk": "milk",
    "tree_nuts": "tree nuts",
    "celery": "celery",
    "mustard": "mustard",
    "sesame": "sesame",
    "sulphites": "sulphites",
    "lupin": "lupin",
    "molluscs": "molluscs",
})

# Families whose members may be named: the cereals containing gluten and the tree nuts.
NAMED: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "gluten": MappingProxyType(
        {"wheat": "wheat", "rye": "rye", "barley": "barley", "oats": "oats"}
    ),
    "tree_nuts": MappingProxyType({
        "almond": "almond", "hazelnut": "hazelnut", "walnut": "walnut", "cashew": "cashew",
        "pecan": "pecan", "pistachio": "pistachio", "macadamia": "macadamia",
        "brazil_nut": "Brazil nut",
    }),
})

CODES: tuple[str, ...] = tuple(
    code
    for fam in FAMILIES
    for code in (fam, *(f"{fam}:{member}" for member in NAMED.get(fam, {})))
)
_ORDER = {code: i for i, code in enumerate(CODES)}


def family(code: str) -> str:
    """The family a code counts as: `tree_nuts:almond` -> `tree_nuts`."""
    return code.split(":", 1)[0]


def display_name(code: str) -> str:
    """The name people read: `tree_nuts:almond` -> `tree nuts (almond)`."""
    fam, _, member = code.partition(":")
    if not member:
        return FAMILIES[fam]
    return f"{FAMILIES[fam]} ({NAMED[fam][member]})"


def sort_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Known codes in label order, without repeats."""
    return tuple(sorted(set(codes), key=lambda c: _ORDER.get(c, len(_ORDER))))


def expand(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes with the family of every named one added (what `contains` reports)."""
    given = set(codes)
    return sort_codes(given | {family(c) for c in given})


def describe(codes: Iterable[str]) -> str:
    """`gluten (wheat), tree nuts (almond, pecan), milk`: one entry per family, for a label."""
    members: dict[str, list[str]] = {}
    for code in sort_codes(codes):
        fam, _, member = code.partition(":")
        members.setdefault(fam, [])
        if member:
            members[fam].append(NAMED[fam][member])
    parts = [
        FAMILIES[fam] + (f" ({', '.join(names)})" if names else "")
        for fam, names in members.items()
    ]
    return ", ".join(parts)


def parse_codes(value: object, *, record: str, field: str) -> tuple[str, ...]:
    """A list of codes checked against the standard list, or Invalid naming record and field.

    Codes are taken exactly as written (no case folding); repeats collapse.
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise Invalid(
            f"{record}: {field} must be a list of allergen codes, not {value!r}",
            record=record, field=field,
        )
    items = list(value)
    bad = [item for item in items if not isinstance(item, str) or item.strip() not in _ORDER]
    if bad:
        shown = ", ".join(repr(b) for b in bad)
        raise Invalid(
            f"{record}: {field} has unknown allergen code {shown}; known codes are "
            f"{', '.join(FAMILIES)} (a cereal or nut may follow a colon, e.g. gluten:wheat, "
            "tree_nuts:almond)",
            record=record, field=field,
        )
    return sort_codes(item.strip() for item in items)


def conflicts(avoids: Iterable[str], present: Iterable[str]) -> tuple[str, ...]:
    """The avoided codes that `present` brings.

    Avoiding a family conflicts with any of its members; avoiding a named member conflicts
    with that member and with the bare family (an unnamed nut may be that nut).
    """
    present_set = set(present)
    found = []
    for avoid in avoids:
        fam = family(avoid)
        for code in present_set:
            if family(code) != fam:
                continue
            if avoid == fam or code == fam or code == avoid:
                found.append(avoid)
                break
    return sort_codes(found)


Path = tuple[str, ...]


@dataclass(frozen=True)
class Rollup:
    """What a thing contains, may contain, which ingredients are unchecked, and why."""

    contains: frozenset[str] = frozenset()
    may_contain: frozenset[str] = frozenset()
    # slug -> name of every ingredient not yet checked.
    unknown: Mapping[str, str] = field(default_factory=dict)
    # code -> paths of names that bring it; may-contain paths kept apart.
    sources: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    maybe_sources: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    unknown_sources: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)

    def union(self, other: Rollup) -> Rollup:
        return Rollup(
            contains=self.contains | other.contains,
            may_contain=self.may_contain | other.may_contain,
            unknown={**self.unknown, **other.unknown},
            sources=_merge(self.sources, other.sources),
            maybe_sources=_merge(self.maybe_sources, other.maybe_sources),
            unknown_sources=_merge(self.unknown_sources, other.unknown_sources),
        )

    def under(self, name: str) -> Rollup:
        """The same roll-up seen from one level up, through the part called `name`.

        A step named like the one below it (a bare good of its unit) is not repeated.
        """

        def up(paths: tuple[Path, ...]) -> tuple[Path, ...]:
            return tuple(dict.fromkeys(p if p[:1] == (name,) else (name, *p) for p in paths))

        return Rollup(
            contains=self.contains,
            may_contain=self.may_contain,
            unknown=self.unknown,
            sources={c: up(ps) for c, ps in self.sources.items()},
            maybe_sources={c: up(ps) for c, ps in self.maybe_sources.items()},
            unknown_sources={s: up(ps) for s, ps in self.unknown_sources.items()},
        )

    @property
    def is_unknown(self) -> bool:
        return bool(self.unknown)

    def explanation(self) -> list[str]:
        """One line per code and per unchecked ingredient: `tree nuts (almond): A → b`."""
        lines = []
        for code in sort_codes(self.contains):
            lines += [f"{display_name(code)}: {' → '.join(p)}" for p in self.sources[code]]
        for code in sort_codes(self.may_contain - self.contains):
            lines += [
                f"may contain {display_name(code)}: {' → '.join(p)}"
                for p in self.maybe_sources[code]
            ]
        for slug, name in sorted(self.unknown.items()):
            paths = self.unknown_sources.get(slug, ())
            where = f" ({'; '.join(' → '.join(p) for p in paths)})" if paths else ""
            lines.append(f"unknown: Ingredient {name} not yet checked{where}")
        return lines


def _merge(
    a: Mapping[str, tuple[Path, ...]], b: Mapping[str, tuple[Path, ...]]
) -> dict[str, tuple[Path, ...]]:
    merged = dict(a)
    for key, paths in b.items():
        merged[key] = tuple(dict.fromkeys((*merged.get(key, ()), *paths)))
    return merged


def of_ingredient(
    slug: str, name: str, allergens: Iterable[str] | None, may_contain: Iterable[str] = ()
) -> Rollup:
    """One ingredient on its own: its codes, its products' may-contain, or unknown."""
    contains = frozenset(allergens or ())
    maybe = frozenset(may_contain) - contains
    sources = {code: ((name,),) for code in contains}
    maybe_sources = {code: ((name,),) for code in maybe}
    if allergens is None:
        return Rollup(may_contain=maybe, unknown={slug: name}, maybe_sources=maybe_sources,
                      unknown_sources={slug: ((name,),)})
    return Rollup(contains=contains, may_contain=maybe, sources=sources,
                  maybe_sources=maybe_sources)


def combine(parts: Iterable[tuple[str | None, Rollup]]) -> Rollup:
    """The union over parts; each part's paths start with its name (None: no extra step)."""
    total = Rollup()
    for name, part in parts:
        total = total.union(part if name is None else part.under(name))
    return total


# --- Free text of the old app (data migration): recognised words become codes. ---

_TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"tree ?nuts?", ("tree_nuts",)),
    (r"brazil ?nuts?", ("tree_nuts:brazil_nut",)),
    (r"peanuts?|groundnuts?", ("peanuts",)),
    (r"almonds?", ("tree_nuts:almond",)),
    (r"hazelnuts?|filberts?", ("tree_nuts:hazelnut",)),
    (r"walnuts?", ("tree_nuts:walnut",)),
    (r"cashews?", ("tree_nuts:cashew",)),
    (r"pecans?", ("tree_nuts:pecan",)),
    (r"pistachios?", ("tree_nuts:pistachio",)),
    (r"macadamias?", ("tree_nuts:macadamia",)),
    (r"nuts?", ("tree_nuts",)),
    (r"gluten", ("gluten",)),
    (r"wheat", ("gluten:wheat",)),
    (r"rye", ("gluten:rye",)),
    (r"barley", ("gluten:barley",)),
    (r"oats?", ("gluten:oats",)),
    (r"shellfish", ("crustaceans", "molluscs")),
    (r"crustaceans?|shrimps?|prawns?|crabs?|lobsters?", ("crustaceans",)),
    (r"molluscs?|mollusks?", ("molluscs",)),
    (r"eggs?", ("eggs",)),
    (r"fish", ("fish",)),
    (r"soy|soya|soybeans?", ("soy",)),
    (r"milk|dairy|lactose", ("milk",)),
    (r"celery|celeriac", ("celery",)),
    (r"mustard", ("mustard",)),
    (r"sesame", ("sesame",)),
    (r"sulphites?|sulfites?", ("sulphites",)),
    (r"lupin|lupine", ("lupin",)),
)
_TERM_RE = re.compile(r"\b(" + "|".join(f"(?:{t})" for t, _ in _TERMS) + r")\b")
_TERM_CODES = [(re.compile(rf"^(?:{t})$"), codes) for t, codes in _TERMS]
_FILLER = re.compile(
    r"\b(no|none|free|contains?|avoids?|allergy|allergic|to|intolerant|intolerance|"
    r"sensitive|sensitivity|please|strict|all|products?|traces?|of)\b|-"
)
_SPLIT = re.compile(r"[,;/+&\n]|\band\b|\bor\b")
_NONE_WORDS = re.compile(r"^\s*(none|no allergens|allergen[- ]free|nothing)\s*\.?\s*$")


def recognise(text: str | None) -> tuple[tuple[str, ...] | None, str | None]:
    """Old free text -> (codes, note left over). No text -> (None, None): still unknown.

    A fragment whose words are all allergen names (or fillers like "no", "free") becomes
    codes; any other fragment stays, whole, in the note. "may contain ..." is never taken
    as contains. Text with no recognised word gives no codes (None), never "none".
    """
    if text is None or not text.strip():
        return None, None
    if _NONE_WORDS.match(text.lower()):
        return (), None
    codes: list[str] = []
    rest: list[str] = []
    for fragment in (f.strip() for f in _SPLIT.split(text)):
        if not fragment:
            continue
        low = fragment.lower()
        if "may contain" in low:
            rest.append(fragment)
            continue
        found = _TERM_RE.findall(low)
        leftover = _FILLER.sub(" ", _TERM_RE.sub(" ", low)).strip(" .!:")
        if found:
            for word in found:
                codes.extend(next(c for r, c in _TERM_CODES if r.match(word)))
        if not found or leftover:
            rest.append(fragment)
    note = ", ".join(rest) or None
    return (sort_codes(codes) if codes else None), note
