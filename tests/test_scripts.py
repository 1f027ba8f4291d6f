"""Every script and direction: the default briefing with Arabic, Hebrew, Simplified
Chinese, Korean, German and Ukrainian added (tests/locales/), built and read back.

Fonts are found per language (pdffonts), right-to-left pages lay out right to left
(computed style in Chromium), Korean words stay whole across lines and the Russian
bilingual columns have no wide gaps (word positions read back from the PDF), and
adding a locale changes no other edition.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from briefing.api import render_fragment
from briefing.check import check
from briefing.cli import main
from briefing.edition.l10n import choose, negotiate
from briefing.errors import ContentError, UnknownLocaleError
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from conftest import CONTENT, pdf_text
from pdfread import format_characters

LOCALES = Path(__file__).parent / "locales"
ADDED = ["ar", "he", "zh_Hans", "ko", "de", "uk"]
TITLES = {"ar": "أربع جزر قبالة هوكايدو", "he": "ארבעה איים מול הוקאידו",
          "zh_Hans": "北海道附近的四个岛屿", "ko": "홋카이도 앞바다의 네 섬",
          "de": "Vier Inseln vor Hokkaido", "uk": "Чотири острови біля Хоккайдо"}
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u2068\u2069\u200e\u200f"))


def with_locales(content: Path, *tags: str) -> Path:
    """`content` with the test locales `tags` added, as a translator adds a folder."""
    for tag in tags:
        shutil.copytree(LOCALES / tag, content / tag)
    return content


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every added locale in every format, with en+ar and ja+ko bilingual editions."""
    root = tmp_path_factory.mktemp("world")
    content = with_locales(shutil.copytree(CONTENT, root / "content"), *ADDED)
    build(Options(content=content, out=root / "dist", locales=["en", *ADDED],
                  bilingual=["en+ar", "ja+ko"]))
    return root / "dist"


def flat(text: str) -> str:
    return " ".join(text.translate(INVISIBLE).split())


def fonts_of(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout


# --- fonts --------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ADDED)
def test_every_locale_builds_with_its_own_words_and_no_tofu(world: Path, tag: str) -> None:
    # A glyph no font has stops the build (and a .notdef warning fails the test run):
    # that the PDF is here and reads back in the locale's own words is the check.
    title = TITLES[tag]
    if tag in ("ar", "he"):  # poppler gives right-to-left text in visual order
        words = {w["text"] for w in _words(world / tag / "briefing.pdf", 1)}
        assert {w[::-1] for w in title.split()} <= words | {w for w in title.split()}
    else:
        assert title in flat(pdf_text(world / tag / "briefing.pdf", 1))
    fonts = fonts_of(world / tag / "briefing.pdf")
    assert all(" yes yes yes " in line for line in fonts.splitlines()[2:]), fonts


@pytest.mark.parametrize(("tag", "faces"), [
    ("zh_Hans", ["Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"]),
    ("ko", ["Noto-Serif-CJK-KR", "Noto-Sans-CJK-KR"]),
    ("ar", ["Noto-Naskh-Arabic", "Noto-Sans-Arabic"]),  # the serif its text.yaml names
    ("he", ["Noto-Serif-Hebrew", "Noto-Sans-Hebrew"]),
])
def test_each_script_is_set_in_the_faces_fontconfig_finds_for_it(
        world: Path, tag: str, faces: list[str]) -> None:
    fonts = fonts_of(world / tag / "briefing.pdf")
    for face in faces:
        assert f"briefing-{face}" in fonts, fonts
    # The Japanese faces only where Japanese is shown (the names table), never for Chinese
    # or Korean text: the regional glyph forms differ.
    chinese = fonts_of(world / "ja+ko" / "briefing.pdf")
    assert "CJK-KR" in chinese and "CJK-JP" in chinese


def test_a_locale_may_name_its_fonts_and_a_wrong_name_is_an_error(tmp_path: Path) -> None:
    content = with_locales(shutil.copytree(CONTENT, tmp_path / "content"), "ar")
    text = content / "ar" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "serif: Noto Naskh Arabic", "serif: Noto Naskh Arab"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"ar/text.yaml:\d+: fonts.serif: no installed font "
                       r"family 'Noto Naskh Arab'; did you mean 'Noto Naskh Arabic'\?"):
        build(Options(content=content, out=tmp_path / "out", locales=["ar"], bilingual=[],
                      formats=["html"], workers=1))


