"""One edition: the content resolved, named and formatted for one locale.

This is the stage between the content model and the templates. Everything a
template shows is here already as escaped HTML or formatted text (`views`), so
templates only arrange it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from babel import Locale
from babel.core import negotiate_locale
from markupsafe import Markup

from briefing.content.assets import data_uri
from briefing.content.folder import Content
from briefing.content.model import Naming, Usage
from briefing.content.refs import Ref
from briefing.content.validate import WORDS_FIELDS, usage_problem
from briefing.edition.blocks import section_blocks
from briefing.edition.builder import Builder, formatter_for, keep_together, segment_hash
from briefing.edition.l10n import Formatter, capitalised
from briefing.edition.naming import Namer, full_form, lead_form
from briefing.edition.views import (
    Block,
    Edition,
    NameCell,
    NameRow,
    PartyItem,
    SourceItem,
    ThemeView,
)
from briefing.errors import UsageError


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
    b = Builder(content, locale, fmt, Namer(content, locale, policy), strict, citations,
                cite_prefix or prefix, prefix)
    sections = [section_blocks(b, section) for section in content.briefing.sections]

    def words(field: str) -> str:
        return content.words(tag, field)[0]

    return Edition(
        tag=tag, lang=fmt.lang, dir=fmt.dir, language_name=fmt.language_name(),
        title=words("title"), short_title=words("short_title"), subtitle=words("subtitle"),
        author=words("author"), description=words("description"),
        keywords=list(text.keywords or content.reference.text.keywords),
        stand_ins={field: formatter_for(content.reference).lang for field in WORDS_FIELDS
                   if content.words(tag, field)[1] != tag},
        date_text=fmt.date(content.briefing.date), date_iso=content.briefing.date.isoformat(),
        sections=sections, sources=_sources(b), parties=_parties(b), theme=_theme(b),
        name_langs=_name_langs(content, tag, fmt, partner), names=_names(content, tag, partner),
        map_labels=_map_labels(content, b.namer, policy), id_prefix=prefix)


def check_naming(content: Content, naming: Usage | None) -> None:
    """`--naming` names a party or usage the briefing declares."""
    message = usage_problem(content, naming)
    if message:
        raise UsageError(f"--naming: {message}")


def _parties(b: Builder) -> list[PartyItem]:
    return [PartyItem(party_id, b.inline_segment(f"parties.{party_id}"),
                      [lang.replace("_", "-") for lang in party.languages])
            for party_id, party in b.content.briefing.parties.items()]


def _theme(b: Builder) -> ThemeView:
    theme = b.content.briefing.theme

    def words(part: str) -> Markup | None:
        return b.inline_segment(f"theme.{part}") if getattr(theme, part) else None

    return ThemeView(
        accent=theme.accent, organisation=words("organisation"),
        logo=data_uri(b.content.root, theme.logo) if theme.logo else None,
        classification=words("classification"), draft=words("draft"),
        document_number=theme.document_number)


def _sources(b: Builder) -> list[SourceItem]:
    titles = b.locale.text.source_titles
    return [SourceItem(b.citations[s.id], s.id, s.title, s.publisher, s.url, s.lang,
                       b.fmt.date(s.published, prose=False) if s.published else "",
                       titles.get(s.id, ""))
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


def font_folders(content: Content, tags: Sequence[str]) -> list[str]:
    """The locale folders whose characters the PDF fonts of the editions of `tags` are
    cut to (`briefing.pdf.fonts`): the folder of every language they show, and the
    reference locale's. Editions that show the same languages share them."""
    shown = [t for t in shown_languages(content, tags) if t in content.locales]
    return sorted({*shown, content.briefing.reference_locale})


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
    the first mention, then any later form that differs ("Nuuk (Godthåb)", "Nuuk")."""
    locale = content.locales[tag]
    fmt = formatter_for(locale)
    citations = {s.id: n for n, s in enumerate(content.briefing.sources, start=1)}

    def texts(ref: Ref) -> list[str]:
        b = Builder(content, locale, fmt, Namer(content, locale, locale.text.naming), False,
                    citations, "", "")
        shown = [b.resolve(ref).striptags(), b.resolve(ref).striptags()]
        return shown[:1] if shown[0] == shown[1] else shown

    return texts


__all__ = ["Block", "Edition", "build_edition", "formatter_for", "full_form", "keep_together",
           "reference_texts", "segment_hash"]
