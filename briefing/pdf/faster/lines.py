"""Line measurements remembered: a piece of text at a width is broken once.

`split_first_line` fits as much of a text as one line holds in a width. It is
where a PDF spends most of its time in Pango: it lays out a draft of about four
lines, then the first line again, and again for each hyphenation it tries. Its
result depends only on its arguments (the text, the width, the justification
spacing, two flags), the values of the style it reads (font, language,
hyphenation, spacing, wrapping: `READ`) and the font configuration, which holds
the fonts. The preview renders the same paragraphs after every edit, and asks for
the same measurements each time (browsers keep their shaped words for the same
reason).

Once `faster.keep(True)` (`keeping`), this keeps each result by those inputs, on
the font configuration (it dies with it; another font set has its own). The result
is a Pango layout that WeasyPrint has already released (`deactivate`: only the
text, the width and numbers remain; drawing makes a new Pango layout from them and
the box's style) and five numbers: a hit returns a fresh copy of that layout with
the same numbers. Styles with feature or variation settings (numbers in tuples:
equal, they may reach Pango differently) and unhashable values are measured as
before, and not kept.
"""

from __future__ import annotations

from contextlib import suppress
from operator import itemgetter
from typing import Any

from briefing.pdf.faster import keeping

LIMIT = 50_000
"""Results a font configuration keeps at most (emptied when full): the default
Japanese edition measures about 1,100 pieces of text; an entry is under 2 kB."""
ATTRIBUTE = "briefing_faster_lines"
"""The font configuration's attribute holding its measurements."""
READ = (
    # Layout.setup: the Pango context, the font description and its features.
    "direction", "font_language_override", "lang", "font_family", "font_style",
    "font_stretch", "font_weight", "font_size", "font_kerning", "font_variant_ligatures",
    "font_variant_position", "font_variant_caps", "font_variant_numeric",
    "font_variant_alternates", "font_variant_east_asian", "text_decoration_line",
    # Layout.set_text, set_tabs and line_size: spacing and tabs.
    "word_spacing", "letter_spacing", "overflow_wrap", "tab_size",
    # split_first_line itself: wrapping and hyphenation.
    "white_space", "word_break", "hyphens", "hyphenate_limit_chars",
    "hyphenate_limit_zone", "hyphenate_character")
"""Every style value `split_first_line` reads, through the functions it calls."""
FAMILY = READ.index("font_family")
SETTINGS = ("font_feature_settings", "font_variation_settings")
"""Read too: a style with either set is not kept (numbers in tuples: equal, they may
reach Pango differently)."""
ALL = (*READ, *SETTINGS)
_INDEX = {name: index for index, name in enumerate(ALL)}
_read = itemgetter(*ALL)
_numbers: dict[tuple[Any, ...], int] = {}
"""Each combination of the values `READ` names met in this process, numbered."""
NUMBER = "briefing_faster_number"
"""A style's attribute holding the number of its values (None: not to be kept)."""
VALUES = "briefing_faster_values"
"""A style's attribute holding its values `ALL` names."""


def values_number(style: Any) -> int | None:
    """The number of the combination of the style's values `READ` names (the same for
    equal values, for the life of the process), or None for styles with feature or
    variation settings or an unhashable value. Worked out once per style and kept on
    it."""
    try:
        return style.__dict__[NUMBER]  # type: ignore[no-any-return]
    except KeyError:
        pass
    values = _values(style)
    number = None
    if values[-2:] == ("normal", "normal"):
        values = values[:-2]
        if type(values[FAMILY]) is list:  # SVG text's, as a tuple: the same stack
            values = (*values[:FAMILY], tuple(values[FAMILY]), *values[FAMILY + 1:])
        with suppress(TypeError):  # an unhashable value: None
            number = _numbers.setdefault(values, len(_numbers))
    style.__dict__[NUMBER] = number
    return number


def _values(style: Any) -> tuple[Any, ...]:
    """The style's values `ALL` names, kept on it. All are inherited (the decoration
    line is propagated: not set on a box, it is its parent's), so a style's are its
    parent's but for those cascaded on it (an element's) and those it holds that
    differ (an anonymous box's, some of which WeasyPrint sets, such as white space;
    a copy's, made to change them). Computing only those spares reading the other
    values of every style, which nothing else may ever ask for."""
    held = style.__dict__
    try:
        return held[VALUES]  # type: ignore[no-any-return]
    except KeyError:
        pass
    parent = getattr(style, "parent_style", None)
    values: tuple[Any, ...]
    if parent is None:
        values = _read(style)
    else:
        values = _values(parent)
        cascaded = getattr(style, "cascaded", None) or ()
        own = [name for name in ALL if name in cascaded
               or (name in style and style[name] != values[_INDEX[name]])]
        if own:
            changed = list(values)
            for name in own:
                changed[_INDEX[name]] = style[name]
            values = tuple(changed)
    held[VALUES] = values
    return values


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    original = line_break.split_first_line
    layout_class = line_break.Layout

    def split_first_line(text: str, style: Any, context: Any, max_width: Any,
                         justification_spacing: Any, is_line_start: bool = True,
                         minimum: bool = False) -> Any:
        number = values_number(style) if keeping.on else None
        if number is None:
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        lines = keeping.table(style.font_config, ATTRIBUTE)
        key = (text, max_width, justification_spacing, is_line_start, minimum, number)
        kept = lines.get(key)
        if kept is None:
            result = original(text, style, context, max_width, justification_spacing,
                              is_line_start, minimum)
            if len(lines) >= LIMIT:
                lines.clear()
            # WeasyPrint's own attributes only: not a Pango layout parked for drawing.
            lines[key] = ({name: value for name, value in result[0].__dict__.items()
                           if not name.startswith("briefing_faster_")}, *result[1:])
            return result
        layout = layout_class.__new__(layout_class)
        layout.__dict__.update(kept[0])
        return (layout, *kept[1:])

    # The boxes' lines (`inline` and `preferred` import it by name), and SVG text,
    # which imports it from `line_break` at each call.
    return [(module, "split_first_line", split_first_line)
            for module in (line_break, inline, preferred)]
