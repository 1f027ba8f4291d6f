"""Label placement: candidate boxes round each place, scored, searched without overlap.

Hard rules: a label lies inside the frame, clear of the other labels, of the map's
furniture (scale bar, north arrow, inset) and of every dot, and it does not cross a
coastline. Only a label with no such place anywhere near is set across a coastline, and
one with no room at all is left out; both are logged as warnings naming the label.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, polylabel

from .data import MapLabel
from .geometry import Features
from .settings import (
    ASCENT,
    CROSS_PENALTY,
    DESCENT,
    DIRECTIONS,
    DISTANCES,
    INTERIOR,
    KEEP_CANDIDATES,
    LABEL_FONT,
    LABEL_GAP,
    LAND_PENALTY,
    LEADER_MIN,
    MARKER_FONT,
    MARKER_LAND_PENALTY,
    MARKER_RADIUS,
    SEARCH_LIMIT,
    SLIDE_PENALTY,
    SLIDES,
    Box,
    Point,
)
from .textwidth import text_width

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Scene:
    """Everything label placement must look at, in points."""

    frame: Box
    land: Sequence[Polygon]
    features: Features
    obstacles: tuple[Box, ...]

    @functools.cached_property
    def coast(self) -> BaseGeometry:
        # the land never overlaps; where it is cut at the frame, it has no coast
        outline = shapely.boundary(MultiPolygon(list(self.land)))
        lines = shapely.difference(outline, shapely.buffer(box(*self.frame).exterior, 0.05))
        shapely.prepare(lines)
        return lines

    @functools.cached_property
    def all_land(self) -> BaseGeometry:
        return self._union(tuple(range(len(self.land))))

    def own_land(self, feature_id: str) -> BaseGeometry:
        return self._union(self.features.of(feature_id))

    @functools.cache  # noqa: B019 - a scene lives as long as one map is drawn
    def _union(self, indexes: Sequence[int]) -> BaseGeometry:
        union = MultiPolygon([self.land[i] for i in indexes])
        shapely.prepare(union)
        return union


@dataclass(frozen=True)
class Placed:
    label: MapLabel
    box: Box
    size: float
    leader: tuple[Point, Point] | None


def label_size(label: MapLabel) -> float:
    return MARKER_FONT if label.marker else LABEL_FONT


def place_labels(labels: Sequence[MapLabel], anchors: Sequence[Point], scene: Scene,
                 langs: Sequence[str]) -> list[Placed]:
    """Every label that has room, each in its best box that overlaps nothing."""
    order = sorted(range(len(labels)), key=lambda i: (not labels[i].marker, i))
    options = [_candidates(labels[i], anchors[i], scene, langs) for i in order]
    chosen = _search(options) or _greedy(options)
    placed: dict[int, Placed] = {}
    for slot, i in enumerate(order):
        found = chosen[slot]
        if found is None:
            log.warning("map: no room for the label %r; it is left out", labels[i].text)
            continue
        score, where = found
        if score >= CROSS_PENALTY:
            log.warning("map: the label %r runs across a coastline: there is no room for it "
                        "clear of one", labels[i].text)
        leader = _leader(labels[i], anchors[i], where, scene)
        placed[i] = Placed(labels[i], where, label_size(labels[i]), leader)
    return [placed[i] for i in range(len(labels)) if i in placed]


Option = tuple[float, Box]


def _candidates(label: MapLabel, anchor: Point, scene: Scene,
                langs: Sequence[str]) -> list[Option]:
    """Admissible boxes round the anchor, best (lowest score) first."""
    size = label_size(label)
    w, h = text_width(label.text, size, langs), (ASCENT + DESCENT) * size
    rows = [(d, dx, dy, penalty + abs(slide) * SLIDE_PENALTY, slide) for d in DISTANCES
            for dx, dy, penalty in DIRECTIONS for slide in SLIDES]
    d, dx, dy, penalty, slide = (np.array(column, dtype=np.float64)
                                 for column in zip(*rows, strict=True))
    step = d * np.where((dx != 0) & (dy != 0), 0.7, 1.0)  # diagonals as far as the others
    # beside the anchor, a box slides up or down; above or below it, left or right
    x0 = np.where(dx > 0, anchor[0] + step, np.where(dx < 0, anchor[0] - step - w,
                                                       anchor[0] - w / 2 + slide * w / 2))
    y0 = np.where(dy > 0, anchor[1] + step, np.where(dy < 0, anchor[1] - step - h,
                                                       anchor[1] - h / 2 + slide * h / 2))
    base = d + penalty
    inner = _interior(label, scene)
    if inner is not None:  # an area's name may also stand well inside it
        offsets = [(i * w / 4, j * h) for i in (0, -1, 1) for j in (0, -1, 1)]
        x0 = np.concatenate([x0, [inner[0] - w / 2 + ox for ox, _ in offsets]])
        y0 = np.concatenate([y0, [inner[1] - h / 2 + oy for _, oy in offsets]])
        base = np.concatenate([base, [INTERIOR + abs(ox) / w * 4 + abs(oy) / h
                                      for ox, oy in offsets]])
    x1, y1 = x0 + w, y0 + h
    ok = _inside(scene.frame, x0, y0, x1, y1)
    for o in scene.obstacles:
        ok &= ~_meets(o, x0 - LABEL_GAP, y0 - LABEL_GAP, x1 + LABEL_GAP, y1 + LABEL_GAP)
    if label.marker or not label.feature_id:
        gap_x = np.maximum(np.maximum(x0 - anchor[0], anchor[0] - x1), 0)
        gap_y = np.maximum(np.maximum(y0 - anchor[1], anchor[1] - y1), 0)
        ok &= np.hypot(gap_x, gap_y) >= MARKER_RADIUS + LABEL_GAP
    boxes = shapely.box(x0 - LABEL_GAP, y0 - LABEL_GAP, x1 + LABEL_GAP, y1 + LABEL_GAP)
    crosses = shapely.intersects(scene.coast, boxes)
    score = base + _clutter(label, x0, y0, x1, y1, scene) + crosses * CROSS_PENALTY
    found = [(round(float(s), 6), (float(a), float(b), float(c), float(e)))
             for s, a, b, c, e, good in zip(score, x0, y0, x1, y1, ok, strict=True) if good]
    found.sort()
    clear = [option for option in found if option[0] < CROSS_PENALTY]
    return (clear or found)[:KEEP_CANDIDATES * 2]


def _interior(label: MapLabel, scene: Scene) -> Point | None:
    """The point of the largest piece of the land a label names that lies farthest
    from its coast (the pole of inaccessibility)."""
    owned = scene.features.of(label.feature_id) if not label.marker else ()
    if not owned:
        return None
    largest = max((scene.land[i] for i in owned), key=lambda p: (p.area, p.bounds))
    centre = polylabel(largest, tolerance=1.0)
    return centre.x, centre.y


def _inside(frame: Box, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
            y1: np.ndarray) -> np.ndarray:
    g = LABEL_GAP
    return ((x0 - g >= frame[0]) & (y0 - g >= frame[1]) & (x1 + g <= frame[2])
            & (y1 + g <= frame[3]))


def _meets(o: Box, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
           y1: np.ndarray) -> np.ndarray:
    return (x0 < o[2]) & (o[0] < x1) & (y0 < o[3]) & (o[1] < y1)


def _clutter(label: MapLabel, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
             y1: np.ndarray, scene: Scene) -> np.ndarray:
    """Soft cost of covering land other than the land the label names."""
    fx, fy = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 3))
    xs = x0[:, None] + (x1 - x0)[:, None] * fx.ravel()[None, :]
    ys = y0[:, None] + (y1 - y0)[:, None] * fy.ravel()[None, :]
    on_land = shapely.contains_xy(scene.all_land, xs, ys)
    if label.feature_id and not label.marker:
        on_land &= ~shapely.contains_xy(scene.own_land(label.feature_id), xs, ys)
    weight = MARKER_LAND_PENALTY if label.marker else LAND_PENALTY
    return np.asarray(on_land.sum(axis=1) * weight, dtype=np.float64)


def _apart(a: Box, b: Box) -> bool:
    g = 2 * LABEL_GAP
    return a[0] - g >= b[2] or b[0] >= a[2] + g or a[1] - g >= b[3] or b[1] >= a[3] + g


def _search(options: list[list[Option]]) -> list[Option | None] | None:
    """The first combination (in score order) with no two boxes close, or None."""
    chosen: list[Option] = []
    budget = [SEARCH_LIMIT]

    def extend(slot: int) -> bool:
        if slot == len(options):
            return True
        for option in options[slot]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if all(_apart(option[1], other[1]) for other in chosen):
                chosen.append(option)
                if extend(slot + 1):
                    return True
                chosen.pop()
        return False

    return list(chosen) if extend(0) else None


def _greedy(options: list[list[Option]]) -> list[Option | None]:
    """When no complete layout exists: each label in turn takes its best free box, and
    a label with none is left out."""
    chosen: list[Option | None] = []
    for opts in options:
        taken = [c[1] for c in chosen if c is not None]
        chosen.append(next((o for o in opts if all(_apart(o[1], t) for t in taken)), None))
    return chosen


def _leader(label: MapLabel, anchor: Point, where: Box,
            scene: Scene) -> tuple[Point, Point] | None:
    """A line from a far-off label to the nearest point of what it names."""
    area = box(*where)
    target: Point = anchor
    if not label.marker and scene.features.of(label.feature_id):
        own = scene.own_land(label.feature_id)
        if own.contains(area.centroid):
            return None  # the label sits on the land it names
        near = nearest_points(area, own)[1]
        target = (near.x, near.y)
    gap = area.distance(shapely.Point(target))
    if gap <= LEADER_MIN:
        return None
    start = nearest_points(area, shapely.Point(target))[0]
    return (start.x, start.y), target
