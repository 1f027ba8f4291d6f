"""The world's land, shipped with the package, and the part of it that one map shows.

The data is Natural Earth's 1:10m land polygons (version 4.1.0, public domain) as the
npm package `world-atlas` 2.0.2 publishes them: its `land-10m.json` (TopoJSON, quantised
to 1/99,999 of the globe's width; ISC licence, in `land/LICENSE-world-atlas.txt`),
shipped gzipped and otherwise unchanged as `land/land-10m.json.gz` (775 KB).
`scripts/update_land.py` replaces it with another release and prints its hashes.

World-atlas's polygons are spherical, as d3-geo reads them: a ring may cross the
antimeridian (Chukotka, Fiji), and Antarctica's ring runs round the
South Pole without an edge along it. No TopoJSON reader on PyPI knows this (the
`topojson` package encodes; planar readers draw a band round the world for each such
ring), so the short decoder below does it: arcs are delta-decoded, joined into rings,
and each ring's longitudes are unwrapped so that it never jumps by half a turn. A ring
that then ends a full turn away from where it began encloses a pole, and is closed
along that pole's parallel. Longitudes may thus exceed 180° (each polygon's western end
lies in [-180, 180)): a cut looks for land at its box shifted by a turn either way.

A cut is kept on disk (see `cache`) under a key made of the data's hash, this code's
version and the box, so that a rebuild reads it back instead of cutting again.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from briefing import cachefiles as cache
from briefing.files import MAX_DATA_BYTES, read_bytes

from .region import GeoBox

log = logging.getLogger(__name__)

LAND_FILE = Path(__file__).parent / "land" / "land-10m.json.gz"
CUT_VERSION = "1"
"""Part of every cache key: raise it when a change here changes what a cut returns."""


@dataclass(frozen=True)
class _World:
    polygons: tuple[Polygon, ...]
    tree: shapely.STRtree


@functools.cache
def _world() -> _World:
    topo = json.loads(gzip.decompress(_land_bytes()))
    polygons = tuple(_decode(topo))
    return _World(polygons, shapely.STRtree(polygons))


def _decode(topo: dict[str, Any]) -> list[Polygon]:
    """Every land polygon of the TopoJSON, in degrees, with unwrapped longitudes."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    period = round(360 / sx)  # quantised steps in a full turn of longitude
    arcs, jumps = _arcs(topo["arcs"], period)
    scale, shift = np.array([sx, sy]), np.array([tx, ty])
    polygons = []
    for geometry in topo["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for part in parts:
            rings = [_ring(ids, arcs, period, jumps) * scale + shift for ids in part]
            turn = np.floor((rings[0][:, 0].min() + 180) / 360) * 360
            rings[0][:, 0] -= turn  # its western end in [-180, 180)
            shell, holes = rings[0], [_beside(hole, rings[0]) for hole in rings[1:]]
            polygons.append(Polygon(_closed_round_pole(shell),
                                    [_closed_round_pole(h) for h in holes]))
    return polygons


def _arcs(encoded: list[list[list[int]]], period: int) -> tuple[list[np.ndarray], set[int]]:
    """The arcs' positions (each arc starts with an absolute position, then steps), and
    the arcs that step across the antimeridian."""
    lengths = np.fromiter((len(arc) for arc in encoded), dtype=np.int64, count=len(encoded))
    flat = np.array([p for arc in encoded for p in arc], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    total = np.cumsum(flat, axis=0)
    # every arc starts afresh: take away what the arcs before it summed to
    before = np.vstack([[0, 0], total[starts[1:] - 1]])
    positions = total - np.repeat(before, lengths, axis=0)
    steps = np.abs(np.diff(positions[:, 0]))
    big = np.flatnonzero(steps > period / 2)
    owner = np.searchsorted(starts, big + 1, side="right") - 1
    jumps = {int(a) for a, at in zip(owner, big + 1, strict=True) if at != starts[a]}
    return np.split(positions, starts[1:]), jumps


def _ring(ids: list[int], arcs: list[np.ndarray], period: int, jumps: set[int]) -> np.ndarray:
    """One ring from its arcs (~i is arc i reversed; joined arcs share an end point),
    its longitudes unwrapped so that no step is longer than half a turn."""
    pieces = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ids]
    ring = np.concatenate([pieces[0], *(p[1:] for p in pieces[1:])]).astype(np.float64)
    if any((i if i >= 0 else ~i) in jumps for i in ids):
        steps = np.diff(ring[:, 0])
        turns = np.where(steps > period / 2, -period, np.where(steps < -period / 2, period, 0))
        ring[1:, 0] += np.cumsum(turns)
    return ring


def _closed_round_pole(ring: np.ndarray) -> np.ndarray:
    """A ring that ends a turn from where it began runs round a pole: close it there."""
    if abs(ring[-1, 0] - ring[0, 0]) < 180:
        return ring
    pole = 90.0 if ring[:, 1].mean() > 0 else -90.0
    return np.vstack([ring, [[ring[-1, 0], pole], [ring[0, 0], pole]], ring[:1]])


def _beside(hole: np.ndarray, shell: np.ndarray) -> np.ndarray:
    """A hole shifted by whole turns to lie where its shell does."""
    offset = round((shell[:, 0].mean() - hole[:, 0].mean()) / 360) * 360
    if offset:
        hole = hole.copy()
        hole[:, 0] += offset
    return hole


def cut(area: GeoBox, tolerance: float, folder: Path | None) -> MultiPolygon:
    """The land inside `area`, in its longitudes (past 180 for a box across the
    antimeridian), simplified to within `tolerance` degrees and without pieces of land
    smaller than that; read from the cache folder when an earlier build cut it."""
    tolerance = float(f"{tolerance:.2g}")
    key = cache.key("land", CUT_VERSION, data_digest(), repr(area), repr(tolerance))
    if key in _CUTS:
        return _CUTS[key]
    geometry = cache.remembered(
        folder, key, lambda: _cut(area, tolerance),
        lambda made: shapely.to_wkb(made, output_dimension=2, byte_order=1),
        lambda kept: found if isinstance(found := shapely.from_wkb(kept), MultiPolygon)
        else None)
    _CUTS[key] = geometry
    return geometry


_CUTS: dict[str, MultiPolygon] = {}
"""The cuts this process made or read: a process draws a map in several editions."""


@functools.cache
def data_digest() -> str:
    """The land file's hash, without decoding it (a cached cut needs no more)."""
    return hashlib.sha256(_land_bytes()).hexdigest()


def _land_bytes() -> bytes:
    return read_bytes(LAND_FILE, LAND_FILE.parent, limit=MAX_DATA_BYTES, kind="land file")


def _cut(area: GeoBox, tolerance: float) -> MultiPolygon:
    world = _world()
    pieces: list[Polygon] = []
    for turn in (-360.0, 0.0, 360.0):
        # land at longitude x + turn is the same land as at x
        bounds = (area.west - turn, area.south, area.east - turn, area.north)
        for index in sorted(world.tree.query(box(*bounds)).tolist()):
            # Clipped and simplified first (fast, and indifferent to validity): the
            # quantised data has rings that touch themselves, and repairing a whole
            # continent takes seconds where the few vertices left take milliseconds.
            piece = shapely.clip_by_rect(world.polygons[index], *bounds)
            if piece.is_empty:
                continue
            if tolerance > 0:
                piece = piece.simplify(tolerance, preserve_topology=True)
            if not piece.is_valid:
                piece = shapely.make_valid(piece)
            shifted = shapely.affinity.translate(piece, xoff=turn)
            pieces.extend(p for p in _polygons(shifted) if p.area >= tolerance * tolerance)
    log.debug("cut %d land polygons for %s", len(pieces), area)
    return MultiPolygon(pieces)


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [p for part in getattr(geometry, "geoms", ()) for p in _polygons(part)]
