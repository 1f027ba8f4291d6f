"""The fonts of the map's text, found by fontconfig by language, and widths measured
with them (HarfBuzz shaping), so that labels are placed at the size they print.

Each language's font is the one fontconfig picks for `sans-serif:lang=<lang>` (Noto
Sans for English and Russian, Noto Sans CJK JP for Japanese, CJK KR for Korean), in the
order of the map's languages; a character none of them has takes the font fontconfig
picks for it. Every <text> names that list: WeasyPrint's SVG text does not inherit it.
"""

from __future__ import annotations

import functools
import logging
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

import uharfbuzz as hb

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Font:
    family: str
    font: hb.Font | None
    upem: float

    def has(self, char: str) -> bool:
        return self.font is not None and self.font.get_nominal_glyph(ord(char)) is not None


@functools.cache
def _match(pattern: str) -> _Font:
    """The font fontconfig picks for a pattern (cached), opened with HarfBuzz."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{file}|%{index}", pattern],
            capture_output=True, text=True, check=True, timeout=30).stdout
        family, path, index = found.split("|")
        face = hb.Face(hb.Blob.from_file_path(path), int(index or 0))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.warning("map: no font for %r (%s); label widths are estimates", pattern, exc)
        return _Font("sans-serif", None, 1.0)
    return _Font(family, hb.Font(face), float(face.upem))


def _language_fonts(langs: Sequence[str]) -> list[_Font]:
    fonts: list[_Font] = []
    for lang in langs:
        font = _match(f"sans-serif:lang={lang}")
        if font.family not in (f.family for f in fonts):
            fonts.append(font)
    return fonts


def _font_for(char: str, fonts: Sequence[_Font]) -> _Font | None:
    for font in fonts:
        if font.has(char):
            return font
    if char.isspace():
        return fonts[0] if fonts else None
    fallback = _match(f"sans-serif:charset={ord(char):x}")
    return fallback if fallback.has(char) else None


def family_names(text: str, langs: Sequence[str]) -> list[str]:
    """The fonts that draw `text`: the languages' fonts, then any that it needs besides."""
    fonts = _language_fonts(langs)
    names = [f.family for f in fonts]
    for char in text:
        font = _font_for(char, fonts)
        if font is not None and font.family not in names:
            names.append(font.family)
    return names


def families(text: str, langs: Sequence[str]) -> str:
    """The font-family attribute for `text`. No spaces after the commas: WeasyPrint's SVG
    text splits the list on ',' and strips only quotes."""
    return ",".join([*(f"'{name}'" for name in family_names(text, langs)), "sans-serif"])


def parse_families(attribute: str) -> list[str]:
    """The font names of a font-family attribute written by `families`."""
    names = [name.strip().strip("'\"") for name in attribute.split(",")]
    return [name for name in names if name and name != "sans-serif"]


def text_width(text: str, size: float, langs: Sequence[str]) -> float:
    """Width of `text` at `size` points in the fonts that will draw it."""
    return width_in(text, size, family_names(text, langs))


def width_in(text: str, size: float, names: Sequence[str]) -> float:
    """Width of `text` at `size` points, each character in the first of the named fonts
    that has it (as the renderer picks them), each run of one font shaped by HarfBuzz."""
    fonts = [_match(name) for name in names]
    width = 0.0
    run: list[str] = []
    run_font: _Font | None = None
    for char in text:
        font = next((f for f in fonts if f.has(char)), fonts[0] if fonts else None)
        if font is not run_font and run:
            width += _shaped(run_font, "".join(run))
            run = []
        run_font = font
        run.append(char)
    if run:
        width += _shaped(run_font, "".join(run))
    return width * size


@functools.cache
def _shaped(font: _Font | None, text: str) -> float:
    """Advance of a run in em; a character no font has counts as a full em."""
    if font is None or font.font is None:
        return float(len(text))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font.font, buffer, {"kern": True, "liga": True})
    return float(sum(p.x_advance for p in buffer.glyph_positions)) / font.upem
