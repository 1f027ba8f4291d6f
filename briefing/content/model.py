"""The content model: typed classes that every content file is validated into.

Language-neutral files (`briefing.yaml`, `gazetteer.yaml`) hold facts, ids and
structure; each locale folder holds only words (`text.yaml`, `names.yaml`) and
its interface catalog (`messages.po`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from babel import localedata
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from briefing.content.blocks import AssetPath, Block, Currency
from briefing.content.blocks import Map as Map
from briefing.content.common import Extent as Extent
from briefing.content.common import Fit as Fit
from briefing.content.common import Id as Id
from briefing.content.common import LocaleTag as LocaleTag
from briefing.content.common import Strict as Strict
from briefing.content.common import Text as Text
from briefing.content.common import Words as Words

LocalePair = Annotated[str, StringConstraints(
    pattern=r"^[a-z]{2,3}(_[A-Za-z]+)*\+[a-z]{2,3}(_[A-Za-z]+)*$")]
"""Two locale folders joined by '+', primary first: 'ja+ru'."""

FactKind = Literal["date", "count", "area", "length", "number", "percent", "money"]
EntryKind = Literal["place", "person", "org"]


class Fact(Strict):
    """A number or date that every locale shows, formatted for that locale."""

    kind: FactKind
    """What the value is: a date, a count of people or things, an area in km², a length in km,
    a percentage (45.5 for 45.5 %), a sum of money in `currency`, or another number."""
    value: dt.date | int | float
    """The value itself; a date as YYYY-MM-DD."""
    currency: Currency | None = None
    """For money: the ISO 4217 code of its currency (EUR, DKK, CAD)."""
    precision: Literal["day", "month", "year"] = "day"
    """For dates: how much of the date is known and shown."""
    source: Id | None = None
    """Id of the source in `sources` that this value comes from."""

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Fact:
        is_date = isinstance(self.value, dt.date)
        if (self.kind == "date") != is_date:
            expected = "a date (YYYY-MM-DD)" if self.kind == "date" else "a number"
            raise ValueError(f"a {self.kind} fact needs {expected} as its value")
        if self.kind == "count" and not isinstance(self.value, int):
            raise ValueError("a count fact needs a whole number as its value")
        if (self.kind == "money") != (self.currency is not None):
            raise ValueError("a money fact needs a `currency:` (EUR, DKK) and no other kind "
                             "takes one")
        return self


class Source(Strict):
    """A publication the briefing's facts were checked against."""

    id: Id
    """The id `{cite:<id>}` names it by."""
    title: Text
    """The title as published, in its own language."""
    publisher: Text
    """Who published it, in its own language."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    """Where it can be read."""
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    """Language of the publication (BCP 47), so that its title is marked up correctly."""
    published: dt.date | None = None
    """When it was published, where that matters (news, statements)."""


class Party(Strict):
    """A side whose usage a name may follow. Its name in each locale is the segment
    `parties.<id>` of that locale's text.yaml, and prose writes it `{party:<id>}`."""

    languages: list[LocaleTag] = Field(min_length=1)
    """The languages it speaks for (`[ja]`; `[en, fr]`), so that the names table can
    show the parties' own names."""


class Event(Strict):
    """One entry of the timeline; its words are the segment `timeline.<id>`."""

    id: Id
    """Its id: its words are the segment `timeline.<id>`."""
    date: Id
    """Id of a `date` fact."""


class Section(Strict):
    """A section: its heading (the segment `<id>.heading`) and its blocks, in order."""

    id: Id
    """Its id: its heading is the segment `<id>.heading`, its anchor `#<id>`."""
    blocks: list[Block] = Field(default_factory=list)
    """Paragraphs (a segment id each) and other blocks (a mapping with `kind:`): tables,
    figures, callouts, the timeline, the names table, the sources, maps."""

    @property
    def maps(self) -> list[MapBlock]:
        return [block for block in self.blocks if isinstance(block, MapBlock)]