def test_check_reports_a_character_no_font_has_per_locale(tmp_path: Path) -> None:
    content = with_locales(shutil.copytree(CONTENT, tmp_path / "content"), "de")
    text = content / "de" / "text.yaml"
    source = text.read_text(encoding="utf-8")
    text.write_text(source.replace("text: Chronik", "text: Chronik \ue000"), encoding="utf-8")
    line = source.splitlines().index("    text: Chronik") + 1
    report = check(content)
    glyphs = [p for p in report.problems if "glyph" in p.message]
    assert [(p.locale, p.line) for p in glyphs] == [("de", line)]
    assert "U+E000 (a private-use character)" in str(glyphs[0])
    assert str(glyphs[0]).startswith(f"{glyphs[0].path}:{line}: ")


def test_a_character_beyond_the_languages_faces_is_set_in_a_family_that_has_it(
        content_copy: Path, tmp_path: Path) -> None:
    text = content_copy / "ru" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "{date:talks_suspended}", "{date:talks_suspended} \U00013000", 1), encoding="utf-8")
    build(Options(content=content_copy, out=tmp_path / "out", locales=["ru"], bilingual=[],
                  formats=["pdf"], workers=1))
    assert "briefing-Noto-Sans-Egyptian-Hieroglyphs" in fonts_of(
        tmp_path / "out" / "ru" / "briefing.pdf")


# --- right to left --------------------------------------------------------------------

LAYOUT = """() => {
  const article = document.querySelector('article.briefing');
  const para = article.querySelector('.para:not(.fallback) p');
  const box = para.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(para);
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
  const bottom = Math.max(...rects.map(r => r.bottom));
  const last = rects.filter(r => r.bottom > bottom - 4);
  const lines = [{left: Math.min(...last.map(r => r.left)),
                  right: Math.max(...last.map(r => r.right))}];
  const cell = article.querySelector('table.data tbody tr th');
  const row = cell.parentElement.getBoundingClientRect();
  return {html: document.documentElement.dir, article: getComputedStyle(article).direction,
          align: getComputedStyle(para).textAlign, direction: getComputedStyle(para).direction,
          right: box.right, last: lines[lines.length - 1].right,
          lastLeft: lines[lines.length - 1].left, left: box.left,
          cellRight: cell.getBoundingClientRect().right, rowRight: row.right};
}"""


@pytest.mark.parametrize("tag", ["ar", "he"])
def test_right_to_left_pages_lay_out_right_to_left_in_chromium(
        world: Path, browser: Any, tag: str) -> None:
    page = browser.new_page()
    page.goto((world / tag / "briefing.html").as_uri())
    got = page.evaluate(LAYOUT)
    page.close()
    assert got["html"] == "rtl" and got["article"] == "rtl" and got["direction"] == "rtl"
    assert got["align"] == "start"
    # The short last line of a paragraph ends at its right edge, far from its left.
    assert abs(got["last"] - got["right"]) < 2 < got["lastLeft"] - got["left"]
    # The table is mirrored: a row's first cell is at its right.
    assert abs(got["cellRight"] - got["rowRight"]) < 2


