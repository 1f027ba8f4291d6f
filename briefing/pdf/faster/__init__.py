"""Faster equivalents of the hottest pure-Python paths of WeasyPrint and pydyf.

A PDF's time is WeasyPrint's own Python code, paid per box: computing each style
property, resolving each box's lengths, breaking and drawing each line, writing each
PDF object. Each module here replaces one such function with one that computes the
same values with less interpretive work (a fast path for the common case, a lookup
done once instead of per call), and falls back to the original wherever the case
is not the common one. In a process that renders the same words again (the
preview), `keep(True)` has them also keep what is worked out per line, stream and
font from one render for the next (`keeping`), so that only what an edit changed
is laid out, drawn, compressed and cut again.

They are installed only on the exact releases they were written against
(`RELEASES`): on any other release WeasyPrint runs its own code unchanged. Setting
`BRIEFING_WEASYPRINT_AS_IS=1` leaves every function as WeasyPrint has it, to rule
them out when something looks wrong. The tests render editions in Latin, Cyrillic,
CJK and right-to-left scripts both ways and require byte-identical PDFs; the
benchmark prints what they save.
"""

from __future__ import annotations

import os
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from briefing.pdf.faster import keeping

RELEASES = {"weasyprint": "70.0", "pydyf": "0.13.0"}
"""The releases whose code the replacements were written from and tested against."""
AS_IS = "BRIEFING_WEASYPRINT_AS_IS"
MODULES = ("styles", "lengths", "cascade", "drawing", "writing", "text", "lines", "shapes")
"""The replacements, one module each, each with a `replacements()` listing what it
replaces: (owner, attribute name, new value); an owner is a class, a module or a
table (a dict, by key)."""

Replacement = tuple[Any, str, Any]
_swaps: list[tuple[Any, str, Any, Any]] | None = None
"""(owner, name, original, replacement) for every replacement, once looked up."""


def matching_releases() -> bool:
    """Whether the installed WeasyPrint and pydyf are the releases in `RELEASES`."""
    try:
        return all(version(name) == wanted for name, wanted in RELEASES.items())
    except PackageNotFoundError:
        return False


def install() -> bool:
    """Put every replacement in place (once per process, unless `use(False)` took them
    out since); whether they are in use."""
    global _swaps
    if _swaps is None:
        _swaps = []
        if os.environ.get(AS_IS) or not matching_releases():
            return False
        for name in MODULES:
            for owner, attribute, new in import_module(f"{__name__}.{name}").replacements():
                if any(o is owner and a == attribute for o, a, _, _ in _swaps):
                    raise RuntimeError(f"{name} replaces {attribute} a second time")
                _swaps.append((owner, attribute, _get(owner, attribute), new))
        use(True)
    return bool(_swaps) and all(_get(owner, attribute) is new
                                for owner, attribute, _, new in _swaps)


def _get(owner: Any, attribute: str) -> Any:
    """An attribute of a class or module, or an entry of a table (a dict)."""
    return owner[attribute] if isinstance(owner, dict) else owner.__dict__[attribute]


def keep(between_renders: bool) -> None:
    """Whether line measurements and drawings, compressed streams and font cuts are
    kept from one render for the next (`keeping`): for a process that renders the
    same words again, the preview. Off by default; turned off, they are forgotten."""
    keeping.on = between_renders
    if not between_renders:
        forget()


def forget() -> None:
    """Empty what the replacements keep from one render for the next, as in a process
    that has not rendered these words before."""
    keeping.forget()


def use(faster: bool) -> None:
    """Switch between the replacements and WeasyPrint's own code (for comparisons)."""
    for owner, attribute, original, new in _swaps or ():
        if isinstance(owner, dict):
            owner[attribute] = new if faster else original
        else:
            setattr(owner, attribute, new if faster else original)


__all__ = ["AS_IS", "RELEASES", "forget", "install", "keep", "matching_releases", "use"]
