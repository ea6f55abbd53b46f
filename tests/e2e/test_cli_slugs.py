"""The CLI keeps a slug as typed or refuses it, naming the field."""

from __future__ import annotations

from tests.e2e.conftest import Cli


def test_an_underscored_slug_is_kept_and_finds_the_ingredient(cli: Cli) -> None:
    added = cli("ingredient", "add", "Acc Butter", "--slug", "acc_butter")
    assert added.exit_code == 0, added.output
    assert "acc_butter" in added.output

    shown = cli("ingredient", "list", "--search", "acc_butter")
    assert shown.exit_code == 0 and "acc_butter" in shown.output


def test_a_slug_with_other_characters_is_refused_and_nothing_added(cli: Cli) -> None:
    refused = cli("ingredient", "add", "Acc Butter", "--slug", "Acc Butter!")

    assert refused.exit_code != 0
    assert "slug 'Acc Butter!' may use only lower-case letters, digits, '-' and '_'" in (
        refused.output
    )
    assert "acc" not in cli("ingredient", "list").output.lower()
