"""What recording production and recording assembly share: the event selector, the form's
context and choices."""

from __future__ import annotations

from collections.abc import Callable
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


def record_context(
    uow: UnitOfWork,
    form: dict[str, str],
    event: str | None,
    q: str,
    choose: Callable[[UnitOfWork, int | None, str], list[dict[str, Any]]],
    runs: Callable[..., list[dict[str, Any]]],
) -> dict[str, Any]:
    """A record form's context: the event selector (`event` None picks the nearest upcoming
    event), what `choose` offers for that event and filter, and the five latest `runs`, each
    named by its event ("standalone" without one)."""
    picker = event_choices(uow, event)
    found = choose(uow, picker["event_id"], q)
    recent = runs(session=uow)[:5]
    names = picker["event_names"]
    return {
        **picker,
        "form": {**form, "event": picker["chosen_event"]},
        "choices": found,
        "q": q,
        "recent": [{**r, "event_name": names.get(r["event_id"], "standalone")} for r in recent],
    }


def matches(q: str, *texts: str) -> bool:
    """Filter as you type: every word of `q` appears in one of `texts`."""
    words = q.lower().split()
    haystack = " ".join(texts).lower()
    return all(word in haystack for word in words)


def plural(n: Decimal | int, word: str, many: str | None = None) -> str:
    """'1 batch', '2 batches'."""
    return f"{number(n)} {word if n == 1 else (many or word + 's')}"
