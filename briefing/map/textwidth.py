"""The fonts of the map's text, found by fontconfig by language, widths measured with
them (HarfBuzz), and right-to-left text in the order WeasyPrint needs to draw it.

Each language's font is the one fontconfig picks for `sans-serif:lang=<lang>` (Noto
Sans for English and Russian, Noto Sans CJK JP for Japanese, CJK KR for Korean), in the
order of the map's languages; a character none of them has takes the font fontconfig
picks for it. Every <text> names that list: WeasyPrint's SVG text does not inherit it.

WeasyPrint lays out SVG text one letter at a time, left to right: no kerning, no
joining of Arabic letters, no reordering of right-to-left text (docs/typography.md).
So a width is the sum of the letters' advances (what the PDF prints; a browser's
kerning only makes it narrower), and `visual` writes a text for the PDF as it must
appear: Arabic letters in their joined forms (arabic-reshaper), then every run in
display order (python-bidi, the Unicode bidirectional algorithm).
"""

from __future__ import annotations

import functools
import logging
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import arabic_reshaper
import uharfbuzz as hb
from bidi import get_display

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Font:
    family: str
    font: hb.Font | None
    upem: float
    file: str = ""
    """The font's file and face index: what a drawn map kept in the cache is keyed by."""
    index: int = 0

    def has(self, char: str) -> bool:
        return self.font is not None and self.font.get_nominal_glyph(ord(char)) is not None


FC_MATCH = ["fc-match", "-f", "%{family[0]}|%{file}|%{index}"]

_asked: dict[str, subprocess.Popen[str]] = {}
"""fontconfig's answers under way (`ask`), by pattern."""


def ask(patterns: Iterable[str]) -> None:
    """Ask fontconfig for the fonts of `patterns` now, each in a process of its own,
    for `_match` to collect when it needs them: a build asks as it starts, and the
    answers come while it imports its libraries. What is asked must be collected
    (`collect`) before the process forks."""
    for pattern in patterns:
        if pattern not in _asked and pattern not in _fonts:
            try:
                _asked[pattern] = subprocess.Popen([*FC_MATCH, pattern], text=True,
                                                   stdout=subprocess.PIPE,
                                                   stderr=subprocess.DEVNULL)
            except OSError:
                return  # `_match` will say what is wrong


def collect() -> list[str]:
    """Every answer asked for; the families they name."""
    return [_match(pattern).family for pattern in list(_asked)]


_fonts: dict[str, _Font] = {}
"""fontconfig's answers, by pattern."""


def _match(pattern: str) -> _Font:
    """The font fontconfig picks for a pattern (asked once), opened with HarfBuzz."""
    if pattern not in _fonts:
        _fonts[pattern] = _matched(pattern)
    return _fonts[pattern]


def _matched(pattern: str) -> _Font:
    try:
        asked = _asked.pop(pattern, None)
        if asked is None:
            found = subprocess.run([*FC_MATCH, pattern], capture_output=True, text=True,
                                   check=True, timeout=30).stdout
        else:
            try:
                found = asked.communicate(timeout=30)[0]
            except subprocess.TimeoutExpired:
                asked.kill()
                asked.communicate()
                raise
            if asked.returncode:
                raise subprocess.CalledProcessError(asked.returncode, FC_MATCH)
        family, path, index = found.split("|")
        face = hb.Face(hb.Blob.from_file_path(path), int(index or 0))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.warning("map: no font for %r (%s); label widths are estimates", pattern, exc)
        return _Font("sans-serif", None, 1.0)
    return _Font(family, hb.Font(face), float(face.upem), path, int(index or 0))


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


def font_files(texts: Sequence[str], langs: Sequence[str]) -> list[tuple[str, str, int]]:
    """The family, file and face index of every font that draws or measures `texts`."""
    names = dict.fromkeys(name for text in texts for name in family_names(text, langs))
    return [(font.family, font.file, font.index) for font in map(_match, names)]


def families(text: str, langs: Sequence[str]) -> str:
    """The font-family attribute for `text`. No spaces after the commas: WeasyPrint's SVG
    text splits the list on ',' and strips only quotes."""
    return ",".join([*(f"'{name}'" for name in family_names(text, langs)), "sans-serif"])


def parse_families(attribute: str) -> list[str]:
    """The font names of a font-family attribute written by `families`."""
    names = [name.strip().strip("'\"") for name in attribute.split(",")]
    return [name for name in names if name and name != "sans-serif"]


def text_width(text: str, size: float, langs: Sequence[str]) -> float:
    """Width of `text` at `size` points in the fonts that will draw it: in a browser, or
    in the PDF, whichever is wider (Arabic's joined forms differ in width)."""
    names = family_names(text, langs)
    return max(width_in(text, size, names), width_in(visual(text), size, names))


def width_in(text: str, size: float, names: Sequence[str]) -> float:
    """Width of `text` at `size` points, each letter in the first of the named fonts
    that has it (as the renderer picks them); a letter no font has counts as an em."""
    fonts = [_match(name) for name in names]
    return sum(_advance(char, tuple(fonts)) for char in text) * size


@functools.cache
def _advance(char: str, fonts: tuple[_Font, ...]) -> float:
    for font in fonts:
        if font.font is not None:
            glyph = font.font.get_nominal_glyph(ord(char))
            if glyph is not None:
                return float(font.font.get_glyph_h_advance(glyph)) / font.upem
    return 1.0


def right_to_left(text: str) -> bool:
    """Whether `text` has a letter of a right-to-left script."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


@functools.cache
def visual(text: str) -> str:
    """`text` as WeasyPrint must be given it to show it right: Arabic in joined forms,
    right-to-left runs reversed into display order. Text without them is unchanged."""
    if not right_to_left(text):
        return text
    if any(unicodedata.bidirectional(char) == "AL" for char in text):
        text = arabic_reshaper.reshape(text)
    shown = get_display(text)
    assert isinstance(shown, str)
    return shown
