"""The kinds of block a section holds, one model class each.

A section's `blocks:` lists them in reading order. Each class names its kind in
`kind`, the segments of `text.yaml` that hold its words (`segments`), and what it
must find in the rest of the content (`check`). The templates render a block with
the macro of `templates/blocks.html.j2` named like its kind, so a new kind is a
class here, added to `Block` below, and a macro of that name; the edition stage
gives a kind without a resolver of its own to the macro as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal, Protocol, get_args

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from briefing.content.common import Id, LocaleTag, Region, Strict

SegmentId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$",
                                             max_length=128)]
"""The id of a segment in every locale's text.yaml."""

AssetPath = Annotated[str, StringConstraints(
    pattern=r"^[^/\\:][^\\:]*\.(svg|png|jpe?g|SVG|PNG|JPE?G)$")]
"""A file inside the content folder, by its path relative to that folder: an SVG, PNG
or JPEG image (`figures/map.png`)."""

FieldPath = tuple[str | int, ...]


class Checks(Protocol):
    """What a block's `check` may ask of the content around it; each answer is what is
    wrong, or None."""

    def entry(self, entry_id: str) -> str | None:
        """Whether `entry_id` is a gazetteer entry."""

    def fact(self, fact_id: str, kind: str) -> str | None:
        """Whether `fact_id` is a fact of `kind`."""

    def asset(self, relative: str) -> str | None:
        """Whether `relative` is a readable image inside the content folder."""

    def locale(self, tag: str) -> str | None:
        """Whether `tag` is one of the content's locale folders."""


Problems = Iterator[tuple[FieldPath, str]]
"""A block's problems: the field path inside the block, and the message."""


class BlockModel(Strict):
    """What every block has."""

    id: Id | None = None
    """The block's id: unique in the briefing, the same in every locale (a bilingual
    edition pairs blocks by it), and the prefix of the segments that hold its words."""

    spans: ClassVar[bool] = False
    """Whether a bilingual edition shows it once across both columns."""

    def block_id(self, section: str) -> str:
        return self.id or f"{section}.{self.kind_name()}"

    @classmethod
    def kind_name(cls) -> str:
        return str(cls.model_fields["kind"].default)

    def segments(self, section: str) -> list[str]:
        """The segments of text.yaml that hold this block's words, in reading order."""
        return []

    def check(self, checks: Checks) -> Problems:
        """What this block asks of the rest of the content that is not there."""
        return iter(())


class Paragraph(BlockModel):
    """Prose: the segment whose id the section lists (a bare id in `blocks:` is one)."""

    kind: Literal["paragraph"] = "paragraph"
    id: Id

    def segments(self, section: str) -> list[str]:
        return [self.id]


class Timeline(BlockModel):
    """The briefing's `timeline:`, one dated entry per event (words: `timeline.<id>`)."""

    kind: Literal["timeline"] = "timeline"


class Names(BlockModel):
    """The table of every gazetteer entry's names, in the edition's languages."""

    kind: Literal["names"] = "names"
    spans: ClassVar[bool] = True


class Sources(BlockModel):
    """The numbered list of sources that `{cite:id}` points to."""

    kind: Literal["sources"] = "sources"
    spans: ClassVar[bool] = True


class Map(BlockModel):
    """A locator map, drawn from the gazetteer's coordinates: its words are the segments
    `<id>.caption` and `<id>.alt`."""

    kind: Literal["map"] = "map"
    id: Id
    spans: ClassVar[bool] = True
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

    def segments(self, section: str) -> list[str]:
        return [f"{self.id}.caption", f"{self.id}.alt"]


ColumnKind = Literal["text", "count", "number", "area", "length", "date", "percent", "money"]

Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""An ISO 4217 currency code: EUR, DKK, CAD."""

Cell = Id | int | float | dt.date
"""A cell: a fact's id or a value written in place (in a column of facts), or a
segment's id (in a `text` column)."""


class Column(Strict):
    """A column of a table; its heading is the segment `<table>.<column>`."""

    id: Id
    kind: ColumnKind = "text"
    """What its cells hold: words (`text`, each cell a segment id) or facts of one kind,
    formatted for the locale and aligned on the right."""
    currency: Currency | None = None
    """For `money`: the currency of values written in place."""

    @model_validator(mode="after")
    def _currency_for_money(self) -> Column:
        if (self.kind == "money") != (self.currency is not None):
            raise ValueError("a money column needs a `currency:` (EUR, DKK) and no other "
                             "kind takes one")
        return self


class Row(Strict):
    """A row of a table, headed by a gazetteer entry's name or by words of its own."""

    entry: Id | None = None
    """A gazetteer entry: the row is headed by its name in the locale."""
    id: Id | None = None
    """Or a label of its own: the segment `<table>.<id>`."""
    cells: dict[Id, Cell] = Field(default_factory=dict)
    """Column id -> the cell; a column left out is an empty cell."""

    @model_validator(mode="after")
    def _one_label(self) -> Row:
        if (self.entry is None) == (self.id is None):
            raise ValueError("a row needs either `entry:` (a gazetteer id) or `id:` (its "
                             "label is then the segment <table>.<id>)")
        return self


class Total(Strict):
    """The total row; its label is the segment `<table>.total`."""

    cells: dict[Id, Cell | Literal["sum"]] = Field(default_factory=dict)
    """Column id -> a fact or value, or `sum` for the sum of the column's rows."""


_RESERVED = ("label", "caption", "total")


