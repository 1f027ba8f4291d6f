"""What WeasyPrint's structure tree leaves out: passage languages, header scopes, and
layout tables that are not data.

WeasyPrint tags the PDF but writes only the document's /Lang, gives a table's header
cells no /Scope, and tags every HTML table as a /Table. While it builds the structure
tree, this hook completes each element from the HTML it came from:

- an element with its own `lang` attribute gets that language as its /Lang, so that a
  screen reader switches voice there. A structure element's /Lang covers everything
  under it, and a passage nested in another (a Japanese name in the Russian column of
  a bilingual edition) is marked again with its own language;
- a header cell (`<th>`) gets /Scope /Row when its `scope` says `row` or `rowgroup`,
  /Column otherwise (as WeasyPrint's own /Headers of the data cells read it), so that
  a reader can say which header a cell belongs to (PDF/UA-1, 7.5);
- a table marked `role="presentation"` (or `none`) lays things out and holds no data:
  it becomes a /Div, its rows and row groups /NonStruct and its cells /Div, without
  table attributes, as PDF/UA asks of a layout table (a /Table without headers is
  a fault there).

This wraps one internal function of WeasyPrint (`weasyprint.pdf.tags._build_box_tree`);
`install` refuses loudly if a WeasyPrint release renames it, and the tests read every
passage's language and every header's scope back from the written PDF.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import RenderError

_MARK = "_briefing_completes_tags"
LAYOUT_ROLES = frozenset({"presentation", "none"})
"""ARIA roles that take a table's table semantics away."""
ROW_SCOPES = frozenset({"row", "rowgroup"})
_LAYOUT_TAGS = {"/Table": "/Div", "/THead": "/NonStruct", "/TBody": "/NonStruct",
                "/TFoot": "/NonStruct", "/TR": "/NonStruct", "/TD": "/Div", "/TH": "/Div"}


@dataclass
class _Table:
    """A table whose structure is being built: is it a layout table, and its cells."""

    layout: bool
    cells: list[Any] = field(default_factory=list)


class _Tables(threading.local):
    """The tables being built in this thread, innermost last."""

    def __init__(self) -> None:
        self.open: list[_Table] = []


def install() -> None:
    """Make WeasyPrint's tagging complete elements from their HTML (once per process)."""
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        raise RenderError("this WeasyPrint release builds its structure tree differently: "
                          "per-passage languages cannot be marked (tested with WeasyPrint 70)")
    if getattr(build, _MARK, False):
        return
    tables = _Tables()

    @functools.wraps(build)
    def completed(box: Any, *args: Any) -> Iterator[Any]:
        # The original recurses through the module's name, so nested boxes come here too.
        element: Any = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None) if element is not None else None
        if tag == "table":
            tables.open.append(_Table(layout=element.get("role") in LAYOUT_ROLES))
        try:
            for struct in build(box, *args):
                _complete(struct, element, tag, tables.open[-1] if tables.open else None)
                yield struct
        finally:
            if tag == "table":
                tables.open.pop()

    setattr(completed, _MARK, True)
    tags._build_box_tree = completed


def _complete(struct: Any, element: Any, tag: str | None, table: _Table | None) -> None:
    import pydyf

    kind = str(struct["S"])
    if element is not None and tag != "html":
        lang = element.get("lang")
        if lang and "Lang" not in struct:
            struct["Lang"] = pydyf.String(lang)
    if table is not None and table.layout and kind in _LAYOUT_TAGS:
        struct["S"] = _LAYOUT_TAGS[kind]
        if kind in ("/TD", "/TH"):
            table.cells.append(struct)  # its table attributes go when the table is done
        elif kind == "/Table":
            for cell in table.cells:
                cell.pop("A", None)
    elif kind == "/TH" and tag == "th":
        scope = (element.get("scope") or "").lower()
        struct["A"]["Scope"] = "/Row" if scope in ROW_SCOPES else "/Column"


__all__ = ["install"]
