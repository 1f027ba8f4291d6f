"""Text layout: Pango objects built once per style, struts once per style's values.

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
            *((module, "strut", strut) for module in (line_break, inline, units, computed))]

