"""Label placement: candidate boxes around each place, scored, searched without overlap."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from .data import MapLabel
from .geometry import _box_distance, _boxes_meet, _grow, _Ring
from .projection import _Layout
from .settings import (
    ASCENT,
    CROSS_PENALTY,
    DESCENT,
    DIRECTIONS,
    DISTANCES,
    KEEP_CANDIDATES,
    LABEL_FONT,
    LABEL_GAP,
    LAND_PENALTY,
    LEADER_MIN,
    MARKER_FONT,
    MARKER_LAND_PENALTY,
    MARKER_RADIUS,
    SEARCH_LIMIT,
    Box,
    Point,
)
from .textwidth import _text_width


@dataclass(frozen=True)
class _Scene:
    """Everything label placement must look at, in SVG points."""

    frame: Box
    features: dict[str, list[list[Point]]]
    obstacles: tuple[Box, ...]  # scale bar, markers

    @functools.cached_property
    def rings(self) -> dict[str, list[_Ring]]:
        """Every ring with its edges filed by height, for the many tests of placement."""
        return {fid: [_Ring.of(r) for r in rings] for fid, rings in self.features.items()}


@dataclass(frozen=True)
class _Placed:
    label: MapLabel
    box: Box
    size: float
    leader: tuple[Point, Point] | None


def _label_size(label: MapLabel) -> float:
    return MARKER_FONT if label.marker else LABEL_FONT


def _candidates(label: MapLabel, anchor: Point, scene: _Scene) -> list[tuple[float, Box]]:
    """Admissible boxes around the anchor, best (lowest score) first."""
    size = _label_size(label)
    w, h = _text_width(label.text, size), (ASCENT + DESCENT) * size
    found: list[tuple[float, Box]] = []
    for d in DISTANCES:
        # Every score is at least its distance: once enough candidates score below
        # this distance, no farther box can enter the best ones.
        scores = sorted(score for score, _ in found)
        if len(scores) >= KEEP_CANDIDATES and scores[KEEP_CANDIDATES - 1] <= d:
            break
        for dx, dy, penalty in DIRECTIONS:
            box = _box_at(anchor, w, h, d, dx, dy)
            if _admissible(label, anchor, box, scene):
                found.append((d + penalty + _clutter(label, box, scene), box))
    found.sort(key=lambda item: (round(item[0], 6), item[1]))
    return found[:KEEP_CANDIDATES * 2]


def _box_at(anchor: Point, w: float, h: float, d: float, dx: int, dy: int) -> Box:
    # diagonal offsets are shortened so all candidates at d are equally far
    step = d * (0.7 if dx and dy else 1.0)
    x0 = anchor[0] + step if dx > 0 else anchor[0] - step - w if dx < 0 else anchor[0] - w / 2
    y0 = anchor[1] + step if dy > 0 else anchor[1] - step - h if dy < 0 else anchor[1] - h / 2
    return x0, y0, x0 + w, y0 + h


def _admissible(label: MapLabel, anchor: Point, box: Box, scene: _Scene) -> bool:
    """Hard rules: inside the frame, clear of obstacles and of what it names."""
    padded = _grow(box, LABEL_GAP)
    f = scene.frame
    if padded[0] < f[0] or padded[1] < f[1] or padded[2] > f[2] or padded[3] > f[3]:
        return False
    if any(_boxes_meet(padded, o) for o in scene.obstacles):
        return False
    if label.marker or not label.feature_id:
        return _box_distance(box, anchor) >= MARKER_RADIUS + LABEL_GAP
    rings = scene.rings.get(label.feature_id, [])
    return not any(ring.crosses(padded) for ring in rings)


def _clutter(label: MapLabel, box: Box, scene: _Scene) -> float:
    """Soft cost of covering land or coastlines of other features."""
    cost = 0.0
    samples = [
        (box[0] + (box[2] - box[0]) * i / 4, box[1] + (box[3] - box[1]) * j / 2)
        for i in range(5)
        for j in range(3)
    ]
    for fid, rings in scene.rings.items():
        if fid == label.feature_id and not label.marker:
            continue  # a label may sit on the land it names
        crossed = any(ring.crosses(box) for ring in rings)
        cost += CROSS_PENALTY if crossed else 0.0
        near = [r for r in rings if _boxes_meet(box, _grow(r.box, 0.01))]
        on_land = sum(1 for p in samples if any(r.inside(p) for r in near))
        cost += (MARKER_LAND_PENALTY if label.marker else LAND_PENALTY) * on_land
    return cost


def _place_all(labels: Sequence[MapLabel], layout: _Layout, scene: _Scene) -> list[_Placed]:
    """Depth-first search over candidate boxes; markers first (least room)."""
    order = sorted(range(len(labels)), key=lambda i: (not labels[i].marker, i))
    anchors = [layout.pt(lab.lon, lab.lat) for lab in labels]
    options = [_candidates(labels[i], anchors[i], scene) for i in order]
    chosen = _search(options) or _greedy(options)
    placed: dict[int, _Placed] = {}
    for slot, i in enumerate(order):
        box = chosen[slot]
        leader = _leader(labels[i], anchors[i], box, scene)
        placed[i] = _Placed(labels[i], box, _label_size(labels[i]), leader)
    return [placed[i] for i in range(len(labels))]


def _search(options: list[list[tuple[float, Box]]]) -> list[Box] | None:
    """First combination (in score order) with no two boxes touching."""
    chosen: list[Box] = []
    budget = [SEARCH_LIMIT]

    def extend(slot: int) -> bool:
        if slot == len(options):
            return True
        for _, box in options[slot]:
            budget[0] -= 1
            if budget[0] < 0:
                return False
            if all(not _boxes_meet(_grow(box, 2 * LABEL_GAP), other) for other in chosen):
                chosen.append(box)
                if extend(slot + 1):
                    return True
                chosen.pop()
        return False

    return chosen if extend(0) else None


def _greedy(options: list[list[tuple[float, Box]]]) -> list[Box]:
    """Fallback when no clean layout exists: best box with fewest overlaps."""
    chosen: list[Box] = []
    for opts in options:
        if not opts:
            chosen.append((0.0, 0.0, 0.0, 0.0))
            continue
        best = min(opts, key=lambda o: (sum(_boxes_meet(o[1], c) for c in chosen), o[0]))
        chosen.append(best[1])
    return chosen


def _leader(label: MapLabel, anchor: Point, box: Box, scene: _Scene) -> tuple[Point, Point] | None:
    """A line from a far-off label to the nearest point of what it names."""
    if label.marker or not label.feature_id:
        targets = [anchor]
    else:
        rings = scene.features.get(label.feature_id, [])
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        if any(ring.inside(centre) for ring in scene.rings.get(label.feature_id, [])):
            return None  # the label sits on the land it names
        targets = [p for ring in rings for p in ring]
    if not targets:
        return None
    target = min(targets, key=lambda p: (_box_distance(box, p), p))
    if _box_distance(box, target) <= LEADER_MIN:
        return None
    start = (min(max(target[0], box[0]), box[2]), min(max(target[1], box[1]), box[3]))
    return start, target
