"""Everything that depends on the locale: parsing it, catalogs, and CLDR formatting.

The locale is parsed once at the edge into a `babel.Locale` and passed down;
nothing here reads the process environment.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import gettext
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.numbers import format_decimal, format_percent, parse_pattern
from babel.units import format_unit

from briefing.content.setup import parse_catalog
from briefing.errors import ContentError, FileGone, Problem, UsageError, display_path
from briefing.errors import UnknownLocaleError as NoSuchLocale
from briefing.files import read_bytes

_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")


def normalise_tag(value: str) -> str:
    """'ja', 'ja_JP', 'ja-JP' and 'JA' all become a Babel identifier ('ja_JP', 'ja')."""
    if not _TAG.fullmatch(value):
        raise UsageError(f"invalid locale {value!r}; expected a language tag such as "
                         "'en', 'ja' or 'ru-RU'")
    try:
        return str(Locale.parse(value.replace("-", "_").lower()
                                if "_" not in value and "-" not in value
                                else value, sep="-" if "-" in value else "_"))
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"unknown locale {value!r}; expected a language tag such as "
                         "'en', 'ja' or 'ru-RU'") from None


def choose(requested: str, available: Sequence[str]) -> str:
    """The content folder for one requested locale: 'ja_JP' finds 'ja', and 'zh', 'zh-CN'
    or 'zh-Hans' find 'zh_Hans' (see `best_match`)."""
    found = best_match(normalise_tag(requested), available)
    if found is None:
        raise NoSuchLocale(requested, available)
    return found


def best_match(tag: str, available: Sequence[str]) -> str | None:
    """The folder that writes the language of `tag` in the same script, the one of the
    same territory first: both sides are completed with CLDR's likely subtags, so
    that 'zh' (zh_Hans_CN) finds 'zh_Hans' and never 'zh_Hant', and 'sr_Latn' never
    finds a Cyrillic 'sr'."""
    want = maximised(tag)
    if want is None:
        return None
    best: tuple[int, str] | None = None
    for folder in available:
        have = maximised(folder)
        if have is None or have[:2] != want[:2]:
            continue
        score = (2 if folder.lower() == tag.lower() else 0) + (have[2] == want[2])
        if best is None or score > best[0]:
            best = (score, folder)
    return None if best is None else best[1]


@functools.cache
def maximised(tag: str) -> tuple[str, str, str] | None:
    """(language, script, territory) of a tag with the missing parts CLDR thinks likely."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    likely = get_global("likely_subtags")
    lang, script, territory = locale.language, locale.script or "", locale.territory or ""
    for key in (f"{lang}_{script}_{territory}", f"{lang}_{script}", f"{lang}_{territory}",
                lang, f"und_{script}"):
        if key in likely and "__" not in key and not key.endswith("_"):
            full = Locale.parse(likely[key])
            script = script or full.script or ""
            territory = territory or full.territory or ""
            break
    return (lang, script, territory)


def negotiate(preferred: Iterable[str], available: Sequence[str],
              fallback: str | None = None) -> str:
    """The best available locale for an Accept-Language style list of preferences
    ('de-DE', 'ru;q=0.8'), most wanted first; `fallback` (the reference locale) when
    none of them is available."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(preferred):
        value, _, params = item.partition(";")
        value, weight = value.strip(), 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                weight = float(match[1])
            except ValueError:
                weight = 0.0
        if value and value != "*" and weight > 0 and _TAG.fullmatch(value):
            ranked.append((-weight, position, value))
    for _, _, value in sorted(ranked):
        found = best_match(value, available)
        if found is not None:
            return found
    if fallback is not None and fallback in available:
        return fallback
    raise NoSuchLocale(", ".join(preferred) or "(none)", available)


@functools.cache
def text_direction(tag: str) -> str:
    """'rtl' for a language written right to left (ar, he, fa-IR), else 'ltr': CLDR's."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.text_direction == "rtl" else "ltr"


