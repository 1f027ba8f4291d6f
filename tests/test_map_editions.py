"""The locator map inside every edition: its labels, its text alternative, its bounds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest

from briefing.content.load import load_content
from briefing.edition.naming import full_form, lead_form

from conftest import CONTENT, LOCALES
from pdfread import struct_elements

SVG = "{http://www.w3.org/2000/svg}"
PLACES = ("iturup", "kunashir", "shikotan", "habomai", "hokkaido", "cape_nosappu", "rausu")


def map_svg(html: str) -> ET.Element:
    found = re.search(r"<svg.*?</svg>", html, re.S)
    assert found, "no map"
    return ET.fromstring(found[0])


def expected_labels(tag: str) -> list[str]:
    locale = load_content(CONTENT).locales[tag]
    policy = locale.text.naming
    form = full_form if policy.style == "first-mention" else lead_form
    return [form(locale.names[p], policy.prefer) for p in PLACES]


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
