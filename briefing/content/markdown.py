"""The Markdown that prose may use, and what it refuses.

Prose is CommonMark with `{kind:id}` references, pipe tables and footnotes
(markdown-it-py and its plugins), block quotes, and images by their path inside
the content folder, each standing in a paragraph of its own (it becomes a
figure). Everything else that looks like markup (raw HTML, headings, code fences,
a footnote without its text, a table without its line of dashes, an image inside
a sentence, a link to anything but http(s) or mailto) is a problem with its line,
so that no markup ever reaches a reader as literal text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefing.content.refs import REF, Ref

SAFE_SCHEMES = ("https:", "http:", "mailto:")


def _reference_rule(state: StateInline, silent: bool) -> bool:
    match = REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("briefing_ref", "", 0)
        token.meta = {"ref": Ref(match[1], match[2], match[3], match.start(), match.end())}
    state.pos = match.end()
    return True


def safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def make_parser() -> MarkdownIt:
    """A parser of prose: the same for checking content and for rendering it."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # An indented line is a translator's indentation, not a code block.
    md.disable(["code"])
    md.use(footnote_plugin, inline=False)
    md.inline.ruler.before("text", "briefing_ref", _reference_rule)
    # Every link and image is parsed, whatever its address, so that a wrong one is
    # reported (and left out when rendering) instead of showing as literal text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_PARSER = make_parser()


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> Sequence[Token]:
    """`text` parsed once for every check of it (read, never changed), and not again
    while it stays the same: `serve` checks the whole content after each edit."""
    return tuple(_PARSER.parse(text, {}))

UNSUPPORTED = {
    "heading_open": "a heading inside prose; a section's heading is the segment "
                    "<section>.heading",
    "fence": "a code block",
    "hr": "a horizontal rule",
    "html_block": "raw HTML; prose is Markdown",
    "html_inline": "raw HTML; prose is Markdown",
}

_LOST_NOTE = re.compile(r"\[\^[^\]\s]+\]")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def problems(text: str) -> Iterator[tuple[int, str]]:
    """What in `text` the renderer cannot show: (line inside the text, 0-based, message)."""
    line = 0
    for token in _tokens(text):
        if token.map:
            line = token.map[0]
        if token.type in UNSUPPORTED:
            found = (token.content or token.markup).strip().splitlines()
            shown = f" {found[0][:40]!r}" if found else ""
            yield line, f"unsupported Markdown{shown}: {UNSUPPORTED[token.type]}"
        if token.type == "inline":
            yield from _inline_problems(token, line)


def _inline_problems(token: Token, line: int) -> Iterator[tuple[int, str]]:
    children = token.children or []
    at = line
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            at += 1
        elif child.type == "html_inline" and not child.content.startswith("</"):
            yield at, f"unsupported Markdown {child.content!r}: {UNSUPPORTED['html_inline']}"
        elif child.type == "image" and _words_around(children):
            yield at, (f"image {child.attrGet('src')!r} inside a sentence; an image stands in "
                       "a paragraph of its own, and becomes a figure")
        elif child.type == "link_open" and not safe_link(str(child.attrGet("href") or "")):
            yield at, (f"link to {child.attrGet('href')!r}; links may go to https, http or "
                       "mailto addresses")
        elif child.type == "text" and (note := _LOST_NOTE.search(child.content)):
            yield at, f"footnote {note[0]} has no text; add a line `{note[0]}: ...`"
    for offset, row in enumerate(token.content.splitlines()):
        if _PIPE_ROW.match(row) and row.count("|") >= 2:
            yield line + offset, ("a table row without a table: a pipe table needs a line "
                                  "of dashes under its heading row (| --- | --- |)")
            break


def _words_around(children: list[Token]) -> bool:
    return any(c.type not in ("image", "softbreak") and (c.type != "text" or c.content.strip())
               for c in children)


def nesting(text: str) -> int:
    """How deep the markup of `text` nests (emphasis in a link in a list item...)."""
    return _depth(_tokens(text))


def _depth(tokens: Sequence[Token]) -> int:
    deepest = 0
    for token in tokens:
        deepest = max(deepest, token.level)
        if token.children:
            deepest = max(deepest, token.level + _depth(token.children))
    return deepest


def images(text: str) -> Iterator[tuple[int, str]]:
    """Every image `text` shows, by its path: (line inside the text, path)."""
    line = 0
    for token in _tokens(text):
        if token.map:
            line = token.map[0]
        for child in token.children or []:
            if child.type == "image":
                yield line, str(child.attrGet("src") or "")
