"""The map's projection (PROJ, through pyproj), chosen for the region or named by the
content, and its frame: where the region lies on the page, in points.

A projection named `auto` is chosen from where the region lies:

- near a pole (reaching 84° of latitude, or centred beyond 70°): polar stereographic on
  that pole, true to scale at the region's middle latitude;
- across or near the equator (centred within 15°, or reaching both hemispheres):
  Mercator, true to scale at the region's middle latitude;
- elsewhere: Lambert conformal conic, its standard parallels a sixth of the region's
  height inside its southern and northern edges;
- wider than 150° of longitude, and not polar: Equal Earth.

Each is centred on the region's middle meridian, on the WGS 84 ellipsoid.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from .choice import projection_for
from .region import GeoBox
from .settings import Box, Point


@dataclass(frozen=True)
class Projection:
    """A projection with its transformations to and from longitude and latitude."""

    definition: str
    """As the content gave it, or the PROJ string chosen for `auto`."""
    kind: str
    """conic, polar, mercator, equal-earth, or custom (one the content named)."""
    centre: tuple[float, float]
    """Longitude and latitude of the region's middle: longitudes unwrap around it."""

    def forward(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = _transformer(self.definition, False).transform(lon, lat, errcheck=False)
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)

    def inverse(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = _transformer(self.definition, True).transform(x, y, errcheck=False)
        return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


@functools.cache
def _crs(definition: str) -> CRS:
    return CRS.from_user_input(definition)


@functools.cache
def _transformer(definition: str, inverse: bool) -> Transformer:
    """Longitude and latitude (WGS 84) to the projection's plane, or back; made once."""
    if inverse:
        return Transformer.from_crs(_crs(definition), "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", _crs(definition), always_xy=True)


def projection_problem(definition: str) -> str | None:
    """Why `definition` cannot project a map, or None when it can."""
    if definition == "auto":
        return None
    try:
        crs = _crs(definition)
    except CRSError:
        return (f"expected 'auto', a PROJ string (+proj=...) or an EPSG code (EPSG:3413), "
                f"got {definition!r}")
    if not (crs.is_projected or crs.is_geographic) or len(crs.axis_info) != 2:
        return f"expected a two-dimensional map projection, got {crs.type_name} {definition!r}"
    return None


def choose(region: GeoBox, definition: str = "auto") -> Projection:
    """The content's projection, or the one `auto` picks for the region."""
    return Projection(*projection_for(region, definition))


@dataclass(frozen=True)
class Frame:
    """The rectangle of the plane the map shows, and where it lies on the page."""

    projection: Projection
    plane: tuple[float, float, float, float]
    """x_min, y_min, x_max, y_max in projected units."""
    box: Box
    """left, top, right, bottom in points, y down."""

    @property
    def scale(self) -> float:
        """Points per projected unit."""
        return (self.box[2] - self.box[0]) / (self.plane[2] - self.plane[0])

    def to_page(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (self.box[0] + (x - self.plane[0]) * self.scale,
                self.box[1] + (self.plane[3] - y) * self.scale)

    def to_plane(self, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (self.plane[0] + (px - self.box[0]) / self.scale,
                self.plane[3] - (py - self.box[1]) / self.scale)

    def pt(self, lon: float, lat: float) -> Point:
        x, y = self.projection.forward(np.array([lon]), np.array([lat]))
        px, py = self.to_page(x, y)
        return float(px[0]), float(py[0])

    def lonlat(self, px: float, py: float) -> Point:
        x, y = self.to_plane(np.array([px]), np.array([py]))
        lon, lat = self.projection.inverse(x, y)
        return float(lon[0]), float(lat[0])

    def contains(self, point: Point) -> bool:
        b = self.box
        return b[0] <= point[0] <= b[2] and b[1] <= point[1] <= b[3]

    def envelope(self) -> GeoBox:
        """A box of longitude and latitude that holds all of the frame, a little more.
        Worked out on the plane alone, so that every edition's frame (whose margins
        differ) has the same one."""
        x0, y0, x1, y1 = self.plane
        edge, n = np.linspace(0.0, 1.0, 64), 64
        x = np.concatenate([x0 + (x1 - x0) * edge, np.full(n, x1), x0 + (x1 - x0) * edge,
                            np.full(n, x0)])
        y = np.concatenate([np.full(n, y1), y0 + (y1 - y0) * edge, np.full(n, y0),
                            y0 + (y1 - y0) * edge])
        lon, lat = self.projection.inverse(x, y)
        ok = np.isfinite(lon) & np.isfinite(lat)
        lon, lat = lon[ok], lat[ok]
        centre = self.projection.centre[0]
        lon = centre + (lon - centre + 180) % 360 - 180  # unwrapped round the centre
        west, east = float(lon.min()), float(lon.max())
        south, north = float(lat.min()), float(lat.max())
        for pole in (90.0, -90.0):
            px, py = self.projection.forward(np.array([centre]), np.array([pole]))
            if np.isfinite(px[0]) and x0 <= px[0] <= x1 and y0 <= py[0] <= y1:
                west, east = centre - 180, centre + 180
                south, north = min(south, pole), max(north, pole)
        pad_x, pad_y = max((east - west) * 0.02, 1e-3), max((north - south) * 0.02, 1e-3)
        west, east = math.floor((west - pad_x) * 1e4) / 1e4, math.ceil((east + pad_x) * 1e4) / 1e4
        if east - west >= 360:
            west, east = centre - 180, centre + 180
        turn = math.floor((west + 180) / 360) * 360
        return GeoBox(round(west - turn, 4), round(east - turn, 4),
                      max(math.floor((south - pad_y) * 1e4) / 1e4, -90.0),
                      min(math.ceil((north + pad_y) * 1e4) / 1e4, 90.0))


def plane_bounds(projection: Projection, region: GeoBox) -> tuple[float, float, float, float]:
    """The region's extent on the plane: its edges and inside, projected."""
    lon = np.linspace(region.west, region.east, 33)
    lat = np.linspace(region.south, region.north, 33)
    grid_lon, grid_lat = np.meshgrid(lon, lat)
    x, y = projection.forward(grid_lon.ravel(), grid_lat.ravel())
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        raise ValueError("the projection cannot show this region")
    return float(x[ok].min()), float(y[ok].min()), float(x[ok].max()), float(y[ok].max())


def make_frame(projection: Projection, region: GeoBox, origin: Point, width: float,
               aspect: tuple[float, float]) -> Frame:
    """The region's frame, `width` points wide with its top left corner at `origin`, its
    height / width ratio kept within `aspect` by showing more on the short side."""
    x0, y0, x1, y1 = plane_bounds(projection, region)
    w, h = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    low, high = aspect
    if h / w < low:
        grow = (w * low - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif h / w > high:
        grow = (h / high - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    height = width * (y1 - y0) / (x1 - x0)
    box = (origin[0], origin[1], origin[0] + width, origin[1] + height)
    return Frame(projection, (x0, y0, x1, y1), box)
