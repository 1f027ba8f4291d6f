"""Cross-file rules: every id that one file uses must exist, with the right kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from babel import localedata

from briefing.content import markdown
from briefing.content.assets import AssetProblem, read_asset
from briefing.content.folder import Content, LocaleContent
from briefing.content.model import Fit, MapBlock
from briefing.content.places import map_region
from briefing.content.refs import (
    CASES,
    FACT_KINDS,
    KINDS,
    NAME_KINDS,
    OPTIONS,
    Malformed,
    Ref,
    scan,
)
from briefing.content.setup import setup_problems
from briefing.content.source import FieldPath, dotted
from briefing.errors import Problem, suggest
from briefing.map.region import size_problem

MAX_SEGMENTS = 2_000
"""Segments in one locale: ten times this briefing's structure at its largest measured
(benchmarks: 94 pages); each is an element the PDF lays out, whatever its length."""

MAX_NESTING = 20
"""Markup in prose nests at most this deep (emphasis in a link in a list item...):
markdown-it's own limit for blocks, and far below the depth at which laying out a PDF
runs out of stack."""


def validate(content: Content) -> list[Problem]:
    """Every problem that stops a build, for the neutral files and every locale."""
    problems = list(_neutral(content))
    for locale in content.locales.values():
        problems.extend(_locale(content, locale))
        problems.extend(_limits(locale))
    return problems


def _limits(locale: LocaleContent) -> Iterator[Problem]:
    count = len(locale.text.segments)
    if count > MAX_SEGMENTS:
        yield locale.text_doc.problem(("segments",), f"{count:,} segments; a locale may have "
                                      f"at most {MAX_SEGMENTS:,}", locale.tag)
    for segment_id in locale.text.segments:
        segment = locale.segment(segment_id)
        depth = markdown.nesting(segment.text) if segment else 0
        if depth > MAX_NESTING:
            yield locale.text_doc.problem(("segments", segment_id), f"markup nested {depth} "
                                          "levels deep (emphasis, links, lists); prose nests "
                                          f"at most {MAX_NESTING}", locale.tag)


def _neutral(content: Content) -> Iterator[Problem]:
    b, doc = content.briefing, content.briefing_doc
    entries = content.gazetteer.entries
    yield from _parties(content)
    for fact_id, fact in b.facts.items():
        if fact.source is not None and fact.source not in {s.id for s in b.sources}:
            yield doc.problem(("facts", fact_id, "source"), _unknown("source", fact.source,
                                                                   [s.id for s in b.sources]))
    yield from _blocks(content)
    logo = b.theme.logo
    if logo is not None and (message := _Checks(content).asset(logo)):
        yield doc.problem(("theme", "logo"), message)
    for i, event in enumerate(b.timeline):
        yield from _expect_fact(content, ("timeline", i, "date"), event.date, "date")
    for list_id, members in b.lists.items():
        for i, member in enumerate(members):
            if member not in entries:
                yield doc.problem(("lists", list_id, i), _unknown("gazetteer entry", member,
                                                                 entries))
    for name, ids in (("sections", [s.id for s in b.sections]),
                      ("timeline", [e.id for e in b.timeline]),
                      ("sources", [s.id for s in b.sources])):
        for dup in [i for i, n in Counter(ids).items() if n > 1]:
            yield doc.problem((name, len(ids) - 1 - ids[::-1].index(dup)),
                              f"duplicate id {dup!r}")
    for i, pair in enumerate(b.bilingual):
        for tag in pair.split("+"):
            if tag not in content.locales:
                yield doc.problem(("bilingual", i), f"unknown locale {tag!r} in the bilingual "
                                  f"edition {pair!r}; available: "
                                  f"{', '.join(sorted(content.locales))}")
        if len(set(pair.split("+"))) == 1:
            yield doc.problem(("bilingual", i), f"a bilingual edition needs two different "
                                                f"locales, got {pair!r}")


def _blocks(content: Content) -> Iterator[Problem]:
    doc = content.briefing_doc
    checks = _Checks(content)
    first: dict[str, str] = {}
    for s, b, section, block in content.blocks():
        path: FieldPath = ("sections", s, "blocks", b)
        block_id = block.block_id(section.id)
        if block_id in first:
            what = "segment" if block.kind == "paragraph" else "block id"
            yield doc.problem(path, f"{what} {block_id!r} is used twice (first at "
                                    f"{first[block_id]})")
        first.setdefault(block_id, dotted(path))
        for inner, message in block.check(checks):
            yield doc.problem((*path, *inner), f"{block.kind} {block_id!r}: {message}")
        if isinstance(block, MapBlock):
            yield from _map_problems(content, block, path)


def _map_problems(content: Content, block: MapBlock, at: FieldPath) -> Iterator[Problem]:
    """Every place a map names has coordinates; its region has a size; its projection
    is one PROJ knows."""
    doc = content.briefing_doc
    places = [(("region", "fit"), block.region.fit if isinstance(block.region, Fit)
               else []), (("label",), block.label), (("mark",), block.mark),
              (("highlight",), block.highlight)]
    bad = False
    for field, ids in places:
        for k, place in enumerate(ids):
            problem = _place_problem(content, place)
            if problem:
                bad = True
                yield doc.problem((*at, *field, k), problem)
    if not bad:
        yield from _region_problems(content, block, at)
    if block.projection != "auto":
        from briefing.map.projection import projection_problem  # loads PROJ

        problem = projection_problem(block.projection)
        if problem:
            yield doc.problem((*at, "projection"), problem)


def _place_problem(content: Content, place: str) -> str | None:
    entry = content.gazetteer.entries.get(place)
    if entry is None:
        return _unknown("place", place, content.gazetteer.entries)
    if entry.kind != "place":
        return f"{place!r} is a {entry.kind}, expected a place"
    if entry.lat is None or entry.lon is None:
        return (f"place {place!r} has no coordinates in gazetteer.yaml; expected lat and lon "
                f"to put it on a map")
    return None


def _region_problems(content: Content, block: MapBlock, at: FieldPath) -> Iterator[Problem]:
    problem = size_problem(map_region(content, block))
    if problem is None:
        return
    if isinstance(block.region, Fit):
        problem = (f"expected places that span a region, or pad_km, got a region of no size "
                   f"({problem.removeprefix('expected ')})")
    yield content.briefing_doc.problem((*at, "region"), problem)


@dataclass
class _Checks:
    """What a block's `check` asks of the content (see `blocks.Checks`)."""

    content: Content

    def entry(self, entry_id: str) -> str | None:
        entries = self.content.gazetteer.entries
        return None if entry_id in entries else _unknown("gazetteer entry", entry_id, entries)

    def fact(self, fact_id: str, kind: str) -> str | None:
        fact = self.content.briefing.facts.get(fact_id)
        if fact is None:
            return _unknown("fact", fact_id, self.content.briefing.facts)
        return None if fact.kind == kind else f"fact {fact_id!r} is a {fact.kind}, " \
                                              f"expected a {kind}"

    def asset(self, relative: str) -> str | None:
        try:
            read_asset(self.content.root, relative)
        except AssetProblem as exc:
            return str(exc)
        return None

    def locale(self, tag: str) -> str | None:
        locales = self.content.locales
        return None if tag in locales else f"no locale folder {tag!r}; the locales: " \
                                           f"{', '.join(locales)}"


