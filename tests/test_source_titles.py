"""A source in another language than the edition's is listed with its title as written
and, where the locale gives one (`source_titles:` in its text.yaml), the title
translated for the edition's readers, in the brackets its catalog writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from briefing.cli import main

from conftest import CONTENT, pdf_text

GIVEN = {
    "ru": {"mofa_data": "Данные о Северных территориях"},
    "ja": {"interfax_2022": "ロシア外務省、日本政府の決定への対抗措置を発表"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("titles")
    content = shutil.copytree(CONTENT, root / "content")
    for tag, titles in GIVEN.items():
        path = content / tag / "text.yaml"
        words = yaml.safe_load(path.read_text(encoding="utf-8"))
        words["source_titles"] = titles
        path.write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    assert main(["build", "-q", "--content", str(content), "--out", str(root / "dist"),
                 "--locale", "ru,ja", "--bilingual", "ja+ru", "--format", "html,pdf"]) == 0
    return root / "dist"


@pytest.mark.parametrize(("tag", "source", "shown"), [
    ("ru", "mofa_data", "[Данные о Северных территориях]"),
    ("ja", "interfax_2022", "［ロシア外務省、日本政府の決定への対抗措置を発表］"),
])
def test_a_translated_title_follows_the_original(built: Path, tag: str, source: str,
                                                 shown: str) -> None:
    page = LexborHTMLParser((built / tag / "briefing.html").read_text(encoding="utf-8"))
    item = page.css_first(f"li#briefing-{tag}-src-{source}")
    assert item is not None
    cite = item.css_first("cite")
    assert cite is not None and shown not in cite.text()  # after the title, not in it
    text = item.text()
    assert text.index(cite.text()) + len(cite.text()) < text.index(shown)
    assert shown in " ".join(pdf_text(built / tag / "briefing.pdf").split())
    # The other sources carry no brackets of their own.
    others = [li.text() for li in page.css("ol.sources li")
              if li.attributes.get("id") != f"briefing-{tag}-src-{source}"]
    assert others and not [t for t in others if shown[0] + shown[1:4] in t]


def test_a_bilingual_edition_lists_its_sources_once_in_its_first_language(
        built: Path) -> None:
    text = "".join(pdf_text(built / "ja+ru" / "briefing.pdf").split())
    assert "［ロシア外務省、日本政府の決定への対抗措置を発表］" in text
    assert "Данныео" not in text
