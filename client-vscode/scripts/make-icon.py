"""Draws images/icon.png (128x128), the extension's icon: a report page with a table, and a
check mark, on a red rounded square. Shapes only (no font). Run with a Python that has Pillow:
    ../.venv/bin/python scripts/make-icon.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

S = 4                                     # drawn at 4x, scaled down: smooth edges
size = 128 * S
img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle((0, 0, size - 1, size - 1), radius=24 * S, fill=(190, 30, 45, 255))
# the page, its folded corner, a title line and a 3x3 table
page = (26 * S, 16 * S, 90 * S, 112 * S)
d.rounded_rectangle(page, radius=5 * S, fill=(255, 255, 255, 255))
d.polygon([(76 * S, 16 * S), (90 * S, 30 * S), (76 * S, 30 * S)], fill=(235, 200, 200, 255))
ink = (190, 30, 45, 255)
d.rounded_rectangle((36 * S, 28 * S, 68 * S, 34 * S), radius=3 * S, fill=ink)
grey = (120, 120, 120, 255)
left, top, right, bottom = 36 * S, 44 * S, 80 * S, 92 * S
for i in range(4):
    y = top + (bottom - top) * i // 3
    d.line((left, y, right, y), fill=grey, width=2 * S)
    x = left + (right - left) * i // 3
    d.line((x, top, x, bottom), fill=grey, width=2 * S)
# the check mark in a gold disc, bottom right
cx, cy, r = 92 * S, 92 * S, 24 * S
d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 196, 0, 255), outline=(255, 255, 255, 255), width=4 * S)
d.line([(cx - 12 * S, cy + 1 * S), (cx - 3 * S, cy + 10 * S), (cx + 13 * S, cy - 9 * S)], fill=(255, 255, 255, 255),
       width=7 * S, joint="curve")
out = Path(__file__).resolve().parent.parent / "images" / "icon.png"
img.resize((128, 128), Image.LANCZOS).save(out, optimize=True)
print(out)
