"""`briefing check`: what a translator has to do in each locale, with file and line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from babel import Locale

from briefing.content.folder import Content, LocaleContent
from briefing.content.load import load_content
from briefing.content.refs import REF
from briefing.content.validate import WORDS_FIELDS
from briefing.edition.l10n import catalog_problems, read_catalog
from briefing.edition.resolve import segment_hash
from briefing.errors import ContentError, Problem, display_path
from briefing.exchange.history import History, history_path, read_history, word_diff
from briefing.files import read_text


@dataclass(frozen=True)
class Report:
    """The outcome of a check: problems per locale, and the locales looked at."""

    locales: list[str]
    problems: list[Problem]

    @property
    def clean(self) -> bool:
        return not self.problems


def check(root: Path, locales: Sequence[str] = ()) -> Report:
    """Load the content and list every problem, hard errors and translation gaps alike."""
    try:
        content = load_content(root)
    except ContentError as exc:
        return Report(list(locales), exc.problems)
    tags = list(locales) or list(content.locales)
    problems = [p for tag in tags for p in locale_problems(content, tag)]
    return Report(tags, sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)))


def locale_problems(content: Content, tag: str) -> list[Problem]:
    locale = content.locales[tag]
    found = prose_problems(content, locale)
    found.extend(_forbidden_in_names(locale))
    found.extend(_glyphs(content, locale))
    found.extend(_invisible(locale))
    found.extend(_catalog(content, locale, is_reference=tag == content.briefing.reference_locale))
    if tag != content.briefing.reference_locale:
        found.extend(_segments(content, locale))
        found.extend(_names(content, locale))
    return found


def _segments(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    reference = content.reference
    doc = locale.text_doc
    history = read_history(locale)
    if isinstance(history, Problem):
        yield history
        history = History(history_path(locale), {})
    for segment_id, ref_text in reference.text.segments.items():
        ref = reference.segment(segment_id)
        assert ref is not None and ref_text
        segment = locale.segment(segment_id)
        if segment is None and segment_id in locale.text.segments:
            yield doc.problem(("segments", segment_id), f"not yet translated (the "
                              f"{reference.tag} text is shown instead)", locale.tag)
        elif segment is None:
            yield doc.problem(("segments",), f"segment {segment_id!r} is missing (the "
                              f"{reference.tag} text is shown instead)", locale.tag)
        elif segment.source is None:
            yield doc.problem(("segments", segment_id), "no `source:` hash of the "
                              f"{reference.tag} text; after checking the translation run "
                              f"`briefing review --locale {locale.tag} {segment_id}`", locale.tag)
        elif segment.source != segment_hash(ref.text):
            previous = history.previous(segment_id, segment.source)
            change = f":\n    {word_diff(previous, ref.text)}" if previous is not None else (
                f"; {history.shown} does not record the text it was translated from")
            yield doc.problem(("segments", segment_id, "source"), "stale: the "
                              f"{reference.tag} text changed since this was translated "
                              f"(was {segment.source}, now {segment_hash(ref.text)}){change}",
                              locale.tag)
    for field in WORDS_FIELDS:
        if not getattr(locale.text, field).strip():
            yield doc.problem((field,), f"not yet translated (the {reference.tag} "
                              f"{field} is shown instead)", locale.tag)
    for segment_id in locale.text.segments:
        if segment_id not in reference.text.segments:
            yield doc.problem(("segments", segment_id), f"extra segment {segment_id!r}: the "
                              f"{reference.tag} text has no such segment", locale.tag)


def _names(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    for entry_id in content.gazetteer.entries:
        if entry_id not in locale.names:
            empty = entry_id in locale.names_doc.data
            yield locale.names_doc.problem((entry_id,) if empty else (), (
                "name not yet translated" if empty else
                f"no name for gazetteer entry {entry_id!r}"), locale.tag)


def prose_problems(content: Content, locale: LocaleContent) -> list[Problem]:
    """Names typed into a locale's words: gazetteer names not referenced, and forms that
    its names.yaml forbids."""
    return [*_literal_names(content, locale), *_forbidden_in_fields(content, locale)]


_NameForm = tuple[str, str, str, re.Pattern[str], bool]
"""(entry id, reference option, form, its pattern, whether the form is forbidden)"""


def _name_forms(locale: LocaleContent) -> list[_NameForm]:
    patterns = []
    for entry_id, name in locale.names.items():
        forms: dict[str, str] = {form: "" for form in (name.name, name.short, *(
            a.name for a in name.alternates)) if form}
        forms.update({form: f"|{case}" for case, form in name.forms.items()
                      if form not in forms})
        for form, option in forms.items():
            patterns.append((entry_id, option, form, _name_pattern(form), False))
        patterns.extend((entry_id, "", form, _name_pattern(form), True)
                        for form in name.forbidden if form not in forms)
    # a longer form first: a forbidden "Шинзо Абе" is reported as itself, not as "Абе"
    return sorted(patterns, key=lambda p: -len(p[2]))


def _literal_names(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    """Gazetteer names typed into prose instead of referenced, and forbidden forms."""
    patterns = _name_forms(locale)
    doc = locale.text_doc
    for segment_id in locale.text.segments:
        segment = locale.segment(segment_id)
        if segment is None:
            continue
        text = REF.sub(lambda m: " " * len(m[0]), segment.text)  # keep offsets for lines
        path: tuple[str | int, ...] = ("segments", segment_id)
        if not isinstance(locale.text.segments[segment_id], str):
            path = (*path, "text")
        allowed = [range(m.start(), m.end()) for word in segment.literal
                   for m in re.finditer(re.escape(word), text)]
        taken: list[range] = []
        for entry_id, option, form, pattern, forbidden in patterns:
            for match in pattern.finditer(text):
                if any(match.start() in span for span in [*allowed, *taken]):
                    continue
                taken.append(range(match.start(), match.end()))
                yield Problem(doc.shown, doc.text_line(path, match.start()),
                              f"segments.{segment_id}",
                              _typed(content, locale, entry_id, option, form, forbidden),
                              locale.tag)


def _glyphs(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    """Characters of the locale's files that no installed font has a glyph for: its PDF
    would be refused (never printed with tofu), so it is said here first."""
    from briefing.edition.resolve import shown_languages
    from briefing.pdf.fonts import FontPlan, describe, missing_glyphs
    from briefing.render.typefaces import locale_fonts

    try:
        langs = locale_fonts(content, shown_languages(content, [locale.tag]))
    except ContentError as exc:
        yield from exc.problems
        return
    families = FontPlan(tuple(langs), frozenset()).families
    for path in (locale.text_doc.path, locale.names_doc.path, locale.catalog):
        if not path.is_file():
            continue
        text = read_text(path, locale.folder)
        for char in missing_glyphs(set(text), families):
            line = text.count("\n", 0, text.index(char)) + 1
            yield Problem(display_path(path), line, "", f"no installed font has a glyph "
                          f"for {describe(char)}: the PDF cannot be made", locale.tag)


INVISIBLE = re.compile("[\u200b\u2060-\u2064\ufeff]")
"""Invisible characters that have no business in typed words: zero-width space, word
joiner, the invisible mathematical operators, and U+FEFF inside a file. Line breaking is
the print pipeline's (it adds word joiners where a script needs them), and a typed one
reaches the PDF's metadata and the page's title, and breaks a reader's search. Joiners
that scripts need (U+200C, U+200D), bidi marks and the soft hyphen are left alone."""


def _invisible(locale: LocaleContent) -> Iterator[Problem]:
    """Invisible characters typed into the locale's files, each with its line."""
    for path in (locale.text_doc.path, locale.names_doc.path, locale.catalog):
        if not path.is_file():
            continue
        for number, line in enumerate(read_text(path, locale.folder).splitlines(), 1):
            for char in dict.fromkeys(INVISIBLE.findall(line)):
                count, column = line.count(char), line.index(char) + 1
                what = f"U+{ord(char):04X} {unicodedata.name(char, '')}"
                yield Problem(display_path(path), number, "", (
                    f"invisible {what} typed at column {column}: remove it" if count == 1 else
                    f"{count} invisible {what} typed, the first at column {column}: remove "
                    "them") + "; line breaks are the print stage's to make", locale.tag)


