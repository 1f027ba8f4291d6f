"""The segment model: every unit a translator translates in one locale, and its state.

The units are the segments the content's structure asks for (`Content.segment_ids`),
in reading order, then the title of every source in another language than the
locale's (`source_titles.<source id>`, translated from the title as published, which
`briefing.yaml` gives); PO and XLIFF are two spellings of the same list.

A source title has no `source:` hash in text.yaml (its source is the published title,
not a reference-locale text). Its staleness comes from the locale's review records: an
import records the title a translation was made from, and a later change of the title
makes the unit stale. A title translated by hand, never imported, has no record, so a
change of its original cannot be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from babel import Locale, UnknownLocaleError

from briefing.content.folder import BRIEFING_FILE, TEXT_FILE, Content, LocaleContent
from briefing.content.model import Naming
from briefing.content.refs import NAME_KINDS, REF, Ref, scan
from briefing.edition.resolve import reference_texts, segment_hash
from briefing.exchange.history import History

State = Literal["missing", "unreviewed", "stale", "current"]
"""missing: no translation; unreviewed: a translation that records no `source:` hash;
stale: it translates an older reference text; current: it translates the current one."""


@dataclass(frozen=True)
class Unit:
    """One segment: the reference text, this locale's translation and where each is."""

    id: str
    source: str
    """The reference locale's text, as written in its text.yaml."""
    source_line: int | None
    target: str | None
    """This locale's text, or None when the segment is missing."""
    target_line: int | None
    state: State
    previous: str | None
    """For a stale unit: the reference text it was translated from, when recorded."""
    notes: list[str]
    """What each reference of the source shows in this locale, one line each."""
    renders: dict[str, str] = field(default_factory=dict)
    """Each reference of the source, as written, and what it shows first in this locale."""
    source_file: str | None = None
    """The file of the source text when it is not the reference text file (a source
    title's: briefing.yaml)."""

    @property
    def is_title(self) -> bool:
        return self.id.startswith(TITLES)


TITLES = "source_titles."
"""The id of a source title's unit is this and the source's id."""


def title_sources(content: Content, tag: str) -> list[str]:
    """The ids of the sources whose titles `tag` translates: those in another language."""
    return [s.id for s in content.briefing.sources if language(s.lang) != language(tag)]


def language(tag: str) -> str:
    """The language of a tag, without script or region (ja for ja-JP, ja_JP)."""
    return tag.replace("-", "_").split("_")[0].lower()


@dataclass(frozen=True)
class Units:
    """A locale's units, with what a file of them says about itself."""

    tag: str
    reference: str
    """The reference locale (the units' source language)."""
    source_file: str
    """The reference text file, relative to the content folder (en/text.yaml)."""
    naming: str
    """The locale's naming policy in words, for translators."""
    units: list[Unit]


@dataclass(frozen=True)
class Returned:
    """One unit as a translator's file gives it back."""

    id: str
    source: str
    """The source text the file gives: the reference text the translation was made from."""
    target: str
    done: bool
    """Marked finished: not fuzzy, not needing translation or review, not empty."""
    line: int | None
    """Where the unit is in the file."""


@dataclass
class ReturnedFile:
    """A translator's file, read: its languages and its units."""

    shown: str
    locale: str | None
    """The language it translates into, as the file names it."""
    source_locale: str | None
    units: list[Returned] = field(default_factory=list)


def locale_units(content: Content, tag: str, history: History) -> Units:
    """Every unit of `tag`, from the content and the locale's review records."""
    locale, reference = content.locales[tag], content.reference
    shown = reference_texts(content, tag)
    units = []
    for segment_id in content.segment_ids():
        ref = reference.segment(segment_id)
        assert ref is not None  # validation: the reference locale has every segment
        segment = locale.segment(segment_id)
        state: State
        if segment is None:
            state = "missing"
        elif segment.source is None:
            state = "unreviewed"
        else:
            state = "current" if segment.source == segment_hash(ref.text) else "stale"
        units.append(Unit(
            id=segment_id, source=ref.text, source_line=_text_line(reference, segment_id),
            target=None if segment is None else segment.text,
            target_line=_text_line(locale, segment_id) if segment is not None else None,
            state=state,
            previous=history.previous(segment_id, segment.source) if state == "stale"
            and segment is not None else None,
            notes=_notes(locale, ref.text, shown),
            renders={m[0]: shown(Ref(m[1], m[2], m[3], 0, 0))[0]
                     for m in REF.finditer(ref.text)}))
    units.extend(_title_units(content, tag, history))
    return Units(tag, reference.tag, f"{reference.tag}/{TEXT_FILE}",
                 naming_policy(locale.text.naming), units)


def _title_units(content: Content, tag: str, history: History) -> list[Unit]:
    locale, wanted = content.locales[tag], set(title_sources(content, tag))
    units = []
    for index, source in enumerate(content.briefing.sources):
        if source.id not in wanted:
            continue
        unit_id = TITLES + source.id
        target = locale.text.source_titles.get(source.id)
        record = history.records.get(unit_id)
        state: State = "missing" if target is None else "current"
        if target is not None and record is not None and record.source != source.title:
            state = "stale"
        units.append(Unit(
            id=unit_id, source=source.title,
            source_line=content.briefing_doc.line(("sources", index, "title")),
            target=target,
            target_line=locale.text_doc.line(("source_titles", source.id))
            if target is not None else None,
            state=state, previous=record.source if state == "stale" and record else None,
            notes=[f"The title of a source in {language_name(source.lang)} ({source.lang}), "
                   f"as published: translate it for the readers of this edition, who see "
                   f"it after the original title. Plain words, no references."],
            source_file=BRIEFING_FILE))
    return units


def language_name(tag: str) -> str:
    """A language's English name, for notes to translators (the tag when Babel has none)."""
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name("en") or tag
    except (ValueError, UnknownLocaleError):
        return tag


def _text_line(locale: LocaleContent, segment_id: str) -> int | None:
    path: tuple[str, ...] = ("segments", segment_id)
    if not isinstance(locale.text.segments.get(segment_id), str):
        path = (*path, "text")
    return locale.text_doc.line(path)


def _notes(locale: LocaleContent, text: str, shown: Callable[[Ref], list[str]]) -> list[str]:
    notes: list[str] = []
    seen = set()
    for found in scan(text):
        if not isinstance(found, Ref):
            continue
        written = text[found.start:found.end]
        if written in seen:
            continue
        seen.add(written)
        forms = " / ".join(shown(found))
        note = f"{written} = {forms}"
        name = locale.names.get(found.id) if found.kind in NAME_KINDS else None
        if name is not None and name.forms:
            cases = ", ".join(f"{{{found.kind}:{found.id}|{case}}} {form}"
                              for case, form in name.forms.items())
            note += f"; other cases: {cases}"
        notes.append(note)
    return notes


def naming_policy(naming: Naming) -> str:
    """The naming policy of a locale, as a translator reads it."""
    if naming.style == "plain":
        return ("names: a reference shows the name as this locale's names.yaml gives it; "
                "never type a name, write its reference")
    lead = f"the {naming.prefer} form leads" if naming.prefer else "the primary form leads"
    return (f"names: a reference shows the full form 'Name (Other name)' at first mention "
            f"and the short form after it; {lead}; never type a name, write its reference")
