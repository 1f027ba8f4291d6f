"""Tests of briefing.map (the SVG locator map) and of the land data it ships."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import shapely
from shapely.geometry import MultiPolygon

from briefing.map import land
from briefing.map.data import LICENCE, SOURCE, MapLabel, MapSpec, MapText, Place
from briefing.map.draw import draw_map
from briefing.map.region import GeoBox
from briefing.map.svg import label_boxes

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ISLANDS = ("iturup", "kunashir", "shikotan", "habomai")

ANCHORS = {
    "iturup": (147.9, 45.0),
    "kunashir": (145.9, 44.1),
    "shikotan": (146.75, 43.8),
    "habomai": (146.1, 43.5),
    "hokkaido": (144.8, 43.5),
}
MARKERS = ((145.817, 43.385), (145.19, 44.02))  # Cape Nosappu, Rausu

LABEL_SETS = {
    "en": (
        "en",
        ["Iturup (Etorofu)", "Kunashir (Kunashiri)", "Shikotan", "Habomai islets", "Hokkaido"],
        ["Cape Nosappu", "Rausu"],
    ),
    "ja": ("ja", ["択捉島", "国後島", "色丹島", "歯舞群島", "北海道"], ["納沙布岬", "羅臼町"]),
    "ru": (
        "ru",
        ["Итуруп", "Кунашир", "Шикотан", "острова Хабомаи", "Хоккайдо"],
        ["мыс Носаппу", "Раусу"],
    ),
    "bilingual": (
        "ja",
        [
            "択捉島 / Итуруп",
            "国後島 / Кунашир",
            "色丹島 / Шикотан",
            "歯舞群島 / острова Хабомаи",
            "北海道 / Хоккайдо",
        ],
        ["納沙布岬 / мыс Носаппу", "羅臼町 / Раусу"],
    ),
}

Box = tuple[float, float, float, float]
Point = tuple[float, float]


def make_labels(key: str) -> list[MapLabel]:
    lang, names, markers = LABEL_SETS[key]
    labels = [
        MapLabel(fid, text, *ANCHORS[fid], lang=lang)
        for fid, text in zip(ANCHORS, names, strict=True)
    ]
    labels += [
        MapLabel("", text, *pt, lang=lang, marker=True)
        for text, pt in zip(markers, MARKERS, strict=True)
    ]
    return labels


def degree(value: float, hemisphere: str) -> str:
    return f"{value:.0f}°{hemisphere}"


def make_text(key: str, scale_km: float = 50.0) -> MapText:
    lang = LABEL_SETS[key][0]
    return MapText(
        title="Locator map",
        description="The four islands & Hokkaido <east>",
        scale_km=scale_km,
        length_label=lambda km: f"{km:.0f} km",
        degree_label=degree,
        lang=lang,
        langs=("ja", "ru") if key == "bilingual" else (lang,),
    )


REGION = GeoBox(144.5, 149.0, 43.0, 45.62)
HABOMAI = Place("habomai", *ANCHORS["habomai"], extent=GeoBox(145.85, 146.45, 43.35, 43.70))


@pytest.fixture(scope="module")
def coast(tmp_path_factory: pytest.TempPathFactory) -> MapSpec:
    """The region of the map, as the content would give it (with the Habomai islets'
    extent, and the four islands tinted)."""
    return MapSpec(REGION, places=(HABOMAI,), highlight=frozenset(ISLANDS))


@pytest.fixture(scope="module", params=sorted(LABEL_SETS))
def drawn(request: pytest.FixtureRequest, coast: MapSpec) -> tuple[str, list[MapLabel], str]:
    key = request.param
    labels = make_labels(key)
    return key, labels, draw_map(coast, labels, make_text(key))


def fontconfig_family(lang: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{family[0]}", f"sans-serif:lang={lang}"],
                          capture_output=True, text=True, check=True).stdout


def path_rings(d: str) -> list[list[Point]]:
    rings = []
    for body in re.findall(r"M([^MZ]*)Z", d):
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", body)]
        rings.append(list(zip(nums[0::2], nums[1::2], strict=True)))
    return rings


def segment_meets_box(a: Point, b: Point, box: Box) -> bool:
    """Liang-Barsky clip, written independently of the module under test."""
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
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    return t0 <= t1


def ring_meets_box(ring: list[Point], box: Box) -> bool:
    vertex_inside = any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in ring)
    return vertex_inside or any(
        segment_meets_box(ring[i - 1], ring[i], box) for i in range(len(ring))
    )


def boxes_meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_land_data_is_small_and_complete() -> None:
    assert land.LAND_FILE.stat().st_size < 3_000_000  # a few MB at most
    assert "Natural Earth" in SOURCE and LICENCE
    cut = land.cut(GeoBox(144.5, 149.0, 43.0, 46.0), 0.0, None)
    for fid in (*ISLANDS, "hokkaido"):
        if fid != "habomai":
            assert cut.covers(shapely.Point(*ANCHORS[fid])), fid
    islets = [p for p in cut.geoms if shapely.box(145.85, 43.35, 146.45, 43.70).covers(p)]
    assert len(islets) >= 2  # several Habomai islets


def test_a_cut_lies_within_its_box() -> None:
    area = GeoBox(144.5, 149.0, 43.0, 46.0)
    cut = land.cut(area, 0.001, None)
    assert isinstance(cut, MultiPolygon) and len(cut.geoms) > 5
    west, south, east, north = cut.bounds
    assert area.west <= west and east <= area.east and area.south <= south
    assert north <= area.north


def test_svg_parses_with_accessible_head(drawn: tuple[str, list[MapLabel], str]) -> None:
    key, _, svg = drawn
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("lang") == root.get(XML_LANG) == LABEL_SETS[key][0]
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (SVG + "title", SVG + "desc")
    assert second.text == "The four islands & Hokkaido <east>"
    assert root.get("aria-labelledby", "").split() == [first.get("id"), second.get("id")]
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    assert width == 480 and 300 <= height <= 420


def test_texts_are_exactly_the_labels(drawn: tuple[str, list[MapLabel], str]) -> None:
    _, labels, svg = drawn
    root = ET.fromstring(svg)
    texts = [
        t
        for t in root.iter(SVG + "text")
        if t.get("class") not in ("graticule-label", "scale-label", "north-label")
    ]
    assert [t.text for t in texts] == [lab.text for lab in labels]
    for node, label in zip(texts, labels, strict=True):
        assert node.get("lang") == node.get(XML_LANG) == label.lang
    # each <text> names its fonts (WeasyPrint's SVG text does not inherit them): first
    # the one fontconfig picks for the label's language
    for node in texts:
        chosen = fontconfig_family(node.get("lang", ""))
        assert node.get("font-family", "").startswith(f"'{chosen}'"), node.get("font-family")


def test_label_boxes_do_not_collide(drawn: tuple[str, list[MapLabel], str]) -> None:
    _, labels, svg = drawn
    boxes = label_boxes(svg)
    assert [text for text, _ in boxes] == [lab.text for lab in labels]
    for i, (_, a) in enumerate(boxes):
        for _, b in boxes[i + 1 :]:
            assert not boxes_meet(a, b)


def test_labels_stay_off_what_they_name(drawn: tuple[str, list[MapLabel], str]) -> None:
    _, labels, svg = drawn
    root = ET.fromstring(svg)
    rings = {
        p.get("data-feature"): path_rings(p.get("d", ""))
        for p in root.iter(SVG + "path")
        if p.get("data-feature")
    }
    frame = root.find(f"{SVG}rect[@class='frame']")
    assert frame is not None
    fx, fy = float(frame.get("x", 0)), float(frame.get("y", 0))
    fw, fh = float(frame.get("width", 0)), float(frame.get("height", 0))
    markers = [(float(c.get("cx", 0)), float(c.get("cy", 0))) for c in root.iter(SVG + "circle")]
    assert len(markers) == 2
    for label, (_, box) in zip(labels, label_boxes(svg), strict=True):
        assert fx <= box[0] and box[2] <= fx + fw and fy <= box[1] and box[3] <= fy + fh
        if label.marker:
            assert not any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in markers)
        else:
            assert rings[label.feature_id]
            assert not any(ring_meets_box(ring, box) for ring in rings[label.feature_id]), (
                label.text
            )


def test_no_external_references(drawn: tuple[str, list[MapLabel], str]) -> None:
    _, _, svg = drawn
    root = ET.fromstring(svg)
    for node in root.iter():
        assert node.tag.removeprefix(SVG) not in (
            "image",
            "foreignObject",
            "filter",
            "style",
            "use",
            "a",
        )
        for key, value in node.attrib.items():
            assert "href" not in key
            for bad in ("http", "file:", "url("):
                assert bad not in value
    assert "@import" not in svg


def test_ids_are_prefixed(coast: MapSpec) -> None:
    svg = draw_map(coast, make_labels("en"), make_text("en"), id_prefix="fig-3-map")
    ids = [n.get("id") for n in ET.fromstring(svg).iter() if n.get("id")]
    assert len(ids) == 2 and all(i is not None and i.startswith("fig-3-map") for i in ids)


def test_output_is_deterministic(coast: MapSpec) -> None:
    first = draw_map(coast, make_labels("bilingual"), make_text("bilingual"))
    assert draw_map(coast, make_labels("bilingual"), make_text("bilingual")) == first
    for node in ET.fromstring(first).iter():
        for key in ("d", "x", "y", "cx", "cy", "width", "height", "viewBox"):
            assert not re.search(r"\d\.\d\d", node.get(key, "")), key  # rounded to 0.1


def test_islands_are_tinted_and_graticule_labelled(coast: MapSpec) -> None:
    root = ET.fromstring(draw_map(coast, make_labels("en"), make_text("en")))
    fills = {
        p.get("data-feature"): p.get("fill")
        for p in root.iter(SVG + "path")
        if p.get("data-feature")
    }
    assert len({fills[f] for f in ISLANDS}) == 1 and fills["iturup"] != fills["hokkaido"]
    degrees = [t.text for t in root.iter(SVG + "text") if t.get("class") == "graticule-label"]
    assert "45°N" in degrees and "146°E" in degrees


def test_scale_bar_length_follows_scale_km(coast: MapSpec) -> None:
    def bar_length(km: float) -> float:
        root = ET.fromstring(draw_map(coast, make_labels("en"), make_text("en", km)))
        bar = root.find(f"{SVG}path[@class='scale-bar']")
        assert bar is not None
        left = float(re.findall(r"M(-?[\d.]+)", bar.get("d", ""))[0])
        right = float(re.findall(r"H(-?[\d.]+)", bar.get("d", ""))[0])
        return right - left

    short, long = bar_length(50), bar_length(100)
    assert long == pytest.approx(2 * short, abs=0.2)
    # 50 km at about 1.26 pt per km on this 480 pt wide map
    assert 55 < short < 70


def test_graticule_lines_are_simplified_like_the_coasts(coast: MapSpec) -> None:
    # Projected from 181 points a meridian and 361 a parallel, they were drawn point by
    # point: a twentieth of a PDF's time. Simplified at the coasts' tolerance, a
    # meridian of this conic map is one straight segment, a parallel a gentle arc.
    root = ET.fromstring(draw_map(coast, make_labels("en"), make_text("en")))
    d = next(p.get("d") or "" for p in root.iter(SVG + "path") if p.get("class") == "graticule")
    lines = [[tuple(float(v) for v in point.split()) for point in part.split("L")]
             for part in d.split("M")[1:]]
    meridians = [line for line in lines
                 if abs(line[-1][1] - line[0][1]) > abs(line[-1][0] - line[0][0])]
    parallels = [line for line in lines if line not in meridians]
    assert meridians and parallels
    assert all(len(line) == 2 for line in meridians), meridians
    assert all(3 <= len(line) <= 40 for line in parallels), [len(line) for line in parallels]


def test_fonts_asked_ahead_are_the_fonts_asked_when_needed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A build asks fontconfig for its maps' fonts as it starts (`textwidth.ask`) and
    collects the answers before its workers fork: the same as asking when drawing."""
    from briefing.map import textwidth

    monkeypatch.setattr(textwidth, "_fonts", {})
    monkeypatch.setattr(textwidth, "_asked", {})
    patterns = ["sans-serif:lang=ja", "sans-serif:lang=ru", "Noto Sans"]
    textwidth.ask(patterns)
    assert set(textwidth._asked) == set(patterns)  # under way, in processes of their own
    families = textwidth.collect()
    assert textwidth._asked == {}  # nothing left for a forked worker to read
    ahead = [textwidth._match(p) for p in patterns]
    textwidth._fonts.clear()
    needed = [textwidth._match(p) for p in patterns]
    assert [(f.family, f.file, f.index) for f in ahead] == \
        [(f.family, f.file, f.index) for f in needed]
    assert families == [f.family for f in needed] and "Noto Sans" in families
    textwidth.ask(patterns)  # answered already: not asked again
    assert textwidth._asked == {}
