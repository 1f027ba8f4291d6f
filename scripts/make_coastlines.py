"""Cut the coastlines of the disputed-islands region out of Natural Earth.

What it reads
    ``land-10m.json`` from the npm package ``world-atlas`` (version 2.x), a
    TopoJSON rendering of the Natural Earth 1:10m land polygons (Natural Earth
    data is in the public domain). Obtain it with the ordinary npm client, into
    a scratch folder outside the project::

        mkdir -p /tmp/world-atlas && cd /tmp/world-atlas && npm install world-atlas@2

    The file is then ``/tmp/world-atlas/node_modules/world-atlas/land-10m.json``.

What it writes
    ``content/map/coastlines.json`` (or the path given with ``--out``): the land
    inside lon 144.5-149.0 E, lat 43.0-46.0 N, clipped to that rectangle
    (Sutherland-Hodgman), simplified (Douglas-Peucker) and rounded to four
    decimals, grouped into the features ``iturup``, ``kunashir``, ``shikotan``,
    ``habomai`` (all Habomai islets), ``hokkaido`` (eastern Hokkaido, with
    satellite islets and spits such as Notsuke) and ``other``.

How to run it (from the repository root)::

    python scripts/make_coastlines.py /tmp/world-atlas/node_modules/world-atlas/land-10m.json

Options: ``--out PATH``, ``--tolerance DEGREES`` (Douglas-Peucker, default
0.002), ``--date YYYY-MM-DD`` (the "extracted" stamp, default today). The
output is deterministic for a given input, tolerance and date.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import pathlib
import sys
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from briefing.map.geometry import clip_polygon  # noqa: E402 - the same clipping the map draws with

Point = tuple[float, float]
Ring = list[Point]

WEST, EAST, SOUTH, NORTH = 144.5, 149.0, 43.0, 46.0

# Reference points (lon, lat) used to name the polygons.
REFERENCE_POINTS: dict[str, Point] = {
    "iturup": (147.9, 45.0),
    "kunashir": (145.9, 44.1),
    "shikotan": (146.75, 43.8),
    "hokkaido": (144.8, 43.5),
}
# The Habomai islets lie inside this lon/lat box (west, east, south, north).
HABOMAI_BOX = (145.8, 146.45, 43.35, 43.7)
# An islet this close (km) to a named island is counted as part of it.
SATELLITE_KM = 10.0
FEATURE_ORDER = ("iturup", "kunashir", "shikotan", "habomai", "hokkaido", "other")

DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "content" / "map" / "coastlines.json"


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Undo TopoJSON quantisation: arcs are delta-encoded integer positions."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        x = y = 0
        ring: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def assemble_ring(arc_ids: list[int], arcs: list[Ring]) -> Ring:
    """Join arcs into a ring; a negative index ~i means arc i reversed."""
    ring: Ring = []
    for index in arc_ids:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        ring.extend(arc if not ring else arc[1:])
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def land_polygons(topo: dict[str, Any]) -> list[list[Ring]]:
    """All land polygons (outer ring first, then holes) of the TopoJSON."""
    arcs = decode_arcs(topo)
    polygons: list[list[Ring]] = []
    for geometry in topo["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for part in parts:
            polygons.append([assemble_ring(ids, arcs) for ids in part])
    return polygons


def clip_ring(ring: Ring) -> Ring:
    """Sutherland-Hodgman clipping of a ring against the bounding rectangle."""
    return [(x, y) for x, y in clip_polygon(ring, (WEST, SOUTH, EAST, NORTH))]


def ring_area(ring: Ring) -> float:
    """Signed shoelace area in square degrees."""
    return 0.5 * sum(
        ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring))
    )


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """Simplify an open polyline, keeping both end points (iterative)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_dist = -1, tolerance
        for i in range(first + 1, last):
            dist = _segment_distance(points[i], points[first], points[last])
            if dist > best_dist:
                best, best_dist = i, dist
        if best >= 0:
            keep[best] = True
            stack.extend(((first, best), (best, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    # measured in degrees with longitude shrunk by cos(lat), i.e. roughly isotropic
    k = math.cos(math.radians(44.5))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], p[0] * k, p[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring, split at its two mutually far points."""
    if len(ring) < 8:
        return ring
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(start, ring[i]))
    half1 = douglas_peucker(ring[: far + 1], tolerance)
    half2 = douglas_peucker(ring[far:] + [start], tolerance)
    out = half1[:-1] + half2[:-1]
    # a tiny islet must stay a polygon rather than collapse into a line
    return out if len(out) >= 4 else ring


def point_in_ring(point: Point, ring: Ring) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for i in range(len(ring)):
        (x1, y1), (x2, y2) = ring[i - 1], ring[i]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def km_between(a: Point, b: Point) -> float:
    """Equirectangular distance; plenty at a few tens of km."""
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    return 111.2 * math.hypot((a[0] - b[0]) * k, a[1] - b[1])


def name_polygons(rings: list[Ring]) -> dict[str, list[Ring]]:
    """Give every outer ring a feature id (see module docstring)."""
    named: dict[str, list[Ring]] = {fid: [] for fid in FEATURE_ORDER}
    pending: list[Ring] = []
    w, e, s, n = HABOMAI_BOX
    for ring in rings:
        owner = next((f for f, p in REFERENCE_POINTS.items() if point_in_ring(p, ring)), None)
        cx = sum(p[0] for p in ring) / len(ring)
        cy = sum(p[1] for p in ring) / len(ring)
        if owner is None and w <= cx <= e and s <= cy <= n:
            owner = "habomai"
        if owner is None:
            pending.append(ring)
        else:
            named[owner].append(ring)
    for ring in pending:
        named[_nearest_feature(ring, named)].append(ring)
    return {fid: named[fid] for fid in FEATURE_ORDER if named[fid]}


def _nearest_feature(ring: Ring, named: dict[str, list[Ring]]) -> str:
    best, best_km = "other", SATELLITE_KM
    for fid in FEATURE_ORDER[:-1]:
        for other in named[fid]:
            km = min(km_between(p, q) for p in ring for q in other)
            if km < best_km:
                best, best_km = fid, km
    return best


def build(topo: dict[str, Any], tolerance: float) -> dict[str, list[Ring]]:
    """Clip, drop slivers, simplify, orient counter-clockwise, round."""
    kept: list[Ring] = []
    for polygon in land_polygons(topo):
        # holes (lakes) are ignored: none matters at locator-map scale
        ring = clip_ring(polygon[0])
        if len(ring) < 3 or abs(ring_area(ring)) < 1e-6:
            continue  # the polygon only grazes the rectangle
        ring = simplify_ring(ring, tolerance)
        if ring_area(ring) < 0:
            ring.reverse()
        rounded = [(round(x, 4), round(y, 4)) for x, y in ring]
        kept.append([p for i, p in enumerate(rounded) if p != rounded[i - 1]])
    kept.sort(key=lambda r: (-abs(ring_area(r)), r[0]))
    return name_polygons(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("dataset", type=pathlib.Path, help="world-atlas land-10m.json")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=0.002)
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    args = parser.parse_args(argv)
    topo = json.loads(args.dataset.read_text(encoding="utf-8"))
    package = args.dataset.parent / "package.json"
    version = (
        json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "2"
    )
    features = build(topo, args.tolerance)
    document = {
        "source": f"Natural Earth 10m land (world-atlas {version})",
        "licence": "Public domain (Natural Earth)",
        "extracted": args.date,
        "bounds": {"west": WEST, "east": EAST, "south": SOUTH, "north": NORTH},
        "features": [
            {"id": fid, "rings": [[[x, y] for x, y in ring] for ring in rings]}
            for fid, rings in features.items()
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    summary = ", ".join(
        f"{fid}: {len(r)} rings/{sum(map(len, r))} pts" for fid, r in features.items()
    )
    sys.stderr.write(f"wrote {args.out} ({len(text) + 1} bytes): {summary}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
