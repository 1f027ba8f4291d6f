"""Per-passage /Lang in the PDF's structure tree.

WeasyPrint tags the PDF but writes only the document's /Lang. While it builds the
structure tree, every element that carries its own `lang` attribute gets that
language as its /Lang here, so that a screen reader switches voice there. A
structure element's /Lang covers everything under it, so marking the element
is enough for its text, and a passage nested in another (a Japanese name in the
Russian column of a bilingual edition) is marked again with its own language.

This wraps one internal function of WeasyPrint (`weasyprint.pdf.tags._build_box_tree`);
`install` refuses loudly if a WeasyPrint release renames it, and the tests read
every passage's language back from the written PDF.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from briefing.errors import RenderError

_MARK = "_briefing_marks_languages"


def install() -> None:
    """Make WeasyPrint's tagging mark elements in their own language (once per process)."""
    import pydyf
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        raise RenderError("this WeasyPrint release builds its structure tree differently: "
                          "per-passage languages cannot be marked (tested with WeasyPrint 70)")
    if getattr(build, _MARK, False):
        return

    @functools.wraps(build)
    def marked(box: Any, *args: Any) -> Iterator[Any]:
        # The original recurses through the module's name, so nested boxes come here too.
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) != "html":
            lang = element.get("lang")
        for struct in build(box, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    setattr(marked, _MARK, True)
    tags._build_box_tree = marked


__all__ = ["install"]
