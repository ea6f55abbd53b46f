"""The shipped demo season is what its generator builds, and it loads cleanly."""

from __future__ import annotations

import json

import pytest

from baketracker.demo.build import DEMO_FILE, build
from baketracker.services import events, planning
from baketracker.services.transfer import demo_document, load_demo


def test_the_committed_demo_is_what_the_generator_builds() -> None:
    # Regenerate with `python -m baketracker.demo.build` when this fails.
    assert build() == json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.mark.usefixtures("db")
def test_the_demo_is_a_holiday_season_ready_to_plan() -> None:
    document = demo_document()
    report = load_demo()

    assert report is not None and report["warnings"] == []
    assert len(document["recipes"]) >= 10 and len(document["recipients"]) == 10
    assert any(r["components"] for r in document["recipes"])
    assert any(g["kind"] == "BUNDLE" for g in document["finished_goods"])
    event = events.get_event("Christmas 2026")
    assert str(event["event_date"]).startswith("2026-12")
    summary = planning.get_plan_summary("Christmas 2026")
    assert summary["batch_requirements"] and summary["ingredients"]
    assert load_demo(if_empty=True) is None