def _parties(content: Content) -> Iterator[Problem]:
    b, doc = content.briefing, content.briefing_doc
    for party_id, party in b.parties.items():
        for i, lang in enumerate(party.languages):
            if not localedata.exists(lang):
                yield doc.problem(("parties", party_id, "languages", i),
                                  f"unknown language {lang!r}; expected a locale such as "
                                  "'en', 'ja' or 'pt_BR'")
    for i, usage in enumerate(b.usages):
        if usage in b.parties:
            yield doc.problem(("usages", i), f"{usage!r} is already a party; list only "
                                             "usages that are not parties here")


def usage_problem(content: Content, usage: str | None) -> str | None:
    """Why a name's `usage` (or a naming policy's `prefer`) is wrong, or None."""
    declared = content.usages
    if usage is None or usage in declared:
        return None
    doc = content.briefing_doc
    if not declared:
        return (f"undeclared usage {usage!r}; {doc.shown} declares no parties: add them "
                "under `parties:` (or other usages under `usages:`)")
    line = doc.line(("parties",)) or doc.line(("usages",))
    where = f"{doc.shown}:{line}" if line else doc.shown
    return (f"undeclared usage {usage!r}; {where} declares {', '.join(declared)}"
            + suggest(usage, declared))


def _expect_fact(content: Content, path: tuple[str | int, ...], fact_id: str,
                 kind: str) -> Iterator[Problem]:
    yield from _expect(content, path, fact_id, kind, content.briefing.facts, "fact",
                       f"fact {fact_id!r}")


