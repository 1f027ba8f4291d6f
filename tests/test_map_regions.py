"""Maps of regions chosen to be hard, each checked from its SVG alone: the coast stays in
the frame, labels neither overlap nor leave the frame nor cross a coast, the inset frames
the region, and the projection suits where the region lies."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from briefing.map.data import MapLabel, MapSpec, MapText
from briefing.map.draw import draw_map
from briefing.map.region import GeoBox, box_region, fit_region
from briefing.map.svg import label_boxes

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Region:
    region: GeoBox
    lang: str
    places: list[tuple[str, float, float]]
    """Names of land, at a point on it."""
    marks: list[tuple[str, float, float]] = field(default_factory=list)
    """Names of points, drawn with a dot."""
    projection: str = ""
    """What the automatic choice must be (the start of its PROJ string)."""

    def labels(self) -> list[MapLabel]:
        return ([MapLabel(f"p{i}", text, lon, lat, self.lang)
                 for i, (text, lon, lat) in enumerate(self.places)]
                + [MapLabel(f"m{i}", text, lon, lat, self.lang, marker=True)
                   for i, (text, lon, lat) in enumerate(self.marks)])


CHUKOTKA = [("Анадырь", 177.51, 64.73), ("Провидения", -173.23, 64.42),
            ("Уэлен", -169.81, 66.16), ("Эгвекинот", -179.12, 66.32)]
JAPAN_CITIES = [("東京", 139.69, 35.69), ("大阪", 135.50, 34.69), ("札幌", 141.35, 43.06),
                ("福岡", 130.40, 33.59), ("仙台", 140.87, 38.27)]

REGIONS = {
    # across the antimeridian: a fit over places on either side of 180°
    "chukotka": Region(fit_region([(lon, lat) for _, lon, lat in CHUKOTKA], 60), "ru",
                       [("Чукотка", -174.0, 66.0)], CHUKOTKA, "+proj=lcc"),
    # near a pole
    "svalbard": Region(box_region(8, 35, 76, 81), "en",
                       [("Spitsbergen", 16.0, 78.5), ("Nordaustlandet", 22.5, 79.8)],
                       [("Longyearbyen", 15.63, 78.22)], "+proj=stere"),
    # round a pole, which lies on land the data draws without an edge to it
    "south-pole": Region(box_region(-180, 180, -90, -72), "en",
                         [("Antarctica", 40.0, -80.0)], [("South Pole", 0.0, -90.0)],
                         "+proj=stere"),
    # in the tropics
    "sri-lanka": Region(box_region(79.3, 82.2, 5.7, 10.0), "en", [("Sri Lanka", 80.7, 7.8)],
                        [("Colombo", 79.86, 6.93), ("Jaffna", 80.01, 9.66),
                         ("Trincomalee", 81.23, 8.57), ("Galle", 80.22, 6.03)],
                        "+proj=merc"),
    # very small: two islands some 40 km across
    "malta": Region(box_region(14.15, 14.6, 35.78, 36.1), "en",
                    [("Malta", 14.44, 35.89), ("Gozo", 14.25, 36.04)],
                    [("Valletta", 14.514, 35.899), ("Mdina", 14.403, 35.886)], "+proj=lcc"),
    # country-sized, in Japanese
    "japan": Region(fit_region([(lon, lat) for _, lon, lat in JAPAN_CITIES], 150), "ja",
                    [("北海道", 142.8, 43.4), ("本州", 138.5, 36.5), ("九州", 131.0, 32.6),
                     ("四国", 133.5, 33.7)], JAPAN_CITIES, "+proj=lcc"),
}


def degree(value: float, hemisphere: str) -> str:
    return f"{value:g}°{hemisphere}"


def text_for(lang: str) -> MapText:
    return MapText(title="Map", description="A map", degree_label=degree,
                   length_label=lambda km: f"{km:g} km", lang=lang, langs=(lang,))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("map-cache")


@pytest.fixture(scope="module", params=sorted(REGIONS))
def drawn(request: pytest.FixtureRequest, cache: Path) -> tuple[str, str, list[str]]:
    """Each region's map, and every warning its drawing logged."""
    name = request.param
    region = REGIONS[name]
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("briefing.map")
    logger.addHandler(handler)
    try:
        svg = draw_map(MapSpec(region.region), region.labels(), text_for(region.lang),
                       cache=cache)
    finally:
        logger.removeHandler(handler)
    return name, svg, records


def numbers(d: str) -> list[tuple[float, float]]:
    values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(values[0::2], values[1::2], strict=True))


def rings(d: str) -> list[list[tuple[float, float]]]:
    return [numbers(body) for body in re.findall(r"M([^MZ]*)Z", d)]


def rect(node: ET.Element) -> Box:
    x, y, w, h = (float(node.get(k, "0")) for k in ("x", "y", "width", "height"))
    return x, y, x + w, y + h


def main_land(root: ET.Element) -> list[list[tuple[float, float]]]:
    found = []
    for node in root.iter(SVG + "path"):
        if "land" in (node.get("class") or "").split():
            found += rings(node.get("d", ""))
    return found


def coast_lines(root: ET.Element, frame: Box) -> shapely.Geometry:
    """Every land edge that is a coast, not a cut along the frame."""
    edges = []
    for ring in main_land(root):
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            on_frame = any(abs(a[i] - v) < 0.06 and abs(b[i] - v) < 0.06
                           for i, v in ((0, frame[0]), (0, frame[2]), (1, frame[1]),
                                        (1, frame[3])))
            if not on_frame and a != b:
                edges.append(LineString([a, b]))
    return shapely.union_all(edges)


