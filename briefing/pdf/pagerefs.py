"""pydyf's page references, built once per page count instead of once per use.

`pydyf.PDF.page_references` is a property that builds the tuple of every page's
reference anew each time it is read. WeasyPrint's tagging reads it once per
structure element (`weasyprint.pdf.tags`: `'Pg': pdf.page_references[n]`), so a
tagged PDF costs the number of elements times the number of pages: 19,856 reads of
a 94-page tuple for the synthetic 94-page briefing, a quadratic term that a
5-page handout never shows. Pages are only ever appended (`PDF.add_page`), so the
tuple is kept with the length of the page list it was built from and built again
only when that length changes. The result is the same tuple, and the PDFs are
byte-identical (tested).

Proposed upstream as a cached list in pydyf that `add_page` extends; until then
`install` replaces the property, once per process, and refuses loudly if pydyf no
longer has it.
"""

from __future__ import annotations

from typing import Any

from briefing.errors import RenderError

_MARK = "_briefing_cached_page_references"


def install() -> None:
    """Make `PDF.page_references` cheap to read again (once per process)."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if isinstance(original, _Cached):
        return
    if not isinstance(original, property) or original.fget is None:
        raise RenderError("this pydyf release keeps page references differently: "
                          "the tagging's page lookups cannot be cached (tested with 0.13)")
    build = original.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get(_MARK)
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), build(pdf))
            pdf.__dict__[_MARK] = cached
        refs: tuple[bytes, ...] = cached[1]
        return refs

    pydyf.PDF.page_references = _Cached(page_references, doc=original.__doc__)


class _Cached(property):
    """The replacement, recognisable so that it is installed once."""


__all__ = ["install"]
