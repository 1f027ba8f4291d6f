"""What a map carries besides land and names: the graticule and its degrees, a scale bar
and a north arrow, each worked out for the region's projection."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from . import svg
from .data import MapText
from .geometry import lines_data, num, to_page
from .projection import Frame
from .region import GeoBox
from .settings import (
    GRATICULE,
    GRATICULE_FONT,
    GRATICULE_INK,
    INK,
    MARGIN_RIGHT,
    MIN_MARGIN_LEFT,
    SIMPLIFY,
    VIEW_WIDTH,
    Box,
    Point,
)
from .textwidth import text_width

STEPS = (0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0)
"""Graticule intervals in degrees."""
SPACING = 60.0
GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Graticule:
    meridians: tuple[float, ...]
    parallels: tuple[float, ...]


def graticule_for(envelope: GeoBox, frame: Frame) -> Graticule:
    """Meridians and parallels at round intervals, the finest that keep lines about
    SPACING points apart on a map of nominal width (every edition draws the same)."""
    x0, y0, x1, y1 = frame.plane
    width = VIEW_WIDTH - MIN_MARGIN_LEFT - MARGIN_RIGHT
    height = width * (y1 - y0) / (x1 - x0)

    def values(low: float, high: float, length: float) -> list[float]:
        step = next((s for s in STEPS if length * s / (high - low) >= SPACING), STEPS[-1])
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        return [round(k * step, 6) for k in range(first, last + 1)]

    meridians: dict[float, float] = {}
    for lon in values(envelope.west, envelope.east, width):
        meridians.setdefault(round((lon + 180) % 360 - 180, 6), lon)  # once round the world
    parallels = [lat for lat in values(envelope.south, envelope.north, height)
                 if abs(lat) < 90]
    return Graticule(tuple(meridians.values()), tuple(parallels))


def _lines(grid: Graticule, frame: Frame, envelope: GeoBox) -> dict[tuple[str, float],
                                                                   BaseGeometry]:
    south, north = max(envelope.south, -89.999), min(envelope.north, 89.999)
    found: dict[tuple[str, float], BaseGeometry] = {}
    lats = np.linspace(south, north, 181)
    for lon in grid.meridians:
        found[("E", lon)] = LineString(np.column_stack([np.full_like(lats, lon), lats]))
    lons = np.linspace(envelope.west, envelope.east, 361)
    for lat in grid.parallels:
        found[("N", lat)] = LineString(np.column_stack([lons, np.full_like(lons, lat)]))
    clip = box(*frame.box)
    return {key: shapely.intersection(to_page(line, frame, 1.0), clip)
            for key, line in found.items()}


def graticule(grid: Graticule, frame: Frame, envelope: GeoBox) -> str:
    """The meridians and parallels inside the frame, as one path: simplified as the
    coasts are (a meridian of a conic map is one straight segment, not the 181 points
    it is projected from, which cost a PDF 5 % of its time to draw)."""
    lines = _lines(grid, frame, envelope)
    d = "".join(lines_data(shapely.simplify(line, SIMPLIFY)) for line in lines.values()
                if not line.is_empty)
    return svg.path("graticule", d, stroke=GRATICULE, width=0.35)


def degree_text(value: float, axis: str, text: MapText) -> str:
    """45°N, 北緯45°, 45° с. ш.: the catalog's pattern with the locale's number."""
    if axis == "E":
        value = (value + 180) % 360 - 180
        if value == -180:
            value = 180
        hemisphere = "" if value in (0, 180) else ("E" if value > 0 else "W")
    else:
        hemisphere = "" if value == 0 else ("N" if value > 0 else "S")
    return text.degree_label(abs(round(value, 6)), hemisphere)


def latitude_labels(grid: Graticule, frame: Frame, envelope: GeoBox,
                    text: MapText) -> list[tuple[str, float]]:
    """Each parallel that meets the frame's left edge: its label and height there."""
    left, top, _, bottom = frame.box
    edge = LineString([(left, top), (left, bottom)])
    found = []
    for (axis, value), line in _lines(grid, frame, envelope).items():
        if axis != "N":
            continue
        y = _meets(line, edge, 1)
        if y is not None and top + 4 < y < bottom - 4:
            found.append((degree_text(value, "N", text), y))
    return found


def longitude_labels(grid: Graticule, frame: Frame, envelope: GeoBox,
                     text: MapText) -> list[tuple[str, float]]:
    left, _, right, bottom = frame.box
    edge = LineString([(left, bottom), (right, bottom)])
    found = []
    for (axis, value), line in _lines(grid, frame, envelope).items():
        if axis != "E":
            continue
        x = _meets(line, edge, 0)
        if x is not None and left + 6 < x < right - 6:
            found.append((degree_text(value, "E", text), x))
    return found


def _meets(line: BaseGeometry, edge: LineString, axis: int) -> float | None:
    if line.is_empty:
        return None
    hit = line.intersection(edge.buffer(0.05))
    if hit.is_empty:
        return None
    return float(shapely.get_coordinates(hit)[:, axis].mean())


