"""Fonts for the PDF: compact subsets made before rendering, and a coverage check.

WeasyPrint subsets fonts itself but keeps every glyph slot of the original
(63,156 for Noto CJK), so a page of Japanese embeds ~100 KB per face. Handing it
fonts already cut down to the briefing's characters makes the embedded fonts a
few KB, and renders faster. The same cmaps tell, before rendering, whether any
character has no glyph at all, so that a PDF is never written with tofu.

The subsets cover every character of the briefing (all its locales), not one
document's, so that the documents a process renders share one font set: one
WeasyPrint font configuration whose Pango caches (fonts, fontsets, line struts)
stay warm from one PDF to the next. That made each PDF after the first about a
sixth faster, for a few hundred bytes more of empty glyph slots per PDF.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb

from briefing.errors import FileGone, RenderError
from briefing.files import MAX_DATA_BYTES, files_under, read_bytes

PREFIX = "briefing "
"""Prefix of the subset families: distinct names, so fontconfig never swaps in a system face."""


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str
    pattern: str
    """The fontconfig pattern that finds the installed font."""


FACES = (
    Face("Noto Serif", 400, "normal", "Noto Serif:regular"),
    Face("Noto Serif", 700, "normal", "Noto Serif:bold"),
    Face("Noto Serif", 400, "italic", "Noto Serif:italic"),
    Face("Noto Serif", 700, "italic", "Noto Serif:bold:italic"),
    Face("Noto Sans", 400, "normal", "Noto Sans:regular"),
    Face("Noto Sans", 700, "normal", "Noto Sans:bold"),
    Face("Noto Serif CJK JP", 400, "normal", "Noto Serif CJK JP:regular"),
    Face("Noto Serif CJK JP", 700, "normal", "Noto Serif CJK JP:bold"),
    Face("Noto Sans CJK JP", 400, "normal", "Noto Sans CJK JP:regular"),
    Face("Noto Sans CJK JP", 700, "normal", "Noto Sans CJK JP:bold"),
)
FAMILIES = tuple(dict.fromkeys(face.family for face in FACES))


@functools.cache
def _locations() -> dict[str, tuple[str, int]]:
    """Where fontconfig finds each face (file and index): the fc-match runs side by side."""
    runs = {face.pattern: subprocess.Popen(["fc-match", "-f", "%{file}\n%{index}",
                                            face.pattern], stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True)
            for face in FACES}
    found = {}
    for pattern, run in runs.items():
        out, err = run.communicate()
        if run.returncode != 0:
            raise RenderError(f"fc-match {pattern!r} failed: {err.strip()}")
        path, index = out.split("\n")
        found[pattern] = (path, int(index or 0))
    return found


@functools.cache
def _installed(pattern: str) -> tuple[hb.Face, hb.Set]:
    """The installed face (mapped, not read) and its code points, kept as HarfBuzz's
    own set: as Python ints the cmaps of these faces would take 15 MB."""
    path, index = _locations()[pattern]
    face = hb.Face(hb.Blob.from_file_path(path), index)
    return face, face.unicodes


def warm() -> None:
    """Open every face now (in a parent process, so that forked workers share them)."""
    for face in FACES:
        _installed(face.pattern)
    _coverage()


@functools.cache
def _coverage() -> hb.Set:
    covered = hb.Set()
    for face in FACES:
        covered.update(_installed(face.pattern)[1])
    return covered


def uncovered(chars: Iterable[str]) -> list[str]:
    """The characters that no face has a glyph for (whitespace and controls aside)."""
    covered = _coverage()
    return sorted({c for c in chars if ord(c) not in covered and _visible(c)})


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def require_coverage(chars: dict[str, str], locale: str) -> None:
    """Refuse, naming each character and where it is, if any would print as tofu."""
    missing = uncovered(chars)
    if missing:
        listed = "; ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')} ({c}) in "
                           f"{chars[c] or 'the page'}" for c in missing)
        raise RenderError(f"{locale}: no installed font has a glyph for {listed}")


def code_points(chars: Iterable[str]) -> frozenset[int]:
    """The code points a text needs from the fonts."""
    # Layout adds characters of its own: case from text-transform, the hyphen that
    # hyphenation inserts, digits and dots from counters.
    extra = "0123456789 .,-–()[]/\u2010"
    wanted = {ord(v) for c in chars for v in (c, c.upper(), c.lower()) if len(v) == 1}
    return frozenset(wanted | {ord(c) for c in extra})


SEEDED_FROM = (".yaml", ".po", ".j2", ".html", ".css")
"""Files whose characters every PDF of a briefing shares in its font set."""


def folder_characters(folders: Iterable[Path]) -> set[str]:
    """Every character of the text files under the folders (templates, content)."""
    found: set[str] = set()
    for folder in folders:
        for path in files_under(folder):
            if path.suffix in SEEDED_FROM:
                with contextlib.suppress(FileGone):
                    found.update(read_bytes(path, folder, limit=MAX_DATA_BYTES)
                                 .decode("utf-8", errors="replace"))
    return found


@dataclass(frozen=True)
class FontSet:
    """Every face cut to a set of code points, as @font-face rules and the subsets."""

    css: str
    """@font-face rules whose URLs use the `memory:` scheme: the sealed fetcher serves
    them from `fonts`, so there are no files, and no megabyte of base64 to parse."""
    fonts: dict[str, bytes]


def font_set(codes: frozenset[int]) -> FontSet:
    """Cut every face to `codes` (those of the face's own cmap)."""
    rules = []
    fonts: dict[str, bytes] = {}
    for number, face in enumerate(FACES):
        installed, cmap = _installed(face.pattern)
        subset_input = hb.SubsetInput()
        for code in sorted(codes):
            if code in cmap:
                subset_input.unicode_set.add(code)
        url = f"memory:font-{number}.otf"
        fonts[url] = hb.subset(installed, subset_input).blob.data
        rules.append(
            f'@font-face {{ font-family: "{PREFIX}{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{url}"); }}')
    return FontSet("\n".join(rules), fonts)


def use_subsets(text: str) -> str:
    """Point every quoted font-family name in CSS or SVG attributes at the subset families."""
    for family in FAMILIES:
        for quote in "\"'":
            text = text.replace(f"{quote}{family}{quote}", f"{quote}{PREFIX}{family}{quote}")
    return text
