"""Text layout and drawing: Pango objects built once per style, glyphs read at once.

`Layout.setup` runs for every line WeasyPrint splits or draws, and for every strut.
Each time it creates a Pango context (setting its rounding, direction and language),
a font description (seven calls into Pango) and the features string of the style,
and allocates a features attribute it drops when the font configuration holds one
already. Their inputs are 15 style values with few distinct combinations: this
builds them once per combination, cached on the font configuration (they die with
it; another font set has its own), and makes each layout from them. A context is
only read by the layouts made from it (WeasyPrint never touches it after setting it
up), and a layout copies the font description it is given. Styles with feature or
variation settings (numbers in tuples: equal, they may print differently) take the
original; the other values are keywords, strings or tuples of them, and numbers
that reach Pango as integers.
"""

from __future__ import annotations

from typing import Any

LIMIT = 4096
"""Entries a cache holds at most (emptied when full): a bound for a long-lived font
configuration; a document has a few dozen distinct styles."""
ATTRIBUTE = "briefing_faster_text"
"""The font configuration's attribute holding its caches."""


class Caches:
    """What is built for one font configuration, by the style values it is built from."""

    def __init__(self) -> None:
        self.layouts: dict[Any, tuple[Any, Any, Any, Any]] = {}
        """The 15 values `setup` reads (but the decoration line): the context, the
        language, the font description and the features attribute (or None)."""
        self.struts: dict[Any, Any] = {}
        """The font properties, size and line height, and types of numbers: strut."""


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.css import computed_values as computed
    from weasyprint.css import units
    from weasyprint.css.properties import Dimension
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import font_features, get_font_description

    def caches_of(font_config: Any) -> Caches:
        caches: Caches | None = font_config.__dict__.get(ATTRIBUTE)
        if caches is None:
            caches = Caches()
            setattr(font_config, ATTRIBUTE, caches)
        return caches

    def new_entry(style: Any) -> tuple[Any, Any, Any, Any]:
        """The context, language, font description and features attribute that
        WeasyPrint's `setup` makes for this style, made as it makes them."""
        font_config = style.font_config
        pango_context = ffi.gc(
            pango.pango_font_map_create_context(font_config.font_map),
            gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(pango_context, False)
        pango.pango_context_set_base_dir(
            pango_context, PANGO_DIRECTION[style["direction"]])
        if style["font_language_override"] != "normal":
            lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(
                style["font_language_override"].lower(), style["font_language_override"]))
        elif style["lang"]:
            lang_p, lang = unicode_to_char_p(style["lang"])
        else:
            lang = None
            language = pango.pango_language_get_default()
        if lang:
            language = pango.pango_language_from_string(lang_p)
            pango.pango_context_set_language(pango_context, language)
        font_description = get_font_description(style)
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"],
            style["font_variant_position"], style["font_variant_caps"],
            style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"])
        attr = None
        if features:
            features = ",".join(f"{key} {value}" for key, value in features.items()).encode()
            attr = font_config.font_features.get(features)
            if attr is None:  # WeasyPrint's own cache of attributes, kept forever
                attr = font_config.font_features[features] = (
                    pango.pango_attr_font_features_new(features))
        return pango_context, language, font_description, attr

    original_setup = line_break.Layout.setup

    def setup(self: Any, style: Any) -> None:
        if (style["font_feature_settings"] != "normal"
                or style["font_variation_settings"] != "normal"):
            original_setup(self, style)
            return
        assert not isinstance(style["font_family"], str), "font_family should be a list"
        key = (
            style["direction"], style["font_language_override"], style["lang"],
            style["font_family"], style["font_style"], style["font_stretch"],
            style["font_weight"], style["font_size"], style["font_variant_caps"],
            style["font_kerning"], style["font_variant_ligatures"],
            style["font_variant_position"], style["font_variant_numeric"],
            style["font_variant_alternates"], style["font_variant_east_asian"])
        layouts = caches_of(style.font_config).layouts
        try:
            entry = layouts[key]
        except KeyError:
            if len(layouts) >= LIMIT:
                layouts.clear()
            entry = layouts[key] = new_entry(style)
        except TypeError:  # an unhashable value
            original_setup(self, style)
            return
        pango_context, self.language, font_description, attr = entry
        self.style = style
        self.first_line_direction = 0
        self.layout = ffi.gc(pango.pango_layout_new(pango_context), gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, font_description)

        if style["text_decoration_line"] != "none":
            metrics = ffi.gc(
                pango.pango_context_get_metrics(
                    pango_context, font_description, self.language),
                pango.pango_font_metrics_unref)
            for name in ("ascent", "underline_position", "strikethrough_position",
                         "underline_thickness", "strikethrough_thickness"):
                get = getattr(pango, f"pango_font_metrics_get_{name}")
                setattr(self, name, FROM_UNITS * get(metrics))
        else:
            self.ascent = None
            self.underline_position = None
            self.strikethrough_position = None

        if attr is not None:
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    original_strut = line_break.strut
    simple = (str, float, int)

    def strut(style: Any) -> Any:
        """The used line height and baseline of a style's strut. WeasyPrint's caches
        them by `str()` of a tuple of the 16 values they depend on: most of a call is
        making that key (and importing two functions). This caches them by the tuple
        itself and the types of its numbers (equal values of the same types have the
        same `str()`) when the weight, size and line height (maybe in a `Dimension`)
        are plain non-zero numbers (0.0 and -0.0 are equal, their `str()` not) and
        there are no feature or variation settings (numbers in tuples): the other
        values are keywords or tuples of them. On a miss it asks the original."""
        size = style["font_size"]
        if size == 0:
            return 0, 0
        height = style["line_height"]
        if type(height) is Dimension:
            value, unit = height
            kind: Any = (Dimension, type(value), type(unit))
        else:
            value, kind = height, type(height)
            if kind not in simple:
                return original_strut(style)
        if (value == 0 or type(size) not in simple
                or style["font_feature_settings"] != "normal"
                or style["font_variation_settings"] != "normal"):
            return original_strut(style)
        weight = style["font_weight"]
        key = (
            style["font_family"], style["font_style"], style["font_stretch"],
            weight, type(weight), style["font_variant_ligatures"],
            style["font_variant_position"], style["font_variant_caps"],
            style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_language_override"],
            style["lang"], size, type(size), height, kind)
        struts = caches_of(style.font_config).struts
        try:
            return struts[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value
            return original_strut(style)
        result = original_strut(style)
        if len(struts) >= LIMIT:
            struts.clear()
        struts[key] = result
        return result

    return [(line_break.Layout, "setup", setup),
            *((module, "strut", strut) for module in (line_break, inline, units, computed)),
            *draw_replacements()]


def draw_replacements() -> list[tuple[Any, str, Any]]:
    """`draw_first_line` writes a line's glyphs, one Python iteration per glyph
    reading four fields through cffi (the geometry's making a cdata object each),
    two Pango constants and six attributes of the font. This reads a run's glyphs
    at once with `struct` from their C array (not installed if its layout is not
    the expected one), looks the rest up once per run, and is otherwise the same
    code. Lines ending with an ellipsis are left to the original."""
    from struct import Struct
    from xml.etree import ElementTree

    from weasyprint.draw import text as draw_text
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    glyph_info = Struct("=I3i4x")
    if (ffi.sizeof("PangoGlyphInfo"), ffi.offsetof("PangoGlyphInfo", "geometry"),
            ffi.sizeof("PangoGlyphGeometry"), ffi.sizeof("PangoGlyph"),
            ffi.sizeof("PangoGlyphUnit")) != (glyph_info.size, 4, 12, 4, 4):
        return []
    unpack = glyph_info.iter_unpack
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    old_pango = pango.pango_version() < 14802
    # The names the original finds in its module.
    get_hb_object_data, SVGImage = draw_text.get_hb_object_data, draw_text.SVGImage
    original = draw_text.draw_first_line

    def draw_first_line(stream: Any, textbox: Any, text_overflow: Any,
                        block_ellipsis: Any, matrix: Any) -> Any:
        """Draw the given ``textbox`` line to the document ``stream``."""
        if text_overflow == 'ellipsis' or block_ellipsis != 'none':
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)

        # Don’t draw lines with only invisible characters.
        if not textbox.text.strip():
            return []

        if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
            return []

        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        first_line, _ = textbox.pango_layout.get_first_line()

        stream.set_text_matrix(*matrix.values)
        previous_pango_font = None
        string = ''
        x_advance = 0
        emojis: list[Any] = []
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            glyph_string = glyph_item.glyphs
            num_glyphs = glyph_string.num_glyphs
            clusters = glyph_string.log_clusters
            utf8_text = None
            pango_font = glyph_item.item.analysis.font
            if pango_font != previous_pango_font:
                # Add font file content and get font size.
                previous_pango_font = pango_font
                font, font_size = stream.add_font(pango_font)
                # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
                # This is also needed by raster emoji fonts, see #2800.
                if old_pango or font.png:
                    font_size = textbox.style['font_size']
                # Go through the run glyphs.
                if string:
                    stream.show_text(string)
                string = ''
                stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
            string += '<'
            widths, to_unicode, bitmap = font.widths, font.to_unicode, font.bitmap
            svg, png, colr = font.svg, font.png, font.colr
            glyphs = unpack(ffi.buffer(glyph_string.glyphs, num_glyphs * glyph_info.size)
                            ) if num_glyphs > 0 else ()
            for i, (glyph_id, width, x_offset, y_offset) in enumerate(glyphs):
                # Display zero-width empty glyph.
                if glyph_id == empty:
                    string += f'>{-width / font_size}<'
                    continue
                # Display .notdef and log warning for missing glyphs.
                if glyph_id & unknown:
                    codepoint = glyph_id - unknown
                    draw_text.LOGGER.warning(
                        '.notdef glyph rendered for Unicode string unsupported by fonts: '
                        '"%s" (U+%04X)', chr(codepoint), codepoint)
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in widths:
                        widths[0] = widths[glyph_id]
                # Create mapping between glyphs and Unicode codepoints.
                if glyph_id not in to_unicode:
                    # Get positions of the glyph in the UTF-8 string.
                    offset = glyph_item.item.offset
                    t1 = clusters[i]
                    if glyph_item.item.analysis.level % 2:  # rtl
                        t2 = glyph_item.item.length if i == 0 else clusters[i-1]
                    else:
                        t2 = (glyph_item.item.length if i == num_glyphs-1
                              else clusters[i+1])
                    utf8_text = utf8_text or textbox.pango_layout.text.encode()
                    to_unicode[glyph_id] = utf8_text[offset+t1:offset+t2].decode()
                # Set horizontal and vertical offsets.
                offset = x_offset / font_size
                rise = y_offset / 1000
                if rise:
                    if string[-1] == '<':
                        string = string[:-1]
                    else:
                        string += '>'
                    if string:
                        stream.show_text(string)
                    stream.set_text_rise(-rise)
                    string = ''
                    if offset:
                        string = f'{-offset}'
                    string += f'<{glyph_id:02x}>' if bitmap else f'<{glyph_id:04x}>'
                    stream.show_text(string)
                    stream.set_text_rise(0)
                    string = '<'
                else:
                    if offset:
                        string += f'>{-offset}<'
                    string += f'{glyph_id:02x}' if bitmap else f'{glyph_id:04x}'
                # Get glyph logical widths.
                if glyph_id in widths:
                    logical_width = widths[glyph_id]
                else:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                    logical_width = widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
                # Set kerning, word spacing, letter spacing.
                kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    string += f'>{int(kerning)}<'
                # Create list of emojis.
                if svg:
                    svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                    if svg_data:  # as the OpenType specification's SVG table says
                        tree = ElementTree.fromstring(svg_data)
                        if tree.get('id') != f'glyph{glyph_id}':
                            defs = ElementTree.Element('defs')
                            for child in list(tree):
                                defs.append(child)
                                tree.remove(child)
                            tree.append(defs)
                            ElementTree.SubElement(
                                tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                        if 'viewBox' not in tree.attrib:
                            tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        emojis.append([image, font, a, d, x_advance, 0])
                elif png:
                    png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                    if png_data:
                        pillow_image = draw_text.Image.open(draw_text.BytesIO(png_data))
                        image_id = f'{font.hash}{glyph_id}'
                        image = draw_text.RasterImage(pillow_image, image_id, png_data)
                        d = logical_width / 1000
                        a = pillow_image.width / pillow_image.height * d
                        pango.pango_font_get_glyph_extents(
                            pango_font, glyph_id, stream.ink_rect,
                            stream.logical_rect)
                        f = -stream.logical_rect.y
                        f = f * FROM_UNITS / font_size - font_size
                        emojis.append([image, font, a, d, x_advance, f])
                elif colr:
                    svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                    if svg_data:
                        tree = ElementTree.fromstring(svg_data)
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        e = x_advance - kerning
                        emojis.append([image, font, a, d, e, -textbox.baseline])
                x_advance += (logical_width + offset - kerning) / 1000
            # Close the last glyphs list, remove if empty.
            if string[-1] == '<':
                string = string[:-1]
            else:
                string += '>'
        # Draw text.
        stream.show_text(string)
        return emojis

    return [(draw_text, "draw_first_line", draw_first_line)]
