"""The second briefing, examples/tartupaluk, built in every locale and pair: what a reader gets.

It is on another topic (an island between Canada and Greenland) in other languages
(English, French, Danish) than the default briefing, so that no code path can quietly
depend on the default's topic: nothing of the default may appear in its editions.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pikepdf
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, ROOT, pdf_text
from pdfread import struct_elements

EXAMPLE = ROOT / "examples" / "tartupaluk"
LOCALES = ["en", "fr", "da"]
PAIRS = ["en+fr", "fr+da", "da+en"]

# What each locale's formats make of the same facts: the signing date (14 June 2022),
# the length of the boundary at sea (3962 km) and the island's area (1.25 km²); a unit is
# held to its number by a no-break space, and French (Canada) groups digits with one.
FORMATTED = {
    "en": {"lang": "en-GB", "date": "14 June 2022", "length": "3,962\u00a0km",
           "area": "1.25\u00a0km²"},
    "fr": {"lang": "fr-CA", "date": "14 juin 2022", "length": "3\u00a0962\u00a0km",
           "area": "1,25\u00a0km²"},
    "da": {"lang": "da", "date": "14. juni 2022", "length": "3.962\u00a0km",
           "area": "1,25\u00a0km²"},
}


@pytest.fixture(scope="module")
def example_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example")
    build(Options(content=EXAMPLE, out=out))
    return out


def words(locale: str) -> dict[str, object]:
    text = yaml.safe_load((EXAMPLE / locale / "text.yaml").read_text(encoding="utf-8"))
    assert isinstance(text, dict)
    return text


def names(folder: Path, locale: str) -> list[str]:
    """Every form of every name in a locale's names.yaml: primary, short, alternates, cases."""
    entries = yaml.safe_load((folder / locale / "names.yaml").read_text(encoding="utf-8"))
    found = []
    for entry in entries.values():
        found += [entry["name"], *([entry["short"]] if "short" in entry else []),
                  *(a["name"] for a in entry.get("alternates", [])),
                  *entry.get("forms", {}).values()]
    return found


def flat(text: str) -> str:
    """Text with every run of spaces (no-break ones too) as one space, for line-wrapped PDFs."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def default_words() -> set[str]:
    """What only the default briefing says: its names in every locale, titles and subtitles."""
    found = set()
    for folder in sorted(p for p in CONTENT.iterdir() if (p / "names.yaml").is_file()):
        found |= set(names(CONTENT, folder.name))
        text = yaml.safe_load((folder / "text.yaml").read_text(encoding="utf-8"))
        found |= {text["title"], text["short_title"], text["subtitle"]}
    return found


def test_the_default_words_are_found() -> None:
    """The leak test below looks for something: the default's own names and titles."""
    found = default_words()
    assert {"Iturup", "Etorofu", "択捉島", "Итуруп", "Hokkaido"} <= found
    assert "Four islands off Hokkaido" in found


@pytest.mark.parametrize("locale", LOCALES)
def test_each_edition_has_its_title_date_number_and_names(example_dist: Path,
                                                          locale: str) -> None:
    text = flat(pdf_text(example_dist / locale / "briefing.pdf"))
    expected = FORMATTED[locale]
    assert flat(str(words(locale)["title"])) in text
    for kind in ("date", "length", "area"):
        assert flat(expected[kind]) in text, (kind, expected[kind])
    for name in names(EXAMPLE, locale):
        assert flat(name) in text, name
    assert "\ufffd" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_each_page_is_in_its_language_with_its_formats(example_dist: Path, locale: str) -> None:
    expected = FORMATTED[locale]
    page = LexborHTMLParser((example_dist / locale / "briefing.html").read_text(
        encoding="utf-8"))
    root = page.css_first("html")
    assert root is not None and root.attributes.get("lang") == expected["lang"]
    title = page.css_first("title")
    assert title is not None and words(locale)["title"] in title.text()
    body = page.body
    assert body is not None
    shown = body.text()
    for kind in ("date", "length", "area"):  # the exact characters, no-break spaces included
        assert expected[kind] in shown, (kind, expected[kind])


@pytest.mark.parametrize("pair", PAIRS)
def test_each_bilingual_edition_has_both_languages(example_dist: Path, pair: str) -> None:
    text = flat(pdf_text(example_dist / pair / "briefing.pdf"))
    for locale in pair.split("+"):
        assert flat(str(words(locale)["title"])) in text
        assert flat(FORMATTED[locale]["date"]) in text
        assert flat(FORMATTED[locale]["length"]) in text


@pytest.mark.parametrize("edition", [*LOCALES, *PAIRS])
def test_nothing_of_the_default_briefing_leaks_in(example_dist: Path, edition: str) -> None:
    text = flat(pdf_text(example_dist / edition / "briefing.pdf"))
    html = (example_dist / edition / "briefing.html").read_text(encoding="utf-8")
    for word in default_words():
        pattern = re.compile(rf"(?<!\w){re.escape(flat(word))}(?!\w)")
        assert not pattern.search(text), word
        assert not pattern.search(flat(html)), word


