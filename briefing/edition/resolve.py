"""One edition: the content resolved, named and formatted for one locale.

This is the stage between the content model and the templates. Everything a
template shows is here already as escaped HTML or formatted text, so templates
only arrange it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from babel import Locale
from babel.core import negotiate_locale
from markupsafe import Markup, escape

from briefing.content.folder import Content, LocaleContent
from briefing.content.model import Fact, MapPart, Naming, Usage
from briefing.content.refs import FACT_KINDS, NAME_KINDS, Ref
from briefing.content.validate import usage_problem
from briefing.edition.l10n import Formatter, capitalised
from briefing.edition.naming import Namer, full_form, lead_form
from briefing.edition.prose import render_block, render_inline
from briefing.errors import ContentError, UsageError

log = logging.getLogger(__name__)

BlockKind = Literal["heading", "paragraph", "event", "islands", "sources", "names", "map"]


@dataclass(frozen=True)
class Block:
    """One aligned unit: a heading, a paragraph, a timeline entry or a generated part.

    Blocks carry ids shared by every locale, so that a bilingual edition pairs
    them by id and never by counting.
    """

    id: str
    kind: BlockKind
    html: Markup = Markup("")
    lang: str = ""
    """The language of the block's words; differs from the edition's for a fallback."""
    fallback: bool = False
    date: str = ""
    """For a timeline entry: its formatted date."""
    alt: str = ""  # a figure's (a map's) text alternative, as plain text


@dataclass(frozen=True)
class PartyItem:
    """A party, named in the edition's language."""

    id: str
    name: Markup
    languages: list[str]
    """BCP 47 tags of the languages it speaks for."""


@dataclass(frozen=True)
class IslandRow:
    id: str
    name: Markup
    area: str


@dataclass(frozen=True)
class SourceItem:
    number: int
    id: str
    title: str
    publisher: str
    url: str
    lang: str
    published: str


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
    date_text: str
    date_iso: str
    sections: list[list[Block]]
    islands: list[IslandRow]
    islands_total: str
    sources: list[SourceItem]
    parties: list[PartyItem]
    name_langs: list[tuple[str, str]]
    """(lang, language name in this edition's locale) for each column of the names table."""
    names: list[NameRow]
    map_labels: dict[str, str]
    """Entry id -> the name a map shows for it in this edition."""
    id_prefix: str
    """Prefix of every id in the edition's HTML, so that ids never collide in a host page."""


_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\S)| (?=[^\W\d_]{1,4}\.(?:\s|$))")
_LONG_WORD = re.compile(r"[^\W\d_]{6,}")
_ATOM = re.compile(r"(\d[\d.,]*(?:[万億][\d.,]*)*(?:[A-Za-z]+²?|[^\d\s])?(?:\u00a0\S+)?)")


def keep_together(text: str, lang: str) -> Markup:
    """A formatted date or number, so that no line splits it where it would misread.

    A number is tied to the word after it ("22 January", "16 km") with a no-break
    space, which leaves the lines free to break elsewhere.
    """
    text = _NUMBER_SPACE.sub("\u00a0", text)
    if lang.split("-")[0] not in ("ja", "zh", "ko"):
        # A word long enough to be hyphenated (a month's name) is marked, so that it
        # never is: "12 дека-бря 1956 года" would misread.
        if _LONG_WORD.search(text):
            return Markup('<span class="fact">{}</span>').format(text)
        return escape(text)
    # Unspaced scripts may break anywhere: each number stays whole with its unit
    # (2019年 | 1月 | 22日, 1万7291), and a line may still break between them.
    parts = [Markup('<span class="fact">{}</span>').format(part) if _ATOM.fullmatch(part)
             else escape(part) for part in _ATOM.split(text) if part]
    return Markup("").join(parts)


