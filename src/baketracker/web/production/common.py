"""What recording production and recording assembly share: the event selector and choices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from baketracker.db import UnitOfWork
from baketracker.services import events
from baketracker.web.events.view import event_label, nearest_event, open_events
from baketracker.web.templating import number

STANDALONE = ("", "(none: standalone)")


def event_choices(uow: UnitOfWork, wanted: str | None) -> dict[str, Any]:
    """The selector: "(none: standalone)" first, then open events nearest first.

    `wanted` is the event asked for by the address (an id; "" for standalone); without
    it the nearest upcoming event is chosen, when there is one."""
    rows = events.list_events(session=uow)
    listed = open_events(rows)
    if wanted is None:
        near = nearest_event(rows)
        chosen = str(near["id"]) if near else ""
    else:
        chosen = wanted if any(str(r["id"]) == wanted for r in listed) else ""
    return {
        "event_options": [STANDALONE] + [(str(r["id"]), event_label(r)) for r in listed],
        "event_id": int(chosen) if chosen else None,
        "event_names": {r["id"]: r["name"] for r in rows},
        "chosen_event": chosen,
    }


def matches(q: str, *texts: str) -> bool:
    """Filter as you type: every word of `q` appears in one of `texts`."""
    words = q.lower().split()
    haystack = " ".join(texts).lower()
    return all(word in haystack for word in words)


def plural(n: Decimal | int, word: str, many: str | None = None) -> str:
    """'1 batch', '2 batches'."""
    return f"{number(n)} {word if n == 1 else (many or word + 's')}"
