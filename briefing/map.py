"""Locator map of the disputed islands off Hokkaido, drawn as a self-contained SVG.

Projection: Lambert conformal conic on a sphere (R = 6371.0088 km), standard
parallels 43.5°N and 45.5°N, central meridian 146.75°E, latitude of origin
44.5°N. The map frame is the largest axis-aligned rectangle inside the
projected quadrangle lon 144.5-149.0°E, lat 43.0-45.62°N; the viewBox is in
points, 480 wide, so it fits an A4 text column.

The SVG uses presentation attributes only (no CSS, no ids other than the
prefixed <title>/<desc>, no references of any kind), so it renders the same
inline in HTML, in WeasyPrint and in a browser. Labels are placed with real
font metrics (Noto Sans, falling back to Noto Sans CJK JP per character, the
same order as the font-family list) so that they overlap neither each other
nor the coastline of the place they name.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import pathlib
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import uharfbuzz as hb

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in SVG points, y down

# --- projection -----------------------------------------------------------
EARTH_RADIUS_KM = 6371.0088
STANDARD_PARALLELS = (43.5, 45.5)
CENTRAL_MERIDIAN = 146.75
ORIGIN_LATITUDE = 44.5
FRAME_GEO = (144.5, 149.0, 43.0, 45.62)  # west, east, south, north

# --- page geometry (points) -------------------------------------------------
VIEW_WIDTH = 480.0
MARGIN_TOP = 5.0
MIN_MARGIN_LEFT = 34.0  # room for the latitude labels
MARGIN_RIGHT = 5.0
MARGIN_BOTTOM = 13.0
GRATICULE_FONT = 7.0
LABEL_FONT = 8.5
MARKER_FONT = 7.5
MARKER_RADIUS = 2.0
# Vertical extent of a line of text relative to the font size: covers
# accented capitals (Й), descenders and the CJK ideographic face.
ASCENT = 0.9
DESCENT = 0.24
FONT_FAMILY = "'Noto Sans','Noto Sans CJK JP',sans-serif"
"""No spaces after the commas: WeasyPrint's SVG text splits on ',' and strips only quotes."""
LATIN_FAMILY = "Noto Sans"
CJK_FAMILY = "Noto Sans CJK JP"

# --- colours ---------------------------------------------------------------
SEA = "#e8f1f8"
LAND = "#e5e3dc"
DISPUTED = "#f2d39b"
COAST = "#6b6b6b"
GRATICULE = "#a9bccb"
INK = "#1e1e1e"
DISPUTED_IDS = ("iturup", "kunashir", "shikotan", "habomai")

# --- label placement --------------------------------------------------------
LABEL_GAP = 1.0  # half the clear space kept between a label and anything else
DISTANCES = (2.0, 4.0, 7.0, 10.0, 14.0, 18.0, 23.0, 29.0, 36.0, 44.0, 53.0, 63.0, 75.0)
# (dx, dy, penalty): right first, as in conventional cartographic placement
DIRECTIONS = (
    (1, 0, 0.0),
    (-1, 0, 2.0),
    (0, -1, 4.0),
    (0, 1, 4.0),
    (1, -1, 5.0),
    (1, 1, 5.0),
    (-1, -1, 6.0),
    (-1, 1, 6.0),
)
# Soft costs, in the same unit as the offset distance (points). A label that
# straddles a coastline reads worst; island names belong on the sea, while a
# town or cape name may sit on land.
CROSS_PENALTY = 30.0  # per feature (other than the named one) whose coast the box touches
LAND_PENALTY = 5.0  # per sampled point of a place-name box that falls on land
MARKER_LAND_PENALTY = 1.0  # the same for a point marker's label
LEADER_MIN = 5.0  # draw a leader line when the label is further than this
SEARCH_LIMIT = 40000
KEEP_CANDIDATES = 12  # per label: enough for the search to resolve collisions
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Coastlines:
    """Coastline rings of the map region, as stored in coastlines.json."""

    source: str
    licence: str
    extracted: str
    west: float
    east: float
    south: float
    north: float
    features: dict[str, tuple[tuple[tuple[float, float], ...], ...]]


