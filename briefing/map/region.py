"""A map's region from what the content gives: a box, or places to fit with a margin."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class GeoBox:
    """A box of longitude and latitude. `east` may exceed 180 for a box across the
    antimeridian (170 to 190 is 170°E to 170°W); `west` is in [-180, 180)."""

    west: float
    east: float
    south: float
    north: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.west + self.east) / 2, (self.south + self.north) / 2


KM_PER_DEGREE = 111.32
"""Along a meridian, near enough for a margin."""


def box_region(west: float, east: float, south: float, north: float) -> GeoBox:
    """A box as the content writes it; west > east crosses the antimeridian."""
    if east < west:
        east += 360
    west, east = _turned(west, east)
    return GeoBox(west, east, south, north)


def fit_region(points: Sequence[tuple[float, float]], pad_km: float) -> GeoBox:
    """The smallest box that holds the points (lon, lat), `pad_km` wider on every side.
    Longitudes wrap: points at 179°E and 179°W give a box 2° wide across 180°."""
    lons = sorted({(lon + 180) % 360 - 180 for lon, _ in points})
    # the box is the circle of longitudes less its widest empty stretch
    gaps = [(lons[(i + 1) % len(lons)] - lons[i]) % 360 or 360.0 for i in range(len(lons))]
    widest = max(range(len(lons)), key=lambda i: (gaps[i], -i))
    west = lons[(widest + 1) % len(lons)]
    east = west + (360 - gaps[widest] if len(lons) > 1 else 0.0)
    south, north = min(lat for _, lat in points), max(lat for _, lat in points)
    dlat = pad_km / KM_PER_DEGREE
    south, north = max(south - dlat, -90.0), min(north + dlat, 90.0)
    widest_lat = min(max(abs(south), abs(north)), 89.0)
    dlon = pad_km / (KM_PER_DEGREE * math.cos(math.radians(widest_lat)))
    west, east = west - dlon, east + dlon
    if east - west >= 360:
        centre = (west + east) / 2
        west, east = centre - 180, centre + 180
    west, east = _turned(west, east)
    return GeoBox(round(west, 6), round(east, 6), round(south, 6), round(north, 6))


def _turned(west: float, east: float) -> tuple[float, float]:
    """The same box with its west edge in [-180, 180)."""
    turn = math.floor((west + 180) / 360) * 360
    return west - turn, east - turn


def size_problem(region: GeoBox) -> str | None:
    """Why the region cannot be drawn (it has no width or no height), or None."""
    if region.north <= region.south:
        if region.north < region.south:
            return f"expected south below north, got south {region.south:g} and north " \
                   f"{region.north:g}"
        return f"expected a region of some height, got south = north = {region.north:g}"
    if region.east <= region.west:
        return f"expected a region of some width, got west = east = {region.west:g}"
    return None
