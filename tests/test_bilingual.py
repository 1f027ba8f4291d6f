"""Bilingual editions: segment beside segment, each column in its own language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest

from briefing.content.load import load_content
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, pdf_text
from pdfread import first_heading, spoken

PAIRS = ["ja+ru", "en+ja", "ru+en"]
TOLERANCE = 4.0
"""Points: the two scripts' line heights differ, so their first lines sit a little apart."""


class _Cells(HTMLParser):
    """The text of every paired cell of a bilingual page, by pair id."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[str]] = {}
        self._pair: str | None = None
        self._depth = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "pair" in (a.get("class") or "").split() and a.get("data-pair"):
            self._pair = a["data-pair"]
            self.cells[self._pair] = []
        elif tag == "td" and self._pair is not None:
            self.cells[self._pair].append("")
        self._hidden += tag in ("rt", "rp", "style", "svg")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("rt", "rp", "style", "svg")
        if tag == "tr":
            self._pair = None

    def handle_data(self, data: str) -> None:
        if self._pair is not None and self.cells[self._pair] and not self._hidden:
            self.cells[self._pair][-1] += data


def cells(html: str) -> dict[str, list[str]]:
    parser = _Cells()
    parser.feed(html)
    return {k: [" ".join(c.split()) for c in v] for k, v in parser.cells.items()
            if len(v) == 2}


def first_position(pdf: pdfplumber.PDF, text: str, after: tuple[int, float] = (0, 0.0)
                   ) -> tuple[int, float]:
    """(page number, top) of the first occurrence of `text` at or after a position."""
    for page in pdf.pages[after[0] - 1 if after[0] else 0:]:
        for match in page.search(text, regex=True, return_chars=False):
            position = (page.page_number, float(match["top"]))
            if position >= (after[0], after[1] - TOLERANCE):
                return position
    raise AssertionError(f"{text!r} not found in the PDF")


def opening(text: str, n: int) -> str:
    """A pattern for the first `n` visible characters, whatever spacing the layout gives."""
    return r"\s*".join(re.escape(c) for c in "".join(text.split())[:n])


@pytest.mark.parametrize("pair", PAIRS)
def test_each_pair_starts_on_the_same_page_at_the_same_height(dist: Path, pair: str) -> None:
    pairs = cells((dist / pair / "briefing.html").read_text(encoding="utf-8"))
    assert len(pairs) > 20
    with pdfplumber.open(dist / pair / "briefing.pdf") as pdf:
        cursor = (0, 0.0)
        for pair_id, (left, right) in pairs.items():
            if pair_id == "cover" or not left or not right:
                continue
            if cursor == (0, 0.0):  # skip the contents, which list the left headings
                cursor = first_position(pdf, opening(right, 8))
            else:  # below the last pair, whose heading may open with the same words
                cursor = (cursor[0], cursor[1] + 2 * TOLERANCE)
            left_at = first_position(pdf, opening(left, 8), cursor)
            right_at = first_position(pdf, opening(right, 8), (left_at[0], left_at[1]))
            assert left_at[0] == right_at[0], (pair_id, left_at, right_at)
            assert abs(left_at[1] - right_at[1]) <= TOLERANCE, (pair_id, left_at, right_at)
            cursor = left_at


@pytest.mark.parametrize("pair", PAIRS)
def test_each_column_is_spoken_in_its_language(dist: Path, pair: str) -> None:
    left, right = pair.split("+")
    content = load_content(CONTENT)
    pieces = spoken(dist / pair / "briefing.pdf")
    for tag in (left, right):
        heading = first_heading(content, tag)
        assert {lang.split("-")[0] for text, lang in pieces if heading in text} == {tag}
        name = content.locales[tag].names["kunashir"].name
        assert {lang.split("-")[0] for text, lang in pieces if name in text} == {tag}, name
    html = (dist / pair / "briefing.html").read_text(encoding="utf-8")
    assert f'<td class="right" lang="{"en-GB" if right == "en" else right}" dir="ltr">' in html


def test_shared_blocks_are_headed_in_both_languages(dist: Path) -> None:
    html = (dist / "ja+ru" / "briefing.html").read_text(encoding="utf-8")
    assert '<th scope="col">英語 / Английский</th>' in html


def test_names_follow_each_columns_locale(dist: Path) -> None:
    text = " ".join(pdf_text(dist / "ja+ru" / "briefing.pdf").split())
    assert "択捉島" in text and "Итуруп" in text
    assert "択捉島 / Итуруп" in text  # the map labels both


@pytest.mark.parametrize("edition", ["en", "ja", "ru", *PAIRS])
def test_names_table_lists_the_islands_in_three_scripts(dist: Path, edition: str) -> None:
    text = " ".join(pdf_text(dist / edition / "briefing.pdf").split())
    for island in ("Iturup", "Kunashir", "Shikotan", "Habomai"):
        assert island in text
    for name in ("択捉島", "国後島", "色丹島", "歯舞群島", "えとろふとう",
                 "Итуруп", "Кунашир", "Шикотан", "Хабомаи"):
        assert name in text, name


def test_a_segment_longer_than_a_page_breaks_and_keeps_its_partner_aligned(
        content_copy: Path, tmp_path: Path) -> None:
    text = content_copy / "en" / "text.yaml"
    long = " ".join(f"Filler sentence number {i} keeps this paragraph going." for i in
                    range(160))
    source = text.read_text(encoding="utf-8")
    marker = "  positions.japan: |\n"
    source = source.replace(marker, marker + f"    LONGSTART {long} LONGEND\n", 1)
    text.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    build(Options(content=content_copy, out=out, locales=["en", "ja"], bilingual=["en+ja"],
                  formats=["pdf", "html"], workers=1))
    ja = cells((out / "en+ja" / "briefing.html").read_text(encoding="utf-8"))[
        "positions.japan"][1]
    with pdfplumber.open(out / "en+ja" / "briefing.pdf") as pdf:
        start = first_position(pdf, "LONGSTART")
        end = first_position(pdf, "LONGEND", start)
        partner = first_position(pdf, opening(ja, 8), (start[0], start[1]))
        assert end[0] > start[0]  # it broke across pages
        assert partner[0] == start[0] and abs(partner[1] - start[1]) <= TOLERANCE