def test_the_coast_stays_inside_the_frame(drawn: tuple[str, str, list[str]]) -> None:
    _, svg, _ = drawn
    root = ET.fromstring(svg)
    frame = rect(root.find(f"{SVG}rect[@class='frame']"))  # type: ignore[arg-type]
    points = [p for ring in main_land(root) for p in ring]
    assert len(points) > 20
    for x, y in points:
        assert frame[0] - 0.05 <= x <= frame[2] + 0.05 and frame[1] - 0.05 <= y <= frame[3] + 0.05


def test_labels_are_all_placed_apart_inside_the_frame_and_off_the_coast(
        drawn: tuple[str, str, list[str]]) -> None:
    name, svg, warnings = drawn
    root = ET.fromstring(svg)
    frame = rect(root.find(f"{SVG}rect[@class='frame']"))  # type: ignore[arg-type]
    boxes = label_boxes(svg)
    assert sorted(t for t, _ in boxes) == sorted(lab.text for lab in REGIONS[name].labels())
    assert not warnings, warnings
    coast = coast_lines(root, frame)
    for i, (text, b) in enumerate(boxes):
        assert frame[0] <= b[0] and b[2] <= frame[2] and frame[1] <= b[1] and b[3] <= frame[3]
        assert not coast.intersects(box(*b)), f"{text} crosses a coastline"
        for other, c in boxes[i + 1:]:
            assert b[2] <= c[0] or c[2] <= b[0] or b[3] <= c[1] or c[3] <= b[1], (text, other)
    dots = [(float(c.get("cx", 0)), float(c.get("cy", 0))) for c in root.iter(SVG + "circle")]
    assert len(dots) == len(REGIONS[name].marks)
    for x, y in dots:
        assert frame[0] <= x <= frame[2] and frame[1] <= y <= frame[3]
        assert not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for _, b in boxes)


def test_the_inset_frames_the_region(drawn: tuple[str, str, list[str]]) -> None:
    _, svg, _ = drawn
    root = ET.fromstring(svg)
    frame = rect(root.find(f"{SVG}rect[@class='frame']"))  # type: ignore[arg-type]
    inset = root.find(f"{SVG}g[@class='inset']")
    assert inset is not None
    inset_frame = rect(inset.find(f"{SVG}rect[@class='inset-frame']"))  # type: ignore[arg-type]
    assert frame[0] <= inset_frame[0] and inset_frame[2] <= frame[2]
    assert frame[1] <= inset_frame[1] and inset_frame[3] <= frame[3]
    marked = inset.find(f"{SVG}path[@class='inset-region']")
    assert marked is not None
    outline = Polygon(numbers(marked.get("d", "").replace("Z", "")))
    assert outline.area >= 16  # large enough to see
    assert box(*inset_frame).buffer(0.05).contains(outline)
    # the inset hides no name
    assert all(not box(*b).intersects(box(*inset_frame)) for _, b in label_boxes(svg))


def test_the_projection_suits_the_region(drawn: tuple[str, str, list[str]]) -> None:
    name, svg, _ = drawn
    assert ET.fromstring(svg).get("data-projection", "").startswith(REGIONS[name].projection)


def test_across_the_antimeridian_the_land_has_no_seam(cache: Path) -> None:
    region = REGIONS["chukotka"]
    svg = draw_map(MapSpec(region.region), region.labels(), text_for("ru"), cache=cache)
    root = ET.fromstring(svg)
    assert "+lon_0=-17" in root.get("data-projection", "")  # centred across 180°
    x180 = next(float(t.get("x", 0)) for t in root.iter(SVG + "text") if t.text == "180°")
    # one ring of the mainland reaches well to either side of the 180th meridian
    assert any(min(x for x, _ in ring) < x180 - 50 < x180 + 50 < max(x for x, _ in ring)
               for ring in main_land(root))


def test_round_the_south_pole_the_pole_is_on_land(cache: Path) -> None:
    region = REGIONS["south-pole"]
    svg = draw_map(MapSpec(region.region), region.labels(), text_for("en"), cache=cache)
    root = ET.fromstring(svg)
    pole = next(root.iter(SVG + "circle"))
    at = shapely.Point(float(pole.get("cx", 0)), float(pole.get("cy", 0)))
    assert any(Polygon(ring).buffer(0).contains(at) for ring in main_land(root))


def test_a_label_with_no_room_is_left_out_with_a_warning(
        cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    region = REGIONS["malta"]
    crowd = [MapLabel("", f"A rather long name {i}", 14.3 + i * 0.005, 35.95, "en",
                      marker=True) for i in range(30)]
    with caplog.at_level(logging.WARNING, logger="briefing.map"):
        svg = draw_map(MapSpec(region.region, inset=False), crowd, text_for("en"),
                       cache=cache)
    placed = [text for text, _ in label_boxes(svg)]
    left_out = [label.text for label in crowd if label.text not in placed]
    assert placed and left_out
    for text in left_out:
        assert any(f"no room for the label {text!r}" in r.getMessage() for r in caplog.records)
    boxes = [b for _, b in label_boxes(svg)]
    for i, b in enumerate(boxes):
        for c in boxes[i + 1:]:
            assert b[2] <= c[0] or c[2] <= b[0] or b[3] <= c[1] or c[3] <= b[1]