def _expect(content: Content, path: tuple[str | int, ...], ident: str, kind: str,
            table: Mapping[str, Any], noun: str, named: str) -> Iterator[Problem]:
    """`ident` names an entry of `table` (a gazetteer entry, a fact) of the given kind."""
    found = table.get(ident)
    if found is None:
        yield content.briefing_doc.problem(path, _unknown(noun, ident, table))
    elif found.kind != kind:
        yield content.briefing_doc.problem(path, f"{named} is a {found.kind}, "
                                                 f"expected a {kind}")


def _locale(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    doc = locale.text_doc
    for segment_id in locale.text.segments:
        segment = locale.segment(segment_id)
        if segment is None:
            continue  # left empty to translate
        path: tuple[str | int, ...] = ("segments", segment_id)
        if not isinstance(locale.text.segments[segment_id], str):
            path = (*path, "text")
        for found in scan(segment.text):
            message = reference_problem(content, found) or _case_problem(locale, found)
            if segment_id.startswith("parties.") and not message:
                message = "a party's name is plain words, without references"
            if message:
                yield Problem(doc.shown, doc.text_line(path, found.start),
                              f"segments.{segment_id}", message, locale.tag)
        for line, message in _markdown_problems(content, segment.text):
            yield Problem(doc.shown, doc.text_line(path, _line_start(segment.text, line)),
                          f"segments.{segment_id}", message, locale.tag)
    yield from _usages(content, locale)
    yield from _source_titles(content, locale)
    yield from setup_problems(locale)
    for entry_id in locale.names:
        if entry_id not in content.gazetteer.entries:
            yield locale.names_doc.problem((entry_id,), _unknown(
                "gazetteer entry", entry_id, content.gazetteer.entries), locale.tag)
    if locale.tag == content.briefing.reference_locale:
        yield from _reference_complete(content, locale)


def _usages(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    """Every usage a locale names is one the briefing declares."""
    found: list[tuple[Any, tuple[str | int, ...], str | None]] = [
        (locale.text_doc, ("naming", "prefer"), locale.text.naming.prefer)]
    for entry_id, name in locale.names.items():
        found.append((locale.names_doc, (entry_id, "usage"), name.usage))
        found.extend((locale.names_doc, (entry_id, "alternates", i, "usage"), alt.usage)
                     for i, alt in enumerate(name.alternates))
    for doc, path, usage in found:
        message = usage_problem(content, usage)
        if message:
            yield doc.problem(path, message, locale.tag)


def _source_titles(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    """A translated title is for a source the briefing lists, in another language."""
    sources = {s.id: s for s in content.briefing.sources}
    for source_id in locale.text.source_titles:
        source = sources.get(source_id)
        if source is None:
            message = _unknown("source", source_id, sources)
        elif _language(source.lang) == _language(locale.tag):
            message = (f"source {source_id!r} is in this locale's language ({source.lang}): "
                       "its own title is shown; remove the translation")
        else:
            continue
        yield locale.text_doc.problem(("source_titles", source_id), message, locale.tag)


def _language(tag: str) -> str:
    return tag.replace("-", "_").split("_")[0].lower()


def _markdown_problems(content: Content, text: str) -> Iterator[tuple[int, str]]:
    yield from markdown.problems(text)
    checks = _Checks(content)
    for line, src in markdown.images(text):
        message = checks.asset(src)
        if message:
            yield line, f"image: {message}"


def _line_start(text: str, line: int) -> int:
    """The offset in `text` where its line `line` (0-based) starts."""
    offset = 0
    for _ in range(line):
        offset = text.find("\n", offset) + 1
    return offset


WORDS_FIELDS = ("title", "short_title", "subtitle", "author", "description")
"""The fields of text.yaml besides segments that a translator may leave empty."""


def _reference_complete(content: Content, locale: LocaleContent) -> Iterator[Problem]:
    """The reference locale is what others fall back to: it must have everything."""
    for segment_id in content.segment_ids():
        if locale.segment(segment_id) is None:
            where = ("segments", segment_id) if segment_id in locale.text.segments else (
                "segments",)
            yield locale.text_doc.problem(where, f"segment {segment_id!r} is missing "
                                          "in the reference locale", locale.tag)
    for field in WORDS_FIELDS:
        if not getattr(locale.text, field).strip():
            yield locale.text_doc.problem((field,), f"the reference locale needs its {field}",
                                          locale.tag)
    for entry_id in content.gazetteer.entries:
        if entry_id not in locale.names:
            yield locale.names_doc.problem((), f"no name for gazetteer entry {entry_id!r} in "
                                           "the reference locale", locale.tag)


def reference_problem(content: Content, found: Ref | Malformed) -> str | None:
    """Why a reference in prose is wrong, or None when it is right."""
    if isinstance(found, Malformed):
        return found.message
    if found.kind not in KINDS:
        return f"unknown reference kind {found.kind!r}" + suggest(found.kind, KINDS)
    if found.option is not None and found.option not in OPTIONS.get(found.kind, ()):
        allowed = ", ".join(OPTIONS.get(found.kind, ())) or "none"
        return f"{{{found.kind}:...}} takes no option {found.option!r}; allowed: {allowed}"
    b, entries = content.briefing, content.gazetteer.entries
    if found.kind in NAME_KINDS:
        entry = entries.get(found.id)
        if entry is None:
            return _unknown(found.kind, found.id, entries)
        if entry.kind != found.kind:
            return f"{found.id!r} is a {entry.kind}, not a {found.kind}; write " \
                   f"{{{entry.kind}:{found.id}}}"
    elif found.kind in FACT_KINDS:
        fact = b.facts.get(found.id)
        if fact is None:
            return _unknown("fact", found.id, b.facts)
        if fact.kind != found.kind:
            return f"fact {found.id!r} is a {fact.kind}, not a {found.kind}; write " \
                   f"{{{fact.kind}:{found.id}}}"
    elif found.kind == "list" and found.id not in b.lists:
        return _unknown("list", found.id, b.lists)
    elif found.kind == "party" and found.id not in b.parties:
        return _unknown("party", found.id, b.parties)
    elif found.kind == "cite" and found.id not in {s.id for s in b.sources}:
        return _unknown("source", found.id, [s.id for s in b.sources])
    return None


def _case_problem(locale: LocaleContent, found: Ref | Malformed) -> str | None:
    """A name asked for in a grammatical case must have that form in the locale's names."""
    if isinstance(found, Malformed) or found.option not in CASES:
        return None
    name = locale.names.get(found.id)
    if name is not None and found.option in name.forms:
        return None
    return (f"{{{found.kind}:{found.id}|{found.option}}}: {locale.names_doc.shown} gives no "
            f"{found.option!r} form of {found.id!r}; add it under the entry's `forms:`")


def _unknown(what: str, key: str, known: object) -> str:
    candidates = list(known) if not isinstance(known, str) else [known]  # type: ignore[call-overload]
    return f"unknown {what} {key!r}" + suggest(key, candidates)
