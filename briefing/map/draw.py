"""A map drawn whole: frame, land, graticule, inset, scale, north, dots and labels."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import shapely
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, box

from briefing import cachefiles

from . import svg
from .code import map_code
from .data import LICENCE, SOURCE, MapLabel, MapSpec, MapText, Place
from .furniture import (
    degree_labels,
    furniture_size,
    graticule,
    graticule_for,
    latitude_labels,
    scale_and_north,
)
from .geometry import Features, cut_tolerance, find_features, land_on_page, path_data
from .inset import draw_inset, inset_frame, inset_land
from .labels import Placed, Scene, place_labels
from .land import cut
from .projection import Frame, choose, make_frame
from .settings import (
    ASCENT,
    ASPECT,
    COAST,
    FRAME_INK,
    GRATICULE_FONT,
    HIGHLIGHT,
    INK,
    LAND,
    MARGIN_BOTTOM,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MARKER_RADIUS,
    MIN_MARGIN_LEFT,
    SEA,
    SIMPLIFY,
    SVG_NS,
    VIEW_WIDTH,
    Box,
    Point,
)
from .textwidth import text_width

log = logging.getLogger(__name__)


def layout(spec: MapSpec, text: MapText) -> Frame:
    """The main frame, with room on its left for the latitudes' labels."""
    first = _main_frame(spec, MIN_MARGIN_LEFT)
    envelope = first.envelope()
    labels = latitude_labels(graticule_for(envelope, first), first, envelope, text)
    widest = max((text_width(label, GRATICULE_FONT, text.langs or (text.lang,))
                  for label, _ in labels), default=0.0)
    # a fixed minimum keeps the map the same size in every edition
    margin = max(MIN_MARGIN_LEFT, widest + 6)
    return first if margin == MIN_MARGIN_LEFT else _main_frame(spec, margin)


def _main_frame(spec: MapSpec, margin: float) -> Frame:
    return make_frame(choose(spec.region, spec.projection), spec.region,
                      (margin, MARGIN_TOP), VIEW_WIDTH - margin - MARGIN_RIGHT, ASPECT)


@functools.lru_cache(maxsize=16)
def _page_land(frame: Frame, cache: Path | None) -> tuple[Polygon, ...]:
    """The land a frame shows, in points. Every edition of a map has the same (only
    the labels differ): worked out once per process, by `prepare` before processes
    fork, and kept in the cache folder (editions whose latitudes' labels are wider
    get a frame of their own)."""
    def load(kept: bytes) -> tuple[Polygon, ...] | None:
        found = shapely.from_wkb(kept)
        parts = tuple(getattr(found, "geoms", ()))
        return parts if isinstance(found, GeometryCollection) and \
            all(isinstance(part, Polygon) for part in parts) else None

    return cachefiles.remembered(
        cache, cachefiles.key("page land", map_code(), repr(frame), repr(SIMPLIFY)),
        lambda: tuple(land_on_page(_cut(frame, cache), frame, frame.envelope(), SIMPLIFY)),
        lambda land: shapely.to_wkb(GeometryCollection(land), output_dimension=2,
                                    byte_order=1), load)


@functools.lru_cache(maxsize=16)
def _inset(main: Frame, inset: Frame, cache: Path | None) -> tuple[str, ...]:
    """The inset's SVG, the same in every edition whose map puts it in the same
    corner; kept in the cache folder too."""
    def load(kept: bytes) -> tuple[str, ...] | None:
        parts = json.loads(kept)
        return tuple(parts) if isinstance(parts, list) and \
            all(isinstance(part, str) for part in parts) else None

    return cachefiles.remembered(
        cache, cachefiles.key("inset", map_code(), repr(main), repr(inset)),
        lambda: tuple(draw_inset(main, inset, cache)),
        lambda drawn: json.dumps(drawn, ensure_ascii=False).encode("utf-8"), load)


def _cut(frame: Frame, cache: Path | None) -> MultiPolygon:
    envelope = frame.envelope()
    return cut(envelope, cut_tolerance(frame, envelope, SIMPLIFY, VIEW_WIDTH), cache)


def prepare(spec: MapSpec, cache: Path | None) -> None:
    """Cut the land the map and its inset show (or read the cuts from the cache), so that
    processes forked after this inherit them."""
    projection = choose(spec.region, spec.projection)
    frame = make_frame(projection, spec.region, (0.0, 0.0), VIEW_WIDTH, ASPECT)
    _cut(frame, cache)
    if spec.inset:
        inset_land(inset_frame(frame, spec.region, (0.0, 0.0)), cache)
    _page_land(_main_frame(spec, MIN_MARGIN_LEFT), cache)  # the frame most editions get


