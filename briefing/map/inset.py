"""The overview inset: a small map of the wider area, with the main map's frame drawn on
it, so that a reader who does not know the region sees at a glance where it lies."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from . import svg
from .geometry import cut_tolerance, land_on_page, path_data
from .land import cut
from .projection import Frame, choose, make_frame
from .region import GeoBox
from .settings import (
    COAST,
    FRAME_INK,
    INSET_MAX_DEGREES,
    INSET_MIN_DEGREES,
    INSET_SPAN,
    INSET_WIDTH,
    LAND,
    REGION_INK,
    SEA,
    VIEW_WIDTH,
    Box,
    Point,
)

ASPECT = (0.6, 1.3)
TOLERANCE = 0.3
"""The inset's coastlines stray this far (points) from the data."""
MIN_MARK = 5.0
"""A region smaller than this on the inset (points) is marked by a box this size."""


def inset_area(region: GeoBox) -> GeoBox:
    """The wider area round the region: INSET_SPAN times its extent, at least
    INSET_MIN_DEGREES high, reaching the pole when it comes near one."""
    lon, lat = region.centre
    half_lat = min(max(INSET_MIN_DEGREES, (region.north - region.south) * INSET_SPAN),
                   INSET_MAX_DEGREES) / 2
    stretch = 1 / max(math.cos(math.radians(min(abs(lat), 75))), 0.25)
    half_lon = min(max(half_lat * stretch, (region.east - region.west) * INSET_SPAN / 2), 180)
    south, north = lat - half_lat, lat + half_lat
    if north > 80:
        north, south = 90.0, min(south, 90 - 2 * half_lat)
    if south < -80:
        south, north = -90.0, max(north, -90 + 2 * half_lat)
    return GeoBox(lon - half_lon, lon + half_lon, max(south, -90.0), min(north, 90.0))


def inset_frame(main: Frame, region: GeoBox, origin: Point) -> Frame:
    area = inset_area(region)
    width = (main.box[2] - main.box[0]) * INSET_WIDTH
    return make_frame(choose(area), area, origin, width, ASPECT)


def footprint(main: Frame, inset: Frame) -> Polygon:
    """The main map's frame, drawn on the inset."""
    b, n = main.box, 24
    edge = np.linspace(0.0, 1.0, n)
    px = np.concatenate([b[0] + (b[2] - b[0]) * edge, np.full(n, b[2]),
                         b[2] - (b[2] - b[0]) * edge, np.full(n, b[0])])
    py = np.concatenate([np.full(n, b[1]), b[1] + (b[3] - b[1]) * edge,
                         np.full(n, b[3]), b[3] - (b[3] - b[1]) * edge])
    lon, lat = main.projection.inverse(*main.to_plane(px, py))
    x, y = inset.projection.forward(lon, lat)
    ix, iy = inset.to_page(x, y)
    ok = np.isfinite(ix) & np.isfinite(iy)
    outline: BaseGeometry = Polygon(np.column_stack([ix[ok], iy[ok]]))
    if not outline.is_valid:
        outline = shapely.make_valid(outline).convex_hull
    lo_x, lo_y, hi_x, hi_y = outline.bounds
    if max(hi_x - lo_x, hi_y - lo_y) < MIN_MARK:
        cx, cy = (lo_x + hi_x) / 2, (lo_y + hi_y) / 2
        outline = box(cx - MIN_MARK / 2, cy - MIN_MARK / 2, cx + MIN_MARK / 2, cy + MIN_MARK / 2)
    inside = shapely.intersection(outline, box(*inset.box))
    return inside if isinstance(inside, Polygon) else box(*inside.bounds)


def inset_land(inset: Frame, cache: Path | None) -> MultiPolygon:
    envelope = inset.envelope()
    return cut(envelope, cut_tolerance(inset, envelope, TOLERANCE, VIEW_WIDTH * INSET_WIDTH),
               cache)


def draw_inset(main: Frame, inset: Frame, cache: Path | None) -> list[str]:
    land = land_on_page(inset_land(inset, cache), inset, inset.envelope(), TOLERANCE)
    land = [p for p in land if p.area >= 1.0]
    mark = footprint(main, inset)
    edge: Box = inset.box
    return [
        svg.open_tag("g", [("class", "inset"), ("data-projection", inset.projection.definition)]),
        svg.rect(edge, "inset-sea", SEA, "#ffffff", 2.0),
        svg.path("inset-land", path_data(land), fill=LAND, stroke=COAST, width=0.25,
                 extra=[("fill-rule", "evenodd")]),
        svg.path("inset-region", path_data([shapely.simplify(mark, TOLERANCE)]),
                 stroke=REGION_INK, width=1.0),
        svg.rect(edge, "inset-frame", "none", FRAME_INK, 0.6),
        "</g>",
    ]
