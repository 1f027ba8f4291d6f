"""Every kind of block, in every shipped locale and a bilingual edition, read back from
the HTML and the PDF: tables of every kind of fact, figures, callouts, and prose with
a pipe table, a footnote, a quotation and an image."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from briefing.content.blocks import KINDS
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, LOCALES, pdf_text
from pdfread import struct_elements
from samples import WORDS, add_samples

TABLE_ROWS = {
    "en": [["Region", "Share", "Amount", "Signed", "Note", "People"],
           ["North", "45.5%", "€1,500,000", "22 January 2019", "First instalment", "17,291"],
           ["Moscow", "54.5%", "€250,000.50", "", "", "12"],
           ["Total", "100%", "€1,750,000.50", "", "", "17,303"]],
    "ja": [["地域", "割合", "金額", "署名日", "備考", "人数"],
           ["北", "45.5%", "€1,500,000", "2019年1月22日", "第1回分", "17,291"],
           ["モスクワ", "54.5%", "€250,000.50", "", "", "12"],
           ["合計", "100%", "€1,750,000.50", "", "", "17,303"]],
    "ru": [["Регион", "Доля", "Сумма", "Подписано", "Примечание", "Людей"],
           ["Север", "45,5 %", "1 500 000 €", "22 января 2019 г.", "Первый взнос", "17 291"],
           ["Москва", "54,5 %", "250 000,50 €", "", "", "12"],
           ["Итого", "100 %", "1 750 000,50 €", "", "", "17 303"]],
}
"""Numbers, sums of money, percentages and dates as CLDR writes them in each locale."""


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every locale and one bilingual edition of the default briefing with the samples."""
    root = tmp_path_factory.mktemp("samples")
    shutil.copytree(CONTENT, root / "content")
    add_samples(root / "content")
    build(Options(content=root / "content", out=root / "dist", bilingual=["ja+ru"]))
    return root / "dist"


def _section(dist: Path, edition: str) -> LexborNode:
    page = LexborHTMLParser((dist / edition / "briefing.html").read_text(encoding="utf-8"))
    section = page.css_first("section.section-samples")
    assert section is not None
    return section


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_samples_hold_every_kind_of_block() -> None:
    kinds = {cls.kind_name() for cls in KINDS}
    section = (Path(__file__).parent / "samples.py").read_text(encoding="utf-8")
    shown = set(re.findall(r"kind: (\w+)", section)) | {"paragraph"}
    default = (CONTENT / "briefing.yaml").read_text(encoding="utf-8")
    shown |= set(re.findall(r"kind: (\w+)", default))
    assert kinds <= shown, kinds - shown


@pytest.mark.parametrize("tag", LOCALES)
def test_a_table_formats_every_kind_of_fact_for_the_locale(samples: Path, tag: str) -> None:
    table = _section(samples, tag).css_first("table.data")
    assert table is not None and table.attributes["id"].startswith(f"briefing-{tag}")
    rows = [[_plain(c.text()) for c in row.css("th, td")] for row in table.css("tr")]
    assert rows == TABLE_ROWS[tag]
    assert _plain(table.css_first("caption").text()) == WORDS[tag]["budget.caption"]
    numeric = [bool(c.attributes.get("class")) for c in table.css("tbody tr")[0].css("td")]
    assert numeric == [True, True, True, False, True]  # a text column is not aligned right


@pytest.mark.parametrize("tag", LOCALES)
def test_figures_callouts_and_prose(samples: Path, tag: str) -> None:
    section = _section(samples, tag)
    words = WORDS[tag]
    chart = section.css_first(f"figure#briefing-{tag}-chart, figure[id$='-chart']")
    assert chart is not None
    img = chart.css_first("img")
    assert img.attributes["alt"] == words["chart.alt"]
    svg = base64.b64decode(str(img.attributes["src"]).split(",", 1)[1]).decode()
    assert ("割合" in svg) == (tag == "ja")  # Japanese has a chart of its own
    assert _plain(chart.css_first("figcaption").text()) == words["chart.caption"]
    photo = section.css_first("figure[id$='-photo']")
    assert photo.css_first("figcaption") is None
    assert str(photo.css_first("img").attributes["src"]).startswith("data:image/png;base64,")

    key, note = section.css("aside.callout")
    assert "callout-key-facts" in str(key.attributes["class"])
    assert _plain(key.css_first(".callout-title").text()) == words["key_facts.title"]
    assert len(key.css("li")) == 2
    assert note.css_first(".callout-title") is None

    prose = section.css_first("div.para")
    assert prose.css_first("blockquote") is not None
    assert [_plain(c.text()) for c in prose.css("table td")][0] in ("North", "北", "Север")
    ref = prose.css_first("sup.note-ref a")
    target = str(ref.attributes["href"]).removeprefix("#")
    notes = prose.css("ol.notes li")
    assert [n.attributes["id"] for n in notes] == [target]
    assert words["samples.prose"].split("[^n1]: ")[1].strip() in _plain(notes[0].text())
    figure = prose.css_first("figure.figure")
    assert figure.css_first("img").attributes["alt"] == words["photo.alt"]
    assert figure.css_first("figcaption") is not None
    ids = [str(n.attributes["id"]) for n in section.css("[id]")]
    assert all(i.startswith("briefing-") for i in ids), ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("tag", LOCALES)
def test_the_pdf_shows_every_block(samples: Path, tag: str) -> None:
    text = _plain(pdf_text(samples / tag / "briefing.pdf"))
    words = WORDS[tag]
    for segment in ("samples.heading", "key_facts.title", "aside.text", "budget.caption",
                    "chart.caption"):
        assert _plain(words[segment]) in text, segment
    for row in TABLE_ROWS[tag][1:]:
        for cell in row:
            assert _plain(cell) in text, cell
    assert words["samples.prose"].split("[^n1]: ")[1].strip() in text
    with pikepdf.open(samples / tag / "briefing.pdf") as pdf:
        figures = [e for e in struct_elements(pdf) if str(e.get("/S")) == "/Figure"]
        alts = {str(e.get("/Alt", "")) for e in figures}
    assert {words["chart.alt"], words["photo.alt"]} <= alts


def _cells(row: LexborNode) -> list[LexborNode]:
    """A bilingual row's own two cells (not those of a table inside them)."""
    return [child for child in row.iter() if child.tag == "td"]


def test_a_bilingual_edition_pairs_every_block(samples: Path) -> None:
    page = LexborHTMLParser((samples / "ja+ru" / "briefing.html").read_text(encoding="utf-8"))
    pairs = {str(row.attributes["data-pair"]): row for row in page.css("tr.pair[data-pair]")}
    for block_id in ("samples.prose", "key_facts", "aside", "budget", "chart", "photo"):
        left, right = _cells(pairs[block_id])
        assert right.attributes["lang"] == "ru"
        assert left.css_first("table, figure, aside, div") is not None, block_id
    left, right = _cells(pairs["budget"])
    assert "1 750 000,50 €" in _plain(right.text())
    assert "€1,750,000.50" in _plain(left.text())
    text = _plain(pdf_text(samples / "ja+ru" / "briefing.pdf"))
    assert WORDS["ja"]["budget.caption"] in text and WORDS["ru"]["budget.caption"] in text
