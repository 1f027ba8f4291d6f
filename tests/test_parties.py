"""Parties and usages are declared by the briefing, not by the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.content.load import load_content
from briefing.edition.resolve import build_edition
from briefing.errors import ContentError

from conftest import CONTENT


@pytest.mark.parametrize(("tag", "japan", "russia"), [
    ("en", "Japan", "Russia"), ("ja", "日本", "ロシア"), ("ru", "Япония", "Россия")])
def test_each_locale_names_the_declared_parties(tag: str, japan: str, russia: str) -> None:
    edition = build_edition(load_content(CONTENT), tag)
    assert [(p.id, str(p.name), p.languages) for p in edition.parties] == [
        ("japan", japan, ["ja"]), ("russia", russia, ["ru"])]


def test_prose_names_a_party_by_reference(content_copy: Path) -> None:
    text = content_copy / "en" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "Because of the dispute,", "Because of the dispute, {party:russia} and", 1),
        encoding="utf-8")
    edition = build_edition(load_content(content_copy), "en")
    html = next(str(b.html) for s in edition.sections for b in s if b.id == "summary.stakes")
    assert "Because of the dispute, Russia and" in html


def test_a_new_briefing_declares_its_own_parties(content_copy: Path) -> None:
    """A usage is any party the briefing declares: here a third one, with a Greenlandic
    name for the same place as the leading form."""
    briefing = content_copy / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace(
        "  russia: {languages: [ru]}\n", "  russia: {languages: [ru]}\n"
        "  greenland: {languages: [kl, da]}\n", 1), encoding="utf-8")
    names = content_copy / "en" / "names.yaml"
    names.write_text(names.read_text(encoding="utf-8").replace(
        "  name: Shikotan\n", "  name: Shikotan\n  usage: russia\n"
        "  alternates: [{name: Tartupaluk, usage: greenland}]\n", 1), encoding="utf-8")
    text = content_copy / "en" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "  parties.russia: Russia\n", "  parties.russia: Russia\n"
        "  parties.greenland: Greenland\n", 1), encoding="utf-8")
    content = load_content(content_copy)
    edition = build_edition(content, "en", naming="greenland")
    html = " ".join(str(b.html) for s in edition.sections for b in s)
    assert "Tartupaluk (Shikotan)" in html
    assert [p.languages for p in edition.parties][-1] == ["kl", "da"]


def test_a_party_language_must_exist_and_its_name_must_be_given(content_copy: Path) -> None:
    briefing = content_copy / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace(
        "japan: {languages: [ja]}", "japan: {languages: [jp]}", 1), encoding="utf-8")
    text = content_copy / "en" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace("  parties.russia: Russia\n", ""),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    messages = [str(p) for p in caught.value.problems]
    assert any(re.search(r"briefing\.yaml:\d+: parties\.japan\.languages\[0\]: unknown "
                         r"language 'jp'", m) for m in messages), messages
    assert any(re.search(r"en/text\.yaml:\d+: segments: segment 'parties\.russia' is missing "
                         r"in the reference locale", m) for m in messages), messages
