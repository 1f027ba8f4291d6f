"""`briefing glossary`: the gazetteer as a termbase, for translators' tools.

One concept per gazetteer entry, one language per locale. A locale's primary name is
the preferred term; its alternates are admitted terms with whose usage each is as a
note; a short form (a surname) is a short form; the forms `names.yaml` forbids are
deprecated terms. Readings, articles and case forms go with the primary term as notes.
Written as TBX (the current TBX-Basic, or the older TBX that translate-toolkit and
Weblate read) or as CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.content.folder import Content
from briefing.content.model import Name

Status = Literal["preferred", "admitted", "deprecated"]
TermType = Literal["fullForm", "shortForm"]
FORMATS = ("tbx", "tbx-2008", "csv")


@dataclass(frozen=True)
class Term:
    """One way to write a concept in one language, and whether to use it."""

    text: str
    status: Status
    type: TermType = "fullForm"
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Concept:
    """A gazetteer entry: its id, kind and terms per language (BCP 47 tag)."""

    id: str
    kind: str
    languages: dict[str, list[Term]]


@dataclass(frozen=True)
class Termbase:
    title: str
    source_language: str
    """The reference locale's tag: the language translations are made from."""
    concepts: list[Concept]


def termbase(content: Content, tags: Sequence[str]) -> Termbase:
    """The termbase of the given locales (the reference locale always comes first)."""
    reference = content.briefing.reference_locale
    ordered = [reference, *(t for t in tags if t != reference)]
    concepts = []
    for entry_id, entry in content.gazetteer.entries.items():
        languages = {bcp47(tag): terms(name) for tag in ordered
                     if (name := content.locales[tag].names.get(entry_id)) is not None}
        concepts.append(Concept(entry_id, entry.kind, languages))
    return Termbase(f"Names of {content.reference.text.title}", bcp47(reference), concepts)


def terms(name: Name) -> list[Term]:
    notes = [f"usage: {name.usage}"] if name.usage else []
    if name.reading:
        notes.append(f"reading: {name.reading}")
    if name.article:
        notes.append(f"article: {name.article}")
    notes.extend(f"case {case}: {form}" for case, form in name.forms.items())
    found = [Term(name.name, "preferred", "fullForm", notes)]
    found.extend(Term(a.name, "admitted", "fullForm", [f"usage: {a.usage}"])
                 for a in name.alternates)
    if name.short and name.short != name.name:
        found.append(Term(name.short, "admitted", "shortForm", ["after the first mention"]))
    found.extend(Term(form, "deprecated", "fullForm", ["do not use"])
                 for form in name.forbidden)
    return found


def bcp47(tag: str) -> str:
    return tag.replace("_", "-")


COLUMNS = ("concept", "kind", "language", "term", "status", "term_type", "note")


def to_csv(base: Termbase) -> bytes:
    """One row per term, with a header row; notes joined by '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for concept in base.concepts:
        for language, found in concept.languages.items():
            for term in found:
                writer.writerow([concept.id, concept.kind, language, term.text, term.status,
                                 term.type, "; ".join(term.notes)])
    return out.getvalue().encode("utf-8")
