"""Fonts for the PDF: compact subsets made before rendering, and a coverage check.

WeasyPrint subsets fonts itself but keeps every glyph slot of the original
(63,156 for Noto CJK), so a page of Japanese embeds ~100 KB per face. Handing it
fonts already cut down to the briefing's characters makes the embedded fonts a
few KB, and renders faster. The same cmaps tell, before rendering, whether any
character has no glyph at all, so that a PDF is never written with tofu.

The faces are those of the languages a document shows, as fontconfig finds them
(`briefing.render.typefaces`). They are cut to every character of the briefing in
those languages (templates, the language-neutral content, those languages'
folders), not one document's, so that the documents of a process that show the
same languages (every single-language edition of the default briefing: its own,
the reference's and the parties') share one font set: one WeasyPrint font
configuration whose Pango caches (fonts, fontsets, line struts) stay warm from one
PDF to the next. That made each PDF after the first about a sixth faster, for a
few hundred bytes more of empty glyph slots per PDF. A locale folder that a
document does not show adds nothing to its fonts: adding a language changes no
other edition.
"""

from __future__ import annotations

import contextlib
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb

from briefing import cachefiles
from briefing.errors import FileGone, RenderError
from briefing.files import MAX_DATA_BYTES, files_under, read_bytes
from briefing.render.typefaces import (
    HOUSE,
    Face,
    LanguageFonts,
    faces,
    family_with,
    stacks_css,
)

PREFIX = "briefing "
"""Prefix of the subset families: distinct names, so fontconfig never swaps in a system face."""


@dataclass(frozen=True)
class FontPlan:
    """The fonts one document may use: its languages' families, cut to `codes`."""

    langs: tuple[LanguageFonts, ...]
    """The languages the document shows, its own first (`typefaces.families_for`)."""
    codes: frozenset[int]
    """The code points every document with these languages shares (see the module)."""

    @property
    def families(self) -> tuple[str, ...]:
        names = [f for lang in self.langs for f in lang.families]
        return tuple(dict.fromkeys([*names, *HOUSE.values()]))


@functools.cache
def _installed(face: Face) -> tuple[hb.Face, hb.Set]:
    """The installed face (mapped, not read) and its code points, kept as HarfBuzz's
    own set: as Python ints the cmaps of CJK faces would take megabytes."""
    installed = hb.Face(hb.Blob.from_file_path(face.file), face.index)
    return installed, installed.unicodes


def _family_faces(families: Iterable[str]) -> list[Face]:
    return [face for family in families for face in faces(family)]


def warm(families: Iterable[str] = HOUSE.values()) -> None:
    """Open the families' faces now (in a parent process, so that forked workers share
    them)."""
    for face in _family_faces(families):
        _installed(face)


@functools.cache
def _coverage(families: tuple[str, ...]) -> hb.Set:
    covered = hb.Set()
    for face in _family_faces(families):
        covered.update(_installed(face)[1])
    return covered


def uncovered(chars: Iterable[str], families: tuple[str, ...]) -> list[str]:
    """The characters that none of the families has a glyph for (whitespace and
    controls aside)."""
    covered = _coverage(families)
    return sorted({c for c in chars if ord(c) not in covered and _visible(c)})


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")


def fallbacks(chars: Iterable[str], families: tuple[str, ...]) -> tuple[str, ...]:
    """Installed families, beyond `families`, for the characters those lack (a symbol,
    a script no language of the document is written in)."""
    found = {family_with(c) for c in uncovered(chars, families)}
    return tuple(sorted(f for f in found if f and f not in families))


def missing_glyphs(chars: Iterable[str], families: tuple[str, ...]) -> list[str]:
    """The characters no installed font has a glyph for."""
    return [c for c in uncovered(chars, families) if family_with(c) is None]


def describe(char: str) -> str:
    kind = {"Co": "a private-use character", "Cn": "unassigned"}.get(
        unicodedata.category(char))
    return f"U+{ord(char):04X} ({kind})" if kind else \
        f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')} ({char})"