def degree_labels(grid: Graticule, frame: Frame, envelope: GeoBox, text: MapText) -> list[str]:
    """Latitudes at the left edge, longitudes under the bottom edge; none that would
    touch its neighbour."""
    left, _, _, bottom = frame.box
    out: list[str] = []
    last = -math.inf
    for label, y in sorted(latitude_labels(grid, frame, envelope, text), key=lambda t: t[1]):
        if y - last >= GRATICULE_FONT * 1.2:
            out.append(svg.text("graticule-label", left - 3, y + 2.5, GRATICULE_FONT, label,
                                text.lang, text.langs, "end", GRATICULE_INK, text.for_print))
            last = y
    right_end = -math.inf
    for label, x in sorted(longitude_labels(grid, frame, envelope, text), key=lambda t: t[1]):
        half = text_width(label, GRATICULE_FONT, text.langs or (text.lang,)) / 2
        x = min(max(x, half + 1), VIEW_WIDTH - half - 1)
        if x - half >= right_end + 4:
            out.append(svg.text("graticule-label", x, bottom + 9, GRATICULE_FONT, label,
                                text.lang, text.langs, "middle", GRATICULE_INK, text.for_print))
            right_end = x + half
    return out


def km_per_point(frame: Frame, at: Point) -> float:
    """Ground distance of one point of the map, eastwards at `at`: geodesic, so it
    holds in any projection."""
    (lon1, lat1), (lon2, lat2) = frame.lonlat(at[0] - 5, at[1]), frame.lonlat(at[0] + 5, at[1])
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000 / 10


def nice_length(km: float) -> float:
    """The round length (1, 2 or 5 times a power of ten) at or below `km`."""
    power = 10.0 ** math.floor(math.log10(km))
    return max(m * power for m in (1.0, 2.0, 5.0) if m * power <= km * (1 + 1e-9))


SCALE_SIZE = (0.0, 26.0)
"""Height of the scale bar with its label and the north arrow beside it, in points."""
ARROW = 14.0


def furniture_size(frame: Frame, text: MapText) -> tuple[float, float]:
    """Width and height of the scale bar and north arrow together."""
    length, km = _bar(frame, text, ((frame.box[0] + frame.box[2]) / 2, frame.box[3] - 10))
    label = text.length_label(km)
    width = max(length, text_width(label, GRATICULE_FONT, text.langs or (text.lang,)))
    return width + ARROW + 10, SCALE_SIZE[1]


def _bar(frame: Frame, text: MapText, at: Point) -> tuple[float, float]:
    per_point = km_per_point(frame, at)
    width = frame.box[2] - frame.box[0]
    km = text.scale_km if text.scale_km else nice_length(width / 5 * per_point)
    return km / per_point, km


def scale_and_north(frame: Frame, text: MapText, corner: Box) -> list[str]:
    """The scale bar along the bottom of `corner` and the north arrow at its right."""
    right, bottom = corner[2] - ARROW - 8, corner[3] - 6
    length, km = _bar(frame, text, (right - 20, bottom))
    left, mid = right - length, right - length / 2
    d = (f"M{num(left)} {num(bottom - 3)}V{num(bottom)}H{num(right)}V{num(bottom - 3)}"
         f"M{num(mid)} {num(bottom)}V{num(bottom - 2)}")
    out = [svg.path("scale-bar", d, width=0.8),
           svg.text("scale-label", mid, bottom - 5, GRATICULE_FONT, text.length_label(km),
                    text.lang, text.langs, "middle", for_print=text.for_print)]
    return out + north_arrow(frame, text, (corner[2] - ARROW / 2 - 4, corner[1] + 2 + ARROW / 2))


def north_arrow(frame: Frame, text: MapText, at: Point) -> list[str]:
    """An arrow along the meridian through `at`, pointing north, with its letter."""
    lon, lat = frame.lonlat(*at)
    ahead = frame.pt(lon, min(lat + 0.01, 89.999)) if lat < 89.999 else (at[0], at[1] - 1)
    angle = math.atan2(ahead[0] - at[0], at[1] - ahead[1])  # clockwise from up
    if not math.isfinite(angle):
        angle = 0.0

    def turned(dx: float, dy: float) -> str:
        c, s = math.cos(angle), math.sin(angle)
        return f"{num(at[0] + dx * c - dy * s)} {num(at[1] + dx * s + dy * c)}"

    half = ARROW / 2
    d = (f"M{turned(0, -half)}L{turned(3, half - 2)}L{turned(0, half - 5)}"
         f"L{turned(-3, half - 2)}Z")
    return [svg.path("north-arrow", d, fill=INK, stroke="none"),
            svg.text("north-label", at[0], at[1] + half + 8.5, GRATICULE_FONT, text.north,
                     text.lang, text.langs, "middle", for_print=text.for_print)]
