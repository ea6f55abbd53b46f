"""Finding the product a baker means from a few typed words, typos allowed (rapidfuzz).

Every typed word must be found, nearly letter for letter, among the words of the
product's name, brand, slug and ingredient (or material) name; the share of typed words
found is the score. A product scoring clearly better than every other is the match;
products tied at the top are all candidates, and the caller asks which one was meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, utils

WORD_SCORE: Final = 85  # "buter" is "butter" (91); "bread" is not "butter"
MIN_SCORE: Final = 60  # two of three typed words at least
TIE_MARGIN: Final = 5
_IGNORED: Final = frozenset({"of", "the", "a", "and", "x"})


@dataclass(frozen=True)
class Candidate:
    """A product as matching sees it: its id, the name to show, and the words it has."""

    id: int
    name: str
    words: frozenset[str]


def words_of(*texts: str | None) -> frozenset[str]:
    """The comparable words of some texts: lower case, punctuation dropped."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(utils.default_process(text.replace("-", " ").replace("_", " ")).split())
    return frozenset(found)


def _word_score(word: str, among: Iterable[str]) -> float:
    best = 0.0
    for other in among:
        if word == other:
            return 100.0
        if len(word) >= 4 and other.startswith(word):
            best = max(best, 95.0)  # "choc" for "chocolate"
        best = max(best, fuzz.ratio(word, other))
    return best if best >= WORD_SCORE else 0.0


def score(query: str, candidate: Candidate) -> float:
    """0-100: how many of the typed words the candidate has (each typo-tolerant)."""
    typed = [w for w in words_of(query) if w not in _IGNORED] or list(words_of(query))
    if not typed:
        return 0.0
    return sum(_word_score(w, candidate.words) for w in typed) / len(typed)


@dataclass(frozen=True)
class Ranking:
    """The best candidates for a query, best first: one when the match is clear."""

    best: tuple[tuple[float, Candidate], ...]

    @property
    def clear(self) -> Candidate | None:
        return self.best[0][1] if len(self.best) == 1 else None


def rank(query: str, candidates: Sequence[Candidate]) -> Ranking:
    """The candidates tied at the top score (within TIE_MARGIN), if it reaches MIN_SCORE."""
    scored = sorted(
        ((score(query, c), c) for c in candidates), key=lambda pair: (-pair[0], pair[1].name)
    )
    if not scored or scored[0][0] < MIN_SCORE:
        return Ranking(())
    top = scored[0][0]
    return Ranking(tuple(pair for pair in scored if pair[0] >= top - TIE_MARGIN))