def segment_hash(text: str) -> str:
    """The short hash that a translation records of the reference text it translates."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]


@dataclass
class _Builder:
    content: Content
    locale: LocaleContent
    fmt: Formatter
    namer: Namer
    strict: bool
    citations: dict[str, int]
    cite_prefix: str
    fallback: _Builder | None = None
    """Renders segments this locale lacks, in the reference locale."""

    def resolve(self, ref: Ref) -> Markup:
        if ref.kind in NAME_KINDS:
            return self.namer.mention(ref.id, ref.option)
        if ref.kind in FACT_KINDS:
            return keep_together(self.fact(self.content.briefing.facts[ref.id], ref.option),
                                 self.fmt.lang)
        if ref.kind == "party":
            return self.inline_segment(f"parties.{ref.id}")
        if ref.kind == "list":
            items = [self.namer.in_list(i) for i in self.content.briefing.lists[ref.id]]
            return self.markup_list(items)
        number = self.citations[ref.id]
        return Markup('<a class="cite" href="#{}src-{}">[{}]</a>').format(self.cite_prefix,
                                                                          ref.id, number)

    def inline_segment(self, segment_id: str) -> Markup:
        """A short segment (a party's name, a table's heading) as inline HTML, marked with
        the reference locale's language where it stands in for a missing one."""
        block = self.block(segment_id, "paragraph", inline=True)
        if not block.fallback:
            return block.html
        return Markup('<span class="fallback" lang="{}">{}</span>').format(block.lang,
                                                                          block.html)

    def markup_list(self, items: Sequence[Markup]) -> Markup:
        """CLDR's list pattern around items that are already HTML: the pattern's words are
        escaped, the items are not escaped twice."""
        slots = [f"\x00{n}\x00" for n in range(len(items))]
        joined = str(escape(self.fmt.list(slots)))
        for slot, item in zip(slots, items, strict=True):
            joined = joined.replace(slot, str(item))
        return Markup(joined)  # noqa: S704 - every part was escaped above

    def fact(self, fact: Fact, option: str | None = None, prose: bool = True) -> str:
        value = fact.value
        if fact.kind == "date":
            assert not isinstance(value, int | float)
            return self.fmt.date(value, option or "long", fact.precision)
        assert isinstance(value, int | float)
        if fact.kind == "count":
            return self.fmt.count(int(value), prose=prose)
        if fact.kind == "area":
            return self.fmt.area(value)
        if fact.kind == "length":
            return self.fmt.length(value)
        return self.fmt.number(value)

    def block(self, segment_id: str, kind: BlockKind, inline: bool = False,
              date: str = "") -> Block:
        render = render_inline if inline else render_block
        segment = self.locale.segment(segment_id)
        if segment is not None:
            return Block(segment_id, kind, render(segment.text, self.resolve), self.fmt.lang,
                         False, date)
        if self.strict:
            raise ContentError([self.locale.text_doc.problem(
                ("segments",), f"segment {segment_id!r} is missing (--strict)",
                self.locale.tag)])
        log.warning("%s: segment %r is missing; showing the %s text", self.locale.tag,
                    segment_id, self.content.reference.tag)
        # The stand-in is the reference locale's paragraph as that locale shows it: its
        # names, its dates and numbers, its language tag.
        reference = self.fallback_builder()
        text = self.content.reference.segment(segment_id)
        assert text is not None  # validation guarantees the reference locale is complete
        return Block(segment_id, kind, render(text.text, reference.resolve),
                     reference.fmt.lang, True, date)

    def fallback_builder(self) -> _Builder:
        if self.fallback is None:
            ref = self.content.reference
            self.fallback = _Builder(
                self.content, ref, formatter_for(ref),
                Namer(self.content, ref, ref.text.naming), False, self.citations,
                self.cite_prefix)
        return self.fallback