def test_the_index_lists_the_examples_editions(example_dist: Path) -> None:
    index = LexborHTMLParser((example_dist / "index.html").read_text(encoding="utf-8"))
    links = {a.attributes.get("href") for a in index.css("a")}
    for edition in [*LOCALES, *PAIRS]:
        assert any(href and href.startswith(f"{edition}/") for href in links), edition


# The example's blocks besides prose: a key-facts callout, a locator map, a table of
# facts, a figure with an image per locale, and a names table whose columns are the
# declared parties' languages. Each is read back from every edition's HTML and PDF.

TABLE = {
    "en": [["1.25 km²", ""], ["", "1.2 km"], ["", "18 km"], ["", "3,962 km"]],
    "fr": [["1,25\u00a0km²", ""], ["", "1,2\u00a0km"], ["", "18\u00a0km"],
           ["", "3\u00a0962\u00a0km"]],
    "da": [["1,25 km²", ""], ["", "1,2 km"], ["", "18 km"], ["", "3.962 km"]],
}
"""The table's cells: the island's area, then the land boundary, the distance to the
coasts and the maritime boundary, each exactly as CLDR writes it for the locale (a cell
keeps its number and unit on one line by its class, so the space is CLDR's own)."""

ISLAND = {"en": "Tartupaluk (Hans Island)", "fr": "Tartupaluk (île Hans)",
          "da": "Tartupaluk (Hans Ø)"}
"""The island in each language's column of the names table: the Greenlandic name that
both governments give first, then the party's own (Canada's in English and French,
Denmark's in Danish)."""

SPLIT = re.compile(r"\{[a-z]+:[^{}]+\}|\*\*|^\s*- ", re.MULTILINE)
"""A reference, bold marks and a list item's dash: what a segment's rendering replaces."""


def segment(locale: str, key: str) -> str:
    value = words(locale)["segments"]
    assert isinstance(value, dict)
    found = value[key]
    return str(found["text"] if isinstance(found, dict) else found)


def literal_parts(text: str) -> list[str]:
    """A segment's own words between its references (and its Markdown marks), each
    flattened: what any rendering of it shows, whatever the references become."""
    return [flat(part) for part in SPLIT.split(text) if flat(part).strip(" .,;:()")]


def page(example_dist: Path, edition: str) -> LexborHTMLParser:
    return LexborHTMLParser((example_dist / edition / "briefing.html").read_text(
        encoding="utf-8"))


def shows_in_order(parts: list[str], text: str) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


@pytest.mark.parametrize("locale", LOCALES)
def test_the_table_has_its_headings_and_the_locales_numbers(example_dist: Path,
                                                            locale: str) -> None:
    table = page(example_dist, locale).css_first("table.data[id$='-figures']")
    assert table is not None
    rows = [[c.text() for c in row.css("th, td")] for row in table.css("tr")]
    assert [flat(c) for c in rows[0]] == [
        flat(segment(locale, f"figures.{column}")) for column in ("label", "area", "length")]
    island, *labelled = rows[1:]
    assert flat(island[0]) == "Tartupaluk"  # a row headed by a gazetteer entry's name
    assert [flat(r[0]) for r in labelled] == [
        flat(segment(locale, f"figures.{row}")) for row in ("land", "coasts", "sea")]
    assert [r[1:] for r in rows[1:]] == TABLE[locale]  # no-break spaces included
    caption = table.css_first("caption")
    assert caption is not None and flat(caption.text()) == flat(segment(locale,
                                                                         "figures.caption"))
    text = flat(pdf_text(example_dist / locale / "briefing.pdf"))
    for key in ("figures.caption", "figures.label", "figures.area", "figures.length",
                "figures.land", "figures.sea"):
        assert flat(segment(locale, key)) in text, key
    assert flat(TABLE[locale][3][1]) in text and flat(TABLE[locale][0][0]) in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_figure_is_the_locales_own_image_with_its_alt_text(example_dist: Path,
                                                                locale: str) -> None:
    figure = page(example_dist, locale).css_first("figure.figure[id$='-division']")
    assert figure is not None
    img = figure.css_first("img")
    assert img is not None
    alt = str(img.attributes["alt"])
    assert shows_in_order(literal_parts(segment(locale, "division.alt")), flat(alt)), alt
    src = str(img.attributes["src"])
    assert src.startswith("data:image/svg+xml;base64,")
    own = (EXAMPLE / "figures" / f"division-{locale}.svg").read_bytes()
    assert base64.b64decode(src.split(",", 1)[1]) == own  # each locale's own labels
    caption = figure.css_first("figcaption")
    assert caption is not None
    assert shows_in_order(literal_parts(segment(locale, "division.caption")),
                          flat(caption.text()))

    pdf = example_dist / locale / "briefing.pdf"
    with pikepdf.open(pdf) as document:
        alts = [str(e.get("/Alt", "")) for e in struct_elements(document)
                if str(e.get("/S")) == "/Figure"]
    assert alt in alts  # the image is in the PDF, tagged with the same alternative text
    labels = re.findall(r">([^<>]+)</text>", own.decode("utf-8"))
    text = flat(pdf_text(pdf))
    assert all(flat(label) in text for label in labels), labels  # drawn: its own labels


