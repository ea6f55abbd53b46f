"""The allergen list, checked lists, conflicts, the roll-up and old free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baketracker.domain import allergens as al
from baketracker.errors import Invalid

codes_lists = st.lists(st.sampled_from(al.CODES), max_size=6)


def test_the_list_merges_the_eu_and_us_majors_with_named_cereals_and_nuts() -> None:
    assert len(al.FAMILIES) == 14
    assert "tree_nuts:almond" in al.CODES and "gluten:wheat" in al.CODES
    assert al.display_name("tree_nuts:brazil_nut") == "tree nuts (Brazil nut)"
    assert al.family("tree_nuts:pecan") == "tree_nuts"


def test_an_unknown_code_is_refused_naming_the_record_and_field() -> None:
    with pytest.raises(Invalid) as err:
        al.parse_codes(["milk", "nutz"], record="Ingredient 'Butter'", field="allergens")
    assert err.value.field == "allergens"
    assert "Ingredient 'Butter'" in err.value.message and "'nutz'" in err.value.message


@pytest.mark.parametrize("bad", ["milk", 5, None, [["milk"]], ["tree_nuts:coconut"], ["Milk"]])
def test_a_malformed_list_is_refused(bad: object) -> None:
    with pytest.raises(Invalid):
        al.parse_codes(bad, record="Recipient 'June'", field="avoids")


def test_a_checked_list_comes_back_in_label_order_without_repeats() -> None:
    got = al.parse_codes(["milk", "gluten:wheat", "milk"], record="r", field="f")
    assert got == ("gluten:wheat", "milk")
    assert al.parse_codes([], record="r", field="f") == ()


def test_avoiding_a_family_conflicts_with_its_named_members_and_back() -> None:
    assert al.conflicts(["tree_nuts"], ["tree_nuts:pecan"]) == ("tree_nuts",)
    assert al.conflicts(["tree_nuts:almond"], ["tree_nuts"]) == ("tree_nuts:almond",)
    assert al.conflicts(["tree_nuts:almond"], ["tree_nuts:pecan"]) == ()
    assert al.conflicts(["peanuts"], ["tree_nuts"]) == ()


def test_a_label_lists_each_family_once_with_its_named_members() -> None:
    text = al.describe(["tree_nuts:pecan", "milk", "tree_nuts:almond", "gluten:wheat"])
    assert text == "gluten (wheat), milk, tree nuts (almond, pecan)"


def test_a_nut_two_levels_down_is_explained_by_its_path() -> None:
    almonds = al.of_ingredient("sliced-almonds", "sliced almonds", ["tree_nuts:almond"])
    flour = al.of_ingredient("flour", "flour", ["gluten:wheat"])
    biscotti = al.combine([(None, almonds), (None, flour)])
    box = al.combine([("Almond Biscotti", biscotti)])
    assert "tree nuts (almond): Almond Biscotti → sliced almonds" in box.explanation()
    assert al.expand(box.contains) == ("gluten", "gluten:wheat", "tree_nuts", "tree_nuts:almond")


def test_an_unchecked_ingredient_makes_the_whole_thing_unknown_not_free_of() -> None:
    sugar = al.of_ingredient("sugar", "sugar", [])
    vanilla = al.of_ingredient("vanilla", "Vanilla", None)
    whole = al.combine([("Cookie", al.combine([(None, sugar), (None, vanilla)]))])
    assert whole.is_unknown and whole.unknown == {"vanilla": "Vanilla"}
    assert "unknown: Ingredient Vanilla not yet checked (Cookie → Vanilla)" in whole.explanation()


def test_may_contain_is_kept_apart_from_contains() -> None:
    chips = al.of_ingredient("chips", "chocolate chips", ["milk"], ["tree_nuts", "milk"])
    assert chips.contains == {"milk"} and chips.may_contain == {"tree_nuts"}
    assert "may contain tree nuts: chocolate chips" in chips.explanation()


@given(codes_lists, codes_lists, codes_lists)
def test_union_is_monotone(a: list[str], b: list[str], avoids: list[str]) -> None:
    ra, rb = al.of_ingredient("a", "A", a), al.of_ingredient("b", "B", b)
    both = al.combine([("X", ra), ("Y", rb)])
    assert ra.contains <= both.contains and rb.contains <= both.contains
    assert set(al.conflicts(avoids, a)) <= set(al.conflicts(avoids, both.contains))


@given(st.sampled_from([c for c in al.CODES if ":" in c]))
def test_a_named_code_counts_as_its_family(code: str) -> None:
    assert al.family(code) in al.expand([code])
    assert al.conflicts([al.family(code)], [code]) == (al.family(code),)


@given(codes_lists, st.lists(st.none() | codes_lists, min_size=1, max_size=5))
def test_unknown_never_becomes_none(first: list[str], rest: list[list[str] | None]) -> None:
    parts = [al.of_ingredient("known", "known", first)] + [
        al.of_ingredient(f"i{i}", f"I{i}", codes) for i, codes in enumerate(rest)
    ]
    total = al.combine((f"p{i}", part) for i, part in enumerate(parts))
    assert total.is_unknown == any(codes is None for codes in rest)


@given(codes_lists)
def test_every_checked_list_parses_to_itself(codes: list[str]) -> None:
    assert al.parse_codes(codes, record="r", field="f") == al.sort_codes(codes)


@pytest.mark.parametrize(
    ("text", "codes", "note"),
    [
        ("No nuts", ("tree_nuts",), None),
        ("egg", ("eggs",), None),
        ("Gluten, dairy; pecans", ("gluten", "milk", "tree_nuts:pecan"), None),
        ("none", (), None),
        ("may contain nuts", None, "may contain nuts"),
        ("prefers dark chocolate", None, "prefers dark chocolate"),
        ("no milk, hates raisins", ("milk",), "hates raisins"),
        ("mild egg intolerance", ("eggs",), "mild egg intolerance"),
        ("nutmeg", None, "nutmeg"),
        ("", None, None),
        (None, None, None),
    ],
)
def test_old_free_text_becomes_codes_and_the_rest_stays_a_note(
    text: str | None, codes: tuple[str, ...] | None, note: str | None
) -> None:
    assert al.recognise(text) == (codes, note)