def build_edition(content: Content, tag: str, *, naming: Usage | None = None,
                  strict: bool = False, cite_prefix: str | None = None,
                  partner: str | None = None) -> Edition:
    """Resolve references, apply the naming policy and format every fact for `tag`.

    `cite_prefix` is the id prefix of the list of sources that citations link to,
    when it is another edition's (the right column of a bilingual edition);
    `partner` the other locale of a bilingual edition, whose names the names table
    shows too.
    """
    check_naming(content, naming)
    locale = content.locales[tag]
    text = locale.text
    fmt = formatter_for(locale)
    policy = text.naming if naming is None else Naming(style=text.naming.style, prefer=naming)
    citations = {s.id: n for n, s in enumerate(content.briefing.sources, start=1)}
    prefix = f"briefing-{fmt.lang}-"
    b = _Builder(content, locale, fmt, Namer(content, locale, policy), strict, citations,
                 cite_prefix or prefix)
    sections = [_section(b, section.id) for section in content.briefing.sections]
    return Edition(
        tag=tag, lang=fmt.lang, dir=fmt.dir, language_name=fmt.language_name(),
        title=text.title, short_title=text.short_title, subtitle=text.subtitle,
        author=text.author, description=text.description, keywords=list(text.keywords),
        date_text=fmt.date(content.briefing.date), date_iso=content.briefing.date.isoformat(),
        sections=sections, islands=_islands(b), islands_total=_islands_total(b),
        sources=_sources(b), parties=_parties(b),
        name_langs=_name_langs(content, tag, fmt, partner), names=_names(content, tag, partner),
        map_labels=_map_labels(content, b.namer, policy), id_prefix=prefix)


def check_naming(content: Content, naming: Usage | None) -> None:
    """`--naming` names a party or usage the briefing declares."""
    message = usage_problem(content, naming)
    if message:
        raise UsageError(f"--naming: {message}")


def formatter_for(locale: LocaleContent) -> Formatter:
    """The CLDR formatting of a locale folder: its own, or the one its text.yaml names."""
    return Formatter(Locale.parse(locale.text.formats or locale.tag))


def _section(b: _Builder, section_id: str) -> list[Block]:
    section = next(s for s in b.content.briefing.sections if s.id == section_id)
    blocks = [b.block(f"{section.id}.heading", "heading", inline=True)]
    blocks.extend(b.block(p, "paragraph") for p in section.paragraphs)
    for part in section.include:
        if isinstance(part, MapPart):
            blocks.append(_figure(b, part.map.id, "map"))
        elif part == "timeline":
            for event in b.content.briefing.timeline:
                date = b.fact(b.content.briefing.facts[event.date])
                blocks.append(b.block(f"timeline.{event.id}", "event", date=date))
        else:
            blocks.append(Block(f"{section.id}.{part}", part, lang=b.fmt.lang))
    return blocks


def _figure(b: _Builder, figure_id: str, kind: BlockKind) -> Block:
    """A figure's caption and plain-text alternative: read apart from the prose (names
    in their first-mention form, the prose's first mentions left alone)."""
    own = replace(b, namer=Namer(b.content, b.locale, b.namer.policy), fallback=None)
    caption, alt = (own.block(f"{figure_id}.{p}", kind, inline=True) for p in ("caption", "alt"))
    return replace(caption, id=figure_id, alt=alt.html.striptags())


def _islands(b: _Builder) -> list[IslandRow]:
    facts = b.content.briefing.facts
    return [IslandRow(i.place, b.namer.plain(i.place), b.fact(facts[i.area], prose=False))
            for i in b.content.briefing.islands]


def _islands_total(b: _Builder) -> str:
    facts = b.content.briefing.facts
    if b.content.briefing.islands_total is not None:
        return b.fact(facts[b.content.briefing.islands_total], prose=False)
    total = sum(_number(facts[i.area].value) for i in b.content.briefing.islands)
    return b.fmt.area(round(total, 2))


