"""A locale folder's setup agrees with its name: `formats:` in its text.yaml, and its
catalog's `Language` and `Plural-Forms` headers.

A folder copied from another locale keeps these, and then dates, numbers, the
`lang` of every page and the plural rules would all be the other locale's. Each
disagreement is a problem with its line and the fix.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from briefing.content.folder import LocaleContent
from briefing.errors import ContentError, FileError, Problem, display_path
from briefing.files import decode

_HEADER = re.compile(r'^"(Language|Plural-Forms):\s*((?:[^"\\]|\\.)*)"\s*$')
_CONTINUED = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')


def setup_problems(locale: LocaleContent) -> Iterator[Problem]:
    yield from _formats(locale)
    yield from _catalog_headers(locale)


def _name(tag: str) -> str:
    try:
        return Locale.parse(tag).get_display_name("en") or tag
    except (ValueError, UnknownLocaleError):
        return tag


def _formats(locale: LocaleContent) -> Iterator[Problem]:
    formats = locale.text.formats
    if formats is None:
        return
    try:
        language = Locale.parse(formats).language
    except (ValueError, UnknownLocaleError):
        yield locale.text_doc.problem(("formats",), f"unknown locale {formats!r}; write the "
                                      f"folder's own, `formats: {locale.tag}`", locale.tag)
        return
    if language != Locale.parse(locale.tag).language:
        yield locale.text_doc.problem(
            ("formats",), f"{formats!r} formats dates and numbers in {_name(formats)}, but "
                          f"this folder is {locale.tag!r} ({_name(locale.tag)}); write "
                          f"`formats: {locale.tag}` (or a regional form of it) or remove the "
                          "line", locale.tag)


def parse_catalog(data: bytes, locale: Locale | None, shown: str, tag: str) -> Catalog:
    """A .po file's bytes parsed by Babel, or a ContentError at the line of its first
    fault (Babel counts lines from 0, and says so in its message)."""
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).removesuffix(f" on {exc.lineno}")
        typed = f": {exc.line!r}" if exc.line else ""
        raise ContentError([Problem(shown, exc.lineno + 1, "",
                                    f"invalid catalog: {message}{typed}", tag)]) from None
    except (UnicodeDecodeError, ValueError) as exc:
        try:  # not UTF-8: say at which line and column
            decode(data, Path(shown))
        except FileError as bad:
            raise ContentError([replace(bad.problem, path=shown, locale=tag)]) from None
        raise ContentError([Problem(shown, None, "", f"invalid catalog: {exc}", tag)]
                           ) from None


def _catalog_headers(locale: LocaleContent) -> Iterator[Problem]:
    path = locale.catalog
    if not path.is_file():
        return
    shown = display_path(path)
    try:  # a fault in the file first: a header it garbles is not a missing one
        parse_catalog(path.read_bytes(), None, shown, locale.tag)
    except ContentError as exc:
        yield from exc.problems
        return
    headers = _headers(path.read_text(encoding="utf-8", errors="replace"))
    language, language_line = headers.get("Language", ("", None))
    if not language:
        yield Problem(shown, None, "Language", f"the catalog has no Language header; add "
                      f'"Language: {locale.tag}\\n" to its header', locale.tag)
    elif language.replace("-", "_") != locale.tag:
        yield Problem(shown, language_line, "Language", f"the catalog says Language: "
                      f"{language}, but this folder is {locale.tag!r}; write "
                      f'"Language: {locale.tag}\\n"', locale.tag)
    expected = get_plural(locale.tag)
    plural, plural_line = headers.get("Plural-Forms", ("", None))
    if not _same_plurals(plural or "nplurals=2; plural=(n != 1);", expected):
        found = repr(plural) if plural else "missing (so English rules apply)"
        yield Problem(shown, plural_line, "Plural-Forms",
                      f"{found}: not {_name(locale.tag)}'s plural rules, which have "
                      f"{expected.num_plurals} form(s) in CLDR; write "
                      f'"Plural-Forms: {expected}\\n"', locale.tag)


def _headers(text: str) -> dict[str, tuple[str, int]]:
    """The catalog header's Language and Plural-Forms, each with its line."""
    found: dict[str, tuple[str, int]] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() and number > 2:
            break  # the header entry ends at its first blank line
        match = _HEADER.match(line)
        if match is None:
            continue
        value = match[2]
        for after in lines[number:]:  # a long value continues on the next lines
            more = _CONTINUED.match(after)
            if value.endswith("\\n") or more is None or ":" in more[1].split(" ")[0]:
                break
            value += more[1]
        found[match[1]] = (value.removesuffix("\\n").strip(), number)
    return found


def _same_plurals(header: str, expected: object) -> bool:
    """Whether a Plural-Forms header chooses the same form as CLDR's for every count."""
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", header)
    if match is None:
        return False
    try:
        theirs = gettext.c2py(match[2])
        ours = gettext.c2py(str(expected).split("plural=", 1)[1].rstrip(";"))
    except (ValueError, SyntaxError, RecursionError):
        return False
    num_plurals = getattr(expected, "num_plurals", 0)
    return int(match[1]) == num_plurals and all(theirs(n) == ours(n) for n in range(1001))
