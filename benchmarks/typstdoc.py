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


def typst_source(content: Content, tag: str, map_svg: str | None = None) -> str:
    """Everything the edition's PDF shows, as Typst markup: headings, paragraphs, the
    timeline, the islands table, the map (an SVG file name), names and sources."""
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
            elif block.kind == "map" and map_svg:
                lines += [f'#image("{map_svg}", width: 100%)', ""]
            elif block.kind == "names":
                cells = ", ".join(
                    f"[{_text(c.name)}{' ' + _text(c.reading) if c.reading else ''}"
                    f"{' (' + _text(', '.join(c.others)) + ')' if c.others else ''}]"
                    for row in edition.names for c in row.cells)
                lines += [f"#table(columns: {len(edition.name_langs)}, {cells})", ""]
            elif block.kind == "sources":
                lines += [f"+ {_text(s.title)}. {_text(s.publisher)}. {_text(s.url)}"
                          for s in edition.sources] + [""]
    return "\n".join(lines) + "\n"
