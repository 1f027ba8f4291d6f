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

    for concept in concepts:  # every locale names every entry
        assert [s.get(LANG) for s in concept.findall(f"{TBX}langSec")] == ["en", "ja", "ru"]
    abe = terms("abe", "ru")
    assert abe["Синдзо Абэ"][:2] == ("preferredTerm-admn-sts", "fullForm")
    assert abe["Абэ"][:2] == ("admittedTerm-admn-sts", "shortForm")
    assert abe["Шинзо Абе"][:2] == ("deprecatedTerm-admn-sts", "fullForm")
    iturup = terms("iturup", "ru")
    assert iturup["Итуруп"] == ("preferredTerm-admn-sts", "fullForm", ["usage: russian"])
    assert iturup["Эторофу"] == ("admittedTerm-admn-sts", "fullForm", ["usage: japanese"])
    habomai_ja = terms("habomai", "ja")
    assert "reading: はぼまいぐんとう" in habomai_ja["歯舞群島"][2]
    assert terms("habomai", "ru")["Малая Курильская гряда"][0] == "deprecatedTerm-admn-sts"
    assert terms("moscow", "ru")["Москва"][2] == ["case loc: Москве"]


def test_the_older_tbx_is_read_by_translate_toolkit(tmp_path: Path) -> None:
    path = glossary(tmp_path, "--format", "tbx-2008", "--locale", "ru", name="ru.tbx")
    with path.open("rb") as handle:  # as a Weblate glossary of en and ru opens it
        store = tbxfile(handle, sourcelanguage="en", targetlanguage="ru")
    units = {u.getid(): u for u in store.units}
    assert set(units) == set(load_content(CONTENT).gazetteer.entries)
    abe = units["abe"]
    assert [t.text for t in abe.get_source_terms()] == ["Shinzo Abe", "Abe"]
    russian = {t.text: t for t in abe.get_target_terms("ru")}
    assert set(russian) == {"Синдзо Абэ", "Абэ", "Шинзо Абе", "Абе"}
    assert russian["Шинзо Абе"].deprecated and not russian["Синдзо Абэ"].deprecated
    assert russian["Синдзо Абэ"].administrative_status == "preferredTerm-admn-sts"
    assert abe.target == "Синдзо Абэ"  # the preferred term first, as a glossary shows it


def test_the_older_tbx_is_one_language_pair(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "--format", "tbx-2008"]) == 2
    assert "one file per language: give one --locale other than 'en'" in \
        capsys.readouterr().err


def test_csv_has_a_row_per_term(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(glossary(tmp_path, "--format", "csv").read_text(
        encoding="utf-8"))))
    abe_ja = [(r["term"], r["status"], r["term_type"]) for r in rows
              if r["concept"] == "abe" and r["language"] == "ja"]
    assert abe_ja == [("安倍晋三", "preferred", "fullForm"), ("安倍", "admitted", "shortForm"),
                      ("安部晋三", "deprecated", "fullForm")]
    assert {r["kind"] for r in rows} == {"place", "person", "org"}
