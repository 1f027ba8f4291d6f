"""The default briefing, built for every locale: what a reader gets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.content import load_content

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
