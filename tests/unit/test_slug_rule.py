"""The slug rule: an explicit slug is kept exactly or refused; a derived one always passes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify

from baketracker.errors import Invalid
from baketracker.services.lookup import check_slug, slug_problem

SLUG_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1)


@given(SLUG_TEXT)
def test_a_slug_of_allowed_characters_is_kept_exactly(slug: str) -> None:
    assert check_slug(slug, what="Ingredient", record="Acc Butter") == slug


@given(st.text(min_size=1))
def test_any_other_text_is_refused_on_the_slug_field_naming_the_record(text: str) -> None:
    if re.fullmatch(r"[a-z0-9_-]+", text):
        assert slug_problem(text) is None
        return
    with pytest.raises(Invalid) as caught:
        check_slug(text, what="Ingredient", record="Acc Butter")
    assert (caught.value.field, caught.value.record) == ("slug", "Acc Butter")
    assert str(caught.value).startswith("Ingredient 'Acc Butter': slug ")


@given(st.text())
def test_a_slug_derived_from_any_name_is_one_the_rule_accepts(name: str) -> None:
    derived = slugify(name)
    assert derived == "" or slug_problem(derived) is None


@pytest.mark.parametrize(
    "slug", ["Acc Butter!", "Acc_Butter", "acc butter", "sablés", "acc_butter\n", "a/b"]
)
def test_the_usual_mistakes_are_refused(slug: str) -> None:
    assert slug_problem(slug) == f"{slug!r} may use only lower-case letters, digits, '-' and '_'"
