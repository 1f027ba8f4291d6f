"""Which installed typefaces set each language: asked of fontconfig, never a list of faces.

A language gets a serif family (running text) and a sans family (headings, tables,
captions). fontconfig is asked for the fonts that support the language (its `lang`
property: the language's whole orthography, for CJK by region, so zh-cn, zh-tw, ko
and ja each find their own Noto CJK face) in the order its configuration ranks them
for `serif` or `sans-serif`. Of those, the house design (the family names of
`HOUSE`) is taken where it covers the language, then a family of the same design
whose name says its role ("Noto Serif Hebrew", "Noto Sans CJK KR"), then any of the
role; a language with no family of one role is set in its family of the other (no
serif Arabic is named so: Arabic running text is set in Noto Sans Arabic unless
the locale names Noto Naskh Arabic). A locale may name its families in `text.yaml`
(`fonts: {serif: ..., sans: ...}`).

The pages then name the families through two CSS custom properties, `--serif` and
`--sans`, that `stacks_css` sets for every language an edition shows: each element
in a language of its own gets that language's faces first, the others after them.
"""

from __future__ import annotations

import difflib
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from briefing.content.folder import Content
from briefing.errors import ContentError
from briefing.render import fontconfig
from briefing.render.typesetting import justification_css

log = logging.getLogger(__name__)

Role = Literal["serif", "sans"]
ROLES: tuple[Role, ...] = ("serif", "sans")
HOUSE: dict[Role, str] = {"serif": "Noto Serif", "sans": "Noto Sans"}
"""The house design: its Latin, Greek and Cyrillic families, and the family name's first
word (the design) that other scripts' families are matched on."""
_GENERIC: dict[Role, str] = {"serif": "serif", "sans": "sans-serif"}
_ROLE_WORD: dict[Role, str] = {"serif": "Serif", "sans": "Sans"}

# fontconfig's weights and slants (fontconfig.h) for the CSS weights and styles used.
_WEIGHTS = {80: 400, 200: 700}
_SLANTS = {0: "normal", 100: "italic"}


@dataclass(frozen=True)
class Face:
    """One installed font of a family: a file (and index in a collection)."""

    family: str
    weight: int
    style: str
    file: str
    index: int


@dataclass(frozen=True)
class LanguageFonts:
    """The families one language is set in."""

    lang: str
    """BCP 47 tag, as the pages' `lang` attributes write it."""
    serif: str | None
    sans: str | None

    def family(self, role: Role) -> str | None:
        return self.serif if role == "serif" else self.sans

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f in (self.serif, self.sans) if f))


def fontconfig_lang(tag: str) -> str:
    """fontconfig's name for a language: 'ja', 'ar', 'zh-cn' (Simplified Chinese),
    'zh-tw' or 'zh-hk' (Traditional)."""
    from briefing.edition.l10n import maximised

    full = maximised(tag)
    if full is None:
        return tag.split("-")[0].split("_")[0].lower()
    lang, script, territory = full
    if lang == "zh":
        if script == "Hant":
            return "zh-hk" if territory in ("HK", "MO") else "zh-tw"
        return "zh-sg" if territory == "SG" else "zh-cn"
    return lang


def lang_attribute(tag: str) -> str:
    """A locale folder's name as a `lang` attribute: zh_Hans -> zh-Hans."""
    return tag.replace("_", "-")


def _ranked(role: Role, fc_lang: str) -> list[str]:
    """Families that support the language, best first for the role (see the module)."""
    supported = {family for family, spacing in (
        (row.split("\t") + [""])[:2] for row in fontconfig.fonts(
            f":lang={fc_lang}", ("family", "spacing"), "%{family[0]}\t%{spacing}"))
        if spacing not in ("90", "100")}  # not monospaced
    word = _ROLE_WORD[role]
    of_role = [f for f in supported
               if word in f.split() and not (role == "sans" and "Serif" in f.split())]
    if HOUSE[role] in of_role:
        return [HOUSE[role]]
    design = HOUSE[role].split()[0]
    # fontconfig's own first choice decides between a design's regional faces (CJK SC,
    # TC, JP, KR): its configuration ranks them by the language's region.
    first = fontconfig.match(f"{_GENERIC[role]}:lang={fc_lang}", "%{family[0]}")
    return sorted(of_role, key=lambda f: (f.split()[0] != design, f != first, f))


@functools.cache
def families_for(tag: str, serif: str | None = None, sans: str | None = None) -> LanguageFonts:
    """The serif and sans families of a language (a locale or BCP 47 tag); `serif` and
    `sans` are a locale's own choice, which must be installed (`installed_family`)."""
    fc_lang = fontconfig_lang(tag)
    chosen: dict[Role, str | None] = {"serif": serif, "sans": sans}
    for role in ROLES:
        if chosen[role] is None:
            ranked = _ranked(role, fc_lang)
            chosen[role] = ranked[0] if ranked else None
    found = LanguageFonts(lang_attribute(tag), chosen["serif"] or chosen["sans"],
                          chosen["sans"] or chosen["serif"])
    log.debug("%s (fontconfig %s): serif %s, sans %s", tag, fc_lang, found.serif, found.sans)
    return found


