"""What the templates get: one edition, resolved and formatted, as typed data.

Everything here is escaped HTML (`Markup`) or plain text that Jinja escapes, so
that templates only arrange it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Block:
    """One aligned unit: a heading, a paragraph, a timeline entry, a table, a figure...

    Blocks carry ids shared by every locale, so that a bilingual edition pairs them by
    id and never by counting. `kind` names the macro of blocks.html.j2 that renders it.
    """

    id: str
    kind: str
    html: Markup = Markup("")
    lang: str = ""
    """The language of the block's words; differs from the edition's for a fallback."""
    fallback: bool = False
    date: str = ""
    """For a timeline entry: its formatted date."""
    data: object = None
    """What a kind needs beyond its words: a `TableView`, a `FigureView`, a `CalloutView`,
    or the block's content model for a kind the edition stage has no resolver for."""
    spans: bool = False
    """Shown once across both columns of a bilingual edition."""
    alt: str = ""
    """A figure's (a map's) text alternative, as plain text."""


@dataclass(frozen=True)
class Cell:
    html: Markup
    numeric: bool
    """A number: aligned on the right, in tabular figures."""


@dataclass(frozen=True)
class TableRow:
    label: Markup
    cells: list[Cell]


@dataclass(frozen=True)
class TableView:
    caption: Markup | None
    label_heading: Markup
    headings: list[Cell]
    rows: list[TableRow]
    total: TableRow | None
    unbroken: bool
    """Short enough to keep on one page: a total never stands apart from its rows."""


@dataclass(frozen=True)
class FigureView:
    src: str
    """The image as a data: URI: a page or fragment needs no other file."""
    alt: str
    """Plain text for the image's `alt`."""
    alt_lang: str
    caption: Markup | None
    media_type: str


@dataclass(frozen=True)
class CalloutView:
    style: str
    title: Markup | None
    text: Markup


@dataclass(frozen=True)
class ThemeView:
    """The briefing's branding, in the edition's words."""

    accent: str
    """#rrggbb."""
    organisation: Markup | None
    logo: str | None
    """The logo as a data: URI."""
    classification: Markup | None
    draft: Markup | None
    document_number: str | None

    @property
    def marking(self) -> str:
        """The classification marking as plain text, for the page margins."""
        return self.classification.striptags() if self.classification else ""


@dataclass(frozen=True)
class PartyItem:
    """A party, named in the edition's language."""

    id: str
    name: Markup
    languages: list[str]
    """BCP 47 tags of the languages it speaks for."""


@dataclass(frozen=True)
class SourceItem:
    number: int
    id: str
    title: str
    publisher: str
    url: str
    lang: str
    published: str
    translated: str = ""
    """The title translated for the edition's readers, where the locale gives one."""


@dataclass(frozen=True)
class NameCell:
    lang: str
    name: str
    others: list[str]
    reading: str | None


@dataclass(frozen=True)
class NameRow:
    id: str
    kind: str
    cells: list[NameCell]


@dataclass
class Edition:
    """Everything the templates need for one locale."""

    tag: str
    lang: str
    dir: str
    """'rtl' or 'ltr': the direction of the edition's script."""
    language_name: str
    title: str
    short_title: str
    subtitle: str
    author: str
    description: str
    keywords: list[str]
    stand_ins: dict[str, str]
    """Fields of text.yaml not yet translated -> the language of the reference locale's
    words that stand in for them."""
    date_text: str
    date_iso: str
    sections: list[list[Block]]
    sources: list[SourceItem]
    parties: list[PartyItem]
    theme: ThemeView
    name_langs: list[tuple[str, str]]
    """(lang, language name in this edition's locale) for each column of the names table."""
    names: list[NameRow]
    map_labels: dict[str, str]
    """Entry id -> the name a map shows for it in this edition."""
    id_prefix: str
    """Prefix of every id in the edition's HTML, so that ids never collide in a host page."""
