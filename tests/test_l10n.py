"""Formatting through Babel with an explicit locale, catalogs, locale negotiation."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from babel import Locale

from briefing.edition.l10n import (
    Formatter,
    choose,
    from_environment,
    load_catalog,
    man_units,
    negotiate,
)
from briefing.edition.resolve import keep_together
from briefing.errors import UnknownLocaleError, UsageError
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, pdf_text

DAY = dt.date(2019, 1, 22)
NBSP = "\u00a0"
FORMATS = {"en": "en_GB", "ja": "ja", "ru": "ru"}


def fmt(tag: str) -> Formatter:
    return Formatter(Locale.parse(FORMATS[tag]))


@pytest.mark.parametrize(("tag", "long", "medium", "short", "year"), [
    ("en", "22 January 2019", "22 Jan 2019", "22/01/2019", "2019"),
    ("ja", "2019年1月22日", "2019/01/22", "2019/01/22", "2019年"),
    # Russian prose spells out "года" where CLDR's long pattern has "г."
    ("ru", "22 января 2019 года", "22 янв. 2019\u202fг.", "22.01.2019", "2019"),
])
def test_dates(tag: str, long: str, medium: str, short: str, year: str) -> None:
    f = fmt(tag)
    assert (f.date(DAY), f.date(DAY, "medium"), f.date(DAY, "short"), f.date(DAY, "year")) \
        == (long, medium, short, year)
    if tag == "ru":  # a list of sources keeps CLDR's abbreviation
        assert f.date(DAY, prose=False) == "22 января 2019\u202fг."


@pytest.mark.parametrize(("tag", "prose", "table", "small"), [
    ("en", "17,291", "17,291", "9,999"),
    ("ja", "1万7291", "17,291", "9,999"),
    ("ru", f"17{NBSP}291", f"17{NBSP}291", f"9{NBSP}999"),
])
def test_counts_in_prose_and_tables(tag: str, prose: str, table: str, small: str) -> None:
    f = fmt(tag)
    assert f.count(17291) == prose
    assert f.count(17291, prose=False) == table
    assert f.count(9999) == small


def test_japanese_myriads() -> None:
    assert [man_units(n) for n in (10_000, 17_000, 18_810, 400_000, 123_456_789, 100_000_000)] \
        == ["1万", "1万7000", "1万8810", "40万", "1億2345万6789", "1億"]


@pytest.mark.parametrize(("tag", "listed", "area", "length"), [
    ("en", "A, B and C", "3,168 km²", "16 km"),
    ("ja", "A、B、C", "3,168km²", "16km"),  # Japanese sets the unit against its number
    ("ru", "A, B и C", "3 168 км²", "16 км"),  # CLDR groups four digits in Russian too
])
def test_lists_and_units(tag: str, listed: str, area: str, length: str) -> None:
    f = fmt(tag)
    assert f.list(["A", "B", "C"]) == listed
    assert f.area(3168).replace(NBSP, " ") == area.replace(NBSP, " ")
    assert f.length(16).replace(NBSP, " ") == length


@pytest.mark.parametrize(("tag", "name"), [("en", "English"), ("ja", "日本語"),
                                           ("ru", "Русский")])
def test_language_names_in_their_own_language(tag: str, name: str) -> None:
    assert Formatter(Locale.parse(tag)).language_name() == name


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 строка"), (2, "2 строки"), (5, "5 строк"), (21, "21 строка"), (22, "22 строки"),
    (11, "11 строк")])
def test_russian_plurals_come_from_the_catalog(n: int, expected: str, tmp_path: Path) -> None:
    """Plural forms follow the catalog's Plural-Forms, which is CLDR's for Russian."""
    po = tmp_path / "messages.po"
    po.write_text((CONTENT / "ru" / "messages.po").read_text(encoding="utf-8") + (
        '\n#, python-format\nmsgid "%(num)s row"\nmsgid_plural "%(num)s rows"\n'
        'msgstr[0] "%(num)s строка"\nmsgstr[1] "%(num)s строки"\nmsgstr[2] "%(num)s строк"\n'),
        encoding="utf-8")
    catalog = load_catalog(po, Locale.parse("ru"))
    assert catalog.ngettext("%(num)s row", "%(num)s rows", n) % {"num": n} == expected


def test_footer_words_come_from_the_catalogs() -> None:
    for tag, expected in (("ja", "%(page)s / %(pages)s ページ"),
                          ("ru", "Стр. %(page)s из %(pages)s")):
        catalog = load_catalog(CONTENT / tag / "messages.po", Locale.parse(tag))
        footer = catalog.gettext("Page %(page)s of %(pages)s")
        assert footer.replace(NBSP, " ") == expected


@pytest.mark.parametrize("spelling", ["ja", "ja_JP", "ja-JP", "JA"])
def test_locale_spellings(spelling: str) -> None:
    assert choose(spelling, ["en", "ja", "ru"]) == "ja"


def test_unavailable_locale_lists_the_available_ones() -> None:
    with pytest.raises(UnknownLocaleError, match=r"'de'; available: en, ja, ru"):
        choose("de", ["en", "ja", "ru"])


def test_negotiation_takes_the_best_available() -> None:
    assert negotiate(["de-DE", "ru;q=0.8", "en;q=0.5"], ["en", "ja", "ru"]) == "ru"
    assert negotiate(["ja-JP"], ["en", "ja", "ru"]) == "ja"


def test_locale_from_the_environment_is_read_only_when_asked() -> None:
    assert from_environment({"LANG": "ru_RU.UTF-8"}) == "ru_RU"
    assert from_environment({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}) == "ja_JP"
    with pytest.raises(UsageError):
        from_environment({"LANG": "C"})


def test_a_fourth_locale_needs_no_code(content_copy: Path, tmp_path: Path) -> None:
    """German added as a folder: a copy of English with its own catalog and names."""
    german = content_copy / "de"
    shutil.copytree(content_copy / "en", german)
    text = (german / "text.yaml").read_text(encoding="utf-8")
    text = text.replace("formats: en_GB\n", "").replace(
        "title: Four islands off Hokkaido", "title: Vier Inseln vor Hokkaido")
    (german / "text.yaml").write_text(text, encoding="utf-8")
    names = (german / "names.yaml").read_text(encoding="utf-8")
    (german / "names.yaml").write_text(names.replace("name: Hokkaido", "name: Hokkaidō"),
                                       encoding="utf-8")
    po = (german / "messages.po").read_text(encoding="utf-8").replace(
        'msgid "Page %(page)s of %(pages)s"\nmsgstr ""',
        'msgid "Page %(page)s of %(pages)s"\nmsgstr "Seite %(page)s von %(pages)s"').replace(
        '"Language: en\\n"', '"Language: de\\n"')
    (german / "messages.po").write_text(po, encoding="utf-8")
    out = tmp_path / "out"
    build(Options(content=content_copy, out=out, locales=["de"], bilingual=["de+ja"],
                  workers=1))
    text = pdf_text(out / "de" / "briefing.pdf")
    assert "Vier Inseln vor Hokkaido" in " ".join(text.split())
    assert "Hokkaidō" in text  # its own names, from its names.yaml
    assert "Seite 2 von" in pdf_text(out / "de" / "briefing.pdf", 2)
    assert "22. Januar 2019" in " ".join(text.split())  # German dates, from CLDR
    html = (out / "de" / "briefing.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in html and "Deutsch" in html
    assert (out / "de+ja" / "briefing.pdf").is_file()


@pytest.mark.parametrize(("text", "atoms"), [
    ("3.7km", ["3.7km"]), ("3,168km²", ["3,168km²"]), ("1万7291", ["1万7291"]),
    ("2019年1月22日", ["2019年", "1月", "22日"]),
])
def test_a_japanese_value_stays_whole_with_its_unit(text: str, atoms: list[str]) -> None:
    # Japanese lines may break between any two characters; a value never splits.
    assert re.findall(r'<span class="fact">(.*?)</span>', keep_together(text, "ja")) == atoms
