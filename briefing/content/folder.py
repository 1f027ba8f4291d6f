"""A content folder's layout and the loaded, validated content it holds."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import localedata

from briefing.content.model import Briefing, Gazetteer, LocaleText, MapPart, Name, Segment
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
        value = self.text.segments.get(segment_id)
        return Segment(text=value) if isinstance(value, str) else value


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

    @property
    def usages(self) -> list[str]:
        """Every usage a name may follow: the parties', then the other declared ones."""
        return [*self.briefing.parties, *self.briefing.usages]

    def segment_ids(self) -> list[str]:
        """Every segment the structure asks for, in reading order."""
        ids: list[str] = [f"parties.{party}" for party in self.briefing.parties]
        for section in self.briefing.sections:
            ids.append(f"{section.id}.heading")
            ids.extend(section.paragraphs)
            for part in section.include:
                if part == "timeline":
                    ids.extend(f"timeline.{event.id}" for event in self.briefing.timeline)
                elif isinstance(part, MapPart):
                    ids.extend((f"{part.map.id}.caption", f"{part.map.id}.alt"))
        return ids


def locale_folders(root: Path) -> list[str]:
    """The locale folders under a content folder: those named like a CLDR locale, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and LOCALE_DIR.match(p.name) and localedata.exists(p.name))

