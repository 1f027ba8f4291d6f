"""Figures and citation marks held together by word joiners in the print HTML instead of
spans (briefing/pdf/linebreak.py): fewer boxes, the same promises on the page."""

from __future__ import annotations

import re
from pathlib import Path

import budoux
import pytest

from briefing.content.load import load_content
from briefing.pdf.linebreak import WORD_JOINER, for_print, hold_atoms

from conftest import CONTENT, pdf_text

WJ = WORD_JOINER


def test_a_figure_is_joined_and_its_span_gone() -> None:
    html = '<p>約<span class="fact">1万7291</span>人、<span class="fact">2019年</span></p>'
    assert hold_atoms(html) == f"<p>約1{WJ}万{WJ}7{WJ}2{WJ}9{WJ}1人、2{WJ}0{WJ}1{WJ}9{WJ}年</p>"


def test_a_month_name_keeps_its_span() -> None:
    # Its span keeps `hyphens: manual`: "12 дека-бря" would misread.
    html = '<p><span class="fact">12\u00a0декабря</span></p>'
    assert hold_atoms(html) == html


def test_citation_marks_are_bound_to_the_word_and_to_each_other() -> None:
    html = ('<p>島<span class="cited">る<a class="cite" href="#a">[5]</a>'
            '<a class="cite" href="#b">[6]</a></span>。</p>')
    assert hold_atoms(html) == (f'<p>島る{WJ}<a class="cite" href="#a">[5]</a>{WJ}'
                                f'<a class="cite" href="#b">[6]</a>。</p>')


def test_markup_is_left_alone() -> None:
    html = '<p title="x" class="fact">1 2</p><span class="facts">2019年</span>'
    assert for_print(html) == html


@pytest.mark.parametrize("locale", ["ja", "ru"])
def test_on_the_page_no_line_starts_with_a_mark_or_inside_a_figure(dist: Path,
                                                                  locale: str) -> None:
    lines = [line.strip() for line in pdf_text(dist / locale / "briefing.pdf").splitlines()]
    lines = [line for line in lines if line]
    assert not [line for line in lines if re.match(r"\[\d+\]", line)]
    if locale == "ja":
        # 2019年 | 1月 | 22日 may part, never 2019 | 年, nor 1万 | 7291 (the contents'
        # lines, a heading then its page number, are not running text)
        lines = [line for line in lines if "   " not in line]
        split = [(a, b) for a, b in zip(lines, lines[1:], strict=False)
                 if (re.search(r"\d$", a) and re.match(r"[年月日万億人]", b))
                 or (re.search(r"\d[万億]$", a) and re.match(r"\d", b))]
        assert not split
        assert WJ not in "".join(lines)  # invisible, and copied as nothing


def test_a_japanese_or_chinese_title_ends_on_its_last_two_phrases() -> None:
    assert for_print("<h1>北海道沖の四島をめぐる日ロ領土問題</h1>") == \
        f"<h1>北海道沖の四島をめぐる{WJ.join('日ロ領土問題')}</h1>"
    assert for_print('<h1 lang="zh-Hans">北海道附近的四个岛屿</h1>') == \
        f'<h1 lang="zh-Hans">北海道附近的四个{WJ}岛{WJ}屿</h1>'
    # A short title, a last phrase longer than HELD_AT_MOST, other scripts: as they are.
    for html in ("<h1>要旨</h1>", "<h1>Four islands off Hokkaido</h1>",
                 "<h1>四島をめぐる国際司法裁判所付託問題研究会報告</h1>",
                 "<h2>日ロ領土問題の経緯</h2>"):
        assert for_print(html) == html


def test_the_narrow_bilingual_cover_breaks_a_japanese_title_between_phrases(
        dist: Path) -> None:
    title = load_content(CONTENT).locales["ja"].text.title
    phrases = budoux.load_default_japanese_parser().parse(title)
    lines = pdf_text(dist / "ja+ru" / "briefing.pdf", 1).replace(WJ, "").splitlines()
    starts = [line.split("  ")[0].strip() for line in lines if line.strip()]
    assert title not in starts  # the column is too narrow for it: it does break
    assert "".join(phrases[-2:]) in starts or any(s.endswith("".join(phrases[-2:]))
                                                  for s in starts), starts
    assert phrases[-1] not in starts


def test_ruby_parentheses_are_left_to_browsers() -> None:
    html = "<td><ruby>択捉島<rp>（</rp><rt>えとろふとう</rt><rp>）</rp></ruby></td>"
    assert for_print(html) == "<td><ruby>択捉島<rt>えとろふとう</rt></ruby></td>"


def test_a_language_is_named_only_where_it_changes(dist: Path) -> None:
    # An element that repeats its parent's lang= costs WeasyPrint its style twice over;
    # one that changes language must say so, for fonts, hyphenation and screen readers.
    from lxml import html as lxml_html

    page = lxml_html.fromstring((dist / "ja" / "briefing.html").read_bytes())
    article = page.xpath("//article[contains(@class, 'briefing')]")[0]
    assert article.get("lang") == "ja"
    cells = article.xpath(".//table[contains(@class, 'names')]//td")
    by_lang: dict[str | None, int] = {}
    for cell in cells:
        by_lang[cell.get("lang")] = by_lang.get(cell.get("lang"), 0) + 1
    assert set(by_lang) == {None, "en", "ru"} and by_lang[None] == by_lang["en"]
    assert all(cell.get("dir") == "ltr" for cell in cells if cell.get("lang"))
    named = [e for e in article.iter() if isinstance(e.tag, str) and e.get("lang")
             and e is not article and not e.xpath("ancestor-or-self::svg")]
    assert named and not [e.tag for e in named if e.get("lang") == "ja"]
    cited = {cite.get("lang") for cite in article.xpath(".//ol[contains(@class, 'sources')]//cite")}
    assert None in cited and "en" in cited and "ru" in cited
    ruby = article.xpath(".//ruby")
    assert ruby and all(r.xpath("./rp") for r in ruby)  # the web page keeps them


def test_a_heading_held_together_keeps_a_plain_bookmark() -> None:
    html = '<h2 id="s">요약 <span class="x">한국</span></h2><h2 id="t">Summary</h2>'
    printed = for_print(html)
    assert WJ in printed
    assert printed.startswith('<h2 id="s" data-bookmark="요약 한국">요')
    assert '<h2 id="t">Summary</h2>' in printed
