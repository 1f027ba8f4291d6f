"""Plane geometry on projected rings: clipping to the frame, boxes, rings by height."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .settings import Box, Point


def clip_polygon(ring: Sequence[Point], box: Box) -> list[Point]:
    """Sutherland-Hodgman: clip a ring to an axis-aligned rectangle."""
    out = list(ring)
    # (axis, limit, keep the side above the limit?) for the four edges
    edges = ((0, box[0], True), (0, box[2], False), (1, box[1], True), (1, box[3], False))
    for axis, limit, keep_above in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            cur_in = cur[axis] >= limit if keep_above else cur[axis] <= limit
            prev_in = prev[axis] >= limit if keep_above else prev[axis] <= limit
            if cur_in != prev_in:
                out.append(_cut(prev, cur, axis, limit))
            if cur_in:
                out.append(cur)
            prev = cur
    return out


def _cut(a: Point, b: Point, axis: int, limit: float) -> Point:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])


def _clip_segment(a: Point, b: Point, box: Box) -> tuple[Point, Point] | None:
    """Liang-Barsky: the part of segment ab inside box, or None."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (a[0] + t0 * dx, a[1] + t0 * dy), (a[0] + t1 * dx, a[1] + t1 * dy)


def _edges(ring: Sequence[Point]) -> Iterator[tuple[Point, Point]]:
    for i in range(len(ring)):
        yield ring[i - 1], ring[i]


def _ring_box(ring: Sequence[Point]) -> Box:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _boxes_meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _grow(box: Box, d: float) -> Box:
    return box[0] - d, box[1] - d, box[2] + d, box[3] + d


BANDS = 32
"""Horizontal bands a ring's edges are filed in, for the tests above."""


@dataclass(frozen=True)
class _Ring:
    """A ring with its edges filed by horizontal band: a point or a box is tested only
    against the edges at its height, not against all of them (label placement makes
    tens of thousands of such tests per map)."""

    box: Box
    band: float
    bands: tuple[tuple[tuple[float, float, float, float], ...], ...]

    @classmethod
    def of(cls, ring: Sequence[Point]) -> _Ring:
        box = _ring_box(ring)
        band = max((box[3] - box[1]) / BANDS, 1e-9)
        filed: list[list[tuple[float, float, float, float]]] = [[] for _ in range(BANDS)]
        for (x1, y1), (x2, y2) in _edges(ring):
            first = _band_of(min(y1, y2), box[1], band)
            last = _band_of(max(y1, y2), box[1], band)
            for index in range(first, last + 1):
                filed[index].append((x1, y1, x2, y2))
        return cls(box, band, tuple(tuple(edges) for edges in filed))

    def inside(self, point: Point) -> bool:
        """Even-odd ray casting."""
        x, y = point
        box = self.box
        if not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            return False
        hit = False
        for x1, y1, x2, y2 in self.bands[_band_of(y, box[1], self.band)]:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    def crosses(self, box: Box) -> bool:
        """True if a vertex lies in box or an edge passes through it."""
        if not _boxes_meet(box, _grow(self.box, 0.01)):
            return False
        first = _band_of(box[1], self.box[1], self.band)
        last = _band_of(box[3], self.box[1], self.band)
        for index in range(first, last + 1):
            for x1, y1, x2, y2 in self.bands[index]:
                if (x1 < box[0] and x2 < box[0]) or (x1 > box[2] and x2 > box[2]):
                    continue
                if _clip_segment((x1, y1), (x2, y2), box) is not None:
                    return True
        return False


def _band_of(y: float, top: float, band: float) -> int:
    return min(max(int((y - top) / band), 0), BANDS - 1)


def _box_distance(box: Box, p: Point) -> float:
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)
