"""Locator map of the disputed islands off Hokkaido, drawn as a self-contained SVG.

Projection: Lambert conformal conic on a sphere (R = 6371.0088 km), standard
parallels 43.5°N and 45.5°N, central meridian 146.75°E, latitude of origin
44.5°N. The map frame is the largest axis-aligned rectangle inside the
projected quadrangle lon 144.5-149.0°E, lat 43.0-45.62°N; the viewBox is in
points, 480 wide, so it fits an A4 text column.

The SVG uses presentation attributes only (no CSS, no ids other than the
prefixed <title>/<desc>, no references of any kind), so it renders the same
inline in HTML, in WeasyPrint and in a browser. Labels are placed with real
font metrics (Noto Sans, falling back to Noto Sans CJK JP per character, the
same order as the font-family list) so that they overlap neither each other
nor the coastline of the place they name.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from xml.sax.saxutils import escape

from .data import Coastlines, MapLabel, MapText
from .geometry import _clip_segment, _grow, clip_polygon
from .labels import _place_all, _Placed, _Scene
from .projection import _Layout, _make_layout
from .settings import (
    ASCENT,
    CENTRAL_MERIDIAN,
    COAST,
    DESCENT,
    DISPUTED,
    DISPUTED_IDS,
    EARTH_RADIUS_KM,
    FONT_FAMILY,
    FRAME_GEO,
    GRATICULE,
    GRATICULE_FONT,
    INK,
    LAND,
    MARKER_RADIUS,
    MIN_MARGIN_LEFT,
    SEA,
    STANDARD_PARALLELS,
    SVG_NS,
    VIEW_WIDTH,
    Box,
    Point,
)
from .textwidth import _text_width

Attrs = Sequence[tuple[str, str | float]]


def _num(v: float) -> str:
    text = f"{round(v, 1):.1f}"
    return "0.0" if text == "-0.0" else text


def _el(tag: str, attrs: Attrs, content: str | None = None) -> str:
    """One element; numbers are rounded to 0.1 and every string is escaped."""
    if tag == "text":
        # WeasyPrint's SVG text does not inherit font-family from a <g>: name it on each.
        attrs = [*attrs, ("font-family", FONT_FAMILY)]
    parts = [tag]
    for key, value in attrs:
        shown = _num(value) if isinstance(value, float | int) else value
        parts.append(f'{key}="{escape(shown, {chr(34): "&quot;"})}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{escape(content)}</{tag}>"


def _path_d(rings: Sequence[Sequence[Point]]) -> str:
    parts = []
    for ring in rings:
        pts = [f"{_num(x)} {_num(y)}" for x, y in ring]
        parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _projected_features(coast: Coastlines, layout: _Layout) -> dict[str, list[list[Point]]]:
    out: dict[str, list[list[Point]]] = {}
    for fid in sorted(coast.features, key=_feature_rank):
        rings = []
        for ring in coast.features[fid]:
            projected = [layout.pt(lon, lat) for lon, lat in ring]
            clipped = clip_polygon(projected, layout.frame)
            if len(clipped) >= 3:
                rings.append(clipped)
        out[fid] = rings
    return out


def _feature_rank(fid: str) -> tuple[int, str]:
    # painting order: mainland first, the disputed islands on top
    order = ("hokkaido", "other", *DISPUTED_IDS)
    return (order.index(fid) if fid in order else len(order), fid)


def _graticule(layout: _Layout, text: MapText) -> list[str]:
    """1° meridians and parallels, clipped by hand (no clipPath references)."""
    west, east, south, north = FRAME_GEO
    lines: list[list[Point]] = []
    for lon in range(math.floor(west) - 1, math.ceil(east) + 2):
        lines.append([layout.pt(lon, lat / 10) for lat in range(420, 471, 10)])
    for lat in range(math.floor(south) - 1, math.ceil(north) + 2):
        # parallels are arcs: sample every 0.05°
        lines.append([layout.pt(lon / 20, lat) for lon in range(2860, 3000)])
    d = "".join(_polyline_d(line, layout.frame) for line in lines)
    attrs: Attrs = [
        ("class", "graticule"),
        ("d", d),
        ("fill", "none"),
        ("stroke", GRATICULE),
        ("stroke-width", "0.35"),
    ]
    return [_el("path", attrs), *_degree_labels(layout, text)]


def _polyline_d(line: Sequence[Point], box: Box) -> str:
    parts: list[str] = []
    last: Point | None = None
    for a, b in itertools.pairwise(line):
        seg = _clip_segment(a, b, box)
        if seg is None:
            continue
        if last is None or math.dist(last, seg[0]) > 1e-6:
            parts.append(f"M{_num(seg[0][0])} {_num(seg[0][1])}")
        parts.append(f"L{_num(seg[1][0])} {_num(seg[1][1])}")
        last = seg[1]
    return "".join(parts)


def _degree_labels(layout: _Layout, text: MapText) -> list[str]:
    """Latitudes at the left edge, longitudes at the bottom edge."""
    left, top, right, bottom = layout.frame
    out: list[str] = []
    for lat in range(43, 47):
        # where the parallel (a circle of radius rho) meets the left edge
        rho = layout.proj.rho(lat)
        y_km = layout.proj.rho0 - math.sqrt(rho**2 - layout.x_min**2)
        y = layout.km_to_pt(layout.x_min, y_km)[1]
        if top + 4 < y < bottom - 4:
            label = text.degree_label(float(lat), "N")
            out.append(_small_text(label, left - 3, y + 2.5, "end", text.lang))
    for lon in range(144, 150):
        x = _meridian_at_bottom(layout, lon)
        if left + 6 < x < right - 6:
            label = text.degree_label(float(lon), "E")
            half = _text_width(label, GRATICULE_FONT) / 2
            x = min(max(x, half + 1), VIEW_WIDTH - half - 1)
            out.append(_small_text(label, x, bottom + 9, "middle", text.lang))
    return out


def _meridian_at_bottom(layout: _Layout, lon: int) -> float:
    # meridians are straight rays from the cone apex; intersect with y = y_min
    theta = layout.proj.theta(lon)
    y_min = layout.y_max - (layout.frame[3] - layout.frame[1]) / layout.scale
    rho = (layout.proj.rho0 - y_min) / math.cos(theta)
    return layout.km_to_pt(rho * math.sin(theta), y_min)[0]


def _small_text(value: str, x: float, y: float, anchor: str, lang: str) -> str:
    attrs: Attrs = [
        ("class", "graticule-label"),
        ("x", x),
        ("y", y),
        ("font-size", GRATICULE_FONT),
        ("text-anchor", anchor),
        ("fill", "#4d5b66"),
        ("lang", lang),
        ("xml:lang", lang),
    ]
    return _el("text", attrs, value)


def _scale_length(layout: _Layout, km: float, at: Point) -> float:
    """Points that km of ground span at the SVG position at."""
    km_x = layout.x_min + (at[0] - layout.frame[0]) / layout.scale
    km_y = layout.y_max - (at[1] - layout.frame[1]) / layout.scale
    # a conformal conic is true to scale only on the standard parallels
    k = layout.proj.scale_factor(layout.proj.latitude(km_x, km_y))
    return km * k * layout.scale


def _scale_bar(layout: _Layout, text: MapText) -> tuple[list[str], Box]:
    """Bar in the lower right corner, over open sea."""
    right, bottom = layout.frame[2] - 12, layout.frame[3] - 10
    length = _scale_length(layout, text.scale_km, (right, bottom))
    left, mid = right - length, right - length / 2
    d = (
        f"M{_num(left)} {_num(bottom - 3)}V{_num(bottom)}H{_num(right)}V{_num(bottom - 3)}"
        f"M{_num(mid)} {_num(bottom)}V{_num(bottom - 2)}"
    )
    bar: Attrs = [
        ("class", "scale-bar"),
        ("d", d),
        ("fill", "none"),
        ("stroke", INK),
        ("stroke-width", "0.8"),
    ]
    label: Attrs = [
        ("class", "scale-label"),
        ("x", mid),
        ("y", bottom - 5),
        ("font-size", GRATICULE_FONT),
        ("text-anchor", "middle"),
        ("fill", INK),
        ("lang", text.lang),
        ("xml:lang", text.lang),
    ]
    half = max(length, _text_width(text.scale_label, GRATICULE_FONT)) / 2
    top = bottom - 5 - ASCENT * GRATICULE_FONT
    keep_clear = (mid - half - 2, top - 2, mid + half + 2, bottom + 2)
    return [_el("path", bar), _el("text", label, text.scale_label)], keep_clear


def _land(features: dict[str, list[list[Point]]]) -> list[str]:
    out = []
    for fid, rings in features.items():
        if not rings:
            continue
        disputed = fid in DISPUTED_IDS
        attrs: Attrs = [
            ("class", "land disputed" if disputed else "land"),
            ("data-feature", fid),
            ("d", _path_d(rings)),
            ("fill", DISPUTED if disputed else LAND),
            ("stroke", COAST),
            ("stroke-width", "0.45"),
            ("stroke-linejoin", "round"),
        ]
        out.append(_el("path", attrs))
    return out


def _label_svg(p: _Placed) -> list[str]:
    out = []
    if p.leader is not None:
        (x1, y1), (x2, y2) = p.leader
        leader: Attrs = [
            ("class", "leader"),
            ("d", f"M{_num(x1)} {_num(y1)}L{_num(x2)} {_num(y2)}"),
            ("fill", "none"),
            ("stroke", INK),
            ("stroke-width", "0.4"),
        ]
        out.append(_el("path", leader))
    attrs: Attrs = [
        ("class", "map-label"),
        ("x", p.box[0]),
        ("y", p.box[1] + ASCENT * p.size),
        ("font-size", p.size),
        ("fill", INK),
        ("lang", p.label.lang),
        ("xml:lang", p.label.lang),
    ]
    out.append(_el("text", attrs, p.label.text))
    return out


def _markers(labels: Sequence[MapLabel], layout: _Layout) -> tuple[list[str], list[Box]]:
    svg, boxes = [], []
    for label in labels:
        if label.marker:
            x, y = layout.pt(label.lon, label.lat)
            attrs: Attrs = [
                ("class", "marker"),
                ("cx", x),
                ("cy", y),
                ("r", MARKER_RADIUS),
                ("fill", INK),
                ("stroke", "#ffffff"),
                ("stroke-width", "0.6"),
            ]
            svg.append(_el("circle", attrs))
            boxes.append(_grow((x, y, x, y), MARKER_RADIUS + 0.5))
    return svg, boxes


def _comment(coast: Coastlines) -> str:
    note = (
        f"Lambert conformal conic projection, standard parallels {STANDARD_PARALLELS[0]}N and "
        f"{STANDARD_PARALLELS[1]}N, central meridian {CENTRAL_MERIDIAN}E, "
        f"sphere R={EARTH_RADIUS_KM} km. "
        f"Coastlines: {coast.source}; {coast.licence}; extracted {coast.extracted}."
    )
    # "--" may not occur inside an XML comment
    return "<!-- " + escape(re.sub("-{2,}", "-", note)) + " -->"


def _frame_rect(frame: Box, cls: str, fill: str, stroke: str) -> str:
    attrs: Attrs = [
        ("class", cls),
        ("x", frame[0]),
        ("y", frame[1]),
        ("width", frame[2] - frame[0]),
        ("height", frame[3] - frame[1]),
        ("fill", fill),
    ]
    if stroke != "none":
        attrs = [*attrs, ("stroke", stroke), ("stroke-width", "0.6")]
    return _el("rect", attrs)


def _svg_head(layout: _Layout, text: MapText, id_prefix: str) -> str:
    attrs: Attrs = [
        ("xmlns", SVG_NS),
        ("class", "locator-map"),
        ("viewBox", f"0 0 {_num(VIEW_WIDTH)} {_num(layout.height)}"),
        ("width", f"{_num(VIEW_WIDTH)}pt"),
        ("height", f"{_num(layout.height)}pt"),
        ("role", "img"),
        ("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc"),
        ("lang", text.lang),
        ("xml:lang", text.lang),
        ("font-family", FONT_FAMILY),
    ]
    return _el("svg", attrs)[:-2] + ">"


def draw_map(
    coast: Coastlines,
    labels: Sequence[MapLabel],
    text: MapText,
    *,
    id_prefix: str = "briefing-map",
) -> str:
    """The locator map as an SVG document string (deterministic)."""
    widest = max(_text_width(text.degree_label(float(v), "N"), GRATICULE_FONT) for v in (44, 45))
    # a fixed minimum keeps the map the same size in every edition
    layout = _make_layout(max(MIN_MARGIN_LEFT, widest + 6))
    features = _projected_features(coast, layout)
    scale_svg, scale_box = _scale_bar(layout, text)
    marker_svg, marker_boxes = _markers(labels, layout)
    scene = _Scene(layout.frame, features, (scale_box, *marker_boxes))
    placed = _place_all(labels, layout, scene)
    body = [
        _el("title", [("id", f"{id_prefix}-title")], text.title),
        _el("desc", [("id", f"{id_prefix}-desc")], text.description),
        _comment(coast),
        _frame_rect(layout.frame, "sea", SEA, "none"),
        *_land(features),
        *_graticule(layout, text),
        _frame_rect(layout.frame, "frame", "none", "#555555"),
        *scale_svg,
        *marker_svg,
        _el("g", [("class", "labels")])[:-2] + ">",
        *[line for p in placed for line in _label_svg(p)],
        "</g>",
    ]
    return "\n".join([_svg_head(layout, text, id_prefix), *body, "</svg>"]) + "\n"


def label_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Boxes of the place-name labels in an SVG made by draw_map."""
    root = ET.fromstring(svg)
    out: list[tuple[str, Box]] = []
    for node in root.iter(f"{{{SVG_NS}}}text"):
        if node.get("class") != "map-label":
            continue
        value = node.text or ""
        x, y, size = (float(node.get(k, "0")) for k in ("x", "y", "font-size"))
        box = (x, y - ASCENT * size, x + _text_width(value, size), y + DESCENT * size)
        out.append((value, box))
    return out