def load_coastlines(path: pathlib.Path) -> Coastlines:
    """Read the JSON written by scripts/make_coastlines.py."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bounds = data["bounds"]
    features = {
        str(f["id"]): tuple(tuple((float(x), float(y)) for x, y in ring) for ring in f["rings"])
        for f in data["features"]
    }
    return Coastlines(
        source=str(data["source"]),
        licence=str(data["licence"]),
        extracted=str(data["extracted"]),
        west=float(bounds["west"]),
        east=float(bounds["east"]),
        south=float(bounds["south"]),
        north=float(bounds["north"]),
        features=features,
    )


@dataclass(frozen=True)
class MapLabel:
    """One place name (or point marker) to put on the map."""

    feature_id: str
    text: str
    lon: float
    lat: float
    lang: str
    marker: bool = False


@dataclass(frozen=True)
class MapText:
    """Edition-specific strings for the map."""

    title: str
    description: str
    scale_label: str
    scale_km: float
    degree_label: Callable[[float, str], str]
    lang: str


# --- projection -----------------------------------------------------------


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


# --- font metrics -----------------------------------------------------------


@dataclass(frozen=True)
class _FontMetrics:
    font: hb.Font | None
    upem: float

    def advance(self, code: int) -> float | None:
        """Advance in em of the font's glyph for a code point, or None if it has none."""
        if self.font is None:
            return None
        glyph = self.font.get_nominal_glyph(code)
        return None if glyph is None else self.font.get_glyph_h_advance(glyph) / self.upem


@functools.cache
def _font(family: str) -> _FontMetrics:
    """Metrics of the font fontconfig picks for family (cached), read with HarfBuzz."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        path, _, index = found.partition("|")
        face = hb.Face(hb.Blob.from_file_path(path), int(index or 0))
    except (OSError, ValueError, subprocess.SubprocessError):
        return _FontMetrics(None, 1.0)  # no fonts: _advance falls back to estimates
    return _FontMetrics(hb.Font(face), float(face.upem))


@functools.cache
def _advance(char: str) -> float:
    """Advance in em, taking the first font of the family list that has it."""
    cp = ord(char)
    for family in (LATIN_FAMILY, CJK_FAMILY):
        width = _font(family).advance(cp)
        if width is not None:
            return width
    # an unknown glyph: assume a full-width character, which errs on the wide side
    return 1.0


def _text_width(text: str, size: float) -> float:
    """Width of text set in the map's font stack (no kerning, so a bit wide)."""
    return sum(_advance(c) for c in text) * size


# --- geometry ---------------------------------------------------------------


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


# --- label placement --------------------------------------------------------


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


# --- SVG output -------------------------------------------------------------

Attrs = Sequence[tuple[str, str | float]]


def _num(v: float) -> str:
    text = f"{round(v, 1):.1f}"
    return "0.0" if text == "-0.0" else text


