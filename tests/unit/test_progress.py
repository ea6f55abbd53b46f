"""Progress arithmetic and fulfillment steps: pure rules, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain.progress import (
    COMPLETE,
    IN_PROGRESS,
    NOT_STARTED,
    TargetProgress,
    check_fulfillment,
    next_fulfillment,
    overall,
    percent,
)
from baketracker.errors import Conflict, Invalid

D = Decimal


def test_three_of_five_batches_is_sixty_percent_with_two_remaining() -> None:
    p = TargetProgress(target=D(5), done=D(3))
    assert (p.percent, p.remaining, p.overage, p.met) == (D("60.0"), D(2), D(0), False)


def test_seven_of_five_batches_is_one_hundred_forty_percent_with_an_overage_of_two() -> None:
    p = TargetProgress(target=D(5), done=D(7))
    assert (p.percent, p.remaining, p.overage, p.met) == (D("140.0"), D(0), D(2), True)


def test_five_of_four_is_one_hundred_twenty_five_percent() -> None:
    assert percent(5, 4) == D("125.0")


def test_percentages_are_rounded_to_one_place() -> None:
    assert percent(2, 3) == D("66.7")
    assert percent(1, 3) == D("33.3")
    assert percent(D("0.5"), 4) == D("12.5")


def test_a_target_of_zero_or_negative_done_is_refused() -> None:
    with pytest.raises(Invalid):
        percent(1, 0)
    with pytest.raises(Invalid):
        TargetProgress(target=D(0), done=D(0))
    with pytest.raises(Invalid):
        TargetProgress(target=D(3), done=D(-1))
    with pytest.raises(Invalid):
        percent(-1, 3)


def test_no_runs_means_not_started_at_zero_percent() -> None:
    result = overall([TargetProgress(D(5), D(0)), TargetProgress(D(10), D(0))])
    assert (result.percent, result.status) == (D("0.0"), NOT_STARTED)


def test_runs_that_meet_no_target_still_mean_the_event_has_started() -> None:
    assert overall([TargetProgress(D(5), D(0))], started=True).status == IN_PROGRESS


def test_an_event_without_targets_is_not_started_and_never_complete() -> None:
    assert overall([]).status == NOT_STARTED
    assert overall([], started=True).status == IN_PROGRESS
    assert overall([], started=True).percent == D(0)


def test_overall_caps_each_target_at_one_hundred_so_overage_cannot_hide_a_shortfall() -> None:
    result = overall([TargetProgress(D(5), D(10)), TargetProgress(D(4), D(0))])
    assert (result.percent, result.status) == (D("50.0"), IN_PROGRESS)


def test_overall_is_complete_when_every_target_is_met() -> None:
    result = overall([TargetProgress(D(5), D(7)), TargetProgress(D(4), D(4))])
    assert (result.percent, result.status) == (D("100.0"), COMPLETE)


def test_an_open_target_keeps_the_overall_below_one_hundred_even_when_it_rounds_up() -> None:
    targets = [TargetProgress(D(1), D(1))] * 999 + [TargetProgress(D(1000), D(999))]
    result = overall(targets)
    assert (result.percent, result.status) == (D("99.9"), IN_PROGRESS)


targets = st.integers(min_value=1, max_value=10_000)
done = st.integers(min_value=0, max_value=20_000)
halves = st.integers(min_value=0, max_value=40_000).map(lambda n: D(n) / 2)


@given(targets, halves)
def test_percent_is_never_negative_and_remaining_plus_done_covers_the_target(
    target: int, made: Decimal
) -> None:
    p = TargetProgress(D(target), made)
    assert p.percent >= 0
    assert p.remaining >= 0 and p.overage >= 0
    assert p.remaining + made >= target
    assert made - target == p.overage - p.remaining
    assert p.remaining == 0 or p.overage == 0
    assert p.met == (p.remaining == 0)
    assert p.capped_fraction <= 1


@given(targets, done, done)
def test_making_more_never_lowers_the_percentage(target: int, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert percent(low, target) <= percent(high, target)


@given(st.lists(st.tuples(targets, done), max_size=20), st.booleans())
def test_overall_stays_between_zero_and_one_hundred_and_reads_100_only_when_complete(
    pairs: list[tuple[int, int]], started: bool
) -> None:
    result = overall([TargetProgress(D(t), D(d)) for t, d in pairs], started=started)
    assert D(0) <= result.percent <= D(100)
    assert (result.percent == 100) == (result.status == COMPLETE)
    if result.status == NOT_STARTED:
        assert result.percent == 0


# --- fulfillment ---------------------------------------------------------------------------


def test_fulfillment_moves_pending_to_ready_to_delivered() -> None:
    assert check_fulfillment("pending", "ready") == "ready"
    assert check_fulfillment("ready", "Delivered") == "delivered"
    assert next_fulfillment("pending") == "ready"
    assert next_fulfillment("ready") == "delivered"


@pytest.mark.parametrize(
    ("current", "requested", "words"),
    [
        ("pending", "delivered", "is pending; it cannot skip to delivered (next is ready)"),
        ("ready", "pending", "is ready; it cannot go back to pending"),
        ("delivered", "ready", "is delivered; it cannot go back to ready"),
        ("ready", "ready", "is already ready; requested ready"),
    ],
)
def test_skipping_going_back_or_repeating_a_step_is_a_conflict_naming_both_statuses(
    current: str, requested: str, words: str
) -> None:
    with pytest.raises(Conflict) as caught:
        check_fulfillment(current, requested, record="Assignment 7")
    assert str(caught.value) == f"Assignment 7 {words}"


@pytest.mark.parametrize("status", ["shipped", "", None, 3])
def test_an_unknown_fulfillment_status_is_invalid_naming_the_field(status: object) -> None:
    with pytest.raises(Invalid) as caught:
        check_fulfillment("pending", status)
    assert caught.value.field == "fulfillment_status"


def test_a_delivered_package_has_no_next_step() -> None:
    with pytest.raises(Conflict, match="already delivered"):
        next_fulfillment("delivered")
