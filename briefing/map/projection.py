"""The map's projection (spherical Lambert conformal conic) and its layout in points."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .settings import (
    CENTRAL_MERIDIAN,
    EARTH_RADIUS_KM,
    FRAME_GEO,
    MARGIN_BOTTOM,
    MARGIN_RIGHT,
    MARGIN_TOP,
    ORIGIN_LATITUDE,
    STANDARD_PARALLELS,
    VIEW_WIDTH,
    Box,
    Point,
)


@dataclass(frozen=True)
class _Lambert:
    """Spherical Lambert conformal conic; x east, y north, in km."""

    n: float
    big_f: float
    rho0: float

    @staticmethod
    def create() -> _Lambert:
        p1, p2 = (math.radians(p) for p in STANDARD_PARALLELS)
        n = math.log(math.cos(p1) / math.cos(p2)) / math.log(_tan_half(p2) / _tan_half(p1))
        big_f = math.cos(p1) * math.pow(_tan_half(p1), n) / n
        rho0 = EARTH_RADIUS_KM * big_f / math.pow(_tan_half(math.radians(ORIGIN_LATITUDE)), n)
        return _Lambert(n, big_f, rho0)

    def rho(self, lat: float) -> float:
        # math.pow keeps the type float (the ** operator on floats is typed Any)
        return EARTH_RADIUS_KM * self.big_f / math.pow(_tan_half(math.radians(lat)), self.n)

    def theta(self, lon: float) -> float:
        return self.n * math.radians(lon - CENTRAL_MERIDIAN)

    def xy(self, lon: float, lat: float) -> Point:
        rho, theta = self.rho(lat), self.theta(lon)
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)

    def latitude(self, x: float, y: float) -> float:
        rho = math.hypot(x, self.rho0 - y)
        return math.degrees(
            2 * math.atan(math.pow(EARTH_RADIUS_KM * self.big_f / rho, 1 / self.n)) - math.pi / 2
        )

    def scale_factor(self, lat: float) -> float:
        # k = n * rho / (R cos(lat)): the true length of 1 projected km
        return self.n * self.rho(lat) / (EARTH_RADIUS_KM * math.cos(math.radians(lat)))


def _tan_half(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


@dataclass(frozen=True)
class _Layout:
    """Maps projected km to SVG points and knows the frame rectangle."""

    proj: _Lambert
    x_min: float
    y_max: float
    scale: float  # points per projected km
    frame: Box
    height: float

    def pt(self, lon: float, lat: float) -> Point:
        x, y = self.proj.xy(lon, lat)
        return self.km_to_pt(x, y)

    def km_to_pt(self, x: float, y: float) -> Point:
        left, top = self.frame[0], self.frame[1]
        return left + (x - self.x_min) * self.scale, top + (self.y_max - y) * self.scale


def _make_layout(margin_left: float) -> _Layout:
    proj = _Lambert.create()
    west, east, south, north = FRAME_GEO
    lats = [south + (north - south) * i / 20 for i in range(21)]
    lons = [west + (east - west) * i / 40 for i in range(41)]
    # the largest axis-aligned rectangle inside the curved quadrangle
    x_min = max(proj.xy(west, lat)[0] for lat in lats)
    x_max = min(proj.xy(east, lat)[0] for lat in lats)
    y_min = max(proj.xy(lon, south)[1] for lon in lons)
    y_max = min(proj.xy(lon, north)[1] for lon in lons)
    scale = (VIEW_WIDTH - margin_left - MARGIN_RIGHT) / (x_max - x_min)
    frame = (
        margin_left,
        MARGIN_TOP,
        VIEW_WIDTH - MARGIN_RIGHT,
        MARGIN_TOP + (y_max - y_min) * scale,
    )
    return _Layout(proj, x_min, y_max, scale, frame, frame[3] + MARGIN_BOTTOM)
