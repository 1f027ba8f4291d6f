"""The locator map inside every edition: its labels, its text alternative, its bounds."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
import shapely
from shapely.geometry import LineString, box

from briefing.cli import main
from briefing.content.load import load_content
from briefing.edition.naming import full_form, lead_form
from briefing.map.svg import label_boxes

from conftest import CONTENT, LOCALES
from pdfread import struct_elements

SVG = "{http://www.w3.org/2000/svg}"


def places() -> list[str]:
    """The places the content's map names: its labels, then its marks."""
    section = next(s for s in load_content(CONTENT).briefing.sections if s.maps)
    block = section.maps[0]
    return list(dict.fromkeys([*block.label, *block.mark]))


def map_svg(html: str) -> ET.Element:
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "no map"
    return ET.fromstring(found[0])


def expected_labels(tag: str) -> list[str]:
    locale = load_content(CONTENT).locales[tag]
    policy = locale.text.naming
    form = full_form if policy.style == "first-mention" else lead_form
    return [form(locale.names[p], policy.prefer) for p in places()]


@pytest.mark.parametrize("tag", LOCALES)
def test_labels_are_the_gazetteer_names_of_the_edition(dist: Path, tag: str) -> None:
    svg = map_svg((dist / tag / "briefing.html").read_text(encoding="utf-8"))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "map-label"]
    assert labels == expected_labels(tag)
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None


def test_a_bilingual_map_labels_both_languages(dist: Path) -> None:
    svg = map_svg((dist / "ja+ru" / "briefing.html").read_text(encoding="utf-8"))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "map-label"]
    assert labels == [f"{a} / {b}" for a, b in zip(expected_labels("ja"),
                                                    expected_labels("ru"), strict=True)]


@pytest.mark.parametrize("tag", LOCALES)
def test_the_tagged_pdf_carries_the_maps_text_alternative(dist: Path, tag: str) -> None:
    svg = map_svg((dist / tag / "briefing.html").read_text(encoding="utf-8"))
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text
    with pikepdf.open(dist / tag / "briefing.pdf") as pdf:
        alts = [str(e.Alt) for e in struct_elements(pdf) if str(e.S) == "/Figure"
                and "/Alt" in e]
    assert title.text in alts


@pytest.mark.parametrize("tag", LOCALES)
def test_the_fragments_map_has_no_external_reference(dist: Path, tag: str) -> None:
    svg = map_svg((dist / tag / "fragment.html").read_text(encoding="utf-8"))
    for element in svg.iter():
        for name, value in element.attrib.items():
            assert "href" not in name
            assert not re.search(r"https?:|file:|url\(", value), (name, value)


EDITIONS = [*LOCALES, "ja+ru", "en+ja", "ru+en"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_label_runs_onto_a_coast_or_another_label(dist: Path, edition: str) -> None:
    """Bilingual labels are long ('羅臼町 / Раусу'): they too stay clear of every coast."""
    html = (dist / edition / "briefing.html").read_text(encoding="utf-8")
    svg = map_svg(html)
    frame = svg.find(f"{SVG}rect[@class='frame']")
    assert frame is not None
    fx, fy = float(frame.get("x", 0)), float(frame.get("y", 0))
    fx2, fy2 = fx + float(frame.get("width", 0)), fy + float(frame.get("height", 0))
    edges = []
    for path in svg.iter(f"{SVG}path"):
        if "land" not in (path.get("class") or "").split():
            continue
        for body in re.findall(r"M([^MZ]*)Z", path.get("d", "")):
            values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", body)]
            ring = list(zip(values[0::2], values[1::2], strict=True))
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                along_frame = (a[0] == b[0] and a[0] in (fx, fx2)) or (
                    a[1] == b[1] and a[1] in (fy, fy2))
                if not along_frame:
                    edges.append(LineString([a, b]))
    coast = shapely.union_all(edges)
    boxes = label_boxes(ET.tostring(svg, encoding="unicode"))
    assert len(boxes) == len(places())
    for i, (text, b) in enumerate(boxes):
        assert not coast.intersects(box(*b)), f"{edition}: {text} runs onto a coast"
        for other, c in boxes[i + 1:]:
            assert not box(*b).intersects(box(*c)), (text, other)


def test_right_to_left_labels_read_right_in_the_page_and_in_the_pdf(
        content_copy: Path, tmp_path: Path) -> None:
    """WeasyPrint sets SVG text letter by letter, left to right: the PDF's map gets its
    Hebrew labels in display order, the page's in logical order (a browser reorders)."""
    shutil.copytree(Path(__file__).parent / "locales" / "he", content_copy / "he")
    assert main(["build", "--content", str(content_copy), "--locale", "he", "--bilingual",
                 "none", "--format", "html,pdf", "--out", str(tmp_path / "out"), "-q"]) == 0
    name = load_content(content_copy).locales["he"].names["iturup"].name  # איטורופ
    html = (tmp_path / "out" / "he" / "briefing.html").read_text(encoding="utf-8")
    screen = map_svg(html.split('class="map-screen"', 1)[1])
    printed = map_svg(html.split('class="map-print"', 1)[1])
    labels = [t.text for t in screen.iter(f"{SVG}text") if t.get("class") == "map-label"]
    assert name in labels
    shown = [t.text for t in printed.iter(f"{SVG}text") if t.get("class") == "map-label"]
    assert name[::-1] in shown and name not in shown
    with pdfplumber.open(tmp_path / "out" / "he" / "briefing.pdf") as pdf:
        page = next(p for p in pdf.pages if "Natural Earth" in (p.extract_text() or ""))
        rows: dict[tuple[float, float], list[dict[str, Any]]] = {}
        for char in page.chars:
            rows.setdefault((round(char["top"], 1), round(char["size"], 1)), []).append(char)
    # read left to right, a right-to-left word shows its last letter first
    lines = {key: "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
             for key, chars in rows.items()}
    assert any(name[::-1] in line for (_, size), line in lines.items() if size < 9)
    assert not any(name in line for line in lines.values())
