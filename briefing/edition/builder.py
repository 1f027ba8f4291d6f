"""The resolver of one edition: segments, references, names and facts for one locale."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup, escape

from briefing.content.folder import Content, LocaleContent
from briefing.content.refs import FACT_KINDS, NAME_KINDS, Ref
from briefing.edition.l10n import Formatter
from briefing.edition.naming import Namer
from briefing.edition.prose import Prose, render_block, render_inline
from briefing.edition.views import Block
from briefing.errors import ContentError

log = logging.getLogger(__name__)

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


def formatter_for(locale: LocaleContent) -> Formatter:
    """The CLDR formatting of a locale folder: its own, or the one its text.yaml names."""
    return Formatter(Locale.parse(locale.text.formats or locale.tag))


@dataclass
class Builder:
    """Turns one locale's segments into HTML: references resolved, names by the naming
    policy, facts formatted; a segment the locale lacks comes from the reference locale."""

    content: Content
    locale: LocaleContent
    fmt: Formatter
    namer: Namer
    strict: bool
    citations: dict[str, int]
    cite_prefix: str
    id_prefix: str
    fallback: Builder | None = None
    """Renders segments this locale lacks, in the reference locale."""

    def resolve(self, ref: Ref) -> Markup:
        if ref.kind in NAME_KINDS:
            return self.namer.mention(ref.id, ref.option)
        if ref.kind in FACT_KINDS:
            fact = self.content.briefing.facts[ref.id]
            return keep_together(self.value(fact.kind, fact.value, fact.currency, ref.option,
                                            precision=fact.precision), self.fmt.lang)
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

    def value(self, kind: str, value: dt.date | float, currency: str | None = None,
              option: str | None = None, prose: bool = True, precision: str = "day") -> str:
        """A fact's value (or a table's cell) of `kind`, formatted for the locale."""
        if kind == "date":
            assert isinstance(value, dt.date)
            return self.fmt.date(value, option or "long", precision, prose=prose)
        assert isinstance(value, int | float)
        if kind == "count":
            return self.fmt.count(int(value), prose=prose)
        if kind == "area":
            return self.fmt.area(value)
        if kind == "length":
            return self.fmt.length(value)
        if kind == "percent":
            return self.fmt.percent(value)
        if kind == "money":
            assert currency is not None  # the model requires it
            return self.fmt.money(value, currency)
        return self.fmt.number(value)

    def block(self, segment_id: str, kind: str, inline: bool = False,
              date: str = "") -> Block:
        """A segment as a block of this locale, or of the reference locale if it has none."""
        render = render_inline if inline else render_block
        segment = self.locale.segment(segment_id)
        if segment is not None:
            return Block(segment_id, kind, render(segment.text, self.prose(segment_id)),
                         self.fmt.lang, False, date)
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
        if text is None:  # validation refuses this; a caller that did not validate
            raise ContentError([self.content.reference.text_doc.problem(
                ("segments",), f"segment {segment_id!r} is missing in the reference locale",
                self.content.reference.tag)])
        return Block(segment_id, kind, render(text.text, reference.prose(segment_id)),
                     reference.fmt.lang, True, date)

    def prose(self, segment_id: str) -> Prose:
        """What Markdown in one segment needs: references, images, unique note ids."""
        return Prose(self.resolve, self.content.root, f"{self.id_prefix}{segment_id}-")

    def fallback_builder(self) -> Builder:
        if self.fallback is None:
            ref = self.content.reference
            self.fallback = Builder(
                self.content, ref, formatter_for(ref),
                Namer(self.content, ref, ref.text.naming), False, self.citations,
                self.cite_prefix, self.id_prefix)
        return self.fallback