def from_environment(environ: dict[str, str]) -> str:
    """The locale named by LC_ALL / LC_MESSAGES / LANG; called once, at the CLI edge."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "").split(".")[0].split("@")[0]
        if value and value not in ("C", "POSIX"):
            return value
    raise UsageError("--locale auto: none of LC_ALL, LC_MESSAGES or LANG names a language")


@dataclass(frozen=True)
class PoFile:
    """A parsed .po file, with its lines to locate what Babel does not."""

    path: Path
    catalog: Catalog
    lines: list[str]


def read_catalog(path: Path, locale: Locale, root: Path | None = None) -> PoFile | None:
    """A .po file under the content folder `root` (by default its own folder), parsed;
    None when there is none."""
    try:
        data = read_bytes(path, root or path.parent, kind="catalog")
    except FileGone:
        return None
    catalog = parse_catalog(data, locale, display_path(path), str(locale))
    return PoFile(path, catalog, data.decode("utf-8", "replace").splitlines())


_MARKUP = re.compile(r"<[A-Za-z/!?][^<>]{0,40}>?|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
"""An HTML tag, comment or character reference."""


def catalog_problems(po: PoFile, tag: str) -> list[Problem]:
    """What would go wrong at render time, each at its line: placeholders that differ
    from the original's (Babel's checkers), and markup in a translation, which is text
    and shown as typed."""
    shown = display_path(po.path)
    problems = [Problem(shown, message.lineno, "",
                        f"{error} in the translation of {_msgid(message.id)!r}", tag)
                for message, errors in po.catalog.check() for error in errors]
    for message in po.catalog:
        strings = (message.string,) if isinstance(message.string, str) else \
            message.string or ()
        found = next((m[0] for s in strings if s and (m := _MARKUP.search(str(s)))), None)
        if message.id and found is not None:
            problems.append(Problem(
                shown, _string_line(po.lines, message.lineno, found), "", f"markup {found!r} "
                f"in the translation of {_msgid(message.id)!r}: a translation is plain text, "
                "shown as typed; write the characters themselves, without tags or entities",
                tag))
    return problems


def _string_line(lines: list[str], start: int | None, text: str) -> int | None:
    """The line of the translation (msgstr) holding `text`: Babel keeps only the msgid's."""
    if start is None:
        return None
    first = None
    for number in range(start, len(lines) + 1):
        line = lines[number - 1].strip()
        if first is None:
            if line.startswith("msgstr"):
                first = number
            else:
                continue
        elif not line.startswith(("msgstr", '"')):
            break
        if text in line:
            return number
    return first or start