def require_coverage(chars: dict[str, str], locale: str, families: tuple[str, ...]
                     ) -> tuple[str, ...]:
    """The fallback families the page needs (`fallbacks`); refuses, naming each character
    and where it is, if any would print as tofu."""
    missing = missing_glyphs(chars, families)
    if missing:
        listed = "; ".join(f"{describe(c)} in {chars[c] or 'the page'}" for c in missing)
        raise RenderError(f"{locale}: no installed font has a glyph for {listed}")
    return fallbacks(chars, families)


def code_points(chars: Iterable[str]) -> frozenset[int]:
    """The code points a text needs from the fonts."""
    # Layout adds characters of its own: case from text-transform, the hyphen that
    # hyphenation inserts, digits and dots from counters.
    extra = "0123456789 .,-–()[]/\u2010"
    wanted = {ord(v) for c in chars for v in (c, c.upper(), c.lower()) if len(v) == 1}
    return frozenset(wanted | {ord(c) for c in extra})


PRINT_CHARACTERS = "\u00a0\u2060"
"""Characters the print HTML puts in of its own: the no-break space that ties a number
to its word, and the word joiner that holds a figure or a Korean word together."""

SEEDED_FROM = (".yaml", ".po", ".j2", ".html", ".css")
"""Files whose characters every PDF of a briefing shares in its font set."""


def folder_characters(places: Iterable[Path]) -> set[str]:
    """Every character of the text files among `places` and under those that are folders
    (templates, the content's language-neutral files, some locale folders)."""
    found: set[str] = set()
    for place in places:
        folder = place if place.is_dir() else place.parent
        paths = files_under(place) if place.is_dir() else [place]
        for path in paths:
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
    them from `fonts`, so there are no files, and no megabyte of base64 to parse. The
    faces come in a fixed order, whichever language leads: documents that show the
    same languages load one set into one font configuration."""
    fonts: dict[str, bytes]
    families: tuple[str, ...]


def font_set(plan: FontPlan, extra: tuple[str, ...] = ()) -> FontSet:
    """Cut every face of the plan's families (and `extra` ones) to the plan's codes."""
    rules = []
    fonts: dict[str, bytes] = {}
    families = tuple(sorted({*plan.families, *extra}))
    for number, face in enumerate(_family_faces(families)):
        url = f"memory:font-{number}.otf"
        fonts[url] = _cut(face, plan.codes)
        rules.append(
            f'@font-face {{ font-family: "{PREFIX}{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{url}"); }}')
    return FontSet("\n".join(rules), fonts, families)


def _cut(face: Face, codes: Iterable[int]) -> bytes:
    """The face cut to those of `codes` it has: from the cache folder (`cachefiles`)
    when a process cut it before (0.01-0.02 s a face; a build's workers each cut
    every face)."""
    installed, cmap = _installed(face)
    kept = sorted(code for code in codes if code in cmap)
    name = cachefiles.key("font", hb.__version__, cachefiles.file_key(Path(face.file)),
                          str(face.index), ",".join(map(str, kept)))
    def make() -> bytes:
        subset_input = hb.SubsetInput()
        for code in kept:
            subset_input.unicode_set.add(code)
        return bytes(hb.subset(installed, subset_input).blob.data)

    return cachefiles.remembered(cachefiles.folder, name, make, bytes, bytes)


def stacks(plan: FontPlan, extra: tuple[str, ...] = ()) -> str:
    """Each language's font stacks over the subset families, its own first
    (`typefaces.stacks_css`), and how its paragraphs are justified."""
    return stacks_css(plan.langs, PREFIX, extra=extra, justify=True)


def use_subsets(text: str, families: Iterable[str]) -> str:
    """Point every quoted font-family name in CSS or SVG attributes at the subset families."""
    for family in families:
        for quote in "\"'":
            text = text.replace(f"{quote}{family}{quote}", f"{quote}{PREFIX}{family}{quote}")
    return text
