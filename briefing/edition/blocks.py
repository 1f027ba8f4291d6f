"""The blocks of a section, resolved for one edition, one function per kind of block.

A kind without a function here (the names table, the sources, the map) goes to its
template macro as it is: a `Block` with the content model as its `data`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from markupsafe import Markup, escape

from briefing.content import blocks as model
from briefing.content.assets import TYPES, data_uri
from briefing.content.model import Section
from briefing.edition.builder import Builder
from briefing.edition.naming import Namer
from briefing.edition.views import Block, CalloutView, Cell, FigureView, TableRow, TableView

UNBROKEN_ROWS = 15
"""A table of up to this many rows is kept on one page, its total with its rows."""


def section_blocks(b: Builder, section: Section) -> list[Block]:
    """A section's heading and blocks, in reading order."""
    blocks = [b.block(f"{section.id}.heading", "heading", inline=True)]
    for block in section.blocks:
        resolver = RESOLVERS.get(block.kind)
        if resolver is not None:
            blocks.extend(resolver(b, block, section))
        else:
            blocks.append(Block(block.block_id(section.id), block.kind, lang=b.fmt.lang,
                                data=block, spans=block.spans))
    return blocks


def _paragraph(b: Builder, block: Any, section: Section) -> list[Block]:
    return [b.block(block.id, "paragraph")]


def _timeline(b: Builder, block: Any, section: Section) -> list[Block]:
    events = []
    for event in b.content.briefing.timeline:
        fact = b.content.briefing.facts[event.date]
        assert isinstance(fact.value, dt.date)
        date = b.value("date", fact.value, precision=fact.precision)
        events.append(b.block(f"timeline.{event.id}", "event", date=date))
    return events


def _table(b: Builder, block: Any, section: Section) -> list[Block]:
    table: model.Table = block
    columns = table.columns
    rows = [TableRow(_row_label(b, table, row), [_cell(b, c, row.cells.get(c.id))
                                                  for c in columns]) for row in table.rows]
    total = None
    if table.total is not None:
        cells = [_cell(b, c, _summed(b, table, c) if table.total.cells.get(c.id) == "sum"
                       else table.total.cells.get(c.id)) for c in columns]
        total = TableRow(b.inline_segment(f"{table.id}.total"), cells)
    view = TableView(
        caption=b.inline_segment(f"{table.id}.caption") if table.caption else None,
        label_heading=b.inline_segment(f"{table.id}.label"),
        headings=[Cell(b.inline_segment(f"{table.id}.{c.id}"), c.kind != "text")
                  for c in columns],
        rows=rows, total=total, unbroken=len(rows) <= UNBROKEN_ROWS)
    return [Block(table.id, "table", lang=b.fmt.lang, data=view)]


def _row_label(b: Builder, table: model.Table, row: model.Row) -> Markup:
    if row.entry is not None:
        return b.namer.plain(row.entry)
    return b.inline_segment(f"{table.id}.{row.id}")


def _cell(b: Builder, column: model.Column, value: object) -> Cell:
    if value is None:
        return Cell(Markup(""), column.kind != "text")
    if column.kind == "text":
        return Cell(b.inline_segment(str(value)), False)
    currency = column.currency
    precision = "day"
    if isinstance(value, str):  # a fact's id
        fact = b.content.briefing.facts[value]
        value, currency, precision = fact.value, fact.currency, fact.precision
    assert isinstance(value, dt.date | int | float)
    text = b.value(column.kind, value, currency, prose=False, precision=precision)
    return Cell(escape(text), True)  # the cell's class keeps it on one line


def _summed(b: Builder, table: model.Table, column: model.Column) -> float:
    total: float = 0
    for row in table.rows:
        value = row.cells.get(column.id)
        if isinstance(value, str):
            value = b.content.briefing.facts[value].value
        if isinstance(value, int | float):
            total += value
    return round(total, 6) if isinstance(total, float) else total


def _figure(b: Builder, block: Any, section: Section) -> list[Block]:
    figure: model.Figure = block
    src = figure.per_locale.get(b.locale.tag, figure.src)
    alt = b.block(f"{figure.id}.alt", "paragraph", inline=True)
    view = FigureView(
        src=data_uri(b.content.root, src), alt=Markup(alt.html).striptags(), alt_lang=alt.lang,
        caption=b.inline_segment(f"{figure.id}.caption") if figure.caption else None,
        media_type=TYPES[src[src.rfind("."):].lower()])
    return [Block(figure.id, "figure", lang=b.fmt.lang, data=view)]


def _callout(b: Builder, block: Any, section: Section) -> list[Block]:
    callout: model.Callout = block
    text = b.block(f"{callout.id}.text", "callout")
    view = CalloutView(
        style=callout.style,
        title=b.inline_segment(f"{callout.id}.title") if callout.title else None,
        text=text.html)
    return [Block(callout.id, "callout", lang=text.lang, fallback=text.fallback, data=view)]


def _map(b: Builder, block: Any, section: Section) -> list[Block]:
    """A map's caption and plain-text alternative: read apart from the prose (names in
    their first-mention form, the prose's first mentions left alone). The map itself is
    drawn by the render stage, for the edition or the pair of editions."""
    own = replace(b, namer=Namer(b.content, b.locale, b.namer.policy), fallback=None)
    caption, alt = (own.block(f"{block.id}.{p}", "map", inline=True)
                    for p in ("caption", "alt"))
    return [replace(caption, id=block.id, alt=alt.html.striptags(), spans=True)]


RESOLVERS: dict[str, Callable[[Builder, Any, Section], list[Block]]] = {
    "paragraph": _paragraph, "timeline": _timeline, "table": _table, "figure": _figure,
    "callout": _callout, "map": _map,
}
"""Kind of block -> what resolves it for an edition."""
