"""Idempotency keys and body fingerprints: the rules that decide "the same request"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.errors import Invalid
from baketracker.services.idempotency import MAX_KEY_LENGTH, body_fingerprint, check_key

parts = st.lists(st.tuples(st.text(max_size=8), st.binary(max_size=8)), max_size=5)
visible = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
                  max_size=MAX_KEY_LENGTH)


@given(parts, parts)
def test_two_bodies_share_a_fingerprint_only_when_they_are_the_same(
    one: list[tuple[str, bytes]], other: list[tuple[str, bytes]]
) -> None:
    # Length-prefixed: moving bytes from a name into a value (or across fields) is noticed.
    assert (body_fingerprint(one) == body_fingerprint(other)) == (one == other)


@given(parts)
def test_a_fingerprint_is_stable(body: list[tuple[str, bytes]]) -> None:
    assert body_fingerprint(body) == body_fingerprint(list(body))
    assert len(body_fingerprint(body)) == 64


@given(visible)
def test_any_visible_ascii_key_up_to_200_characters_is_accepted(key: str) -> None:
    assert check_key(key) == key


@given(st.text(min_size=1, max_size=20).filter(
    lambda k: any(not 33 <= ord(c) <= 126 for c in k)))
def test_a_key_with_a_space_control_or_non_ascii_character_is_refused(key: str) -> None:
    with pytest.raises(Invalid) as refused:
        check_key(key)
    assert refused.value.field == "idempotency_key"


def test_an_empty_or_overlong_key_is_refused_naming_the_field() -> None:
    for key in ("", "k" * (MAX_KEY_LENGTH + 1)):
        with pytest.raises(Invalid, match="Idempotency key") as refused:
            check_key(key)
        assert refused.value.record == "idempotency key"