def draw_map(spec: MapSpec, labels: Sequence[MapLabel], text: MapText, *,
             id_prefix: str = "briefing-map", cache: Path | None = None) -> str:
    """The map as an SVG document string (deterministic)."""
    frame = layout(spec, text)
    envelope = frame.envelope()
    land = list(_page_land(frame, cache))
    shown = [label for label in labels if _within(frame, label)]
    features = find_features(land, _places(spec, shown), frame)
    anchors = [frame.pt(label.lon, label.lat) for label in shown]
    inset_box, bar_box = _corners(frame, spec, text, land, anchors)
    marker_svg, marker_boxes = _markers(shown, anchors)
    obstacles = tuple(b for b in (inset_box, bar_box) if b is not None) + tuple(marker_boxes)
    scene = Scene(frame.box, land, features, obstacles)
    placed = place_labels(shown, anchors, scene, text.langs or (text.lang,))
    grid = graticule_for(envelope, frame)
    body = [
        svg.el("title", [("id", f"{id_prefix}-title")], text.title),
        svg.el("desc", [("id", f"{id_prefix}-desc")], text.description),
        svg.comment(f"Projection: {frame.projection.definition}. Coastlines: {SOURCE}; "
                    f"{LICENCE}."),
        svg.rect(frame.box, "sea", SEA),
        *_land(land, features, spec.highlight),
        graticule(grid, frame, envelope),
        *degree_labels(grid, frame, envelope, text),
        svg.rect(frame.box, "frame", "none", FRAME_INK),
    ]
    if inset_box is not None:
        body += _inset(frame, inset_frame(frame, spec.region, inset_box[:2]), cache)
    if bar_box is not None:
        body += scale_and_north(frame, text, bar_box)
    body += [*marker_svg, svg.open_tag("g", [("class", "labels")]),
             *[line for p in placed for line in _label_svg(p, text)], "</g>"]
    height = frame.box[3] + MARGIN_BOTTOM
    head = svg.open_tag("svg", [
        ("xmlns", SVG_NS), ("class", "locator-map"),
        ("viewBox", f"0 0 {svg.num(VIEW_WIDTH)} {svg.num(height)}"),
        ("width", f"{svg.num(VIEW_WIDTH)}pt"), ("height", f"{svg.num(height)}pt"),
        ("role", "img"), ("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc"),
        ("lang", text.lang), ("xml:lang", text.lang),
        ("data-projection", frame.projection.definition)])
    return "\n".join([head, *body, "</svg>"]) + "\n"


def _within(frame: Frame, label: MapLabel) -> bool:
    if frame.contains(frame.pt(label.lon, label.lat)):
        return True
    log.warning("map: %r lies outside the map's frame; it is not labelled", label.text)
    return False


def _places(spec: MapSpec, labels: Sequence[MapLabel]) -> list[Place]:
    known = {place.id for place in spec.places}
    extra = [Place(label.feature_id, label.lon, label.lat) for label in labels
             if label.feature_id and not label.marker and label.feature_id not in known]
    return [*spec.places, *extra]


def _corners(frame: Frame, spec: MapSpec, text: MapText, land: Sequence[Polygon],
             anchors: Sequence[Point]) -> tuple[Box | None, Box | None]:
    """The inset and the scale bar each take a corner of the frame: those that hide the
    least land and no named place."""
    left, top, right, bottom = frame.box
    everything = MultiPolygon(list(land))  # the land never overlaps

    def at(corner: str, w: float, h: float, pad: float) -> Box:
        x = left + pad if "left" in corner else right - pad - w
        y = top + pad if "top" in corner else bottom - pad - h
        return x, y, x + w, y + h

    def cost(area: Box, corner: str) -> float:
        hidden = shapely.intersection(everything, box(*area)).area / max(
            (area[2] - area[0]) * (area[3] - area[1]), 1e-9)
        grown = (area[0] - 8, area[1] - 8, area[2] + 8, area[3] + 8)
        covered = sum(grown[0] <= x <= grown[2] and grown[1] <= y <= grown[3]
                      for x, y in anchors)
        return hidden + 10 * covered + (0.05 if "top" in corner else 0.0)

    corners = ("bottom-right", "bottom-left", "top-right", "top-left")
    inset_box: Box | None = None
    used = ""
    if spec.inset:
        size = inset_frame(frame, spec.region, (0.0, 0.0)).box
        w, h = size[2] - size[0], size[3] - size[1]
        used = min(corners, key=lambda c: (cost(at(c, w, h, 0.0), c), c))
        inset_box = at(used, w, h, 0.0)
    w, h = furniture_size(frame, text)
    rest = [c for c in corners if c != used]
    place = min(rest, key=lambda c: (cost(at(c, w, h, 6.0), c), c))
    return inset_box, at(place, w, h, 6.0)


def _land(land: Sequence[Polygon], features: Features, highlight: frozenset[str]) -> list[str]:
    owned = {i for indexes in features.owned.values() for i in indexes}
    plain = [p for i, p in enumerate(land) if i not in owned]
    out = [svg.path("land", path_data(plain), fill=LAND, stroke=COAST, width=0.45,
                    extra=[("fill-rule", "evenodd"), ("stroke-linejoin", "round")])]
    for fid, indexes in features.owned.items():
        if not indexes:
            continue
        tinted = fid in highlight
        out.append(svg.path("land highlight" if tinted else "land",
                            path_data([land[i] for i in indexes]),
                            fill=HIGHLIGHT if tinted else LAND, stroke=COAST, width=0.45,
                            extra=[("data-feature", fid), ("fill-rule", "evenodd"),
                                   ("stroke-linejoin", "round")]))
    return out


def _markers(labels: Sequence[MapLabel], anchors: Sequence[Point]) -> tuple[list[str], list[Box]]:
    out, boxes = [], []
    for label, (x, y) in zip(labels, anchors, strict=True):
        if label.marker:
            out.append(svg.el("circle", [("class", "marker"), ("cx", x), ("cy", y),
                                         ("r", MARKER_RADIUS), ("fill", INK),
                                         ("stroke", "#ffffff"), ("stroke-width", "0.6")]))
            r = MARKER_RADIUS + 0.5
            boxes.append((x - r, y - r, x + r, y + r))
    return out, boxes


def _label_svg(p: Placed, text: MapText) -> list[str]:
    out = []
    if p.leader is not None:
        (x1, y1), (x2, y2) = p.leader
        out.append(svg.path("leader", f"M{svg.num(x1)} {svg.num(y1)}L{svg.num(x2)} "
                                      f"{svg.num(y2)}"))
    out.append(svg.text("map-label", p.box[0], p.box[1] + ASCENT * p.size, p.size,
                        p.label.text, p.label.lang, text.langs or (p.label.lang,),
                        for_print=text.for_print))
    return out