def _el(tag: str, attrs: Attrs, content: str | None = None) -> str:
    """One element; numbers are rounded to 0.1 and every string is escaped."""
    if tag == "text":
        # WeasyPrint's SVG text does not inherit font-family from a <g>: name it on each.
        attrs = [*attrs, ("font-family", FONT_FAMILY)]
    parts = [tag]
    for key, value in attrs:
        shown = _num(value) if isinstance(value, float | int) else value
        parts.append(f'{key}="{escape(shown, {chr(34): "&quot;"})}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{escape(content)}</{tag}>"


def _path_d(rings: Sequence[Sequence[Point]]) -> str:
    parts = []
    for ring in rings:
        pts = [f"{_num(x)} {_num(y)}" for x, y in ring]
        parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _projected_features(coast: Coastlines, layout: _Layout) -> dict[str, list[list[Point]]]:
    out: dict[str, list[list[Point]]] = {}
    for fid in sorted(coast.features, key=_feature_rank):
        rings = []
        for ring in coast.features[fid]:
            projected = [layout.pt(lon, lat) for lon, lat in ring]
            clipped = clip_polygon(projected, layout.frame)
            if len(clipped) >= 3:
                rings.append(clipped)
        out[fid] = rings
    return out


def _feature_rank(fid: str) -> tuple[int, str]:
    # painting order: mainland first, the disputed islands on top
    order = ("hokkaido", "other", *DISPUTED_IDS)
    return (order.index(fid) if fid in order else len(order), fid)


def _graticule(layout: _Layout, text: MapText) -> list[str]:
    """1° meridians and parallels, clipped by hand (no clipPath references)."""
    west, east, south, north = FRAME_GEO
    lines: list[list[Point]] = []
    for lon in range(math.floor(west) - 1, math.ceil(east) + 2):
        lines.append([layout.pt(lon, lat / 10) for lat in range(420, 471, 10)])
    for lat in range(math.floor(south) - 1, math.ceil(north) + 2):
        # parallels are arcs: sample every 0.05°
        lines.append([layout.pt(lon / 20, lat) for lon in range(2860, 3000)])
    d = "".join(_polyline_d(line, layout.frame) for line in lines)
    attrs: Attrs = [
        ("class", "graticule"),
        ("d", d),
        ("fill", "none"),
        ("stroke", GRATICULE),
        ("stroke-width", "0.35"),
    ]
    return [_el("path", attrs), *_degree_labels(layout, text)]


def _polyline_d(line: Sequence[Point], box: Box) -> str:
    parts: list[str] = []
    last: Point | None = None
    for a, b in itertools.pairwise(line):
        seg = _clip_segment(a, b, box)
        if seg is None:
            continue
        if last is None or math.dist(last, seg[0]) > 1e-6:
            parts.append(f"M{_num(seg[0][0])} {_num(seg[0][1])}")
        parts.append(f"L{_num(seg[1][0])} {_num(seg[1][1])}")
        last = seg[1]
    return "".join(parts)


def _degree_labels(layout: _Layout, text: MapText) -> list[str]:
    """Latitudes at the left edge, longitudes at the bottom edge."""
    left, top, right, bottom = layout.frame
    out: list[str] = []
    for lat in range(43, 47):
        # where the parallel (a circle of radius rho) meets the left edge
        rho = layout.proj.rho(lat)
        y_km = layout.proj.rho0 - math.sqrt(rho**2 - layout.x_min**2)
        y = layout.km_to_pt(layout.x_min, y_km)[1]
        if top + 4 < y < bottom - 4:
            label = text.degree_label(float(lat), "N")
            out.append(_small_text(label, left - 3, y + 2.5, "end", text.lang))
    for lon in range(144, 150):
        x = _meridian_at_bottom(layout, lon)
        if left + 6 < x < right - 6:
            label = text.degree_label(float(lon), "E")
            half = _text_width(label, GRATICULE_FONT) / 2
            x = min(max(x, half + 1), VIEW_WIDTH - half - 1)
            out.append(_small_text(label, x, bottom + 9, "middle", text.lang))
    return out


def _meridian_at_bottom(layout: _Layout, lon: int) -> float:
    # meridians are straight rays from the cone apex; intersect with y = y_min
    theta = layout.proj.theta(lon)
    y_min = layout.y_max - (layout.frame[3] - layout.frame[1]) / layout.scale
    rho = (layout.proj.rho0 - y_min) / math.cos(theta)
    return layout.km_to_pt(rho * math.sin(theta), y_min)[0]


def _small_text(value: str, x: float, y: float, anchor: str, lang: str) -> str:
    attrs: Attrs = [
        ("class", "graticule-label"),
        ("x", x),
        ("y", y),
        ("font-size", GRATICULE_FONT),
        ("text-anchor", anchor),
        ("fill", "#4d5b66"),
        ("lang", lang),
        ("xml:lang", lang),
    ]
    return _el("text", attrs, value)


def _scale_length(layout: _Layout, km: float, at: Point) -> float:
    """Points that km of ground span at the SVG position at."""
    km_x = layout.x_min + (at[0] - layout.frame[0]) / layout.scale
    km_y = layout.y_max - (at[1] - layout.frame[1]) / layout.scale
    # a conformal conic is true to scale only on the standard parallels
    k = layout.proj.scale_factor(layout.proj.latitude(km_x, km_y))
    return km * k * layout.scale


def _scale_bar(layout: _Layout, text: MapText) -> tuple[list[str], Box]:
    """Bar in the lower right corner, over open sea."""
    right, bottom = layout.frame[2] - 12, layout.frame[3] - 10
    length = _scale_length(layout, text.scale_km, (right, bottom))
    left, mid = right - length, right - length / 2
    d = (
        f"M{_num(left)} {_num(bottom - 3)}V{_num(bottom)}H{_num(right)}V{_num(bottom - 3)}"
        f"M{_num(mid)} {_num(bottom)}V{_num(bottom - 2)}"
    )
    bar: Attrs = [
        ("class", "scale-bar"),
        ("d", d),
        ("fill", "none"),
        ("stroke", INK),
        ("stroke-width", "0.8"),
    ]
    label: Attrs = [
        ("class", "scale-label"),
        ("x", mid),
        ("y", bottom - 5),
        ("font-size", GRATICULE_FONT),
        ("text-anchor", "middle"),
        ("fill", INK),
        ("lang", text.lang),
        ("xml:lang", text.lang),
    ]
    half = max(length, _text_width(text.scale_label, GRATICULE_FONT)) / 2
    top = bottom - 5 - ASCENT * GRATICULE_FONT
    keep_clear = (mid - half - 2, top - 2, mid + half + 2, bottom + 2)
    return [_el("path", bar), _el("text", label, text.scale_label)], keep_clear


def _land(features: dict[str, list[list[Point]]]) -> list[str]:
    out = []
    for fid, rings in features.items():
        if not rings:
            continue
        disputed = fid in DISPUTED_IDS
        attrs: Attrs = [
            ("class", "land disputed" if disputed else "land"),
            ("data-feature", fid),
            ("d", _path_d(rings)),
            ("fill", DISPUTED if disputed else LAND),
            ("stroke", COAST),
            ("stroke-width", "0.45"),
            ("stroke-linejoin", "round"),
        ]
        out.append(_el("path", attrs))
    return out


def _label_svg(p: _Placed) -> list[str]:
    out = []
    if p.leader is not None:
        (x1, y1), (x2, y2) = p.leader
        leader: Attrs = [
            ("class", "leader"),
            ("d", f"M{_num(x1)} {_num(y1)}L{_num(x2)} {_num(y2)}"),
            ("fill", "none"),
            ("stroke", INK),
            ("stroke-width", "0.4"),
        ]
        out.append(_el("path", leader))
    attrs: Attrs = [
        ("class", "map-label"),
        ("x", p.box[0]),
        ("y", p.box[1] + ASCENT * p.size),
        ("font-size", p.size),
        ("fill", INK),
        ("lang", p.label.lang),
        ("xml:lang", p.label.lang),
    ]
    out.append(_el("text", attrs, p.label.text))
    return out


def _markers(labels: Sequence[MapLabel], layout: _Layout) -> tuple[list[str], list[Box]]:
    svg, boxes = [], []
    for label in labels:
        if label.marker:
            x, y = layout.pt(label.lon, label.lat)
            attrs: Attrs = [
                ("class", "marker"),
                ("cx", x),
                ("cy", y),
                ("r", MARKER_RADIUS),
                ("fill", INK),
                ("stroke", "#ffffff"),
                ("stroke-width", "0.6"),
            ]
            svg.append(_el("circle", attrs))
            boxes.append(_grow((x, y, x, y), MARKER_RADIUS + 0.5))
    return svg, boxes


def _comment(coast: Coastlines) -> str:
    note = (
        f"Lambert conformal conic projection, standard parallels {STANDARD_PARALLELS[0]}N and "
        f"{STANDARD_PARALLELS[1]}N, central meridian {CENTRAL_MERIDIAN}E, "
        f"sphere R={EARTH_RADIUS_KM} km. "
        f"Coastlines: {coast.source}; {coast.licence}; extracted {coast.extracted}."
    )
    # "--" may not occur inside an XML comment
    return "<!-- " + escape(re.sub("-{2,}", "-", note)) + " -->"


def _frame_rect(frame: Box, cls: str, fill: str, stroke: str) -> str:
    attrs: Attrs = [
        ("class", cls),
        ("x", frame[0]),
        ("y", frame[1]),
        ("width", frame[2] - frame[0]),
        ("height", frame[3] - frame[1]),
        ("fill", fill),
    ]
    if stroke != "none":
        attrs = [*attrs, ("stroke", stroke), ("stroke-width", "0.6")]
    return _el("rect", attrs)


def _svg_head(layout: _Layout, text: MapText, id_prefix: str) -> str:
    attrs: Attrs = [
        ("xmlns", SVG_NS),
        ("class", "locator-map"),
        ("viewBox", f"0 0 {_num(VIEW_WIDTH)} {_num(layout.height)}"),
        ("width", f"{_num(VIEW_WIDTH)}pt"),
        ("height", f"{_num(layout.height)}pt"),
        ("role", "img"),
        ("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc"),
        ("lang", text.lang),
        ("xml:lang", text.lang),
        ("font-family", FONT_FAMILY),
    ]
    return _el("svg", attrs)[:-2] + ">"


def draw_map(
    coast: Coastlines,
    labels: Sequence[MapLabel],
    text: MapText,
    *,
    id_prefix: str = "briefing-map",
) -> str:
    """The locator map as an SVG document string (deterministic)."""
    widest = max(_text_width(text.degree_label(float(v), "N"), GRATICULE_FONT) for v in (44, 45))
    # a fixed minimum keeps the map the same size in every edition
    layout = _make_layout(max(MIN_MARGIN_LEFT, widest + 6))
    features = _projected_features(coast, layout)
    scale_svg, scale_box = _scale_bar(layout, text)
    marker_svg, marker_boxes = _markers(labels, layout)
    scene = _Scene(layout.frame, features, (scale_box, *marker_boxes))
    placed = _place_all(labels, layout, scene)
    body = [
        _el("title", [("id", f"{id_prefix}-title")], text.title),
        _el("desc", [("id", f"{id_prefix}-desc")], text.description),
        _comment(coast),
        _frame_rect(layout.frame, "sea", SEA, "none"),
        *_land(features),
        *_graticule(layout, text),
        _frame_rect(layout.frame, "frame", "none", "#555555"),
        *scale_svg,
        *marker_svg,
        _el("g", [("class", "labels")])[:-2] + ">",
        *[line for p in placed for line in _label_svg(p)],
        "</g>",
    ]
    return "\n".join([_svg_head(layout, text, id_prefix), *body, "</svg>"]) + "\n"


def label_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Boxes of the place-name labels in an SVG made by draw_map."""
    root = ET.fromstring(svg)
    out: list[tuple[str, Box]] = []
    for node in root.iter(f"{{{SVG_NS}}}text"):
        if node.get("class") != "map-label":
            continue
        value = node.text or ""
        x, y, size = (float(node.get(k, "0")) for k in ("x", "y", "font-size"))
        box = (x, y - ASCENT * size, x + _text_width(value, size), y + DESCENT * size)
        out.append((value, box))
    return out
