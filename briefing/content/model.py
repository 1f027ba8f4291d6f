"""The content model: typed classes that every content file is validated into.

Language-neutral files (`briefing.yaml`, `gazetteer.yaml`) hold facts, ids and
structure; each locale folder holds only words (`text.yaml`, `names.yaml`) and
its interface catalog (`messages.po`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from babel import localedata
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
"""Ids are lowercase ASCII so that a translator can type them anywhere."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]

LocaleTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]+)*$")]
"""A locale as Babel names it and as its folder is named: 'en', 'ja', 'pt_BR'."""

LocalePair = Annotated[str, StringConstraints(
    pattern=r"^[a-z]{2,3}(_[A-Za-z]+)*\+[a-z]{2,3}(_[A-Za-z]+)*$")]
"""Two locale folders joined by '+', primary first: 'ja+ru'."""

FactKind = Literal["date", "count", "area", "length", "number"]
EntryKind = Literal["place", "person", "org"]


class Strict(BaseModel):
    # No .inf or .nan: no locale can format them, and no fact is infinite.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, allow_inf_nan=False)


class Fact(Strict):
    """A number or date that every locale shows, formatted for that locale."""

    kind: FactKind
    """What the value is: a date, a count of people or things, an area in km², a length in km,
    or another number."""
    value: dt.date | int | float
    """The value itself; a date as YYYY-MM-DD."""
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
        return self


class Source(Strict):
    """A publication the briefing's facts were checked against."""

    id: Id
    title: Text
    """The title as published, in its own language."""
    publisher: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    """Language of the publication (BCP 47), so that its title is marked up correctly."""
    published: dt.date | None = None


class Party(Strict):
    """A side whose usage a name may follow. Its name in each locale is the segment
    `parties.<id>` of that locale's text.yaml, and prose writes it `{party:<id>}`."""

    languages: list[LocaleTag] = Field(min_length=1)
    """The languages it speaks for (`[ja]`; `[en, fr]`), so that the names table can
    show the parties' own names."""


class Island(Strict):
    """One row of the islands table."""

    place: Id
    """Gazetteer id of the island."""
    area: Id
    """Id of an `area` fact."""


class Event(Strict):
    """One entry of the timeline; its words are the segment `timeline.<id>`."""

    id: Id
    date: Id
    """Id of a `date` fact."""


Include = Literal["islands", "timeline", "sources", "names"]

Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]


class Extent(Strict):
    """A box of longitude and latitude (WGS 84, degrees). A box whose west edge is east of
    its east edge crosses the antimeridian: west 170, east -170."""

    west: Longitude
    east: Longitude
    south: Latitude
    north: Latitude


class Fit(Strict):
    """A map region that holds the given places, with a margin round them."""

    fit: list[Id] = Field(min_length=1)
    """Gazetteer ids of places with coordinates."""
    pad_km: float = Field(default=0.0, ge=0, le=5000)
    """The margin round them, in km."""


def _region_kind(value: object) -> str:
    return "fit" if isinstance(value, dict) and "fit" in value else "box"


Region = Annotated[Annotated[Fit, Tag("fit")] | Annotated[Extent, Tag("box")],
                   Discriminator(_region_kind)]


class MapBlock(Strict):
    """A locator map: its words are the segments `<id>.caption` and `<id>.alt`."""

    id: Id
    region: Region
    """What the map shows: `{fit: [places], pad_km: 30}` or `{west:, east:, south:, north:}`."""
    label: list[Id] = Field(default_factory=list)
    """Gazetteer places named on the map, in the edition's language."""
    mark: list[Id] = Field(default_factory=list)
    """Places drawn as a dot with their name (a town, a cape)."""
    highlight: list[Id] = Field(default_factory=list)
    """Places whose land is tinted."""
    inset: bool = True
    """A small overview map showing where the region lies."""
    projection: Annotated[str, StringConstraints(min_length=1, max_length=500)] = "auto"
    """'auto' (chosen for the region), a PROJ string (+proj=...) or an EPSG code
    (EPSG:3413)."""