@functools.cache
def installed_families() -> frozenset[str]:
    return frozenset(fontconfig.fonts(":", ("family",), "%{family[0]}"))


def installed_family(name: str) -> bool:
    return name in installed_families()


@functools.cache
def faces(family: str) -> tuple[Face, ...]:
    """The family's regular, bold, italic and bold italic fonts, those it has."""
    rows = fontconfig.fonts(fontconfig_escape(family),
                            ("family", "weight", "slant", "file", "index"),
                            "%{family[0]}\t%{weight}\t%{slant}\t%{file}\t%{index}")
    found: dict[tuple[int, str], Face] = {}
    for row in rows:
        name, weight, slant, path, index = (row.split("\t") + [""] * 5)[:5]
        css_weight = _WEIGHTS.get(_number(weight))
        style = _SLANTS.get(_number(slant))
        if name != family or css_weight is None or style is None:
            continue
        found.setdefault((css_weight, style), Face(family, css_weight, style, path,
                                                   max(_number(index), 0)))
    return tuple(found[k] for k in sorted(found))


def fontconfig_escape(family: str) -> str:
    """A family name as a fontconfig pattern ('-', ':', ',' and '\\' escaped)."""
    return "".join(f"\\{c}" if c in "\\-:," else c for c in family)


def _number(text: str) -> int:
    # fontconfig writes a variable font's range as "[80 200]": the first value is its own
    try:
        return int(float(text.strip("[]").split()[0]))
    except (ValueError, IndexError):
        return -1


@functools.cache
def family_with(char: str) -> str | None:
    """An installed family that has a glyph for the character: of the house design if
    one has it, else the first by name."""
    names = set(fontconfig.fonts(f":charset={ord(char):x}", ("family",), "%{family[0]}"))
    first = fontconfig.match(f"sans-serif:charset={ord(char):x}", "%{family[0]}")
    design = HOUSE["sans"].split()[0]
    return min(names, key=lambda f: (f != first, f.split()[0] != design, f)) if names else None


def stack(lang: LanguageFonts, role: Role, others: Sequence[LanguageFonts],
          prefix: str = "", extra: Sequence[str] = ()) -> str:
    """A CSS font-family list: the language's family for the role, the house family, the
    other languages' families for the role, their other families, `extra` (families
    found for single characters), the generic family."""
    names = [lang.family(role), HOUSE[role], *(o.family(role) for o in others),
             *(f for o in (lang, *others) for f in o.families), *extra]
    unique = [n for n in dict.fromkeys(names) if n]
    return ", ".join([*(f'"{prefix}{n}"' for n in unique), _GENERIC[role]])


def stacks_css(langs: Sequence[LanguageFonts], prefix: str = "", root: bool = True,
               extra: Sequence[str] = (), justify: bool = False) -> str:
    """`--serif` and `--sans` for each language: what the stylesheets' `font-family:
    var(--serif)` and `var(--sans)` resolve to in an element of that language; and how
    its paragraphs are justified in print (`justify`, `typesetting.justification_css`).
    `root`:
    on the document's root element too, for the page's margin boxes and what lies
    outside the briefing (not for a fragment inside somebody else's page)."""
    rules = []
    # A tag's rule after those of shorter tags (zh-Hant after zh), which it must outrank.
    for lang in sorted(langs, key=lambda item: item.lang.count("-")):
        others = [o for o in langs if o is not lang]
        selectors = [f".briefing:lang({lang.lang})", f".briefing :lang({lang.lang})"]
        if root:
            selectors.insert(0, f":root:lang({lang.lang})")
        props = "; ".join(f"--{role}: {stack(lang, role, others, prefix, extra)}"
                          for role in ROLES)
        rules.append(f"{', '.join(selectors)} {{ {props}; }}")
    if justify:
        rules.append(justification_css(lang.lang for lang in langs))
    return "\n".join(rules)




def locale_fonts(content: Content, tags: Sequence[str]) -> list[LanguageFonts]:
    """The families of each language (a locale folder or a BCP 47 tag), in order, each
    language once: a locale folder's own choice (`fonts:` in its text.yaml) where it
    makes one, which must be an installed family."""
    from briefing.edition.l10n import best_match

    found: dict[str, LanguageFonts] = {}
    problems = []
    for tag in tags:
        key = lang_attribute(tag)
        if key in found:
            continue
        folder = tag if tag in content.locales else best_match(tag, list(content.locales))
        chosen = content.locales[folder].text.fonts if folder else None
        wanted = {"serif": chosen.serif if chosen else None,
                  "sans": chosen.sans if chosen else None}
        for role, name in wanted.items():
            if name is not None and not installed_family(name):
                assert folder is not None
                hint = difflib.get_close_matches(name, sorted(installed_families()), n=1)
                problems.append(content.locales[folder].text_doc.problem(
                    ("fonts", role), f"no installed font family {name!r}"
                    + (f"; did you mean {hint[0]!r}?" if hint else
                       " (`fc-list : family` lists them)"), folder))
        found[key] = families_for(tag, wanted["serif"], wanted["sans"])
    if problems:
        raise ContentError(problems)
    return list(found.values())
