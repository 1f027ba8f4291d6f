"""The default briefing, built for every locale: what a reader gets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from briefing.cli import main
from briefing.content.load import load_content

from conftest import CONTENT, LOCALES, pdf_text

ISLANDS = ("iturup", "kunashir", "shikotan", "habomai")


def island_names(locale: str) -> list[str]:
    names = load_content(CONTENT).locales[locale].names
    return [names[i].name for i in ISLANDS]


def test_every_shipped_locale_is_found() -> None:
    assert {"en", "ja", "ru"} <= set(LOCALES)


@pytest.mark.parametrize("locale", [*LOCALES, "ja+ru", "en+ja", "ru+en"])
def test_no_markup_shows_as_text(dist: Path, locale: str) -> None:
    text = pdf_text(dist / locale / "briefing.pdf")
    assert not re.search(r"<\w|class=|&lt;|&amp;|&#", text), "markup printed as text"
    html = (dist / locale / "briefing.html").read_text(encoding="utf-8")
    assert not re.search(r"&lt;/?(span|a|em|strong)\b", html), "markup escaped twice"


@pytest.mark.parametrize("locale", LOCALES)
def test_pdf_names_all_four_islands_in_the_locale(dist: Path, locale: str) -> None:
    text = pdf_text(dist / locale / "briefing.pdf")
    for name in island_names(locale):
        assert name in " ".join(text.split()), name
    assert "\ufffd" not in text


def test_island_names_differ_per_locale() -> None:
    assert island_names("ja") == ["択捉島", "国後島", "色丹島", "歯舞群島"]
    assert island_names("ru")[:3] == ["Итуруп", "Кунашир", "Шикотан"]
    assert island_names("en")[:3] == ["Iturup", "Kunashir", "Shikotan"]


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html_lang: str | None = None
        self.charset: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        self._in_title = tag == "title" and not self.title  # the page's, not a figure's

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.mark.parametrize("locale", LOCALES)
def test_html_has_lang_title_and_charset(dist: Path, locale: str) -> None:
    head = _Head()
    head.feed((dist / locale / "briefing.html").read_text(encoding="utf-8"))
    expected_lang = {"en": "en-GB"}.get(locale, locale)  # the English edition is British
    assert head.html_lang == expected_lang
    assert (head.charset or "").lower() == "utf-8"
    assert head.title.strip() == load_content(CONTENT).locales[locale].text.title


def test_the_wheel_ships_every_content_and_template_folder() -> None:
    """pyproject.toml lists each folder: a new locale folder must be added there too."""
    import tomllib

    from conftest import ROOT

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    for top in ("content", "templates"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir()
                                     and "__pycache__" not in p.parts)]:
            dotted = ".".join(folder.relative_to(ROOT).parts)
            assert f"briefing.data.{dotted}" in listed, folder


def test_a_name_takes_the_grammatical_case_its_reference_asks_for(
        content_copy: Path, tmp_path: Path) -> None:
    text = content_copy / "ru" / "text.yaml"
    source = text.read_text(encoding="utf-8")
    heading = ("  talks.heading:\n    source: c56e8520\n"
               "    text: Переговоры с\u00a02019\u00a0года\n")
    assert heading in source
    text.write_text(source.replace(heading, heading.replace(
        "Переговоры с\u00a02019\u00a0года",
        "Встреча в {place:moscow|loc}, {place:moscow} и события вокруг {place:ukraine|gen}")),
        encoding="utf-8")
    assert main(["build", "--content", str(content_copy), "--locale", "ru", "--bilingual",
                 "none", "--format", "html", "--out", str(tmp_path / "out"), "-q"]) == 0
    page = LexborHTMLParser((tmp_path / "out" / "ru" / "briefing.html").read_text(encoding="utf-8"))
    shown = page.css_first("#briefing-ru-talks")
    assert shown is not None
    assert shown.text() == "Встреча в Москве, Москва и события вокруг Украины"


def test_table_cells_start_with_a_capital_where_prose_writes_lower_case(dist: Path) -> None:
    page = LexborHTMLParser((dist / "ru" / "briefing.html").read_text(encoding="utf-8"))
    rows = [th.text().strip() for th in page.css("table.data tbody th")]
    assert rows == ["Итуруп", "Кунашир", "Шикотан", "Острова Хабомаи"]
    assert "Острова Хабомаи" in [td.text().strip() for td in page.css("table.names td")]
    prose = " ".join(p.text() for p in page.css("p"))
    assert "и острова Хабомаи" in " ".join(prose.split())


@pytest.mark.parametrize(("locale", "kicker"), [
    ("en", "Briefing · English"), ("ja", "ブリーフィング資料｜日本語"),
    ("ru", "Справка · Русский")])
def test_the_cover_line_is_the_catalogs_whole_phrase(dist: Path, locale: str,
                                                     kicker: str) -> None:
    page = LexborHTMLParser((dist / locale / "briefing.html").read_text(encoding="utf-8"))
    line = page.css_first(".cover .kicker")
    assert line is not None and line.text() == kicker
    assert line.css_first(".language") is not None  # the language keeps its own span


def test_consecutive_citations_stay_together_with_the_word_before_them(
        content_copy: Path, tmp_path: Path) -> None:
    """[6][7] never breaks between the marks, nor before the first: one unbreakable span."""
    text = content_copy / "en" / "text.yaml"
    source = text.read_text(encoding="utf-8")
    cited = "islands {cite:kyodo_occupation}"
    assert cited in source
    text.write_text(source.replace(cited, cited + " {cite:mofa_faq}", 1), encoding="utf-8")
    assert main(["build", "--content", str(content_copy), "--locale", "en", "--bilingual",
                 "none", "--format", "html", "--out", str(tmp_path / "out"), "-q"]) == 0
    page = LexborHTMLParser((tmp_path / "out" / "en" / "briefing.html").read_text(
        encoding="utf-8"))
    runs = [span for span in page.css("span.cited") if len(span.css("a.cite")) == 2
            and any("src-mofa_faq" in (a.attributes.get("href") or "")
                    for a in span.css("a.cite"))]
    assert len(runs) == 1
    marks = [a.text() for a in runs[0].css("a.cite")]
    assert runs[0].text() == "s" + "".join(marks)
    assert not page.css("span.cited + a.cite"), "a mark left outside its run"
