"""`briefing glossary`: the names as a termbase, read back by lxml, translate-toolkit and csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from lxml import etree
from translate.storage.tbx import tbxfile

from briefing.cli import main
from briefing.content.load import load_content

from conftest import CONTENT

TBX = "{urn:iso:std:iso:30042:ed-2}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def glossary(tmp_path: Path, *args: str, name: str = "glossary") -> Path:
    out = tmp_path / name
    assert main(["glossary", *args, "--out", str(out)]) == 0
    return out


def test_tbx_2019_has_a_concept_per_entry_and_a_language_per_locale(tmp_path: Path) -> None:
    content = load_content(CONTENT)
    root = etree.parse(str(glossary(tmp_path, "--format", "tbx"))).getroot()
    assert root.tag == f"{TBX}tbx" and root.get("type") == "TBX-Basic"
    assert root.get("style") == "dca" and root.get(LANG) == "en"
    concepts = root.findall(f"{TBX}text/{TBX}body/{TBX}conceptEntry")
    assert [c.get("id") for c in concepts] == list(content.gazetteer.entries)

    def terms(concept_id: str, lang: str) -> dict[str, tuple[str, str, list[str]]]:
        concept = next(c for c in concepts if c.get("id") == concept_id)
        section = next(s for s in concept.findall(f"{TBX}langSec") if s.get(LANG) == lang)
        found = {}
        for term_sec in section.findall(f"{TBX}termSec"):
            assert term_sec[0].tag == f"{TBX}term"  # the term first, then its notes
            notes = {n.get("type"): n.text for n in term_sec.findall(f"{TBX}termNote")}
            found[term_sec[0].text or ""] = (
                notes["administrativeStatus"], notes["termType"],
                [n.text or "" for n in term_sec.findall(f"{TBX}note")])
        return found

    for concept in concepts:  # every locale names every entry, each term as names.yaml says
        assert [s.get(LANG) for s in concept.findall(f"{TBX}langSec")] == list(
            content.locales)
        for tag, locale in content.locales.items():
            name = locale.names[concept.get("id", "")]
            found = terms(concept.get("id", ""), tag)
            assert found[name.name][:2] == ("preferredTerm-admn-sts", "fullForm")
            if name.usage:
                assert f"usage: {name.usage}" in found[name.name][2]
            for alternate in name.alternates:
                assert found[alternate.name] == ("admittedTerm-admn-sts", "fullForm",
                                                 [f"usage: {alternate.usage}"])
            if name.short and name.short != name.name:
                assert found[name.short][:2] == ("admittedTerm-admn-sts", "shortForm")
            for form in name.forbidden:
                assert found[form][0] == "deprecatedTerm-admn-sts"
            for case, form in name.forms.items():
                assert f"case {case}: {form}" in found[name.name][2]
            if name.reading:
                assert f"reading: {name.reading}" in found[name.name][2]
    # the forms the default briefing forbids
    assert terms("abe", "ru")["Шинзо Абе"][0] == "deprecatedTerm-admn-sts"
    assert terms("habomai", "ru")["Малая Курильская гряда"][0] == "deprecatedTerm-admn-sts"
    assert terms("abe", "ja")["安部晋三"][0] == "deprecatedTerm-admn-sts"


def test_the_older_tbx_is_read_by_translate_toolkit(tmp_path: Path) -> None:
    path = glossary(tmp_path, "--format", "tbx-2008", "--locale", "ru", name="ru.tbx")
    with path.open("rb") as handle:  # as a Weblate glossary of en and ru opens it
        store = tbxfile(handle, sourcelanguage="en", targetlanguage="ru")
    units = {u.getid(): u for u in store.units}
    assert set(units) == set(load_content(CONTENT).gazetteer.entries)
    content = load_content(CONTENT)
    for entry_id, unit in units.items():
        english, russian = (content.locales[t].names[entry_id] for t in ("en", "ru"))
        assert unit.get_source_terms()[0].text == english.name
        terms = {t.text: t for t in unit.get_target_terms("ru")}
        assert unit.target == russian.name  # the preferred term first, as a glossary shows it
        assert terms[russian.name].administrative_status == "preferredTerm-admn-sts"
        assert {a.name for a in russian.alternates} <= set(terms)
        assert all(terms[form].deprecated for form in russian.forbidden)
        assert not terms[russian.name].deprecated
    assert units["abe"].get_target_terms("ru")[-2].text == "Шинзо Абе"


def test_the_older_tbx_is_one_language_pair(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "--format", "tbx-2008"]) == 2
    assert "one file per language: give one --locale other than 'en'" in \
        capsys.readouterr().err


def test_csv_has_a_row_per_term(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(glossary(tmp_path, "--format", "csv").read_text(
        encoding="utf-8"))))
    ja = load_content(CONTENT).locales["ja"].names["abe"]
    abe_ja = [(r["term"], r["status"], r["term_type"]) for r in rows
              if r["concept"] == "abe" and r["language"] == "ja"]
    assert abe_ja == [(ja.name, "preferred", "fullForm"), (ja.short, "admitted", "shortForm"),
                      ("安部晋三", "deprecated", "fullForm")]
    assert {r["kind"] for r in rows} == {"place", "person", "org"}