class Table(BlockModel):
    """A table of facts: rows of places or labels, columns of one kind of fact each.

    Its words are segments: `<id>.label` (the heading over the rows' names), one
    `<id>.<column>` per column, `<id>.<row>` for a row with a label of its own,
    `<id>.total` and, with `caption: true`, `<id>.caption`."""

    kind: Literal["table"] = "table"
    id: Id
    columns: list[Column] = Field(min_length=1)
    rows: list[Row] = Field(min_length=1)
    total: Total | None = None
    caption: bool = False
    """Whether the table has a caption (the segment `<id>.caption`)."""

    def segments(self, section: str) -> list[str]:
        ids = [f"{self.id}.caption"] if self.caption else []
        ids += [f"{self.id}.label", *(f"{self.id}.{c.id}" for c in self.columns)]
        for row in self.rows:
            if row.id is not None:
                ids.append(f"{self.id}.{row.id}")
            ids.extend(str(row.cells[c.id]) for c in self.columns
                       if c.kind == "text" and c.id in row.cells)
        if self.total is not None:
            ids.append(f"{self.id}.total")
        return ids

    def check(self, checks: Checks) -> Problems:
        columns = {c.id: c for c in self.columns}
        named: list[tuple[FieldPath, str]] = [(("columns", i, "id"), c.id)
                                              for i, c in enumerate(self.columns)]
        named += [(("rows", i, "id"), r.id) for i, r in enumerate(self.rows) if r.id]
        seen: set[str] = set()
        for path, name in named:
            if name in _RESERVED:
                yield path, (f"{name!r} names a part of every table ({', '.join(_RESERVED)});"
                             " choose another id")
            elif name in seen:
                yield path, f"duplicate id {name!r}: columns and rows need ids of their own"
            seen.add(name)
        for r, row in enumerate(self.rows):
            if row.entry is not None:
                yield from _found(("rows", r, "entry"), checks.entry(row.entry))
            yield from _cells(checks, columns, ("rows", r, "cells"), row.cells)
        if self.total is not None:
            yield from _cells(checks, columns, ("total", "cells"), self.total.cells)


def _found(path: FieldPath, message: str | None) -> Problems:
    if message:
        yield path, message


def _cells(checks: Checks, columns: Mapping[str, Column], path: FieldPath,
           cells: Mapping[str, Any]) -> Problems:
    for column_id, value in cells.items():
        at = (*path, column_id)
        column = columns.get(column_id)
        if column is None:
            yield at, f"no column {column_id!r}; the table's columns: {', '.join(columns)}"
        elif value == "sum":
            if column.kind in ("text", "date") or path[0] != "total":
                yield at, ("`sum` adds up a column of numbers in the total row, not a "
                           f"{column.kind} column")
        elif column.kind == "text":
            if not isinstance(value, str):
                yield at, f"a text cell is the id of a segment, got {value!r}"
        elif isinstance(value, str):
            yield from _found(at, checks.fact(value, column.kind))
        elif (column.kind == "date") != isinstance(value, dt.date):
            wanted = "a date (YYYY-MM-DD)" if column.kind == "date" else "a number"
            yield at, f"a {column.kind} column needs {wanted}, got {value!r}"
        elif column.kind == "count" and not isinstance(value, int):
            yield at, f"a count column needs a whole number, got {value!r}"


class Figure(BlockModel):
    """An image from the content folder (SVG, PNG or JPEG), with words per locale: the
    segments `<id>.alt` (what it shows, for those who cannot see it) and, with
    `caption: true` (the default), `<id>.caption`."""

    kind: Literal["figure"] = "figure"
    id: Id
    src: AssetPath
    """The image, by its path inside the content folder."""
    per_locale: dict[LocaleTag, AssetPath] = Field(default_factory=dict)
    """Locale -> an image of its own (a chart with labels in its language)."""
    caption: bool = True

    def segments(self, section: str) -> list[str]:
        return [f"{self.id}.alt", *([f"{self.id}.caption"] if self.caption else [])]

    def check(self, checks: Checks) -> Problems:
        yield from _found(("src",), checks.asset(self.src))
        for tag, path in self.per_locale.items():
            yield from _found(("per_locale", tag), checks.locale(tag) or checks.asset(path))


class Callout(BlockModel):
    """A boxed passage read at a glance: the key facts, or a note. Its words are the
    segments `<id>.title` (with `title: true`, the default) and `<id>.text`."""

    kind: Literal["callout"] = "callout"
    id: Id
    style: Literal["key-facts", "note"] = "note"
    """How it looks: `key-facts` (a filled box in the accent colour) or `note`."""
    title: bool = True

    def segments(self, section: str) -> list[str]:
        return [*([f"{self.id}.title"] if self.title else []), f"{self.id}.text"]


def _bare_id_is_a_paragraph(value: object) -> object:
    return {"kind": "paragraph", "id": value} if isinstance(value, str) else value


_Kinds = Annotated[Paragraph | Timeline | Names | Sources | Map | Table | Figure | Callout,
                   Field(discriminator="kind")]

Block = Annotated[_Kinds, BeforeValidator(_bare_id_is_a_paragraph,
                                          json_schema_input_type=SegmentId | _Kinds)]
"""One block of a section: a paragraph's segment id, or a mapping with its `kind:`."""

KINDS: tuple[type[BlockModel], ...] = get_args(get_args(Block)[0])
"""Every kind of block, by its model class."""
