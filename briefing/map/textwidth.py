"""Widths of label text, measured with the fonts fontconfig picks (HarfBuzz)."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass

import uharfbuzz as hb

from .settings import CJK_FAMILY, LATIN_FAMILY


@dataclass(frozen=True)
class _FontMetrics:
    font: hb.Font | None
    upem: float

    def advance(self, code: int) -> float | None:
        """Advance in em of the font's glyph for a code point, or None if it has none."""
        if self.font is None:
            return None
        glyph = self.font.get_nominal_glyph(code)
        return None if glyph is None else self.font.get_glyph_h_advance(glyph) / self.upem


@functools.cache
def _font(family: str) -> _FontMetrics:
    """Metrics of the font fontconfig picks for family (cached), read with HarfBuzz."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        path, _, index = found.partition("|")
        face = hb.Face(hb.Blob.from_file_path(path), int(index or 0))
    except (OSError, ValueError, subprocess.SubprocessError):
        return _FontMetrics(None, 1.0)  # no fonts: _advance falls back to estimates
    return _FontMetrics(hb.Font(face), float(face.upem))


@functools.cache
def _advance(char: str) -> float:
    """Advance in em, taking the first font of the family list that has it."""
    cp = ord(char)
    for family in (LATIN_FAMILY, CJK_FAMILY):
        width = _font(family).advance(cp)
        if width is not None:
            return width
    # an unknown glyph: assume a full-width character, which errs on the wide side
    return 1.0


def _text_width(text: str, size: float) -> float:
    """Width of text set in the map's font stack (no kerning, so a bit wide)."""
    return sum(_advance(c) for c in text) * size
