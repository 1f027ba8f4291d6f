"""Embedded font bytes per distinct glyph, for every PDF under a folder.

    .venv/bin/python benchmarks/fonts.py [dist]

A glyph counts once per font it is drawn from: the entries of that font's
ToUnicode map, which WeasyPrint writes for the glyphs the pages use.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pikepdf

TARGET = 250
_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>")


def measure(path: Path) -> tuple[int, int, int]:
    """(file size, embedded font bytes, distinct glyphs) of one PDF."""
    streams: dict[tuple[int, int], int] = {}
    glyphs: dict[tuple[int, int], set[bytes]] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
                for desc in font.get("/DescendantFonts", [font]):
                    descriptor = desc.get("/FontDescriptor", {})
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in descriptor:
                            stream = descriptor[key]
                            streams[stream.objgen] = len(stream.read_raw_bytes())
                if "/ToUnicode" in font:
                    codes = set(_ENTRY.findall(font.ToUnicode.read_bytes()))
                    glyphs.setdefault(font.objgen, set()).update(codes)
    return path.stat().st_size, sum(streams.values()), sum(len(g) for g in glyphs.values())


def main(folder: Path) -> int:
    print(f"{'edition':<10} {'PDF bytes':>10} {'font bytes':>11} {'glyphs':>7} {'B/glyph':>8}")
    worst = 0.0
    for pdf in sorted(folder.glob("*/briefing.pdf")):
        size, fonts, glyphs = measure(pdf)
        ratio = fonts / max(glyphs, 1)
        worst = max(worst, ratio)
        print(f"{pdf.parent.name:<10} {size:>10,} {fonts:>11,} {glyphs:>7} {ratio:>8.0f}")
    print(f"target: at most {TARGET} bytes of embedded font per glyph; worst edition: "
          f"{worst:.0f} ({'met' if worst <= TARGET else 'NOT met'})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist")))