def test_every_passage_in_another_direction_says_so(world: Path) -> None:
    arabic = (world / "ar" / "briefing.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    # An English paragraph standing in for a missing translation, a source's title,
    # a URL, a names-table cell: each carries its own direction.
    assert re.search(r'<div class="para fallback" data-segment="[^"]+" lang="en-GB" '
                     r'dir="ltr">', arabic)
    assert re.search(r'<cite lang="en" dir="ltr">', arabic)
    assert re.search(r'<a href="https://[^"]+" dir="ltr">', arabic)
    assert re.search(r'<td lang="ja" dir="ltr">', arabic)
    bilingual = (world / "en+ar" / "briefing.html").read_text(encoding="utf-8")
    assert '<article class="briefing bilingual" lang="en-GB" dir="ltr">' in bilingual
    assert '<td class="right" lang="ar" dir="rtl">' in bilingual


def test_the_bilingual_columns_run_each_in_its_own_direction(world: Path) -> None:
    # Page 1 of en+ar: the English title starts at the left of its column, the
    # Arabic title ends at the right of its own.
    words = _words(world / "en+ar" / "briefing.pdf", 1)
    width = max(w["x1"] for w in words)
    english = next(w for w in words if w["text"] == "Four")
    arabic = [w for w in words if w["text"] in {x[::-1] for x in TITLES["ar"].split()}]
    assert english["x0"] < width / 4
    assert max(w["x1"] for w in arabic) > width - 10


# --- line breaking ----------------------------------------------------------------------

def _words(pdf: Path, *pages: int) -> list[dict[str, object]]:
    with pdfplumber.open(pdf) as doc:
        chosen = [doc.pages[p - 1] for p in pages] if pages else doc.pages
        return [{**w, "page": page.page_number} for page in chosen
                for w in page.extract_words(extra_attrs=["fontname", "size"])]


def _lines(words: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    lines: dict[tuple[object, int], list[dict[str, object]]] = {}
    for word in words:
        lines.setdefault((word["page"], round(float(word["bottom"]))), []).append(word)
    return [sorted(line, key=lambda w: float(w["x0"])) for line in lines.values()]


def test_no_korean_word_is_split_across_lines(world: Path) -> None:
    # Every line that ends in Korean ends with a whole word of the page's text: a word
    # split across lines would leave a piece of it (하보마|이 군도) at the line's end.
    html = (world / "ko" / "fragment.html").read_text(encoding="utf-8")
    html += (LOCALES / "ko" / "text.yaml").read_text(encoding="utf-8")  # the running head
    text = re.sub(r"</?(span|a|ruby|rt|rp|em|cite|b|i)\b[^>]*>", "", html)  # inline: no break
    source = {_bare(w) for w in re.split(r"[ \t\n]+", re.sub(r"<[^>]+>", " ", text))}
    hangul = re.compile("[\uac00-\ud7a3]")
    with pdfplumber.open(world / "ko" / "briefing.pdf") as doc:
        words = [{**w, "page": page.page_number} for page in doc.pages
                 for w in page.extract_words(x_tolerance=1)]
    ends = [str(line[-1]["text"]) for line in _lines(words)]
    korean = [end for end in ends if hangul.search(end)]
    assert len(korean) > 20
    assert [end for end in korean if _bare(end) not in source] == []


def _bare(word: str) -> str:
    word = word.translate(INVISIBLE)
    return "".join(c for c in word if unicodedata.category(c)[0] in "LN")


def test_no_invisible_character_names_an_edition_in_any_script(world: Path) -> None:
    # Korean print text gets word joiners, right-to-left text bidi isolates; the names
    # of the editions (PDF metadata, <title>, <h1>) get neither.
    assert format_characters(world) == {}


def test_the_russian_bilingual_column_has_no_wide_gaps(dist: Path) -> None:
    # Running text: the lines of body-sized serif words in the Russian (left) column of
    # ru+en, with whatever else stands on them (figures, citation marks).
    words = [w for w in _words(dist / "ru+en" / "briefing.pdf")
             if "Noto-Serif" in str(w["fontname"]) and "CJK" not in str(w["fontname"])]
    body = statistics.mode(round(float(w["size"]), 1) for w in words)
    middle = max(float(w["x1"]) for w in words) / 2
    column = [w for w in words if float(w["x1"]) < middle]
    gaps = []
    for line in _lines([w for w in column if round(float(w["size"]), 1) == body]):
        if not any(re.search("[а-яё]", str(w["text"])) for w in line):
            continue
        top, bottom = float(line[0]["top"]) - 3, float(line[0]["bottom"]) + 1
        on_line = sorted((w for w in column if w["page"] == line[0]["page"]
                          and top <= (float(w["top"]) + float(w["bottom"])) / 2 <= bottom),
                         key=lambda w: float(w["x0"]))
        gaps.extend(float(b["x0"]) - float(a["x1"])
                    for a, b in zip(on_line, on_line[1:], strict=False))
    assert len(gaps) > 300
    median = statistics.median(gaps)
    assert max(gaps) <= 2 * median, (max(gaps), median)


def test_a_date_that_ends_in_a_full_stop_ends_a_sentence_with_one(world: Path) -> None:
    text = flat(pdf_text(world / "uk" / "briefing.pdf", 1))
    assert "22 січня 2019 р. Однак" in text
    assert "р.." not in text


@pytest.mark.parametrize("tag", ["de", "uk"])
def test_languages_with_a_dictionary_are_justified_and_hyphenated(world: Path, tag: str) -> None:
    # The translated paragraphs of page 1: body-sized serif lines, most of which end at
    # the same right edge (justified), some of them with a hyphen.
    words = [w for w in _words(world / tag / "briefing.pdf", 1)
             if "Noto-Serif" in str(w["fontname"])]
    body = statistics.mode(round(float(w["size"]), 1) for w in words)
    lines = _lines([w for w in words if round(float(w["size"]), 1) == body])
    ends = [round(float(line[-1]["x1"])) for line in lines if len(line) > 3]
    edge = max(ends)
    assert sum(1 for end in ends if edge - end < 1) > len(ends) / 2, ends
    assert any(str(line[-1]["text"]).endswith(("-", "\u2010")) for line in lines)


# --- the names table and adding a locale -------------------------------------------------

def _columns(html: str) -> list[str]:
    table = html.split('<table class="names">', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col">([^<]+)</th>', table)


def test_the_names_table_shows_the_languages_that_matter(world: Path) -> None:
    english = (world / "en" / "briefing.html").read_text(encoding="utf-8")
    assert _columns(english) == ["English", "Japanese", "Russian"]
    arabic = (world / "ar" / "briefing.html").read_text(encoding="utf-8")
    assert len(_columns(arabic)) == 4  # English, Arabic, Japanese, Russian


def test_adding_a_locale_changes_no_other_edition(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    before, after = tmp_path / "before", tmp_path / "after"
    options = {"locales": ["en"], "bilingual": [], "formats": ["pdf", "fragment"],
               "workers": 1}
    build(Options(content=content, out=before, **options))  # type: ignore[arg-type]
    with_locales(content, "he")
    build(Options(content=content, out=after, **options))  # type: ignore[arg-type]
    for name in ("en/briefing.pdf", "en/fragment.html"):
        assert (before / name).read_bytes() == (after / name).read_bytes(), name


# --- locale matching -----------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["zh", "zh-CN", "zh-Hans", "zh_Hans", "zh-Hans-CN"])
def test_chinese_spellings_find_the_simplified_folder(spelling: str) -> None:
    assert choose(spelling, ["en", "ja", "zh_Hans", "zh_Hant"]) == "zh_Hans"


def test_traditional_chinese_never_finds_the_simplified_folder() -> None:
    assert choose("zh-TW", ["en", "zh_Hans", "zh_Hant"]) == "zh_Hant"
    with pytest.raises(UnknownLocaleError):
        choose("zh-TW", ["en", "zh_Hans"])


def test_negotiation_falls_back_to_the_reference_locale() -> None:
    assert negotiate(["fr-FR", "de;q=0.5"], ["en", "ja", "ru"], fallback="en") == "en"
    assert negotiate(["en;q=0.3", "ru;q=0.9"], ["en", "ja", "ru"], fallback="en") == "ru"
    assert 'lang="en-GB"' in render_fragment(preferred=["fr-FR"])


def test_the_preview_sends_a_reader_to_the_reference_locale(content_copy: Path) -> None:
    import http.client
    import threading

    from briefing.serve import make_server

    server = make_server(Options(content=content_copy), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for accept in (None, "fr-FR, de;q=0.8", "ru"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request("GET", "/", headers={"Accept-Language": accept} if accept else {})
            response = connection.getresponse()
            assert response.status == 302
            expected = "ru" if accept == "ru" else "en"
            assert response.getheader("Location") == f"/{expected}/briefing.html"
            connection.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_locale_auto_falls_back_to_the_reference_locale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["build", "--locale", "auto", "--format", "fragment", "--bilingual", "none",
                 "--out", str(tmp_path), "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["en"]


@pytest.mark.parametrize("edition", ["ko", "ja+ko"])
def test_korean_bookmarks_carry_no_word_joiner(world: Path, edition: str) -> None:
    # The print HTML holds Korean words together with invisible word joiners; the
    # outline a reader navigates by shows the headings as written.
    from pdfread import outline_titles

    titles = outline_titles(world / edition / "briefing.pdf")
    assert titles and not [t for t in titles if "\u2060" in t], titles
    if edition == "ko":
        assert any(re.search(r"[\uac00-\ud7a3]{2}", t) for t in titles), titles


def test_a_right_to_left_sources_list_sets_each_address_on_a_line_of_its_own(
        world: Path) -> None:
    # Wrapped inside a right-to-left line, an address would start at the left end of one
    # line and go on at the right of the next.
    lines = [line.strip() for line in pdf_text(world / "ar" / "briefing.pdf").splitlines()]
    addresses = [line for line in lines if "https://" in line]
    assert len(addresses) >= 20
    assert all(re.fullmatch(r"https://\S+", line) for line in addresses), [
        line for line in addresses if not re.fullmatch(r"https://\S+", line)][:3]
