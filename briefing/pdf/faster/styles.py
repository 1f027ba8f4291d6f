"""Computed style values: the inherited, initial and plainly cascaded ones without the
general path.

`ComputedStyle.__missing__` computes a property the first time it is read. Most
reads are of a property the element's rules never set: the value is its parent's
(inherited properties and custom properties) or the initial value. Most of the rest
are of a property set to a plain value (a length, a keyword, a colour). For each of
them the general path still formats the property's name, looks up its logical form
by calling a `partial` that builds the logical name with f-strings (for the 34
physical properties: margins, paddings, borders, sizes, insets), tests the value
against the `Pending` ABC, compares it with 'inherit' and 'initial' and checks it
for math functions by building a `Function` of anything that is a token.

This takes the short way for exactly those cases, in the original's order: the
logical name of a physical property is looked up once per (property, direction), and
the property is left to the original whenever its logical form is cascaded; a value
is tested for math functions only when it may hold one (a token, or a tuple holding
one); the specified values of `float`, `display` and `position`, the used value of
`page: auto` and the propagation of text decorations are done as the original does.
Left to the original: pending values (`var()`), 'inherit' of `page` and of the text
decorations, and any value holding a math function.
"""

from __future__ import annotations

from typing import Any

PLAIN = frozenset({str, int, float, bool, type(None), list, set, frozenset, dict})
"""Types without a `type` attribute: `check_math` of them is always None."""
SPECIFIED = frozenset({"position", "float", "display"})
"""The properties whose specified values are kept (for the computed `display`)."""


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.css import ComputedStyle
    from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES
    from weasyprint.css.tokens import Dimension, Pending

    plain = PLAIN | {Dimension}
    original = ComputedStyle.__missing__
    from weasyprint.css import text_decoration
    logical_keys: dict[tuple[str, str], str] = {}
    pending_types: dict[type, bool] = {}

    def logical_key(key: str, direction: str) -> str:
        """The logical property whose value a physical `key` takes (memoized)."""
        logical = logical_keys.get((key, direction))
        if logical is None:
            logical = PHYSICAL_FUNCTIONS[key](block="ttb", inline=direction)
            logical_keys[key, direction] = logical
        return logical

    def math(value: Any) -> bool:
        """Whether `check_math(value)` is true, without calling it on plain values."""
        kind = type(value)
        if kind in plain:
            return False
        if kind is tuple:
            return any(map(math, value))
        return bool(check_math(value))

    def __missing__(self: Any, key: str) -> Any:
        if key == "float":
            self["position"]  # its specified value is needed for the computed one
        elif key == "display":
            self["float"]  # its specified value is needed for the computed one
        cascaded = self.cascaded
        parent_style = self.parent_style
        if key in PHYSICAL_FUNCTIONS and logical_key(key, self["direction"]) in cascaded:
            return original(self, key)

        if key in cascaded:
            value = cascaded[key][0]
            kind = type(value)
            pending = pending_types.get(kind)
            if pending is None:
                pending = pending_types[kind] = issubclass(kind, Pending)
            if pending:
                return original(self, key)
        elif key in INHERITED or key[:2] == "__":
            value = "inherit"
        else:
            value = "initial"
        if value == "inherit" and parent_style is None:
            value = "initial"

        if value == "initial":
            value = [] if key[:2] == "__" else INITIAL_VALUES[key]
            computed = key not in INITIAL_NOT_COMPUTED and key != "page"
        elif value == "inherit":
            if key[:16] == "text_decoration_" or key == "page":
                return original(self, key)
            value = parent_style[key]
            if math(value):
                return original(self, key)
            if key in SPECIFIED:
                self.specified[key] = value
            self[key] = value
            return value
        else:
            computed = False
        if math(value):
            return original(self, key)

        if key[:16] == "text_decoration_" and parent_style is not None:
            # Propagated from the parent.
            if key in COMPUTER_FUNCTIONS:
                value = COMPUTER_FUNCTIONS[key](self, key, value)
            if math(value):
                return original(self, key)
            self[key] = value = text_decoration(
                key, value, parent_style[key], key in cascaded)
            return value
        if key == "page" and value == "auto":
            # The used value is the nearest ancestor's non-auto value.
            value = "" if parent_style is None else parent_style["page"]
            if math(value):
                return original(self, key)
        elif key in SPECIFIED:
            self.specified[key] = value
        if not computed and key in COMPUTER_FUNCTIONS:
            value = COMPUTER_FUNCTIONS[key](self, key, value)
        self[key] = value
        return value

    return [(ComputedStyle, "__missing__", __missing__)]