def _typed(content: Content, locale: LocaleContent, entry_id: str, option: str, form: str,
           forbidden: bool) -> str:
    reference = f"{{{_kind(content, entry_id)}:{entry_id}{option}}}"
    if forbidden:
        return (f"{form!r} is a form not to use ({locale.names_doc.shown} forbids it for "
                f"{entry_id!r}); write {reference}")
    return f"{form!r} is typed literally; write {reference} so that the naming policy applies"


_PLAIN_FIELDS = ("title", "short_title", "subtitle", "description", "keywords")
"""The words of text.yaml outside the segments: no references, but no forbidden form."""


def _forbidden_in_fields(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    forbidden = [p for p in _name_forms(locale) if p[4]]
    for field in _PLAIN_FIELDS:
        value = locale.text_doc.data.get(field)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = (field, i) if isinstance(value, list) else (field,)
            for entry_id, _, form, pattern, _ in forbidden:
                if isinstance(item, str) and pattern.search(item):
                    yield locale.text_doc.problem(path, _typed(
                        content, locale, entry_id, "", form, True), locale.tag)


def _forbidden_in_names(locale: LocaleContent) -> Iterator[Problem]:
    """A form both given and forbidden is a contradiction in names.yaml."""
    for entry_id, name in locale.names.items():
        given = {name.name, name.short, *(a.name for a in name.alternates),
                 *name.forms.values()}
        for i, form in enumerate(name.forbidden):
            if form in given:
                yield locale.names_doc.problem((entry_id, "forbidden", i), f"{form!r} is "
                                               "both a form of the name and forbidden",
                                               locale.tag)


def _name_pattern(form: str) -> re.Pattern[str]:
    # Words in spaced scripts must stand alone; CJK names are matched anywhere.
    spaced = any(c.isascii() or "\u0400" <= c <= "\u04ff" for c in form if c.isalpha())
    escaped = r"\s+".join(re.escape(part) for part in form.split())
    return re.compile(rf"(?<!\w){escaped}(?!\w)" if spaced else escaped)


def _kind(content: Content, entry_id: str) -> str:
    return content.gazetteer.entries[entry_id].kind


def _catalog(content: Content, locale: LocaleContent, is_reference: bool) -> Iterator[Problem]:
    path = locale.catalog
    try:
        po = read_catalog(path, Locale.parse(locale.tag), content.root)
    except ContentError as exc:
        yield from (replace(p, locale=locale.tag) for p in exc.problems)
        return
    if po is None:
        if not is_reference:
            yield Problem(display_path(path), None, "", "catalog is missing; run "
                          "`make messages`", locale.tag)
        return
    shown = display_path(path)
    yield from catalog_problems(po, locale.tag)
    for message in po.catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            yield Problem(shown, message.lineno, "", f"fuzzy entry {msgid!r}: check the "
                          "translation and remove the 'fuzzy' flag", locale.tag)
        elif not all(strings) and not is_reference:
            yield Problem(shown, message.lineno, "", f"untranslated entry {msgid!r}",
                          locale.tag)
