"""The parts of a pasted recipe: title, yield line, ingredient lines by section, steps, notes.

Pure text in, plain values out; every non-blank line lands somewhere (nothing dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from baketracker.domain.ingredient_lines import (
    IngredientLine,
    read_ingredient_line,
    section_name,
)
from baketracker.domain.yields import Yield, read_yield_line

__all__ = ["HEADINGS", "RecipeText", "SectionLine", "read_recipe_text", "step_text"]

_INGREDIENT_HEADS: Final = frozenset({"ingredients", "ingredient list", "you will need"})
_STEP_HEADS: Final = frozenset(
    {"instructions", "method", "directions", "steps", "preparation", "how to make it",
     "how to make", "to make"}
)  # fmt: skip
_NOTE_HEADS: Final = frozenset({"notes", "note", "tips", "cook's notes", "notes and tips"})
# Lines that only say what follows; they are read as structure, not kept as text.
HEADINGS: Final = _INGREDIENT_HEADS | _STEP_HEADS | _NOTE_HEADS
_NUMBERED = re.compile(r"^(?:step\s*\d+\s*[:.)-]?|\d+\s*[.)])\s+", re.IGNORECASE)
_SENTENCE_WORDS: Final = 12


@dataclass(frozen=True)
class SectionLine:
    """An ingredient line and the section heading it sits under (None before any heading)."""

    section: str | None
    line: IngredientLine


@dataclass
class RecipeText:
    name: str | None = None
    recipe_yield: Yield | None = None
    lines: list[SectionLine] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def step_text(line: str) -> str:
    """A step without its numbering: "2. Beat the butter" → "Beat the butter"."""
    return _NUMBERED.sub("", line.strip(), count=1).strip()


def _is_step(text: str) -> bool:
    if _NUMBERED.match(text):
        return True
    return len(text.split()) > _SENTENCE_WORDS and text.rstrip().endswith((".", "!"))


def _looks_like_ingredient(text: str) -> bool:
    if _is_step(text):
        return False
    read = read_ingredient_line(text)
    return read.ingredient is not None and (read.quantity is not None or read.optional)


def _head(text: str) -> str:
    return " ".join(text.lower().strip().rstrip(":").split())


def read_recipe_text(text: str) -> RecipeText:
    """Split pasted text into its parts; headings ("Ingredients", "Method") help, not needed.

    Without headings, the first line that is not an ingredient is the title, lines before
    the first ingredient are notes, and numbered or sentence-long lines are steps.
    """
    out = RecipeText()
    state = "start"
    section: str | None = None
    for raw in str(text).splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        head = _head(line)
        if head in _INGREDIENT_HEADS:
            state = "ingredients"
            continue
        if head in _STEP_HEADS:
            state = "steps"
            continue
        if head in _NOTE_HEADS:
            state = "notes"
            continue
        if state != "steps" and out.recipe_yield is None:
            found = read_yield_line(line)
            if found is not None:
                out.recipe_yield = found
                continue
        if state == "steps":
            out.steps.append(step_text(line))
        elif state == "notes":
            out.notes.append(line)
        elif state == "start" and out.name is None and not _looks_like_ingredient(line):
            if section_name(line) is None:
                out.name = line.strip()
                continue
            section, state = section_name(line), "ingredients"
        elif section_name(line) is not None and state != "steps":
            section, state = section_name(line), "ingredients"
        elif state == "start" and not _looks_like_ingredient(line):
            out.notes.append(line)
        elif _is_step(line):
            state = "steps"
            out.steps.append(step_text(line))
        else:
            state = "ingredients"
            out.lines.append(SectionLine(section, read_ingredient_line(raw.strip())))
    return out
