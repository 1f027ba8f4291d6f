"""Drawing lines of text: each glyph run read from Pango in one go, and each line
drawn once (`_drawing`).

`draw_first_line` writes each line's glyphs into a page's content stream: the
hottest Python code of `write_pdf`. The replacement reads a run's glyph records in
one buffer instead of six cffi accesses a glyph, and, where the same words are
rendered again (the preview, `faster.keep`), writes a line drawn before from what it
kept instead of asking Pango to shape it again.
"""

from __future__ import annotations

import struct
from typing import Any

from briefing.pdf.faster import keeping

DRAWN_LIMIT = 20_000
"""Lines whose drawing a font configuration keeps at most (emptied when full)."""
DRAWN = "briefing_faster_drawn"
"""The font configuration's attribute holding its lines' drawings."""
DEFERRED = "briefing_faster_deferred"
"""Set on a layout whose Pango layout `reactivate` left to be made when needed."""
PARKED = "briefing_faster_parked"
"""A measured line's Pango layout, its language and style, kept for drawing it."""
DRAWING = "briefing_faster_drawing"
"""Set on a layout being drawn: its Pango layout goes when it is released."""
SEPARATORS = frozenset("\n\r\u2029")
"""Pango's paragraph separators."""
SHOW, RISE, FONT, GLYPHS = range(4)
"""What a kept line's calls are: text shown, a rise set, a font selected, and its
glyphs' widths and characters."""
GLYPH_INFO = struct.Struct("=Iiii4x")
"""A `PangoGlyphInfo` as WeasyPrint declares it to cffi: the glyph (unsigned), its
geometry's width, x and y offsets, and its visual attributes (skipped)."""


def replacements() -> list[tuple[Any, str, Any]]:
    return _drawing()


