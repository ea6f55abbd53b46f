"""Fail the build when domain/ or services/ line coverage drops below 90%."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

THRESHOLD = 90.0
GATED = ("baketracker/domain/", "baketracker/services/")


def main(path: str) -> int:
    covered: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for cls in ET.parse(path).getroot().iter("class"):
        filename = cls.get("filename", "")
        area = next((g for g in GATED if g in filename), None)
        if area is None:
            continue
        for line in cls.iter("line"):
            total[area] += 1
            covered[area] += int(line.get("hits", "0")) > 0
    failed = False
    for area in GATED:
        if not total[area]:
            print(f"coverage gate: no lines measured in {area}")
            failed = True
            continue
        percent = 100.0 * covered[area] / total[area]
        status = "ok" if percent >= THRESHOLD else f"below {THRESHOLD:.0f}%"
        print(f"coverage {area:<24} {percent:5.1f}%  {status}")
        failed |= percent < THRESHOLD
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".coverage.xml"))
