"""A segment's markup as a translation must keep it: references, emphasis, links, lists.

`structure` is what an import compares between a source and its translation; `pieces`
cuts a text into words and codes (the native markup, never to be translated), which
XLIFF carries as protected inline elements. Joining the pieces gives the text back,
character for character.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from briefing.content.refs import REF
from briefing.edition.prose import tokens

INLINE_KINDS = {"em_open": "emphasis", "strong_open": "strong emphasis", "link_open": "link",
                "code_inline": "code span", "hardbreak": "line break"}


@dataclass(frozen=True)
class Structure:
    """The markup of a text, without its words."""

    blocks: tuple[str, ...]
    """Block tokens in order: paragraphs, lists and their items."""
    inline: Counter[str]
    """How many of each inline element (emphasis, links, ...) the text has."""

    def differs(self, other: Structure) -> str | None:
        """What `other` (a translation) lacks or adds, or None when it has the same markup."""
        if self.blocks != other.blocks:
            return (f"expected {_blocks(self.blocks)}, got {_blocks(other.blocks)}")
        if self.inline != other.inline:
            return f"expected {_inline(self.inline)}, got {_inline(other.inline)}"
        return None


def structure(text: str) -> Structure:
    found = tokens(text)
    blocks = tuple(t.type for t in found if t.type.endswith("_open") and t.block)
    inline: Counter[str] = Counter()
    for token in found:
        for child in token.children or ():
            if child.type in INLINE_KINDS:
                inline[INLINE_KINDS[child.type]] += 1
    return Structure(blocks, inline)


def _blocks(blocks: tuple[str, ...]) -> str:
    counts = Counter(b.removesuffix("_open").replace("_", " ") for b in blocks)
    return ", ".join(f"{n} {kind}(s)" for kind, n in sorted(counts.items()))


def _inline(inline: Counter[str]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(inline.items()) if n) or "no markup"


@dataclass(frozen=True)
class Code:
    """A piece of native markup: a reference, a list marker, or half of a pair."""

    role: Literal["ph", "bpt", "ept"]
    """A standalone code, or the opening or closing half of emphasis or a link."""
    id: str
    """Unique in its text; a pair's two halves share it."""
    ctype: str
    """What it is: 'x-place', 'x-date', ... for references, 'bold', 'italic', 'link'."""
    text: str
    """The markup itself, as written."""


Piece = str | Code

_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M)
_LINK_OPEN = re.compile(r"\[(?=[^\[\]\n]*\]\([^()\s]+\))")
_LINK_CLOSE = re.compile(r"\]\([^()\s]+\)")
_DELIMITER = re.compile(r"\*\*|__|\*|_")
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!]")


def pieces(text: str) -> list[Piece]:
    """The text as words and codes. Emphasis is coded only where Markdown sees it (the
    pairs found agree with the parser's count); otherwise its marks stay words."""
    found = _scan(text, emphasis=True)
    codes = [p for p in found if isinstance(p, Code)]
    pairs = Counter(c.ctype for c in codes if c.role == "bpt")
    parsed = structure(text).inline
    if pairs["italic"] != parsed["emphasis"] or pairs["bold"] != parsed["strong emphasis"]:
        found = _scan(text, emphasis=False)
    return found


def joined(found: list[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in found)


def _scan(text: str, emphasis: bool) -> list[Piece]:
    marks: list[tuple[int, int, str, str]] = []  # start, end, role hint, ctype
    for m in _LIST_MARKER.finditer(text):
        marks.append((m.start(), m.end(), "ph", "x-list-marker"))
    for m in REF.finditer(text):
        marks.append((m.start(), m.end(), "ph", f"x-{m[1]}"))
    for m in _LINK_OPEN.finditer(text):
        marks.append((m.start(), m.end(), "bpt", "link"))
    for m in _LINK_CLOSE.finditer(text):
        marks.append((m.start(), m.end(), "ept", "link"))
    taken = _spans(marks) | {i for m in _ESCAPE.finditer(text) for i in range(*m.span())}
    if emphasis:
        for m in _DELIMITER.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if taken & set(range(m.start(), m.end())) or (
                    m[0][0] == "_" and before.isalnum() and after.isalnum()):
                continue  # escaped, inside a code, or inside a word ("snake_case")
            sides = ("open" if not after.isspace() else "") + (
                "close" if not before.isspace() else "")
            if sides:
                marks.append((m.start(), m.end(), f"pair-{sides}",
                              "bold" if len(m[0]) == 2 else "italic"))
    return _assemble(text, sorted(marks))


def _spans(marks: list[tuple[int, int, str, str]]) -> set[int]:
    return {i for start, end, _, _ in marks for i in range(start, end)}


def _assemble(text: str, marks: list[tuple[int, int, str, str]]) -> list[Piece]:
    result: list[Piece] = []
    open_pairs: list[tuple[str, str, str]] = []  # (id, ctype, mark text)
    number, pos = 0, 0
    for start, end, role, ctype in marks:
        if start < pos:
            continue  # overlapped by an earlier code
        if start > pos:
            result.append(text[pos:start])
        mark = text[start:end]
        number += 1  # ids need only be unique: a closing mark's number goes unused
        if role.startswith("pair"):
            if "close" in role and open_pairs and open_pairs[-1][1:] == (ctype, mark):
                result.append(Code("ept", open_pairs.pop()[0], ctype, mark))
            elif "open" in role:
                open_pairs.append((str(number), ctype, mark))
                result.append(Code("bpt", str(number), ctype, mark))
            else:
                result.append(mark)
        elif role == "bpt":
            open_pairs.append((str(number), ctype, mark))
            result.append(Code("bpt", str(number), ctype, mark))
        elif role == "ept" and open_pairs and open_pairs[-1][1] == ctype:
            result.append(Code("ept", open_pairs.pop()[0], ctype, mark))
        elif role == "ph":
            result.append(Code("ph", str(number), ctype, mark))
        else:
            result.append(mark)
        pos = end
    if pos < len(text):
        result.append(text[pos:])
    unpaired = {p[0] for p in open_pairs}
    # a lone delimiter is not markup ("snake_case"): it stays a word
    return _merge([p.text if isinstance(p, Code) and p.id in unpaired else p
                   for p in result])


def _merge(found: list[Piece]) -> list[Piece]:
    """Adjacent words joined into one string."""
    merged: list[Piece] = []
    for piece in found:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        elif piece != "":
            merged.append(piece)
    return merged
