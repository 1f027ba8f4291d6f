"""SVG elements as text: numbers rounded to 0.1, every string escaped, no references.

The map uses presentation attributes only (no CSS, no ids but the prefixed <title> and
<desc>, no href of any kind), so that it renders the same inline in HTML, in WeasyPrint
and in a browser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from xml.sax.saxutils import escape

from .geometry import num as num
from .settings import ASCENT, DESCENT, INK, SVG_NS, Box
from .textwidth import families, parse_families, visual, width_in

Attrs = Sequence[tuple[str, str | float]]


def el(tag: str, attrs: Attrs, content: str | None = None) -> str:
    """One element; numbers are rounded to 0.1 and every string is escaped."""
    parts = [tag]
    for key, value in attrs:
        shown = num(value) if isinstance(value, float | int) else value
        parts.append(f'{key}="{escape(shown, {chr(34): "&quot;"})}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{escape(content)}</{tag}>"


def open_tag(tag: str, attrs: Attrs) -> str:
    return el(tag, attrs)[:-2] + ">"


def text(cls: str, x: float, y: float, size: float, value: str, lang: str,
         langs: Sequence[str], anchor: str = "start", fill: str = INK,
         for_print: bool = False) -> str:
    """A line of text; it names its fonts (WeasyPrint's SVG text does not inherit them).
    For print, right-to-left text is written in display order (see `visual`)."""
    attrs: list[tuple[str, str | float]] = [("class", cls), ("x", x), ("y", y),
                                            ("font-size", size)]
    if anchor != "start":
        attrs.append(("text-anchor", anchor))
    shown = visual(value) if for_print else value
    attrs += [("fill", fill), ("lang", lang), ("xml:lang", lang),
              ("font-family", families(value + shown, langs or (lang,)))]
    return el("text", attrs, shown)


def rect(area: Box, cls: str, fill: str, stroke: str = "none", width: float = 0.6) -> str:
    attrs: list[tuple[str, str | float]] = [
        ("class", cls), ("x", area[0]), ("y", area[1]), ("width", area[2] - area[0]),
        ("height", area[3] - area[1]), ("fill", fill)]
    if stroke != "none":
        attrs += [("stroke", stroke), ("stroke-width", width)]
    return el("rect", attrs)


def path(cls: str, d: str, fill: str = "none", stroke: str = INK, width: float = 0.4,
         extra: Attrs = ()) -> str:
    attrs: list[tuple[str, str | float]] = [("class", cls), *extra, ("d", d), ("fill", fill)]
    if stroke != "none":
        attrs += [("stroke", stroke), ("stroke-width", width)]
    return el("path", attrs)


def comment(note: str) -> str:
    # "--" may not occur inside an XML comment
    return "<!-- " + escape(re.sub("-{2,}", "-", note)) + " -->"


def label_boxes(svg: str) -> list[tuple[str, Box]]:
    """Boxes of the place-name labels in an SVG made by draw_map."""
    root = ET.fromstring(svg)
    out: list[tuple[str, Box]] = []
    for node in root.iter(f"{{{SVG_NS}}}text"):
        if node.get("class") != "map-label":
            continue
        value = node.text or ""
        x, y, size = (float(node.get(k, "0")) for k in ("x", "y", "font-size"))
        width = width_in(value, size, parse_families(node.get("font-family", "")))
        out.append((value, (x, y - ASCENT * size, x + width, y + DESCENT * size)))
    return out
