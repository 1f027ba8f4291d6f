"""Computed style values: the inherited and initial ones without the general path.

`ComputedStyle.__missing__` computes a property the first time it is read. Most
reads are of a property the element's rules never set: the value is its parent's
(inherited properties and custom properties) or the initial value. The general
path still looks up logical properties, prepares a `var()` resolution, formats the
property's name and checks for math functions before it gets there. This takes the
short way for exactly those properties, and leaves to the original everything the
cascade set, every logical or physical property (their value may come from the
other form), `float`, `display`, `position` and `page` (whose specified values are
kept), the propagated text decorations, and any value holding a math function.
"""

from __future__ import annotations

from typing import Any


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.css import ComputedStyle
    from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    original = ComputedStyle.__missing__
    general = frozenset({"float", "display", "position", "page", *PHYSICAL_FUNCTIONS})

    def __missing__(self: Any, key: str) -> Any:
        if key in self.cascaded or key in general or key[:16] == "text_decoration_":
            return original(self, key)
        custom = key[:2] == "__"
        if custom or key in INHERITED:
            parent = self.parent_style
            if parent is not None:
                value = parent[key]
                if check_math(value):
                    return original(self, key)
                self[key] = value
                return value
            if custom:
                self[key] = value = []
                return value
        value = INITIAL_VALUES[key]
        if check_math(value):
            return original(self, key)
        if key in INITIAL_NOT_COMPUTED and key in COMPUTER_FUNCTIONS:
            value = COMPUTER_FUNCTIONS[key](self, key, value)
        self[key] = value
        return value

    return [(ComputedStyle, "__missing__", __missing__)]
