"""A Typst document with the same text as one edition, for the benchmark's comparison."""

from __future__ import annotations

import html
import re

from briefing.content import Content
from briefing.edition import build_edition

_TAG = re.compile(r"<[^>]+>")
_SPECIAL = re.compile(r"([\\#$*_<>@`\[\]=+/~\"'-])")


def _text(markup: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(html.unescape(_TAG.sub("", markup)).split()))


def typst_source(content: Content, tag: str) -> str:
    """Headings, paragraphs, the timeline and the islands table, as Typst markup."""
    edition = build_edition(content, tag)
    serif = "Noto Serif CJK JP" if tag == "ja" else "Noto Serif"
    lines = [f'#set text(lang: "{tag}", font: ("{serif}", "Noto Serif CJK JP"), size: 10.5pt)',
             '#set page(paper: "a4", margin: (x: 20mm, y: 22mm), numbering: "1 / 1")',
             '#set par(justify: true)',
             f"= {_text(edition.title)}", "", _text(edition.subtitle), ""]
    for section in edition.sections:
        for block in section:
            if block.kind == "heading":
                lines += [f"== {_text(block.html)}", ""]
            elif block.kind == "paragraph":
                lines += [_text(block.html), ""]
            elif block.kind == "event":
                lines += [f"*{_text(block.date)}* {_text(block.html)}", ""]
            elif block.kind == "islands":
                cells = ", ".join(f"[{_text(r.name)}], [{_text(r.area)}]"
                                  for r in edition.islands)
                lines += [f"#table(columns: 2, {cells})", ""]
    return "\n".join(lines) + "\n"