class MapPart(Strict):
    """`- map: {...}` in a section's `include`."""

    map: MapBlock


def _part_kind(value: object) -> str:
    return "map" if isinstance(value, dict) else "named"


Part = Annotated[Annotated[Include, Tag("named")] | Annotated[MapPart, Tag("map")],
                 Discriminator(_part_kind)]


class Section(Strict):
    """A section: a heading segment `<id>.heading`, paragraphs, and generated parts."""

    id: Id
    paragraphs: list[Id] = Field(default_factory=list)
    """Segment ids of the section's paragraphs, in order."""
    include: list[Part] = Field(default_factory=list)
    """Generated parts shown after the paragraphs: a name (islands, timeline, sources,
    names) or a block (`- map: {...}`)."""

    @property
    def maps(self) -> list[MapBlock]:
        return [part.map for part in self.include if isinstance(part, MapPart)]


class Briefing(Strict):
    """The language-neutral half of a briefing (`briefing.yaml`)."""

    id: Id
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
    lists: dict[Id, list[Id]] = Field(default_factory=dict)
    """Named lists of gazetteer ids, written out with the locale's list pattern."""
    islands: list[Island]
    islands_total: Id | None = None
    """Id of an `area` fact with the published total, when rounding makes the sum differ."""
    timeline: list[Event]
    sections: list[Section]
    sources: list[Source]
    bilingual: list[LocalePair] = Field(default_factory=list)
    """Bilingual editions a plain build makes, as 'primary+secondary' ('ja+ru')."""


class Entry(Strict):
    """A place, person or organisation that prose refers to by id."""

    kind: EntryKind
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    extent: Extent | None = None
    """For a group of islands on a map: a box round them all, so that each islet in it is
    counted as this place's land."""


class Gazetteer(Strict):
    """`gazetteer.yaml`: every entry that prose may name."""

    entries: dict[Id, Entry]


Usage = Id
"""A party's id, or another usage that `briefing.yaml` declares under `usages:`."""

Case = Literal["nom", "gen", "dat", "acc", "ins", "loc"]
"""A grammatical case, by its Universal Dependencies label (loc: the prepositional)."""


class Alternate(Strict):
    """Another name for the same entry, and whose usage it is."""

    name: Text
    usage: Usage


class Name(Strict):
    """How one locale names one gazetteer entry."""

    name: Text
    """The primary form."""
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
    forms: dict[Case, Text] = Field(default_factory=dict)
    """The name in other grammatical cases, written as prose shows it (loc: Москве), for
    `{place:moscow|loc}`."""
    forbidden: list[Text] = Field(default_factory=list)
    """Forms never to use in this language (a wrong transcription: Шинзо Абе), which
    `check` reports wherever they are typed and the termbase lists as deprecated."""


class Naming(Strict):
    """How a locale shows names in prose."""

    style: Literal["plain", "first-mention"] = "plain"
    """plain: always the primary name; first-mention: "Iturup (Etorofu)" the first time."""
    prefer: Usage | None = None
    """Whose form leads at first mention, when the locale has both."""


class Segment(Strict):
    """One translated unit of prose, with the reference text it translates."""

    text: Text
    source: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")] | None = None
    """Short hash of the reference-locale text this translation was made from."""
    literal: list[Text] = Field(default_factory=list)
    """Proper names that contain a gazetteer name and are written as they are
    (樺太千島交換条約 contains 樺太): `check` does not report the name inside them."""


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

    title: Text
    short_title: Text
    """Used in the running head."""
    subtitle: Text
    author: Text
    description: Text
    keywords: list[Text]
    formats: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]+)*$"),
                       AfterValidator(_known_locale)] | None = None
    """The CLDR locale for dates and numbers when it differs from the folder (en_GB for en)."""
    naming: Naming = Naming()
    fonts: Fonts = Fonts()
    """Families chosen by the locale instead of those fontconfig finds for its language."""
    segments: dict[str, Text | Segment]
