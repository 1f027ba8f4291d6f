"""The naming policy: how a gazetteer entry appears in one locale's prose."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from briefing.content.folder import Content, LocaleContent
from briefing.content.model import Name, Naming, Usage
from briefing.edition.l10n import capitalised, hyphenates, text_direction


@dataclass
class Namer:
    """Names entries for one edition, remembering which were mentioned already."""

    content: Content
    locale: LocaleContent
    policy: Naming
    mentioned: set[str] = field(default_factory=set)

    def mention(self, entry_id: str, option: str | None = None) -> Markup:
        """The name as prose shows it here: the full form once, then the short one; or
        in the grammatical case `option` names, as the locale writes it."""
        name, lang = self.lookup(entry_id)
        first = entry_id not in self.mentioned
        self.mentioned.add(entry_id)
        if option in name.forms:
            return _wrap(name.forms[option], lang, self.locale.tag)
        if option == "short" or (option is None and not first and name.short):
            # People are named in full once, then by the short form (Putin, 安倍, Абэ).
            return _wrap(name.short or lead_form(name, self.policy.prefer), lang,
                         self.locale.tag)
        full = option == "full" or (option is None and first
                                    and self.policy.style == "first-mention")
        text = full_form(name, self.policy.prefer) if full else lead_form(name,
                                                                          self.policy.prefer)
        return _wrap(text, lang, self.locale.tag)

    def in_list(self, entry_id: str) -> Markup:
        """A mention inside a running list: with the name's article ("the Netherlands")."""
        name, _ = self.lookup(entry_id)
        mention = self.mention(entry_id)
        return Markup("{} {}").format(name.article, mention) if name.article else mention

    def plain(self, entry_id: str) -> Markup:
        """The leading form alone, as a table's cell starts it (Река Волга)."""
        name, lang = self.lookup(entry_id)
        return _wrap(capitalised(lead_form(name, self.policy.prefer)), lang, self.locale.tag)

    def lookup(self, entry_id: str) -> tuple[Name, str]:
        name = self.locale.names.get(entry_id)
        if name is not None:
            return name, self.locale.tag
        return self.content.reference.names[entry_id], self.content.reference.tag


def lead_form(name: Name, prefer: Usage | None) -> str:
    """The form that leads: the preferred side's, when the locale has one."""
    if prefer is not None and name.usage != prefer:
        for alt in name.alternates:
            if alt.usage == prefer:
                return alt.name
    return name.name


def other_form(name: Name, prefer: Usage | None) -> str | None:
    """The form shown in parentheses at first mention, if the sides differ."""
    lead = lead_form(name, prefer)
    for candidate in [name.name, *(a.name for a in name.alternates)]:
        if candidate != lead:
            return candidate
    return None


def full_form(name: Name, prefer: Usage | None) -> str:
    other = other_form(name, prefer)
    lead = lead_form(name, prefer)
    return f"{lead} ({other})" if other else lead


def _wrap(text: str, lang: str, edition_lang: str) -> Markup:
    # A name is never hyphenated ("Вла-димир"), in a language that hyphenates at all;
    # one from another locale says so. A name
    # written in the other direction than the edition's ("Nuuk (Godthåb)" in Arabic
    # prose) is isolated with `dir`, so that its parentheses stay where they belong.
    own = text_direction(edition_lang)
    written = strong_direction(text) or own
    lang_attr = "" if lang == edition_lang else lang.replace("_", "-")
    if written == own and not lang_attr:
        if not hyphenates(edition_lang):
            return escape(text)  # nothing to keep it from: no span, no box to lay out
        return Markup('<span class="name">{}</span>').format(text)
    if written == own:
        return Markup('<span class="name fallback" lang="{}">{}</span>').format(lang_attr, text)
    return Markup('<span class="name{}"{} dir="{}">{}</span>').format(
        " fallback" if lang_attr else "",
        Markup(' lang="{}"').format(lang_attr) if lang_attr else "", written, text)


def strong_direction(text: str) -> str | None:
    """The direction of the first letter with one (the Unicode bidirectional class of
    its first strong character): 'ltr', 'rtl', or None for digits and punctuation."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None
