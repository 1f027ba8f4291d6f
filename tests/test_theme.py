"""Branding without forking templates: `theme:` in briefing.yaml, its words per locale."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from selectolax.lexbor import LexborHTMLParser

from briefing.jobs.options import Options
from briefing.jobs.pipeline import build

from samples import THEME_WORDS as WORDS
from samples import themed


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("theme")
    out = root / "dist"
    build(Options(content=themed(root), out=out, bilingual=[]))
    return out


@pytest.mark.parametrize("tag", ["en", "ja", "ru"])
def test_every_page_carries_the_marking_and_the_watermark(dist: Path, tag: str) -> None:
    words = WORDS.get(tag, WORDS["en"])
    with pdfplumber.open(dist / tag / "briefing.pdf") as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            text = page.extract_text()
            top, bottom = text.splitlines()[0], text.splitlines()[-1]
            assert words["classification"] in top and words["classification"] in bottom
            big = "".join(c["text"] for c in page.chars if c["size"] > 40)
            assert big == words["draft"], page.page_number
        cover = " ".join(pdf.pages[0].extract_text().split())
    assert words["organisation"] in cover
    assert "BRF-2026-017" in cover


@pytest.mark.parametrize(("tag", "number"), [("en", "Document BRF-2026-017"),
                                              ("ja", "文書番号：BRF-2026-017"),
                                              ("ru", "Документ № BRF-2026-017")])
def test_the_cover_names_the_organisation_with_its_logo(dist: Path, tag: str,
                                                       number: str) -> None:
    page = LexborHTMLParser((dist / tag / "briefing.html").read_text(encoding="utf-8"))
    article = page.css_first("article.briefing")
    assert "--accent: #8a1c2b" in str(article.attributes["style"])
    logo = page.css_first(".masthead img.logo")
    organisation = WORDS.get(tag, WORDS["en"])["organisation"]
    assert logo.attributes["alt"] == organisation
    assert str(logo.attributes["src"]).startswith("data:image/svg+xml;base64,")
    assert " ".join(page.css_first(".document-number").text().split()) == number
    assert page.css_first(".watermark").text() == WORDS.get(tag, WORDS["en"])["draft"]
    if tag == "ru":  # no Russian words yet: the English ones, marked as such
        assert page.css_first(".organisation .fallback").attributes["lang"] == "en-GB"
    fragment = (dist / tag / "fragment.html").read_text(encoding="utf-8")
    assert 'class="watermark"' not in fragment  # the page around a fragment decides


def test_a_logo_without_the_organisation_name_is_refused(tmp_path: Path) -> None:
    from briefing.content.load import load_content
    from briefing.errors import ContentError

    content = themed(tmp_path)
    briefing = content / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace(
        "  organisation: true\n", ""), encoding="utf-8")
    (content / "branding" / "logo.svg").unlink()
    with pytest.raises(ContentError) as caught:
        load_content(content)
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "theme: a logo needs `organisation: true`" in messages
