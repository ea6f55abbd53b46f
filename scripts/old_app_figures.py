"""Copy the older app's test_data/ exports into tests/data/old-app/ with their prose left out.

Usage: python scripts/old_app_figures.py FOLDER   (FOLDER holds the older app's exports,
e.g. its repository's test_data/).

The import tests need the exports' structure and figures (slugs, quantities, units,
packages, prices, dates and their real-file oddities), not the sentences people wrote in
them, so descriptions, notes, sources and transformation notes are dropped. Names stay:
they are what the import reports and the tests refer to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

EXPORTS = (
    "sample_data_min.json",
    "sample_data_min_transformed.json",
    "sample_data_all.json",
    "sample_data_all_transformed.json",
)
PROSE = frozenset({"description", "notes", "source", "transformation_notes"})
TARGET = Path(__file__).resolve().parents[1] / "tests" / "data" / "old-app"


def figures_only(value: Any) -> Any:
    """`value` without any field named in PROSE, at any depth."""
    if isinstance(value, dict):
        return {key: figures_only(item) for key, item in value.items() if key not in PROSE}
    if isinstance(value, list):
        return [figures_only(item) for item in value]
    return value


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source = Path(argv[0])
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in EXPORTS:
        document = json.loads((source / name).read_text(encoding="utf-8"))
        text = json.dumps(figures_only(document), indent=1, ensure_ascii=False) + "\n"
        (TARGET / name).write_text(text, encoding="utf-8")
        print(f"{TARGET / name}: {len(text):,} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