def _drawing() -> list[tuple[Any, str, Any]]:
    """The glyphs of a line of text, read from Pango in one go per run, and each line
    drawn once.

    `weasyprint.draw.text.draw_first_line` writes each glyph of a line as hex in a
    `TJ` array, with its kerning. Per glyph it goes through cffi six times (the
    glyph record, its id, its geometry three times and each of its fields), and
    looks up `font.bitmap`, `font.widths`, `font.to_unicode`, `font.svg`,
    `font.png` and `font.colr` on the font and the two glyph flags on the Pango
    library object. The fast path unpacks a run's glyph records (id, width, x and y
    offsets) from one buffer over Pango's array with `struct`, laid out as
    WeasyPrint's declarations lay them out for cffi (checked once: otherwise
    WeasyPrint's own code runs), and looks the others up once per run (none changes
    within a run). The arithmetic and the strings are the original's, in the same
    order. Lines with an ellipsis go to the original; glyphs of colour fonts are
    collected by `colour.emoji`, the original's code for them.

    Before drawing a line, WeasyPrint makes a new Pango layout of its text
    (`Layout.reactivate`), and Pango shapes it again. What a line writes after its
    position depends only on its text, its justification spacing and the style
    values its layout is made from (`lines.READ`), within a font configuration: the
    operators and strings, the fonts it selects and, for each glyph, its width and
    the characters it stands for, which the fonts' dictionaries are written from.
    That new Pango layout is the one the line was measured with, when the measuring
    left it with the line's text and no justification spacing, and with one line or
    no width (its one line is the same either way): so WeasyPrint's release of the
    measured layout (`deactivate`) keeps it for drawing instead (a measured layout
    of every line of the default editions), and drawing uses it, its line laid out
    already; a layout being drawn is released for good. Drawing also sets Pango's
    single-paragraph mode only on text with a paragraph separator: without one it
    changes nothing, and setting it would have Pango lay the line out again. A first
    render is 4–5 % faster; a 96-page document peaks 12 MB higher.

    So, once `faster.keep(True)`, each line's drawing is kept, by those inputs, on
    the font configuration (as `lines` keeps its measurements), and a line drawn
    before (the preview draws the same lines after every edit) is written again from
    it: the same calls on the stream, and each glyph's width and characters set
    where the font has none yet, in the same order. The Pango layout is then never
    made: `reactivate` only notes the style, and the layout is made when a line is
    not kept. Lines with glyphs
    missing from the fonts or in colour fonts are not kept; the Pango fonts a kept
    line selects are held by it.
    """
    from weasyprint.draw import text
    from weasyprint.logger import LOGGER
    from weasyprint.text import line_break
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango

    from briefing.pdf.faster.colour import emoji as colour_glyph
    from briefing.pdf.faster.lines import values_number

    original = text.draw_first_line
    original_reactivate = line_break.Layout.reactivate
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    layout = (ffi.sizeof("PangoGlyphInfo"), ffi.offsetof("PangoGlyphInfo", "geometry"),
              *(ffi.offsetof("PangoGlyphGeometry", name)
                for name in ("width", "x_offset", "y_offset")))
    if layout != (GLYPH_INFO.size, 4, 0, 4, 8) or ffi.sizeof("PangoGlyph") != 4:
        return []  # not the glyph records this reads: WeasyPrint's own code
    old_pango = pango.pango_version() < 14802
    if "function g_object_ref" not in ffi._parser._declarations:
        # WeasyPrint declares g_object_unref only; a kept line holds its fonts.
        ffi.cdef("gpointer g_object_ref (gpointer object);")
    if "function pango_layout_get_width" not in ffi._parser._declarations:
        ffi.cdef("int pango_layout_get_width (PangoLayout *layout);"
                 "int pango_layout_get_line_count (PangoLayout *layout);")

    def reactivate(self: Any, style: Any) -> None:
        self.style = style
        self.__dict__[DEFERRED] = True

    def deactivate(self: Any) -> None:
        held = self.__dict__
        pango_layout, language = held.pop("layout", None), held.pop("language", None)
        style = held.pop("style", None)
        held.pop(DEFERRED, None)
        if held.pop(DRAWING, False) or pango_layout is None:
            return  # drawn: its Pango layout goes
        if (self.justification_spacing == 0 and SEPARATORS.isdisjoint(self.text)
                and (pango.pango_layout_get_width(pango_layout) == -1
                     or pango.pango_layout_get_line_count(pango_layout) == 1)):
            # Measured: the layout drawing would make again (its one line is the same
            # with or without a width), its line laid out.
            held[PARKED] = (pango_layout, language, style)

    def ready(layout: Any) -> None:
        """The Pango layout `reactivate` would have made: the one its line was measured
        with, where it is the same, or made now."""
        held = layout.__dict__
        if held.pop(DEFERRED, False):
            parked = held.pop(PARKED, None)
            if parked is not None and parked[2] is layout.style:
                layout.layout, layout.language = parked[:2]
            else:
                original_reactivate(layout, layout.style)
            held[DRAWING] = True

    def drawings_and_key(textbox: Any) -> tuple[dict[Any, Any], Any]:
        style = textbox.style
        number = values_number(style) if keeping.on else None
        if number is None:
            return {}, None
        drawings = keeping.table(style.font_config, DRAWN)
        layout = textbox.pango_layout
        return drawings, (layout.text, layout.justification_spacing, number)

    def draw_first_line(stream: Any, textbox: Any, text_overflow: Any,
                        block_ellipsis: Any, matrix: Any) -> Any:
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            ready(textbox.pango_layout)
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        # Don’t draw lines with only invisible characters.
        if not textbox.text.strip():
            return []
        if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
            return []
        drawings, key = drawings_and_key(textbox)
        drawn = drawings.get(key)
        if drawn is not None:
            stream.set_text_matrix(*matrix.values)
            replay(stream, textbox, drawn)
            return []
        ready(textbox.pango_layout)
        calls: list[tuple[int, Any]] | None = [] if key is not None else None
        emojis = draw(stream, textbox, matrix, calls)
        if calls:
            if len(drawings) >= DRAWN_LIMIT:
                drawings.clear()
            drawings[key] = calls
        return emojis

    def replay(stream: Any, textbox: Any, calls: list[tuple[int, Any]]) -> None:
        font: Any = None
        for kind, value in calls:
            if kind == SHOW:
                stream.show_text(value)
            elif kind == GLYPHS:
                to_unicode, widths = font.to_unicode, font.widths
                for glyph_id, characters, width in value:
                    if glyph_id not in to_unicode:
                        to_unicode[glyph_id] = characters
                    if glyph_id not in widths:
                        widths[glyph_id] = width
            elif kind == FONT:
                font, font_size = stream.add_font(value)
                if old_pango or font.png:
                    font_size = textbox.style["font_size"]
                stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
            else:  # RISE
                stream.set_text_rise(value)

    def draw(stream: Any, textbox: Any, matrix: Any,
             calls: list[tuple[int, Any]] | None) -> list[Any]:
        """The line drawn from its Pango layout; `calls` (unless None) collects what
        `replay` needs to draw it again, or is emptied when it cannot."""
        if not SEPARATORS.isdisjoint(textbox.pango_layout.text):
            # (Without a paragraph separator the mode changes nothing, and setting it
            # would have Pango lay out a measured line again.)
            pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        first_line, _ = textbox.pango_layout.get_first_line()

        stream.set_text_matrix(*matrix.values)
        previous_pango_font = None
        string = ""
        x_advance: float = 0
        emojis: list[Any] = []
        utf8_text = None
        keep = calls is not None
        run = first_line.runs[0]
        while run != ffi.NULL:
            # Get Pango objects.
            glyph_item = run.data
            run = run.next
            glyph_string = glyph_item.glyphs
            glyphs_info = glyph_string.glyphs
            num_glyphs = glyph_string.num_glyphs
            clusters = glyph_string.log_clusters

            item = glyph_item.item
            pango_font = item.analysis.font
            if pango_font != previous_pango_font:
                # Add font file content and get font size.
                previous_pango_font = pango_font
                font, font_size = stream.add_font(pango_font)
                if old_pango or font.png:
                    font_size = textbox.style["font_size"]
                if string:
                    stream.show_text(string)
                    if keep:
                        calls.append((SHOW, string))  # type: ignore[union-attr]
                string = ""
                stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
                if keep:
                    gobject.g_object_ref(pango_font)
                    held = ffi.gc(pango_font, gobject.g_object_unref)
                    calls.append((FONT, held))  # type: ignore[union-attr]
            widths, to_unicode = font.widths, font.to_unicode
            hex_format = "%02x" if font.bitmap else "%04x"
            colour = font.svg or font.png or font.colr
            keep = keep and not colour
            glyphs: list[tuple[int, str, int]] = []
            string += "<"
            infos = ffi.buffer(glyphs_info, num_glyphs * GLYPH_INFO.size)
            for i, (glyph_id, width, x_offset, y_offset) in enumerate(
                    GLYPH_INFO.iter_unpack(infos)):

                # Display zero-width empty glyph.
                if glyph_id == empty:
                    string += f">{-width / font_size}<"
                    continue

                # Display .notdef and log warning for missing glyphs.
                if glyph_id & unknown:
                    keep = False
                    codepoint = glyph_id - unknown
                    LOGGER.warning(
                        ".notdef glyph rendered for Unicode string unsupported by fonts: "
                        '"%s" (U+%04X)', chr(codepoint), codepoint)
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in widths:
                        widths[0] = widths[glyph_id]

                # Create mapping between glyphs and Unicode codepoints.
                characters = to_unicode.get(glyph_id)
                if characters is None or keep:
                    offset = item.offset
                    t1 = clusters[i]
                    if item.analysis.level % 2:  # rtl
                        t2 = item.length if i == 0 else clusters[i-1]
                    else:
                        t2 = item.length if i == num_glyphs-1 else clusters[i+1]
                    utf8_text = utf8_text or textbox.pango_layout.text.encode()
                    characters = utf8_text[offset+t1:offset+t2].decode()
                    to_unicode.setdefault(glyph_id, characters)

                # Set horizontal and vertical offsets.
                offset = x_offset / font_size
                rise = y_offset / 1000
                if rise:
                    if string[-1] == "<":
                        string = string[:-1]
                    else:
                        string += ">"
                    if string:
                        stream.show_text(string)
                        if keep:
                            calls.append((SHOW, string))  # type: ignore[union-attr]
                    stream.set_text_rise(-rise)
                    string = ""
                    if offset:
                        string = f"{-offset}"
                    string += "<" + hex_format % glyph_id + ">"
                    stream.show_text(string)
                    stream.set_text_rise(0)
                    if keep:
                        calls.extend(((RISE, -rise), (SHOW, string),  # type: ignore[union-attr]
                                      (RISE, 0)))
                    string = "<"
                else:
                    if offset:
                        string += f">{-offset}<"
                    string += hex_format % glyph_id

                # Get glyph logical widths.
                if glyph_id in widths:
                    logical_width = widths[glyph_id]
                else:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                    logical_width = widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
                if keep:
                    glyphs.append((glyph_id, characters, logical_width))

                # Set kerning, word spacing, letter spacing.
                kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    string += f">{int(kerning)}<"

                if colour:
                    emoji = colour_glyph(stream, textbox, font, font_size, pango_font,
                                         glyph_id, logical_width, kerning, x_advance)
                    if emoji:
                        emojis.append(emoji)

                x_advance += (logical_width + offset - kerning) / 1000

            if keep and glyphs:
                calls.append((GLYPHS, glyphs))  # type: ignore[union-attr]
            # Close the last glyphs list, remove if empty.
            if string[-1] == "<":
                string = string[:-1]
            else:
                string += ">"

        # Draw text.
        stream.show_text(string)
        if keep:
            calls.append((SHOW, string))  # type: ignore[union-attr]
        elif calls is not None:
            calls.clear()  # not to be kept
        return emojis

    return [(text, "draw_first_line", draw_first_line),
            (line_break.Layout, "reactivate", reactivate),
            (line_break.Layout, "deactivate", deactivate)]
