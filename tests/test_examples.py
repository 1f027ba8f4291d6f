"""The second briefing, examples/tartupaluk, built in every locale and pair: what a reader gets.

It is on another topic (an island between Canada and Greenland) in other languages
(English, French, Danish) than the default briefing, so that no code path can quietly
depend on the default's topic: nothing of the default may appear in its editions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, ROOT, pdf_text

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
