"""Line breaking that WeasyPrint 70 lacks, or pays for in boxes: Korean breaks between
words, figures held together.

Korean is written with spaces between words, and a line breaks at those spaces
(`word-break: keep-all`); Pango, following Unicode's line breaking rules for
ideographs, breaks between any two Hangul syllables ("하보마|이 군도"), and
WeasyPrint ignores keep-all. So in the print HTML a word joiner (U+2060, which is
invisible and copies as nothing) is put between a Hangul syllable and a letter or
digit next to it, in text, never in markup: a Korean word, with its particles and
numbers (1945년), can then break only at a space or after punctuation. Word joiners
rather than `white-space: nowrap` spans: a span per word would cost layout time.

A title in Japanese or Chinese, which have no spaces, may break between any two
characters: in a narrow column 「…をめぐる日ロ領土問題」 could leave 「問題」 alone on its
last line. BudouX, a phrase segmenter made for such line breaking, finds its phrases,
and the last two are held together, so that it breaks 「…めぐる／日ロ領土問題」. The
joiners are put in the print HTML only: the content, the web pages and the PDF's
metadata keep the title as typed.
"""

from __future__ import annotations

import re
from functools import cache

import budoux

_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_WORD = rf"[{_HANGUL}\w]"
_JOIN = re.compile(rf"(?<=[{_HANGUL}])(?={_WORD})|(?<={_WORD})(?=[{_HANGUL}])")
_HAS_HANGUL = re.compile(rf"[{_HANGUL}]")
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")
_SKIPPED = re.compile(r"<(title|style|script)\b.*?</\1>", re.S | re.I)

WORD_JOINER = "\u2060"


_RUBY_PARENTHESES = re.compile(r"<rp>[^<]*</rp>")


def for_print(html: str) -> str:
    """The print HTML as WeasyPrint is given it: Korean words, figures and the ends of
    Chinese and Japanese titles held together, and no ruby parentheses (`<rp>`, for
    browsers without ruby: print places the reading over its base and hides them, and
    an element hidden still costs its style)."""
    return plain_bookmarks(hold_title_ends(hold_atoms(keep_korean_words(
        _RUBY_PARENTHESES.sub("", html)))))


_HEADING = re.compile(r"<(h[2-6])\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def plain_bookmarks(html: str) -> str:
    """Each heading whose text got word joiners names its bookmark without them
    (`data-bookmark`, which print.css makes the `bookmark-label`): the joiners hold
    a line together on the page, and have no business in the PDF's outline."""
    def label(match: re.Match[str]) -> str:
        tag, attributes, inner = match.groups()
        if WORD_JOINER not in inner or "data-bookmark" in attributes:
            return match[0]
        text = _TAG.sub("", inner).replace(WORD_JOINER, "").replace('"', "&quot;")
        return f'<{tag}{attributes} data-bookmark="{text}">{inner}</{tag}>'
    return _HEADING.sub(label, html)


_TITLE = re.compile(r"(<h1\b[^>]*>)([^<]+)(</h1>)")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
HELD_AT_MOST = 8
"""Characters held together at the end of a title, at most: a longer last phrase may
break inside rather than overflow the column."""


@cache
def _phrases(japanese: bool) -> budoux.Parser:
    return (budoux.load_default_japanese_parser() if japanese
            else budoux.load_default_simplified_chinese_parser())


def hold_title_ends(html: str) -> str:
    """The print HTML with the last two phrases of each Japanese or Chinese title
    (its <h1>) held together by word joiners."""
    def hold(match: re.Match[str]) -> str:
        text = match[2]
        if not _HAN.search(text) or "&" in text:
            return match[0]
        phrases = _phrases(bool(_KANA.search(text))).parse(text)
        end = "".join(phrases[-2:])
        if len(phrases) < 3 or len(end) > HELD_AT_MOST or "".join(phrases) != text:
            return match[0]
        held = WORD_JOINER.join(end)
        return f"{match[1]}{text[: len(text) - len(end)]}{held}{match[3]}"
    return _TITLE.sub(hold, html)


def keep_korean_words(html: str) -> str:
    """The HTML with word joiners inside every Korean word of its text."""
    if not _HAS_HANGUL.search(html):
        return html
    out = []
    position = 0
    for skipped in _SKIPPED.finditer(html):  # <title> becomes the PDF's metadata
        out.append(_join(html[position:skipped.start()]))
        out.append(skipped.group(0))
        position = skipped.end()
    out.append(_join(html[position:]))
    return "".join(out)


def _join(html: str) -> str:
    out = []
    before = ""  # the last character of text, across the tags between (아베 신조</span>와)
    for i, part in enumerate(_MARKUP.split(html)):
        if i % 2 or not part:
            out.append(part)
            before = before if i % 2 and part.startswith("<") else ""
            continue
        joined = _JOIN.sub(WORD_JOINER, part)
        if before and _JOIN.match(before + part, 1):
            joined = WORD_JOINER + joined
        out.append(joined)
        before = part[-1]
    return "".join(out)


_HELD = re.compile(r'<span class="fact">([^<]*)</span>')
_HYPHENABLE = re.compile(r"[^\W\d_]{6,}")


_CITED = re.compile(r'<span class="cited">((?:&[#\w]+;|[^<]))'
                    r'((?:<a class="cite"[^>]*>[^<]*</a>)+)</span>')


def _cited(match: re.Match[str]) -> str:
    marks = match.group(2).replace("</a><a", f"</a>{WORD_JOINER}<a")
    return f"{match.group(1)}{WORD_JOINER}{marks}"


def hold_atoms(html: str) -> str:
    """The print HTML with each unbreakable figure (2019年, 1万7291, 3.7km), and each
    citation mark with the character before it, held together by word joiners instead
    of a `white-space: nowrap` span: the same line breaks, one box fewer for WeasyPrint
    to lay out for each. A span around a word long enough to
    be hyphenated (a month's name) stays: it keeps `hyphens: manual`. The web pages
    keep their spans, so that a reader's search finds the figure as typed."""
    html = _CITED.sub(_cited, html)  # a mark never starts a line, nor the second of two
    return _HELD.sub(lambda m: m.group(0) if _HYPHENABLE.search(m.group(1))
                     else WORD_JOINER.join(m.group(1)), html)
