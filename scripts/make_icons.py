"""Draw the app's install icons (the favicon's cookie) as PNGs: 192 and 512 px.

Run `python scripts/make_icons.py`; the PNGs are committed under web/static/icons/. The
cookie sits inside the central 80 % so the icons also work as "maskable" (Android crops
them to a circle or squircle).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src" / "baketracker" / "web" / "static" / "icons"
BACKGROUND = "#fdf3e6"
DOUGH = "#c98a4b"
CHIP = "#5a3210"
# The favicon's chips on its 32-unit grid: (x, y, radius).
CHIPS = ((11, 12, 2.2), (20, 10, 1.8), (19, 19, 2.4), (10, 21, 1.6))
SIZES = (192, 512)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, shrink: smooth edges without an anti-aliasing library
    big = size * scale
    image = Image.new("RGB", (big, big), BACKGROUND)
    pen = ImageDraw.Draw(image)
    unit = big * 0.7 / 28  # the 28-unit cookie fills 70 % of the icon
    origin = big / 2 - 16 * unit

    def circle(x: float, y: float, r: float, fill: str) -> None:
        cx, cy = origin + x * unit, origin + y * unit
        pen.ellipse((cx - r * unit, cy - r * unit, cx + r * unit, cy + r * unit), fill=fill)

    circle(16, 16, 14, DOUGH)
    for x, y, r in CHIPS:
        circle(x, y, r, CHIP)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
        print(OUT / f"icon-{size}.png")


if __name__ == "__main__":
    main()
