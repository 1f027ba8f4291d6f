"""A content folder's layout and the loaded, validated content it holds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import localedata

from briefing.content.blocks import Block
from briefing.content.model import Briefing, Gazetteer, LocaleText, Name, Section, Segment
from briefing.content.source import Document

BRIEFING_FILE = "briefing.yaml"


GAZETTEER_FILE = "gazetteer.yaml"


TEXT_FILE = "text.yaml"


NAMES_FILE = "names.yaml"


CATALOG_FILE = "messages.po"


LOCALE_DIR = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")
"""A locale folder is named like a Babel locale: en, ja, ru, pt_BR, zh_Hant_TW."""


@dataclass(frozen=True)
class LocaleContent:
    """The words of one locale, with the documents they were read from."""

    tag: str
    folder: Path
    text: LocaleText
    names: dict[str, Name]
    text_doc: Document
    names_doc: Document

    @property
    def catalog(self) -> Path:
        return self.folder / CATALOG_FILE

    def segment(self, segment_id: str) -> Segment | None:
        """A segment with words, or None: missing, or left empty to translate."""
        value = self.text.segments.get(segment_id)
        segment = Segment(text=value) if isinstance(value, str) else value
        return segment if segment is not None and segment.text.strip() else None


@dataclass(frozen=True)
class Content:
    """A whole validated content folder."""

    root: Path
    briefing: Briefing
    gazetteer: Gazetteer
    locales: Mapping[str, LocaleContent]
    briefing_doc: Document

    @property
    def reference(self) -> LocaleContent:
        return self.locales[self.briefing.reference_locale]

    def words(self, tag: str, field: str) -> tuple[str, str]:
        """A top-level field of a locale's text.yaml (title, subtitle...), or the reference
        locale's while it is left empty: (the words, the locale they are in)."""
        own = getattr(self.locales[tag].text, field)
        if own.strip():
            return own, tag
        return getattr(self.reference.text, field), self.reference.tag

    @property
    def usages(self) -> list[str]:
        """Every usage a name may follow: the parties', then the other declared ones."""
        return [*self.briefing.parties, *self.briefing.usages]

    def segment_ids(self) -> list[str]:
        """Every segment the structure asks for, in reading order."""
        ids: list[str] = []
        for section in self.briefing.sections:
            ids.append(f"{section.id}.heading")
            for block in section.blocks:
                if block.kind == "timeline":  # its words follow the briefing's events
                    ids.extend(f"timeline.{event.id}" for event in self.briefing.timeline)
                ids.extend(block.segments(section.id))
        # Words shown beside the reading order: the parties' names, the theme's.
        ids += [f"parties.{party}" for party in self.briefing.parties]
        return ids + self.briefing.theme.segments()

    def blocks(self) -> Iterator[tuple[int, int, Section, Block]]:
        """Every block of every section, with the section's and the block's index."""
        for s, section in enumerate(self.briefing.sections):
            for b, block in enumerate(section.blocks):
                yield s, b, section, block


def locale_folders(root: Path) -> list[str]:
    """The locale folders under a content folder: those named like a CLDR locale, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and LOCALE_DIR.match(p.name) and localedata.exists(p.name))

