"""How running text is set in each language: justified and hyphenated where it can be.

Running text is justified and hyphenated in a language that Pyphen (WeasyPrint's
hyphenation) has a dictionary for. Elsewhere it is set ragged: WeasyPrint stretches
only spaces and no-break spaces, so justified text without hyphenation opens wide
gaps (Arabic, Hebrew, Korean), and Chinese and Japanese, which have no spaces, would
not be justified at all (the docs say what was tried). Korean lines break between
words: `word-break: keep-all` in a browser, word joiners in the PDF
(`briefing.pdf.linebreak`), since WeasyPrint 70 ignores keep-all.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.edition.l10n import hyphenates


def justification_css(langs: Iterable[str]) -> str:
    """Justified, hyphenated paragraphs in each of the languages that hyphenate."""
    selectors = [f".briefing .para :is(p, li):lang({lang})"
                 for lang in dict.fromkeys(langs) if hyphenates(lang)]
    if not selectors:
        return ""
    return f"{', '.join(selectors)} {{ text-align: justify; hyphens: auto; }}"