def load_catalog(path: Path, locale: Locale,
                 root: Path | None = None) -> gettext.NullTranslations:
    """Compile a .po file in memory, so a build can never see a stale catalog."""
    po = read_catalog(path, locale, root)
    if po is None:
        return gettext.NullTranslations()
    problems = catalog_problems(po, str(locale))
    if problems:
        raise ContentError(problems)
    buffer = io.BytesIO()
    write_mo(buffer, po.catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _msgid(value: object) -> str:
    return str(value[0] if isinstance(value, tuple | list) else value)


UnitWidth = Literal["short", "long", "narrow"]

UNIT_WIDTH: dict[str, UnitWidth] = {"ja": "narrow"}
"""Japanese sets a unit against its number (3.7km, 3,168km²): CLDR's narrow form, where
its short form has a space. Other languages take the short form (3.7 km, 3,7 км)."""

LONG_DATE = {"ru": "d MMMM y 'года'"}
"""Long dates in prose whose CLDR pattern is not what the language's prose writes: CLDR
gives Russian "22 января 2019 г.", where Russian prose spells out "года" (a list of
sources keeps CLDR's "г.")."""


@dataclass(frozen=True)
class Formatter:
    """CLDR formatting for one locale, through Babel, with the locale always explicit."""

    locale: Locale

    @cached_property
    def dir(self) -> str:
        """'rtl' or 'ltr', for `dir` attributes."""
        return text_direction(str(self.locale))

    @cached_property
    def lang(self) -> str:
        """BCP 47 tag for `lang` attributes."""
        return "-".join(p for p in (self.locale.language, self.locale.script,
                                    self.locale.territory) if p)

    def date(self, value: dt.date, form: str = "long", precision: str = "day",
             prose: bool = True) -> str:
        if form == "year" or precision == "year":
            return format_skeleton("y", value, locale=self.locale)
        if form == "month" or precision == "month":
            return format_skeleton("yMMMM", value, locale=self.locale)
        if prose and form == "long" and self.locale.language in LONG_DATE:
            return format_date(value, format=LONG_DATE[self.locale.language], locale=self.locale)
        return format_date(value, format=form, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def count(self, value: int, prose: bool = True) -> str:
        """A count of people or things; Japanese prose writes 万 and 億 (see `man_units`)."""
        if prose and self.locale.language == "ja" and abs(value) >= 10_000:
            return man_units(value)
        return format_decimal(value, locale=self.locale)

    @cached_property
    def unit_width(self) -> UnitWidth:
        return UNIT_WIDTH.get(self.locale.language, "short")

    def area(self, value: float, length: UnitWidth | None = None) -> str:
        return format_unit(value, "area-square-kilometer", length=length or self.unit_width,
                           locale=self.locale)

    def length(self, value: float) -> str:
        return format_unit(value, "length-kilometer", length=self.unit_width,
                           locale=self.locale)

    def percent(self, value: float) -> str:
        """45.5 -> 45.5% / 45,5 %: the value as written, in the locale's percent pattern."""
        return format_percent(Decimal(str(value)) / 100, locale=self.locale,
                              decimal_quantization=False)

    def money(self, value: float, currency: str) -> str:
        """A sum in `currency`, in the locale's pattern; whole sums without decimals."""
        pattern = copy.copy(parse_pattern(self.locale.currency_formats["standard"]))
        if isinstance(value, int):
            pattern.frac_prec = (0, 0)
        return str(pattern.apply(value, self.locale, currency=currency, currency_digits=False))

    def list(self, items: Sequence[str]) -> str:
        return format_list(list(items), style="standard", locale=self.locale)

    def samples(self) -> str:
        """Text with every kind of value this formatter writes: the characters CLDR's
        patterns add to the content's own (a narrow space, ², 年, г.)."""
        day = dt.date(2019, 1, 22)
        return " ".join([
            self.date(day), self.date(day, "medium"), self.date(day, "short"),
            self.date(day, precision="month"), self.date(day, precision="year"),
            self.number(12345.6), self.count(17291), self.count(17291, prose=False),
            self.area(3168.5), self.area(3168.5, "long"), self.length(3.7),
            self.percent(45.5), self.money(12345.5, "EUR"),
            self.list(["a", "b", "c"]), self.language_name()])

    def language_name(self) -> str:
        """The locale's own name for its language: English, 日本語, русский."""
        name = self.locale.get_language_name(self.locale) or str(self.locale)
        return capitalised(name)


def capitalised(text: str) -> str:
    """With a capital first letter, the rest as it is: a table cell or a heading starts so,
    where prose writes a name or a language's name in lower case mid-sentence
    (река Волга, русский)."""
    return text[:1].upper() + text[1:]


def man_units(value: int) -> str:
    """Japanese myriad grouping for prose: 17000 -> 1万7000, 123456789 -> 1億2345万6789.

    The rule: counts of 10,000 or more are written with 万 and 億, each group of four
    digits without separators, and groups that are all zeros dropped; smaller counts
    keep CLDR's grouping. Tables keep CLDR's grouping throughout.
    """
    sign, value = ("-" if value < 0 else ""), abs(value)
    oku, rest = divmod(value, 100_000_000)
    man, ones = divmod(rest, 10_000)
    parts = [f"{oku}億" if oku else "", f"{man}万" if man else "", str(ones) if ones else ""]
    return sign + "".join(parts)


@functools.cache
def hyphenates(lang: str) -> bool:
    """Whether Pyphen (WeasyPrint's hyphenation) has a dictionary for the language (a
    BCP 47 tag or a locale folder's name)."""
    import pyphen  # type: ignore[import-untyped]

    return pyphen.language_fallback(lang.replace("-", "_")) is not None
