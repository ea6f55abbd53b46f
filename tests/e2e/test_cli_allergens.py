"""`baketracker allergens PACKAGE`, the warnings of an event and the checked mark."""

from __future__ import annotations

from tests.e2e.conftest import Cli


def _said(text: str) -> str:
    return " ".join(text.split())


def test_a_baker_sees_what_a_box_contains_and_marks_june_checked(cli: Cli) -> None:
    assert cli("demo").exit_code == 0
    box = cli("allergens", "Family gift")
    assert box.exit_code == 0, box.output
    out = _said(box.output)
    assert "contains: gluten (wheat), eggs, soy, milk, tree nuts (pecan)" in out
    assert "tree nuts (pecan): Holiday sampler → Biscotti bag → Biscotti → Pecan halves" in out

    warned = cli("allergen-warnings", "Christmas 2026")
    assert "Aunt June" in warned.output and "not yet" in warned.output
    june = next(line for line in warned.output.splitlines() if "Aunt June" in line)
    assignment = next(part for part in june.split() if part.isdigit())
    checked = cli("allergen-checked", assignment, "--by", "Grandma Rose")
    assert checked.exit_code == 0, checked.output
    june = next(line for line in cli("allergen-warnings", "Christmas 2026").output.splitlines()
                if "Aunt June" in line)
    assert "Grandma Rose" in june


def test_an_unknown_code_on_the_command_line_is_refused(cli: Cli) -> None:
    bad = cli("ingredient", "add", "Cashews", "--allergens", "cashew")
    assert bad.exit_code == 2 and "allergens" in bad.output
    good = cli("ingredient", "add", "Cashews", "--allergens", "tree_nuts:cashew")
    assert good.exit_code == 0
    assert "tree nuts (cashew)" in cli("ingredient", "list").output
    assert cli("recipient", "add", "Ann", "--avoids", "sesame,milk").exit_code == 0
