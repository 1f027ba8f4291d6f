"""Land on the page: projected, clipped to the frame, simplified (shapely, GEOS), and
told apart into the places the map names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from .data import Place
from .projection import Frame
from .region import GeoBox
from .settings import MIN_AREA, SATELLITE, Box

GRID = 0.1
"""The page coordinates' precision: the SVG writes one decimal."""


def to_page(geometry: BaseGeometry, frame: Frame, step: float) -> BaseGeometry:
    """A geometry in longitude and latitude, projected onto the page. Edges are first
    cut into pieces of at most `step` degrees, so that a long straight edge (a cut along
    a parallel) follows its curve."""
    dense = shapely.segmentize(geometry, step)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = frame.projection.forward(coords[:, 0], coords[:, 1])
        px, py = frame.to_page(x, y)
        return np.column_stack([px, py])

    return shapely.transform(dense, project)


def land_on_page(land: MultiPolygon, frame: Frame, envelope: GeoBox,
                 tolerance: float) -> list[Polygon]:
    """The land inside the frame, in points. Where the map crosses the antimeridian
    (or goes round a pole), land the data splits there, and pieces the cut split at its
    edges, are joined again, so that no seam shows."""
    step = max(min(envelope.east - envelope.west, envelope.north - envelope.south) / 60, 1e-4)
    shown = np.array([p for p in _polygons(to_page(land, frame, min(step, 0.5)))
                      if np.isfinite(shapely.get_coordinates(p)).all()], dtype=object)
    if not len(shown):
        return []
    broken = ~shapely.is_valid(shown)
    shown[broken] = shapely.make_valid(shown[broken])
    inside = shapely.intersection(shown, box(*frame.box))
    if envelope.east > 180:
        inside = np.array([shapely.unary_union(shapely.set_precision(
            shapely.GeometryCollection(list(inside)), GRID / 10))], dtype=object)
    simple = shapely.set_precision(shapely.simplify(inside, tolerance, preserve_topology=True),
                                   GRID)
    found = [p for part in simple for p in _polygons(part) if p.area >= MIN_AREA]
    return sorted(found, key=lambda p: (-round(p.area, 1), p.bounds))


def cut_tolerance(frame: Frame, envelope: GeoBox, tolerance: float, width: float) -> float:
    """A tolerance in degrees of latitude about half as long as `tolerance` points on a
    map `width` points wide (nominal, so that every edition cuts the same land), for
    simplifying the land before it is projected."""
    x0, y0, x1, y1 = frame.plane
    height = width * (y1 - y0) / (x1 - x0)
    return (envelope.north - envelope.south) / height * tolerance / 2


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [p for part in getattr(geometry, "geoms", ()) for p in _polygons(part)]


@dataclass(frozen=True)
class Features:
    """Which land belongs to which named place: indexes into the land's polygons."""

    owned: dict[str, tuple[int, ...]]

    def of(self, feature_id: str) -> tuple[int, ...]:
        return self.owned.get(feature_id, ())

    def owner(self, index: int) -> str:
        return next((fid for fid, owned in self.owned.items() if index in owned), "")


def find_features(polygons: Sequence[Polygon], places: Sequence[Place],
                  frame: Frame) -> Features:
    """The land each place names: the polygon at its point; every piece of land inside
    its extent; then any small piece close to a place's land, given to the closest
    place."""
    owned: dict[str, list[int]] = {place.id: [] for place in places}
    taken: set[int] = set()
    for place in places:
        anchor = Point(frame.pt(place.lon, place.lat))
        for i, polygon in enumerate(polygons):
            if i not in taken and polygon.covers(anchor):
                owned[place.id].append(i)
                taken.add(i)
    for place in places:
        if place.extent is None:
            continue
        area = to_page(_box(place.extent), frame, 0.05)
        for i, polygon in enumerate(polygons):
            if i not in taken and area.covers(polygon.representative_point()):
                owned[place.id].append(i)
                taken.add(i)
    cores = {fid: MultiPolygon([polygons[j] for j in idx]) for fid, idx in owned.items() if idx}
    for i, polygon in enumerate(polygons):
        if i in taken:
            continue
        near = [(polygon.distance(core), fid) for fid, core in cores.items()]
        close = [item for item in near if item[0] <= SATELLITE]
        if close:
            owned[min(close)[1]].append(i)
    return Features({fid: tuple(sorted(idx)) for fid, idx in owned.items()})


def _box(area: GeoBox) -> Polygon:
    return box(area.west, area.south, area.east, area.north)


def path_data(polygons: Sequence[Polygon]) -> str:
    """SVG path data of polygons (holes included: draw with fill-rule evenodd)."""
    parts = []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            coords = np.asarray(ring.coords)[:-1]
            parts.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in coords) + "Z")
    return "".join(parts)


def lines_data(lines: BaseGeometry) -> str:
    """SVG path data of lines."""
    parts = []
    for line in getattr(lines, "geoms", [lines]):
        if line.is_empty:
            continue
        coords = np.asarray(line.coords)
        parts.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in coords))
    return "".join(parts)


def num(v: float) -> str:
    text = f"{round(float(v), 1):.1f}"
    return "0.0" if text == "-0.0" else text


def clip_box(geometry: BaseGeometry, area: Box) -> BaseGeometry:
    return shapely.intersection(geometry, box(*area))
