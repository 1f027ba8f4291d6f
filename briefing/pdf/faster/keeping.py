"""Whether the replacements keep what they work out from one render for the next,
and where they keep it.

Line measurements and drawings, SVG paths, compressed streams and font cuts
(`lines`, `drawing`, `shapes`, `writing`) are worth keeping only in a process that
renders the same words again: the preview, after each edit. A build renders each
edition once, and keeping them would cost it time for nothing, so they are kept
only once `faster.keep(True)`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

on = False
"""Set by `faster.keep`."""

_clears: list[Callable[[], None]] = []
"""What empties each thing kept (`forget`)."""
_holders: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
"""The font configurations holding tables, and the attributes holding them."""


def table(font_config: Any, attribute: str) -> dict[Any, Any]:
    """The table an attribute of a font configuration holds (made empty the first
    time): what is kept with the fonts it was worked out with dies with them."""
    held: dict[Any, Any] | None = font_config.__dict__.get(attribute)
    if held is None:
        held = {}
        setattr(font_config, attribute, held)
        _holders.setdefault(font_config, set()).add(attribute)
    return held


def emptied_by_forget(clear: Callable[[], None]) -> None:
    """Have `forget` call `clear` (for what a replacement keeps itself)."""
    _clears.append(clear)


def forget() -> None:
    """Empty everything kept, as in a process that has not rendered these words."""
    for font_config, attributes in list(_holders.items()):
        for attribute in attributes:
            font_config.__dict__.pop(attribute, None)
    _holders.clear()
    for clear in _clears:
        clear()
