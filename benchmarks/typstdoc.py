"""A Typst document with the same text as one edition, for the benchmark's comparison."""

from __future__ import annotations

import html
import re

from briefing.content.folder import Content
from briefing.edition.resolve import build_edition
from briefing.edition.views import TableView
from briefing.jobs.options import project_root
from briefing.render.pages import Renderer

_TAG = re.compile(r"<[^>]+>")
_SPECIAL = re.compile(r"([\\#$*_<>@`\[\]=+/~\"'-])")


def _text(markup: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(html.unescape(_TAG.sub("", markup)).split()))


def _page_counter(template: str) -> str:
    """'Page {page} of {pages}' as Typst: the text around the two counters."""
    parts = re.split(r"\{(page|pages)\}", template)
    counters = {"page": "#counter(page).display()",
                "pages": "#counter(page).final().first()"}
    return "".join(counters[p] if i % 2 else _text(p) for i, p in enumerate(parts))


def typst_source(content: Content, tag: str, map_svg: str | None = None) -> str:
    """Everything the edition's PDF shows, as Typst markup: the cover lines, the
    contents with page numbers, the running head and page footer, headings,
    paragraphs, the timeline, the tables, the map (an SVG file name), names and
    sources."""
    edition = build_edition(content, tag)
    _ = Renderer(project_root() / "templates", content).catalog(tag).gettext
    serif = "Noto Serif CJK JP" if tag == "ja" else "Noto Serif"
    footer = _page_counter(_("Page %(page)s of %(pages)s") % {"page": "{page}",
                                                             "pages": "{pages}"})
    lines = [f'#set text(lang: "{tag}", font: ("{serif}", "Noto Serif CJK JP"), size: 10.5pt)',
             '#set page(paper: "a4", margin: (x: 20mm, y: 22mm),',
             "  header: context { if counter(page).get().first() > 1 "
             f"[#text(size: 8pt)[{_text(edition.short_title)}]] }},",
             f"  footer: context [#align(center)[#text(size: 8pt)[{footer}]]])",
             '#set par(justify: true)',
             f"{_text(_('Briefing'))} · {_text(edition.language_name)}", "",
             f"= {_text(edition.title)}", "", _text(edition.subtitle), "",
             _text(_("As of %(date)s") % {"date": edition.date_text}), "",
             f"#outline(title: [{_text(_('Contents'))}], target: heading.where(level: 2))", ""]
    for section in edition.sections:
        for block in section:
            if block.kind == "heading":
                lines += [f"== {_text(block.html)}", ""]
            elif block.kind == "paragraph":
                lines += [_text(block.html), ""]
            elif block.kind == "event":
                lines += [f"*{_text(block.date)}* {_text(block.html)}", ""]
            elif block.kind == "table" and isinstance(block.data, TableView):
                table = block.data
                rows = [*table.rows, *([table.total] if table.total else [])]
                cells = ", ".join(f"[{_text(c)}]" for r in rows
                                  for c in (r.label, *(cell.html for cell in r.cells)))
                lines += [f"#table(columns: {len(table.headings) + 1}, {cells})", ""]
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
