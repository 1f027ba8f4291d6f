"""The default briefing is fair to both governments and says what it covers (issue 21).

An official of either government must accept every edition: neither side's collective
name for the four islands stands in a title, subtitle, short title or running head; the
summary states both legal positions, each attributed; each collective name in prose is
attributed to the side that uses it; the timeline has the dated facts of 1945 (Yalta, the
acceptance of the Potsdam Declaration, the Habomai islets) and the 2022 entry says who
said what. These read the loaded content and the built editions, HTML and PDF.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from selectolax.lexbor import LexborHTMLParser

from briefing.content.load import load_content

from conftest import CONTENT, LOCALES

CONTENT_DATA = load_content(CONTENT)
BRIEFING = CONTENT_DATA.briefing
SHIPPED = ("en", "ja", "ru")
BILINGUAL = ("ja+ru", "en+ja", "ru+en")

COLLECTIVE = {"japanese": "northern_territories", "russian": "southern_kurils"}
"""Each side's collective name for the four islands: gazetteer ids, by whose term it is."""

SIDE = {  # how each locale's prose names the two sides (a stem that every case contains)
    "en": {"japanese": "Japan", "russian": "Russia"},
    "ja": {"japanese": "日本", "russian": "ロシア"},
    "ru": {"japanese": "Япони", "russian": "Росси"},
}

POSITION = {  # in one sentence of the summary: who holds it, then what (a regex)
    "en": {"russian": r"\bRussia\b.*\bholds\b.*\blawfully\b",
           "japanese": r"\bJapan\b.*\bholds\b.*\billegal occupation\b"},
    "ja": {"russian": r"ロシア政府は.*合法", "japanese": r"日本政府は.*不法"},
    "ru": {"russian": r"Российская сторона.*законных основаниях",
           "japanese": r"Японская сторона.*незаконной оккупаци"},
}

WIRE = {"en": "the situation in Ukraine", "ja": "ウクライナ情勢", "ru": "ситуацией на Украине"}

TIMELINE_WORDS = {  # a word each locale's entry must contain, by the event's date
    "1945-02-11": {"en": "Yalta", "ja": "ヤルタ", "ru": "Ялт"},
    "1945-08-14": {"en": "Potsdam", "ja": "ポツダム", "ru": "Потсдам"},
    "1945-09-03": {"en": "Habomai", "ja": "歯舞", "ru": "Хабомаи"},
}


def visible(text: str) -> str:
    """The text as a reader sees it: format characters (word joiners) dropped."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def collective_forms() -> set[str]:
    """Every form of either collective name in every locale, without its quotation marks."""
    forms = set()
    for locale in CONTENT_DATA.locales.values():
        for entry_id in COLLECTIVE.values():
            name = locale.names[entry_id]
            for form in (name.name, *(a.name for a in name.alternates),
                         *(name.forms or {}).values()):
                forms.add(form.strip("«»「」\"' "))
    return forms


FORMS = collective_forms()


def claim_free(text: str) -> bool:
    seen = visible(text).casefold()
    return not any(form.casefold() in seen for form in FORMS)


def paragraphs(dist: Path, locale: str) -> dict[str, str]:
    """Each prose block of a single-language edition by segment id, as visible text."""
    tree = LexborHTMLParser((dist / locale / "briefing.html").read_text(encoding="utf-8"))
    blocks = {}
    for node in tree.css("[data-segment]"):
        blocks[node.attributes["data-segment"] or ""] = visible(node.text(separator=""))
    return blocks


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.。;；])\s*", " ".join(text.split())) if s]


def running_head(pdf: Path) -> str:
    """The first line of page 2: the running head (page 1 is the cover)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "2", "-l", "2", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return next(line for line in text.splitlines() if line.strip())


def test_the_collective_names_are_known_in_every_shipped_locale() -> None:
    assert set(SHIPPED) <= set(LOCALES)
    # the test would pass vacuously if the names went missing: they must be there
    assert {"Northern Territories", "Southern Kurils", "北方領土", "南クリル諸島",
            "Северные территории", "Южные Курилы"} <= FORMS