class Theme(Strict):
    """Branding without forking templates. Its words are segments of every locale's
    text.yaml: `theme.organisation`, `theme.classification` and `theme.draft`."""

    organisation: bool = False
    """Whether the cover names the organisation (the segment `theme.organisation`)."""
    logo: AssetPath | None = None
    """The organisation's logo, by its path inside the content folder (SVG, PNG, JPEG)."""
    accent: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#123c69"
    """The colour of headings, rules and callouts, as #rrggbb."""
    classification: bool = False
    """Whether every page carries a classification marking (the segment
    `theme.classification`: RESTRICTED, DIFFUSION RESTREINTE)."""
    draft: bool = False
    """Whether every page carries a watermark (the segment `theme.draft`: DRAFT)."""
    document_number: Annotated[str, StringConstraints(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$")] | None = None
    """A reference number shown on the cover (BRF-2026-017)."""

    @model_validator(mode="after")
    def _logo_has_a_name(self) -> Theme:
        if self.logo is not None and not self.organisation:
            raise ValueError("a logo needs `organisation: true`: the organisation's name is "
                             "what the logo says to those who cannot see it")
        return self

    def segments(self) -> list[str]:
        return [f"theme.{part}" for part in ("organisation", "classification", "draft")
                if getattr(self, part)]


class Briefing(Strict):
    """The language-neutral half of a briefing (`briefing.yaml`)."""

    id: Id
    """The briefing's id."""
    date: dt.date
    """The date the briefing speaks as of; also the PDF's creation date."""
    reference_locale: LocaleTag
    """The locale every translation is made from (and falls back to)."""
    parties: dict[Id, Party] = Field(default_factory=dict)
    """The sides whose usage a name may follow, by id: `usage:` in names.yaml, `prefer:`
    in a naming policy and `--naming` name one of them."""
    usages: list[Id] = Field(default_factory=list)
    """Other usages a name may follow besides the parties' (`international`)."""
    facts: dict[Id, Fact]
    """Every date and number the briefing shows, by id: prose writes `{date:<id>}`,
    `{count:<id>}`... and tables name them."""
    lists: dict[Id, list[Id]] = Field(default_factory=dict)
    """Named lists of gazetteer ids, written out with the locale's list pattern."""
    timeline: list[Event] = Field(default_factory=list)
    """The events a `timeline` block lists, in order."""
    sections: list[Section]
    """The sections in reading order."""
    sources: list[Source]
    """The publications facts were checked against, numbered in this order."""
    theme: Theme = Theme()
    """The organisation's branding: name, logo, colour, markings."""
    bilingual: list[LocalePair] = Field(default_factory=list)
    """Bilingual editions a plain build makes, as 'primary+secondary' ('ja+ru')."""


class Entry(Strict):
    """A place, person or organisation that prose refers to by id."""

    kind: EntryKind
    """A place, a person or an organisation: prose writes `{place:<id>}`, `{person:<id>}`
    or `{org:<id>}`."""
    lat: float | None = Field(default=None, ge=-90, le=90)
    """Latitude (WGS 84, decimal degrees), for maps."""
    lon: float | None = Field(default=None, ge=-180, le=180)
    """Longitude (WGS 84, decimal degrees), for maps."""
    extent: Extent | None = None
    """For a place made of many pieces of land (an archipelago) on a map: a box round
    them all, so that each piece in it is counted as this place's land."""


class Gazetteer(Strict):
    """`gazetteer.yaml`: every entry that prose may name."""

    entries: dict[Id, Entry]
    """Every entry, by the id prose names it with."""


Usage = Id
"""A party's id, or another usage that `briefing.yaml` declares under `usages:`."""

Case = Literal["nom", "gen", "dat", "acc", "ins", "loc"]
"""A grammatical case, by its Universal Dependencies label (loc: the prepositional)."""


class Alternate(Strict):
    """Another name for the same entry, and whose usage it is."""

    name: Text
    """The other form."""
    usage: Usage
    """Whose form it is: a party (or usage) `briefing.yaml` declares."""


class Name(Strict):
    """How one locale names one gazetteer entry."""

    name: Words
    """The primary form; left empty, the reference locale's name stands in."""
    usage: Usage | None = None
    """Whose usage the primary form is, when the sides differ."""
    reading: str | None = None
    """Kana reading, for Japanese."""
    article: Text | None = None
    """An article the name takes in running text ("the"); prose writes it itself before a
    reference, and lists of names add it."""
    short: Text | None = None
    """The form used after the first mention (a surname: Putin, 安倍, Абэ)."""
    alternates: list[Alternate] = Field(default_factory=list)
    """Other forms of the name, each with whose usage it is."""
    forms: dict[Case, Text] = Field(default_factory=dict)
    """The name in other grammatical cases, written as prose shows it (loc: Москве), for
    `{place:moscow|loc}`."""
    forbidden: list[Text] = Field(default_factory=list)
    """Forms never to use in this language (a wrong transcription: Шинзо Абе), which
    `check` reports wherever they are typed and the termbase lists as deprecated."""


class Naming(Strict):
    """How a locale shows names in prose."""

    style: Literal["plain", "first-mention"] = "plain"
    """plain: always the primary name; first-mention: "Nuuk (Godthåb)" the first time."""
    prefer: Usage | None = None
    """Whose form leads at first mention, when the locale has both."""


class Segment(Strict):
    """One translated unit of prose, with the reference text it translates."""

    text: Words
    """The words; left empty, the reference locale's stand in, marked as not yet
    translated."""
    source: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")] | None = None
    """Short hash of the reference-locale text this translation was made from."""
    literal: list[Text] = Field(default_factory=list)
    """Proper names that contain a gazetteer name and are written as they are
    (the Treaty of Kiel contains Kiel): `check` does not report the name inside them."""


class Fonts(Strict):
    """The families a locale is set in, where fontconfig's choice is not the one wanted."""

    serif: Text | None = None
    """The family of running text, as fontconfig names it (`fc-list : family`):
    'Noto Naskh Arabic'."""
    sans: Text | None = None
    """The family of headings, tables and captions: 'Noto Sans Arabic'."""


def _known_locale(value: str) -> str:
    if not localedata.exists(value):
        raise ValueError(f"expected a locale CLDR has data for, such as 'en_GB' or 'pt_BR', "
                         f"got {value!r}")
    return value


class LocaleText(Strict):
    """`<locale>/text.yaml`: every word of the briefing in one locale."""

    title: Words
    """The title on the cover, the page's <title> and the PDF's metadata."""
    short_title: Words
    """Used in the running head."""
    subtitle: Words
    """The line under the title."""
    author: Words
    """The author the PDF's metadata names."""
    description: Words
    """A sentence on what the briefing is: the page's and the PDF's description."""
    keywords: list[Text]
    """Keywords for the page's and the PDF's metadata."""
    formats: Annotated[LocaleTag, AfterValidator(_known_locale)] | None = None
    """The CLDR locale for dates and numbers when it differs from the folder (en_GB for en)."""
    naming: Naming = Naming()
    """How names appear in prose: the primary form only, or both forms at first mention."""
    fonts: Fonts = Fonts()
    """Families chosen by the locale instead of those fontconfig finds for its language."""
    source_titles: dict[Id, Words] = {}
    """Source id -> its title translated for this locale's readers, shown after the title
    of a source written in another language (`[Данные о Северных территориях]`)."""
    segments: dict[str, Words | Segment]
    """Segment id -> its words: a string (in the reference locale), or `text:` with the
    `source:` hash of the reference text it translates."""


MapBlock = Map
"""A map block, by the name the map stage knows it by."""
