"""The reference syntax translators type into prose: `{kind:id}` or `{kind:id|option}`.

    {place:nuuk}          a gazetteer name, shown by the locale's naming policy
    {place:prague|loc}    the name in a grammatical case its names.yaml gives (в Праге)
    {person:minister}     likewise for people ({org:...} for organisations)
    {date:signed}         a fact, formatted for the locale; `|year`, `|short`, `|medium`
    {count:residents}     a count (Japanese prose writes 1万7000)
    {area:area_total}     an area in km²
    {length:to_coast}     a distance in km
    {percent:turnout}     a percentage (a fact of 45.5 reads 45.5% / 45,5 %)
    {money:budget}        a sum in the fact's currency (€1,500,000 / 1 500 000 €)
    {list:capitals}       a named list of gazetteer ids, with the locale's list pattern
    {cite:statement}      a numbered citation of a source
    {party:north}         a party's name in the locale (the segment `parties.north`)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

from briefing.content.model import Case

NAME_KINDS = ("place", "person", "org")
CASES: tuple[Case, ...] = get_args(Case)
FACT_KINDS = ("date", "count", "area", "length", "number", "percent", "money")
KINDS = (*NAME_KINDS, *FACT_KINDS, "list", "cite", "party")
OPTIONS: dict[str, tuple[str, ...]] = {
    "date": ("long", "medium", "short", "year", "month"),
    "place": ("short", "full", *CASES),
    "person": ("short", "full", *CASES),
    "org": ("short", "full", *CASES),
}
"""Options each kind accepts after '|'; kinds not listed take none."""

REF = re.compile(r"\{([a-z]+):([a-z0-9_.-]+)(?:\|([a-z]+))?\}")
_OPENING = re.compile(r"\{\s*([A-Za-z]+)\s*:")


@dataclass(frozen=True)
class Ref:
    """One reference found in a text."""

    kind: str
    id: str
    option: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Malformed:
    """Something that starts like a reference but is not one."""

    start: int
    snippet: str
    message: str


def scan(text: str) -> Iterator[Ref | Malformed]:
    """Every reference in `text`, and everything that looks like a broken one."""
    pos = 0
    while (opening := _OPENING.search(text, pos)) is not None:
        start = opening.start()
        match = REF.match(text, start)
        if match is None:
            end = text.find("}", start)
            snippet = text[start: end + 1 if end != -1 else start + 30]
            yield Malformed(start, snippet, _why(snippet))
            pos = opening.end()
            continue
        yield Ref(match[1], match[2], match[3], start, match.end())
        pos = match.end()


def _why(snippet: str) -> str:
    if not snippet.endswith("}"):
        return f"reference {snippet!r} is not closed with '}}'"
    return (f"malformed reference {snippet!r}; expected {{kind:id}} or {{kind:id|option}} "
            "with a lowercase kind and id")