@pytest.mark.parametrize("locale", SHIPPED)
def test_no_title_subtitle_or_short_title_uses_one_sides_name(locale: str) -> None:
    text = CONTENT_DATA.locales[locale].text
    for field in ("title", "short_title", "subtitle"):
        assert claim_free(getattr(text, field)), (locale, field, getattr(text, field))


@pytest.mark.parametrize("edition", [*SHIPPED, *BILINGUAL])
def test_no_cover_page_title_or_running_head_uses_one_sides_name(
        dist: Path, edition: str) -> None:
    html = (dist / edition / "briefing.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    shown = [node.text() for node in tree.css("title, h1, .subtitle")]
    assert len(shown) >= 3, edition
    for text in shown:
        assert claim_free(text), (edition, text)
    pdf = dist / edition / "briefing.pdf"
    head = running_head(pdf)
    assert claim_free(head), (edition, head)
    short_titles = [CONTENT_DATA.locales[tag].text.short_title for tag in edition.split("+")]
    assert all(visible(t) in head for t in short_titles), (edition, head)
    with pikepdf.open(pdf) as document:
        assert claim_free(str(document.open_metadata()["dc:title"])), edition


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_summary_states_both_legal_positions_each_attributed(
        dist: Path, locale: str) -> None:
    summary = paragraphs(dist, locale)["summary.dispute"]
    for side, pattern in POSITION[locale].items():
        assert any(re.search(pattern, s) for s in sentences(summary)), (locale, side)
    tree = LexborHTMLParser((dist / locale / "briefing.html").read_text(encoding="utf-8"))
    cited = {a.attributes["href"] for a in
             tree.css('[data-segment="summary.dispute"] a.cite')}
    assert len(cited) >= 2, "each side's position cited to its own source"


@pytest.mark.parametrize("locale", SHIPPED)
def test_each_collective_name_in_prose_is_attributed_to_its_side(
        dist: Path, locale: str) -> None:
    names = CONTENT_DATA.locales[locale].names
    found = set()
    for segment, text in paragraphs(dist, locale).items():
        for sentence in sentences(text):
            for side, entry_id in COLLECTIVE.items():
                name = names[entry_id].name.strip("«»「」")
                if name in sentence:
                    found.add(side)
                    assert SIDE[locale][side] in sentence.replace(name, ""), (
                        locale, segment, sentence)
    assert found == set(COLLECTIVE), "the summary names both terms"


def test_the_russian_edition_quotes_the_japanese_term() -> None:
    # as the Russian press writes it: «Северные территории»
    assert CONTENT_DATA.locales["ru"].names["northern_territories"].name == \
        "«Северные территории»"


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_timeline_has_yalta_potsdam_and_the_habomai_islets(
        dist: Path, locale: str) -> None:
    by_date = {str(BRIEFING.facts[event.date].value): event.id for event in BRIEFING.timeline}
    blocks = paragraphs(dist, locale)
    for date, words in TIMELINE_WORDS.items():
        assert date in by_date, f"no timeline entry dated {date}"
        assert words[locale] in blocks[f"timeline.{by_date[date]}"], (locale, date)
    # the dates themselves, not an argument about them
    assert "partly after" not in blocks["timeline.occupation"]


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_2022_entry_says_who_said_what(dist: Path, locale: str) -> None:
    by_date = {str(BRIEFING.facts[event.date].value): event.id for event in BRIEFING.timeline}
    entry = paragraphs(dist, locale)[f"timeline.{by_date['2022-03-21']}"]
    names = CONTENT_DATA.locales[locale].names
    assert names["mid"].name in entry, "the reason is the Russian Foreign Ministry's"
    assert names["kishida"].name in entry, "Japan's response"
    # the wording wire services use, not either side's euphemism
    assert WIRE[locale] in " ".join(entry.split()), locale
    assert "событиями вокруг" not in entry


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_residents_figure_is_rosstats_and_recent(dist: Path, locale: str) -> None:
    date = BRIEFING.facts["population_date"].value
    assert str(date) >= "2023-01-01", "no older than the latest reliably reported count"
    names = CONTENT_DATA.locales[locale].names["rosstat"]
    people = paragraphs(dist, locale)["islands.people"]
    assert any(form in people for form in (names.name, *(names.forms or {}).values()))
    assert str(date)[:4] in people