def _number(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def _parties(b: _Builder) -> list[PartyItem]:
    return [PartyItem(party_id, b.inline_segment(f"parties.{party_id}"),
                      [lang.replace("_", "-") for lang in party.languages])
            for party_id, party in b.content.briefing.parties.items()]


def _sources(b: _Builder) -> list[SourceItem]:
    return [SourceItem(b.citations[s.id], s.id, s.title, s.publisher, s.url, s.lang,
                       b.fmt.date(s.published, prose=False) if s.published else "")
            for s in b.content.briefing.sources]


def _map_labels(content: Content, namer: Namer, policy: Naming) -> dict[str, str]:
    """Map labels give both forms where prose would at first mention."""
    labels = {}
    for entry_id in content.gazetteer.entries:
        name, _ = namer.lookup(entry_id)
        labels[entry_id] = (full_form(name, policy.prefer) if policy.style == "first-mention"
                            else lead_form(name, policy.prefer))
    return labels


def _name_langs(content: Content, tag: str, fmt: Formatter, partner: str | None
                ) -> list[tuple[str, str]]:
    langs = []
    for column in names_locales(content, tag, partner):
        name = Locale.parse(column).get_display_name(fmt.locale) or column
        langs.append((column.replace("_", "-"), capitalised(name)))
    return langs


def party_locales(content: Content) -> list[str]:
    """The locale folders of the languages the declared parties speak for (`parties:` in
    briefing.yaml): a party's language finds its folder as a requested locale would."""
    found = []
    for party in content.briefing.parties.values():
        for lang in party.languages:
            match = negotiate_locale([lang, lang.split("_")[0]], list(content.locales))
            if match is not None:
                found.append(match)
    return list(dict.fromkeys(found))


def names_locales(content: Content, tag: str, partner: str | None = None) -> list[str]:
    """The columns of an edition's names table: the reference locale, then the edition's
    own, its bilingual partner's and the parties' (sorted). Never every locale folder:
    a table of twelve languages fits no page, and adding a locale must not change
    another edition."""
    ref = content.briefing.reference_locale
    others = {tag, *([partner] if partner else []), *party_locales(content)} - {ref}
    return [ref, *sorted(others)]


def edition_folders(content: Content, tags: Sequence[str]) -> tuple[list[str], list[str]]:
    """The locale folders the editions of `tags` are made from: those whose words they
    show (their own and the reference locale's, which stands in for a missing
    translation), and those whose names alone they show (the names table)."""
    whole = list(dict.fromkeys([*tags, content.briefing.reference_locale]))
    names = [t for tag in tags
             for t in names_locales(content, tag, next((o for o in tags if o != tag), None))]
    return whole, [t for t in dict.fromkeys(names) if t not in whole]


def shown_languages(content: Content, tags: Sequence[str]) -> list[str]:
    """Every language the editions of `tags` (one, or the two of a bilingual edition)
    show: their own, their names tables', the reference locale's (which stands in for
    a missing translation) and their sources' titles' (BCP 47 tags)."""
    shown = [*tags]
    for tag in tags:
        shown.extend(names_locales(content, tag, next((t for t in tags if t != tag), None)))
    shown.extend(source.lang for source in content.briefing.sources)
    return list(dict.fromkeys(shown))


def _names(content: Content, tag: str, partner: str | None) -> list[NameRow]:
    """Every gazetteer entry, named in the edition's languages: generated, so it cannot
    drift."""
    rows = []
    for entry_id, entry in content.gazetteer.entries.items():
        cells = []
        for column in names_locales(content, tag, partner):
            name = content.locales[column].names.get(entry_id)
            if name is None:
                cells.append(NameCell(column.replace("_", "-"), "—", [], None))
                continue
            forms = [name.name, *(a.name for a in name.alternates)]
            lead = lead_form(name, content.locales[column].text.naming.prefer)
            cells.append(NameCell(column.replace("_", "-"), capitalised(lead),
                                  [f for f in forms if f != lead], name.reading))
        rows.append(NameRow(entry_id, entry.kind, cells))
    return rows


def reference_texts(content: Content, tag: str) -> Callable[[Ref], list[str]]:
    """What a reference shows in `tag`'s prose, as plain text, for a translator's notes:
    the first mention, then any later form that differs ("Iturup (Etorofu)", "Iturup")."""
    locale = content.locales[tag]
    fmt = formatter_for(locale)
    citations = {s.id: n for n, s in enumerate(content.briefing.sources, start=1)}

    def texts(ref: Ref) -> list[str]:
        b = _Builder(content, locale, fmt, Namer(content, locale, locale.text.naming), False,
                     citations, "")
        shown = [b.resolve(ref).striptags(), b.resolve(ref).striptags()]
        return shown[:1] if shown[0] == shown[1] else shown

    return texts


__all__ = ["Block", "Edition", "build_edition", "full_form", "reference_texts", "segment_hash"]
