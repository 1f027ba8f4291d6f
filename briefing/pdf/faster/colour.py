"""Glyphs of colour fonts (SVG, PNG or COLR), drawn as images: WeasyPrint's own code
for them in `draw_first_line`, which `drawing` replaces."""

from __future__ import annotations

from typing import Any


def emoji(stream: Any, textbox: Any, font: Any, font_size: Any, pango_font: Any,
          glyph_id: int, logical_width: Any, kerning: Any, x_advance: Any) -> Any:
    """The image of a glyph of a colour font (SVG, PNG or COLR), as
    `draw_first_line` collects it, or None."""
    from io import BytesIO
    from xml.etree import ElementTree

    from PIL import Image
    from weasyprint.images import RasterImage, SVGImage
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.fonts import get_hb_object_data

    if font.svg:
        svg_data = get_hb_object_data(font.hb_face, "svg", glyph_id)
        if svg_data:
            tree = ElementTree.fromstring(svg_data)
            if tree.get("id") != f"glyph{glyph_id}":
                defs = ElementTree.Element("defs")
                for child in list(tree):
                    defs.append(child)
                    tree.remove(child)
                tree.append(defs)
                ElementTree.SubElement(tree, "use", attrib={"href": f"#glyph{glyph_id}"})
            if "viewBox" not in tree.attrib:
                tree.attrib["viewBox"] = f"0 0 {font.upem} {font.upem}"
            image = SVGImage(tree, None, None, None)
            return [image, font, 1, 1, x_advance, 0]
    elif font.png:
        png_data = get_hb_object_data(font.hb_font, "png", glyph_id)
        if png_data:
            pillow_image = Image.open(BytesIO(png_data))
            image_id = f"{font.hash}{glyph_id}"
            raster = RasterImage(pillow_image, image_id, png_data)
            d = logical_width / 1000
            a = pillow_image.width / pillow_image.height * d
            pango.pango_font_get_glyph_extents(
                pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
            f = -stream.logical_rect.y
            f = f * FROM_UNITS / font_size - font_size
            return [raster, font, a, d, x_advance, f]
    elif font.colr:
        svg_data = get_hb_object_data(font.hb_font, "colr", glyph_id)
        if svg_data:
            tree = ElementTree.fromstring(svg_data)
            image = SVGImage(tree, None, None, None)
            return [image, font, 1, 1, x_advance - kerning, -textbox.baseline]
    return None