@pytest.mark.parametrize("locale", LOCALES)
def test_the_key_facts_open_the_briefing_and_name_the_parties(example_dist: Path,
                                                              locale: str) -> None:
    html = page(example_dist, locale)
    summary = html.css_first("section.section-summary")
    assert summary is not None
    first = next(child for child in summary.iter() if child.tag not in ("h2", "-text"))
    assert first.tag == "aside" and "callout-key-facts" in str(first.attributes["class"])
    title = first.css_first(".callout-title")
    assert title is not None and flat(title.text()) == flat(segment(locale, "glance.title"))
    items = first.css("li")
    assert len(items) == 5
    shown = flat(first.text())
    assert shows_in_order(literal_parts(segment(locale, "glance.text")), shown)
    for party in ("canada", "denmark", "greenland"):  # {party:id} in the locale's words
        assert flat(segment(locale, f"parties.{party}")) in flat(items[2].text()), party
    assert flat(FORMATTED[locale]["date"]) in flat(items[2].text())
    text = flat(pdf_text(example_dist / locale / "briefing.pdf", 1))
    assert flat(segment(locale, "glance.title")) in text
    assert shows_in_order(literal_parts(segment(locale, "glance.text"))[:3], text)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_map_locates_the_island_between_its_coasts(example_dist: Path,
                                                       locale: str) -> None:
    figure = page(example_dist, locale).css_first("figure.map[id$='-locator']")
    assert figure is not None
    caption = figure.css_first("figcaption .caption")
    assert caption is not None
    assert shows_in_order(literal_parts(segment(locale, "locator.caption")),
                          flat(caption.text()))
    svg = figure.css_first("svg")
    assert svg is not None
    drawn = flat(" ".join(label.text() for label in svg.css("text")))
    names = yaml.safe_load((EXAMPLE / locale / "names.yaml").read_text(encoding="utf-8"))
    for place in ("ellesmere", "greenland", "nares_strait", "tartupaluk"):
        assert flat(names[place]["name"]) in drawn, place  # labelled in the language
    title = svg.css_first("title")  # the map's text alternative
    assert title is not None
    assert shows_in_order(literal_parts(segment(locale, "locator.alt")), flat(title.text()))
    text = flat(pdf_text(example_dist / locale / "briefing.pdf"))
    assert shows_in_order(literal_parts(segment(locale, "locator.caption")), text)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_names_table_shows_what_each_party_calls_the_island(example_dist: Path,
                                                                locale: str) -> None:
    """Canada speaks for English and French, Denmark for Danish: every edition's names
    table has those columns, not only the reference's and its own."""
    table = page(example_dist, locale).css_first("table.names")
    assert table is not None
    row = next(r for r in table.css("tbody tr") if "Tartupaluk" in r.text())
    # A cell names its language where it differs from the edition's.
    cells = {str(c.attributes.get("lang") or locale).split("-")[0]: flat(c.text())
             for c in row.css("td")}
    assert cells == {tag: flat(ISLAND[tag]) for tag in ("en", "da", "fr")}
    text = flat(pdf_text(example_dist / locale / "briefing.pdf"))
    for form in ("Hans Island", "île Hans", "Hans Ø"):
        assert form in text, form


@pytest.mark.parametrize("pair", PAIRS)
def test_a_bilingual_edition_pairs_the_new_blocks(example_dist: Path, pair: str) -> None:
    html = page(example_dist, pair)
    pairs = {str(row.attributes["data-pair"]): row for row in html.css("tr[data-pair]")}
    for block_id in ("glance", "figures", "division"):  # each language's own, side by side
        cells = [c for c in pairs[block_id].iter() if c.tag == "td"]
        assert len(cells) == 2 and all(
            c.css_first("aside, figure, table") is not None for c in cells), block_id
    maps = pairs["locator"].css("figure.map")  # one map across both columns
    assert "span" in str(pairs["locator"].attributes["class"]) and len(maps) == 1
    text = flat(pdf_text(example_dist / pair / "briefing.pdf"))
    for locale in pair.split("+"):
        assert flat(segment(locale, "figures.caption")) in text
        assert flat(TABLE[locale][3][1]) in text
