"""Reading ingredient lines, section headings and yield lines as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baketracker.domain.ingredient_lines import read_ingredient_line, section_name
from baketracker.domain.yields import read_yield, read_yield_line, yield_amount
from baketracker.errors import Invalid

D = Decimal
# line → (quantity, unit, ingredient, note); every line below is written the way real
# recipes print them (US cups and sticks, UK grams and tins, fractions in every shape).
LINES: list[tuple[str, Decimal | None, str | None, str | None, str | None]] = [
    ("2 1/4 cups all-purpose flour, sifted", D("2.25"), "cup", "all-purpose flour", "sifted"),
    ("1 cup (2 sticks) unsalted butter, softened", D(1), "cup", "unsalted butter",
     "(2 sticks), softened"),
    ("3/4 cup packed light brown sugar", D("0.75"), "cup", "light brown sugar", "packed"),
    ("2 large eggs", D(2), "each", "eggs", "large"),
    ("½ tsp kosher salt", D("0.5"), "tsp", "kosher salt", None),
    ("200 g dark chocolate (70%), chopped", D(200), "g", "dark chocolate", "(70%), chopped"),
    ("1-2 tbsp milk", D(2), "tbsp", "milk", "range 1-2"),
    ("3 to 4 cups powdered sugar", D(4), "cup", "powdered sugar", "range 3 to 4"),
    ("1½ teaspoons vanilla extract", D("1.5"), "tsp", "vanilla extract", None),
    ("1 ¼ cups whole milk", D("1.25"), "cup", "whole milk", None),
    ("2-1/2 cups bread flour", D("2.5"), "cup", "bread flour", None),
    ("1 T sugar", D(1), "tbsp", "sugar", None),
    ("1 t baking soda", D(1), "tsp", "baking soda", None),
    ("1 tsp. pure vanilla extract", D(1), "tsp", "pure vanilla extract", None),
    ("2 1/2 c. milk", D("2.5"), "cup", "milk", None),
    ("2lb butter", D(2), "lb", "butter", None),
    ("1 fl oz dark rum", D(1), "fl oz", "dark rum", None),
    ("12 oz. semisweet chocolate chips", D(12), "oz", "semisweet chocolate chips", None),
    ("8 oz cream cheese, at room temperature", D(8), "oz", "cream cheese",
     "at room temperature"),
    ("1/2 cup (100g) granulated sugar", D("0.5"), "cup", "granulated sugar", "(100g)"),
    ("1 egg yolk", D(1), "each", "egg yolk", None),
    ("3 medium eggs, beaten", D(3), "each", "eggs", "medium, beaten"),
    ("2 tablespoons butter, melted and cooled", D(2), "tbsp", "butter", "melted and cooled"),
    ("1 kg strong white bread flour", D(1), "kg", "strong white bread flour", None),
    ("250ml whole milk, warm", D(250), "ml", "whole milk", "warm"),
    ("7 g fast-action dried yeast", D(7), "g", "fast-action dried yeast", None),
    ("2 cloves garlic, minced", D(2), "each", "garlic", "cloves, minced"),
    ("1 (14 oz) can sweetened condensed milk", D(1), "each", "sweetened condensed milk",
     "(14 oz), can"),
    ("2 x 50g bars milk chocolate", D(100), "g", "milk chocolate", "2 x, bars"),
    ("1 cup chocolate chips (optional)", D(1), "cup", "chocolate chips", None),
    ("- 1 tsp baking powder", D(1), "tsp", "baking powder", None),
    ("• 100 g caster sugar", D(100), "g", "caster sugar", None),
    ("1/3 cup maple syrup", D(1) / D(3), "cup", "maple syrup", None),
    ("⅔ cup heavy cream, chilled", D(2) / D(3), "cup", "heavy cream", "chilled"),
    ("1 1/2 pounds cream cheese", D("1.5"), "lb", "cream cheese", None),
    ("4 Tbsp cocoa powder, sifted", D(4), "tbsp", "cocoa powder", "sifted"),
    ("1 cup of rolled oats", D(1), "cup", "rolled oats", None),
    ("0.5 l double cream", D("0.5"), "l", "double cream", None),
    ("3 ripe bananas, mashed", D(3), "each", "ripe bananas", "mashed"),
    ("1 dozen eggs", D(1), "dozen", "eggs", None),
    ("1 1/2 cups finely chopped pecans", D("1.5"), "cup", "pecans", "finely chopped"),
    ("1 quart buttermilk", D(1), "qt", "buttermilk", None),
    ("2 pints strawberries, hulled", D(2), "pt", "strawberries", "hulled"),
    ("1,000 g flour", D(1000), "g", "flour", None),
    ("Pinch of salt", None, None, "salt", "pinch"),
    ("a pinch of ground cinnamon", None, None, "ground cinnamon", "pinch"),
    ("2 pinches nutmeg", None, None, "nutmeg", "2 pinches"),
    ("Salt and pepper, to taste", None, None, "Salt and pepper", "to taste"),
    ("Powdered sugar, for dusting", None, None, "Powdered sugar", "for dusting"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "quantity", "unit", "ingredient", "note"), LINES)
def test_a_real_world_ingredient_line_is_read_into_quantity_unit_ingredient_and_note(
    line: str, quantity: Decimal | None, unit: str | None, ingredient: str, note: str | None
) -> None:
    read = read_ingredient_line(line)
    assert (read.quantity, read.unit, read.ingredient, read.note) == (
        quantity,
        unit,
        ingredient,
        note,
    )
    assert read.problem is None
    assert read.text == line


def test_the_table_holds_at_least_forty_lines() -> None:
    assert len(LINES) >= 40


@pytest.mark.parametrize(
    "line",
    ["Pinch of salt", "Salt and pepper, to taste", "1 cup chocolate chips (optional)",
     "Powdered sugar, for dusting", "2 pinches nutmeg"],
)  # fmt: skip
def test_vague_and_to_taste_lines_are_optional(line: str) -> None:
    assert read_ingredient_line(line).optional


@pytest.mark.parametrize(
    ("line", "written"),
    [("2 1/4 cups flour", "2 1/4"), ("1-2 tbsp milk", "2"), ("½ tsp salt", "½"),
     ("2 x 50 g bars chocolate", None), ("Pinch of salt", None)],
)  # fmt: skip
def test_the_quantity_is_kept_as_written_for_showing_back(line: str, written: str | None) -> None:
    assert read_ingredient_line(line).quantity_text == written


def test_a_measured_line_is_not_optional() -> None:
    assert not read_ingredient_line("2 cups flour").optional


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Butter", "No quantity"),
        ("Zest of 1 lemon", "No quantity"),
        ("1 stick butter", "stick is 4 oz"),
        ("0 cups sugar", "greater than zero"),
        ("1/0 cup flour", "divides by zero"),
        ("2 cups", "No ingredient"),
        ("1 cup + 2 tbsp flour", "Two amounts"),
        ("", "empty"),
    ],
)
def test_a_line_that_cannot_be_read_keeps_its_text_and_says_why(line: str, reason: str) -> None:
    read = read_ingredient_line(line)
    assert read.text == line
    assert read.problem is not None and reason in read.problem


@pytest.mark.parametrize(
    ("line", "section"),
    [("For the frosting:", "For the frosting"), ("Frosting:", "Frosting"),
     ("For the dough", "For the dough"), ("  Glaze :", "Glaze")],
)  # fmt: skip
def test_a_section_heading_is_recognised(line: str, section: str) -> None:
    assert section_name(line) == section


@pytest.mark.parametrize("line", ["2 cups flour", "Salt, to taste", "1 cup sugar:", ""])
def test_an_ingredient_line_is_not_a_heading(line: str) -> None:
    assert section_name(line) is None


@pytest.mark.parametrize(
    ("line", "count", "unit"),
    [
        ("Makes 24 cookies", D(24), "cookies"),
        ("Yield: 2 loaves", D(2), "loaves"),
        ("Serves 8", D(8), "servings"),
        ("Servings: 12", D(12), "servings"),
        ("Makes about 3 dozen cookies", D(36), "cookies"),
        ("Yields 24-30 cookies", D(24), "cookies"),
        ("Yield: 1 (9-inch) pie", D(1), "pie"),
    ],
)
def test_a_yield_line_gives_the_count_and_what_is_counted(
    line: str, count: Decimal, unit: str
) -> None:
    found = read_yield_line(line)
    assert found is not None
    assert (found.count, found.unit, found.text) == (count, unit, line)


@pytest.mark.parametrize("line", ["Makes a lot", "2 cups flour", "Bake for 12 minutes."])
def test_a_line_that_is_not_a_yield_is_not_read_as_one(line: str) -> None:
    assert read_yield_line(line) is None


def test_a_yield_value_from_a_web_page_reads_without_a_lead_word() -> None:
    assert read_yield("24 servings").count == 24
    assert read_yield("One loaf").count is None


@pytest.mark.parametrize(
    ("written", "key", "value"),
    [("24", "items_per_batch", D(24)), ("1 batch", "batch_portion", D(1)),
     ("50%", "batch_portion", D("0.5")), ("12 per batch", "items_per_batch", D(12))],
)  # fmt: skip
def test_a_yield_amount_is_a_count_or_a_share_of_a_batch(
    written: str, key: str, value: Decimal
) -> None:
    assert yield_amount(written) == (key, value)


def test_a_yield_amount_that_is_no_number_is_refused_naming_the_field() -> None:
    with pytest.raises(Invalid) as caught:
        yield_amount("lots")
    assert caught.value.field == "yield"


fast = settings(max_examples=60, deadline=None)


@fast
@given(st.text(max_size=80))
def test_reading_any_text_never_raises_and_keeps_the_text(text: str) -> None:
    read = read_ingredient_line(text)
    assert read.text == text
    assert read.problem is not None or read.ingredient is not None
    section_name(text)
    read_yield_line(text)


UNIT_WORDS = {"g": "g", "grams": "g", "cups": "cup", "tbsp": "tbsp", "oz": "oz", "ml": "ml"}


@fast
@given(
    whole=st.integers(min_value=0, max_value=500),
    fraction=st.sampled_from(["", " 1/2", " 1/4", " 3/4", " 1/3"]),
    unit=st.sampled_from(sorted(UNIT_WORDS)),
    name=st.sampled_from(["flour", "brown sugar", "unsalted butter", "dark chocolate"]),
)
def test_the_quantity_as_written_is_the_quantity_read(
    whole: int, fraction: str, unit: str, name: str
) -> None:
    if whole == 0 and not fraction:
        whole = 1
    written = f"{whole}{fraction}".strip() if whole else fraction.strip()
    read = read_ingredient_line(f"{written} {unit} {name}")
    expected = D(whole)
    if fraction:
        numerator, denominator = fraction.strip().split("/")
        expected += D(int(numerator)) / D(int(denominator))
    assert (read.quantity, read.unit, read.ingredient) == (expected, UNIT_WORDS[unit], name)


@fast
@given(low=st.integers(min_value=1, max_value=50), extra=st.integers(min_value=1, max_value=50))
def test_a_range_always_takes_its_upper_bound_and_keeps_the_range_in_the_note(
    low: int, extra: int
) -> None:
    read = read_ingredient_line(f"{low}-{low + extra} tbsp milk")
    assert read.quantity == low + extra
    assert read.note == f"range {low}-{low + extra}"


SAMPLE_LINES = [
    "Lemon bars", "Makes 16 bars", "Ingredients", "For the crust:", "1 cup flour",
    "1/2 cup butter, softened", "Pinch of salt", "Zest of 1 lemon", "Method",
    "1. Press the crust into the tin.", "Bake for 20 minutes until golden at the edges.",
    "Notes", "Keeps for three days.",
]  # fmt: skip


@fast
@given(st.lists(st.one_of(st.sampled_from(SAMPLE_LINES), st.text(max_size=40)), max_size=14))
def test_every_line_of_a_pasted_recipe_lands_somewhere(lines: list[str]) -> None:
    from baketracker.domain.recipe_text import HEADINGS, read_recipe_text

    parts = read_recipe_text("\n".join(lines))
    kept = [parts.name or "", parts.recipe_yield.text if parts.recipe_yield else ""]
    kept += [entry.line.text for entry in parts.lines] + [e.section or "" for e in parts.lines]
    kept += parts.steps + parts.notes
    found = " ".join(" ".join(k.split()) for k in kept)
    for raw in "\n".join(lines).splitlines():
        line = " ".join(raw.split())
        words = " ".join(line.lower().strip().rstrip(":").split())
        if not line or words in HEADINGS or section_name(line) is not None:
            continue
        body = line.split(" ", 1)[1] if line[:1].isdigit() and ". " in line[:4] else line
        assert body in found
