"""Used lengths of boxes in one pass, and where boxes flow.

`resolve_percentages` sets a box's used margins, paddings, sizes and border widths
from its computed style, for every box laid out (often more than once). It does so
through a chain of calls per property (`resolve_one_percentage`, then `percentage`,
each looking the value up again in `box.style`, comparing with 'auto' and asking
`getattr` for a unit, `setattr` by name), then `adjust_box_sizing` twice, each
reading `box_sizing` up to three times and the lengths back from the box. Nearly
every value is a `Dimension` in pixels or percent, or 'auto'.

The replacement does the same work in one function with locals: a `Dimension` is
resolved in place (its value, or its share of the reference length), 'auto' is kept,
and anything else (`None`, math functions) goes to WeasyPrint's own `percentage`. The
style is read in the same order as the original, border widths already resolved
for collapsed borders are kept, 'auto' minimum sizes become 0, the containing block
of unknown height is handled as the original does, and box-sizing is applied last.
WeasyPrint's layout modules import `resolve_percentages` by name, so each module
holding it gets the replacement too.
"""

from __future__ import annotations

from importlib import import_module
from math import inf
from typing import Any

HOLDERS = ("percent", "absolute", "block", "column", "float", "grid", "inline", "page",
           "table")
"""The modules of `weasyprint.layout` holding `resolve_percentages` (`flex` calls it
as `percent.resolve_percentages`)."""


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import Dimension
    from weasyprint.formatting_structure.boxes import Box, PageBox
    from weasyprint.layout import percent

    own_percentage = percent.percentage

    def used(style: Any, name: str, refer_to: Any) -> Any:
        """The used value of a length property, `percentage` of its computed value."""
        value = style[name]
        if type(value) is Dimension:
            return refer_to * value.value / 100 if value.unit == "%" else value.value
        if value == "auto":
            return value
        return own_percentage(value, style, refer_to)

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        if isinstance(containing_block, Box):
            cb_width = containing_block.width
            cb_height = containing_block.height
        else:
            cb_width, cb_height = containing_block
        maybe_height = cb_height if isinstance(box, PageBox) else cb_width
        style = box.style
        box.margin_left = used(style, "margin_left", cb_width)
        box.margin_right = used(style, "margin_right", cb_width)
        box.margin_top = used(style, "margin_top", maybe_height)
        box.margin_bottom = used(style, "margin_bottom", maybe_height)
        box.padding_left = padding_left = used(style, "padding_left", cb_width)
        box.padding_right = padding_right = used(style, "padding_right", cb_width)
        box.padding_top = padding_top = used(style, "padding_top", maybe_height)
        box.padding_bottom = padding_bottom = used(style, "padding_bottom", maybe_height)
        box.width = width = used(style, "width", cb_width)
        min_width = used(style, "min_width", cb_width)
        box.min_width = min_width = 0 if min_width == "auto" else min_width
        box.max_width = max_width = used(style, "max_width", cb_width)

        if cb_height == "auto":
            # The containing block's height depends on its content.
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                box.height = height = "auto"
            else:
                assert height.unit.lower() == "px"
                box.height = height = height.value
            min_height = used(style, "min_height", 0)
            max_height_refer_to: Any = inf
        else:
            box.height = height = used(style, "height", cb_height)
            min_height = used(style, "min_height", cb_height)
            max_height_refer_to = cb_height
        box.min_height = min_height = 0 if min_height == "auto" else min_height
        box.max_height = max_height = used(style, "max_height", max_height_refer_to)

        # Used border widths are the computed ones, except those resolved already
        # by the conflict resolution of collapsed borders.
        if style["border_collapse"] == "collapse":
            for name in ("border_top_width", "border_right_width",
                         "border_bottom_width", "border_left_width"):
                if not hasattr(box, name):
                    setattr(box, name, style[name])
            border_top, border_right, border_bottom, border_left = (
                box.border_top_width, box.border_right_width,
                box.border_bottom_width, box.border_left_width)
        else:
            box.border_top_width = border_top = style["border_top_width"]
            box.border_right_width = border_right = style["border_right_width"]
            box.border_bottom_width = border_bottom = style["border_bottom_width"]
            box.border_left_width = border_left = style["border_left_width"]

        # Shrink *content* widths and heights according to box-sizing
        # (`adjust_box_sizing` for the width, then the height).
        sizing = style["box_sizing"]
        if sizing == "border-box":
            delta_width = padding_left + padding_right + border_left + border_right
            delta_height = padding_top + padding_bottom + border_top + border_bottom
        elif sizing == "padding-box":
            delta_width = padding_left + padding_right
            delta_height = padding_top + padding_bottom
        else:
            assert sizing == "content-box"
            return
        if delta_width > 0:
            if width != "auto":
                box.width = max(0, width - delta_width)
            box.max_width = max(0, max_width - delta_width)
            if min_width != "auto":
                box.min_width = max(0, min_width - delta_width)
        if delta_height > 0:
            if height != "auto":
                box.height = max(0, height - delta_height)
            box.max_height = max(0, max_height - delta_height)
            if min_height != "auto":
                box.min_height = max(0, min_height - delta_height)

    return [(import_module(f"weasyprint.layout.{name}"), "resolve_percentages",
             resolve_percentages) for name in HOLDERS] + box_replacements()


def box_replacements() -> list[tuple[Any, str, Any]]:
    """Where a box flows and which named pages it starts and ends.

    `Box.is_in_normal_flow` asks five methods in turn (floated, absolutely positioned,
    running, footnote, note), each a call reading the style again; this reads `float`
    and `position` once and tests the same values. `ParentBox.page_values` (the page
    names a box starts and ends with, asked for each pair of siblings laid out and
    recursive through the first and last children) lists every child in flow or
    floated to use only the first and the last; this looks for the first from the
    start and the last from the end.
    """
    from weasyprint.formatting_structure.boxes import Box, ParentBox

    floats = ("left", "right", "inline-start", "inline-end")

    def is_in_normal_flow(self: Any) -> bool:
        style = self.style
        float_ = style["float"]
        if float_ in floats:  # is_floated
            return False
        position = style["position"]
        return not (
            position in ("absolute", "fixed") or position[0] == "running()"
            or float_ == "footnote" or position[0] == "note()")

    def page_values(self: Any) -> tuple[Any, Any]:
        # See https://www.w3.org/TR/css-break-4/#break-propagation: the in-flow
        # children (and the floated ones) propagate their values.
        start_value = end_value = self.style["page"]  # Box.page_values
        children = self.children
        count = len(children)
        first = 0
        while first < count and not (children[first].is_in_normal_flow()
                                     or children[first].is_floated()):
            first += 1
        if first < count:
            last = count - 1
            while not (children[last].is_in_normal_flow() or children[last].is_floated()):
                last -= 1
            if first == last:
                page_values = children[first].page_values()
                start_value = page_values[0] or start_value
                end_value = page_values[1] or end_value
            else:
                start_value = children[first].page_values()[0] or start_value
                end_value = children[last].page_values()[1] or end_value
        return start_value, end_value

    return [(Box, "is_in_normal_flow", is_in_normal_flow),
            (ParentBox, "page_values", page_values)]
