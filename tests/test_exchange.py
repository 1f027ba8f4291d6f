"""PO and XLIFF export and import: round trips, translations coming back, and the files
read by another tool (translate-toolkit) the way platforms and CAT tools read them."""

from __future__ import annotations

import copy
import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import factory
from translate.storage.xliff import Xliff1Unit

from briefing.cli import main
from briefing.content.load import load_content
from briefing.content.refs import REF, Ref, scan
from briefing.content.validate import reference_problem
from briefing.edition.resolve import segment_hash
from briefing.exchange.units import TITLES, title_sources

from conftest import CONTENT, LOCALES
from textedit import revise_english, segment_text

TRANSLATED = [tag for tag in LOCALES if tag != "en"]
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
STATES = Xliff1Unit.statemap


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def export(content: Path, tag: str, fmt: str, out: Path) -> Path:
    assert main(["export", "--content", str(content), "--locale", tag, "--format", fmt,
                 "--out", str(out)]) == 0
    return out


SEGMENT = "summary.stakes"
MARK = "【改訂】"


def revised(content: Path, tag: str = "ja", segment_id: str = SEGMENT) -> str:
    """The segment's translation with a mark after its first sentence: new words, the
    same references and Markdown."""
    text = segment_text(content, tag, segment_id)
    assert "。" in text
    return text.replace("。", "。" + MARK, 1)


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2"])
@pytest.mark.parametrize("tag", TRANSLATED)
def test_export_then_import_unchanged_leaves_every_byte(content_copy: Path, tmp_path: Path,
                                                        tag: str, fmt: str) -> None:
    before = snapshot(content_copy)
    path = export(content_copy, tag, fmt, tmp_path / f"{tag}.{fmt}")
    assert main(["import", "--content", str(content_copy), str(path)]) == 0
    assert snapshot(content_copy) == before


def translate_po(path: Path, segment_id: str, text: str) -> None:
    store = factory.getobject(str(path))
    unit = next(u for u in store.units if u.getcontext() == segment_id)
    unit.target = text
    unit.markfuzzy(False)
    store.save()


def translate_xliff(path: Path, segment_id: str, text: str) -> None:
    """As a CAT tool does: the target's words replaced, its codes kept, state set."""
    tree = etree.parse(str(path))
    unit = next(u for u in tree.iter(f"{XLIFF}trans-unit") if u.get("id") == segment_id)
    target = unit.find(f"{XLIFF}target")
    assert target is not None
    codes = {c.text: c for c in target}
    assert all(c.tag == f"{XLIFF}ph" for c in target)  # references only: no paired codes
    for child in list(target):
        target.remove(child)
    parts = re.split(r"(\{[a-z]+:[a-z0-9_.-]+(?:\|[a-z]+)?\})", text)
    target.text = parts[0]
    for code, words in zip(parts[1::2], parts[2::2], strict=True):
        element = copy.deepcopy(codes[code])
        element.tail = words
        target.append(element)
    target.set("state", "translated")
    unit.set("approved", "yes")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_a_translated_unit_comes_back_into_text_yaml_and_the_build(
        content_copy: Path, tmp_path: Path, fmt: str) -> None:
    english = revise_english(content_copy, SEGMENT)  # the translation goes stale
    stale = load_content(content_copy).locales["ja"].segment(SEGMENT)
    assert stale is not None
    path = export(content_copy, "ja", fmt, tmp_path / f"ja.{fmt}")
    new = revised(content_copy)
    (translate_po if fmt == "po" else translate_xliff)(path, SEGMENT, new.strip())
    ja = content_copy / "ja" / "text.yaml"
    before = ja.read_text(encoding="utf-8")
    assert main(["import", "--content", str(content_copy), str(path)]) == 0
    after = ja.read_text(encoding="utf-8")
    segment = load_content(content_copy).locales["ja"].segment(SEGMENT)
    assert segment is not None and segment.text == new
    assert segment.source == segment_hash(english) != stale.source  # its hash changed too
    # Only the lines with the new words and hash changed; comments and every other stay.
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line.startswith(("-", "+"))]
    added = [line for line in changed if line.startswith("+")]
    assert len(changed) == 4 and len(added) == 2, changed
    assert any("source:" in line for line in added) and any(MARK in line for line in added)
    out = tmp_path / "out"
    assert main(["build", "--content", str(content_copy), "--locale", "ja", "--format",
                 "html", "--bilingual", "none", "--out", str(out), "-q"]) == 0
    html = (out / "ja" / "briefing.html").read_text(encoding="utf-8")
    assert MARK in html


def test_a_stale_segment_goes_out_fuzzy_with_the_previous_english(
        content_copy: Path, tmp_path: Path) -> None:
    english = segment_text(content_copy, "en", SEGMENT)
    revise_english(content_copy, SEGMENT, "Indeed,")
    po = factory.getobject(str(export(content_copy, "ru", "po", tmp_path / "ru.po")))
    units = {u.getcontext(): u for u in po.units if u.getcontext()}
    stakes = units[SEGMENT]
    assert stakes.isfuzzy() and stakes.source.startswith("Indeed, ")
    assert stakes.prev_source == english  # the #| msgid
    assert not units["summary.dispute"].isfuzzy() and units["summary.dispute"].istranslated()
    assert "#| msgid" in (tmp_path / "ru.po").read_text(encoding="utf-8")
    xliff = factory.getobject(str(export(content_copy, "ru", "xliff", tmp_path / "ru.xlf")))
    by_id = {u.getid().rpartition("summary.")[2]: u for u in xliff.units}
    assert by_id["stakes"].get_state_n() == STATES["needs-translation"]
    assert not by_id["stakes"].isapproved()
    assert by_id["dispute"].isapproved()
    assert by_id["dispute"].get_state_n() == STATES["translated"]
    tree = etree.parse(str(tmp_path / "ru.xlf"))
    alt = tree.find(f".//{XLIFF}trans-unit[@id='summary.stakes']/{XLIFF}alt-trans/{XLIFF}source")
    assert alt is not None and "".join(alt.itertext()) == english


def test_a_confirmed_stale_unit_is_marked_current_and_a_fuzzy_one_stays_stale(
        content_copy: Path, tmp_path: Path) -> None:
    revise_english(content_copy, SEGMENT)
    revise_english(content_copy, "summary.heading")
    path = export(content_copy, "ru", "po", tmp_path / "ru.po")
    store = factory.getobject(str(path))
    next(u for u in store.units if u.getcontext() == "summary.stakes").markfuzzy(False)
    store.save()  # the translator confirms the paragraph; the heading stays fuzzy
    assert main(["import", "--content", str(content_copy), str(path)]) == 0
    content = load_content(content_copy)
    ru, en = content.locales["ru"], content.reference
    stakes, heading = ru.segment("summary.stakes"), ru.segment("summary.heading")
    ref_stakes, ref_heading = en.segment("summary.stakes"), en.segment("summary.heading")
    assert stakes and heading and ref_stakes and ref_heading
    assert stakes.source == segment_hash(ref_stakes.text)
    assert heading.source != segment_hash(ref_heading.text)


def test_a_missing_segment_is_added_in_reading_order(content_copy: Path,
                                                     tmp_path: Path) -> None:
    ja = content_copy / "ja" / "text.yaml"
    text = ja.read_text(encoding="utf-8")
    words = segment_text(content_copy, "ja", "islands.people")
    gone = re.search(r"  islands\.people:\n(    .*\n)+", text)  # the key and its lines
    assert gone is not None
    ja.write_text(text.replace(gone[0], ""), encoding="utf-8")
    path = export(content_copy, "ja", "po", tmp_path / "ja.po")
    unit = next(u for u in factory.getobject(str(path)).units
                if u.getcontext() == "islands.people")
    assert not unit.istranslated()
    translate_po(path, "islands.people", words.strip())
    assert main(["import", "--content", str(content_copy), str(path)]) == 0
    assert ja.read_text(encoding="utf-8") == text


def test_translate_toolkit_reads_every_export(content_copy: Path, tmp_path: Path) -> None:
    content = load_content(CONTENT)
    for tag in TRANSLATED:
        # the segments, then the titles of the sources in other languages
        ids = [*content.segment_ids(), *(TITLES + s for s in title_sources(content, tag))]
        po = factory.getobject(str(export(CONTENT, tag, "po", tmp_path / f"{tag}.po")))
        units = [u for u in po.units if not u.isheader()]
        assert [u.getcontext() for u in units] == ids
        assert all(u.istranslated() and not u.isfuzzy() for u in units)
        assert po.gettargetlanguage() == tag
        xliff = factory.getobject(str(export(CONTENT, tag, "xliff", tmp_path / f"{tag}.xlf")))
        assert len(xliff.units) == len(ids)
        assert all(u.isapproved() and u.get_state_n() == STATES["translated"]
                   for u in xliff.units)
        assert xliff.gettargetlanguage() == tag and xliff.getsourcelanguage() == "en"
        # the words a tool shows are the segment's, codes included
        locale = content.locales[tag]
        for unit, unit_id in zip(xliff.units, ids, strict=True):
            if unit_id.startswith(TITLES):
                assert unit.target == locale.text.source_titles[unit_id.removeprefix(TITLES)]
                continue
            segment = locale.segment(unit_id)
            assert segment is not None and unit.target == segment.text


def once(text: str, kind: str = "") -> str:
    """A reference that the text has once (of a kind, when given)."""
    found = [m[0] for m in REF.finditer(text) if m[1] == kind or not kind]
    return next(r for r in found if found.count(r) == 1)


def _drop_reference(content: Path, path: Path) -> str:
    text = revised(content)
    dropped = once(text)
    translate_po(path, SEGMENT, text.replace(dropped, "", 1))
    return (rf"ja\.po:(\d+): {re.escape(SEGMENT)}: the translation drops "
            rf"{re.escape(dropped)}; expected the references of the en text: ")


def _translated_reference_id(content: Path, path: Path) -> str:
    text = revised(content)
    place = once(text, "place")
    translate_po(path, SEGMENT, text.replace(place, "{place:shima}", 1))  # 島, "island"
    return rf"ja\.po:(\d+): {re.escape(SEGMENT)}: unknown place 'shima'"


def _broken_markdown(content: Path, path: Path) -> str:
    ja = load_content(content).locales["ja"]
    segment_id = next(s for s in ja.text.segments if "**" in (
        segment_text(content, "ja", s)))
    text = segment_text(content, "ja", segment_id)
    start = text.index("**")
    end = text.index("**", start + 2)
    translate_po(path, segment_id, text[:end] + text[end + 1:])  # a typo: one '*' short
    return (rf"ja\.po:(\d+): {re.escape(segment_id)}: the Markdown is not that of the en "
            r"text: expected \d+ strong emphasis, got ")


def _unknown_segment(content: Path, path: Path) -> str:
    translate_po(path, SEGMENT, revised(content))
    path.write_text(path.read_text(encoding="utf-8").replace(
        f'msgctxt "{SEGMENT}"', f'msgctxt "{SEGMENT[:-1]}"'), encoding="utf-8")
    return (rf"ja\.po:(\d+): {re.escape(SEGMENT[:-1])}: unknown segment "
            rf"'{re.escape(SEGMENT[:-1])}'; did you mean '{re.escape(SEGMENT)}'\?")


BAD_IMPORTS = {"dropped reference": _drop_reference,
               "translated reference id": _translated_reference_id,
               "broken markdown": _broken_markdown, "unknown segment": _unknown_segment}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_import_says_where_and_writes_nothing(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        case: str) -> None:
    path = export(content_copy, "ja", "po", tmp_path / "ja.po")
    translate_po(path, "summary.heading", "概要の概要")  # a good unit beside the bad one
    message = BAD_IMPORTS[case](content_copy, path)
    before = snapshot(content_copy)
    assert main(["import", "--content", str(content_copy), str(path)]) == 1
    err = capsys.readouterr().err
    found = re.search(message, err)
    assert found, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1  # one problem
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[int(found[1]) - 1].startswith(("msgctxt", "msgid", "#")), "the unit's line"
    assert snapshot(content_copy) == before


def test_a_file_for_another_locale_is_refused(content_copy: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(content_copy)
    for fmt in ("po", "xliff"):
        path = export(content_copy, "ru", fmt, tmp_path / f"ru.{fmt}")
        assert main(["import", "--content", str(content_copy), "--locale", "ja",
                     str(path)]) == 1
        assert f"ru.{fmt}: the file is a translation into 'ru', not into 'ja'" in \
            capsys.readouterr().err
    assert snapshot(content_copy) == before


def test_an_xliff_unit_that_lost_a_code_is_refused(content_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = export(content_copy, "ja", "xliff", tmp_path / "ja.xlf")
    text = revised(content_copy)
    dropped = once(text)
    translate_xliff(path, SEGMENT, text.replace(dropped, "", 1).strip())
    before = snapshot(content_copy)
    assert main(["import", "--content", str(content_copy), str(path)]) == 1
    assert re.search(rf"ja\.xlf:\d+: {re.escape(SEGMENT)}: the translation drops "
                     rf"{re.escape(dropped)}", capsys.readouterr().err)
    assert snapshot(content_copy) == before


@pytest.mark.parametrize(("data", "message"), [
    (b'msgid "a"\nmsgstr "b"\nmsgid\n', r"x\.po:3: invalid PO file"),
    (b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n',
     r"x\.po:4: invalid XML: "),
    (b"<html/>", r"x\.po:1: expected an XLIFF 1\.2 or 2 file"),
])
def test_a_file_that_cannot_be_read_is_located(content_copy: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               data: bytes, message: str) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(data)
    assert main(["import", "--content", str(content_copy), "--locale", "ja", str(path)]) == 1
    err = capsys.readouterr().err
    assert re.search(message, err) and "Traceback" not in err, err


def pofilter_placeholders(po: Path, tmp_path: Path) -> dict[str, list[str]]:
    """The placeholders pofilter's format checks name, per unit, in a PO file."""
    out = tmp_path / f"{po.stem}-pofilter.po"
    run = subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none",
                          "--nofuzzy", "-t", "pythonbraceformat", "-t", "printf", "-t",
                          "xmltags", str(po), str(out)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    found: dict[str, list[str]] = {}
    if not out.exists():
        return found
    for unit in factory.getobject(str(out)).units:
        if unit.isheader():
            continue
        notes = unit.getnotes()
        assert "(pofilter) printf" not in notes and "(pofilter) xmltags" not in notes, notes
        found[unit.getcontext()] = re.findall(r"\{[^{}]*\}", notes.partition(
            "pythonbraceformat:")[2])
    return found


def test_pofilter_finds_no_broken_placeholder_in_the_shipped_translations(
        tmp_path: Path) -> None:
    """pofilter reads references as Python brace fields: it reports a case option a
    language adds ({place:moscow|loc}) and a reference a reviewed translation adds or
    leaves out. Every placeholder it reports must be a well-formed reference this content
    knows; none broken, none translated."""
    content = load_content(CONTENT)
    for tag in TRANSLATED:
        po = export(CONTENT, tag, "po", tmp_path / f"{tag}.po")
        for segment_id, placeholders in pofilter_placeholders(po, tmp_path).items():
            assert placeholders, segment_id
            for placeholder in placeholders:
                found = list(scan(placeholder))
                assert len(found) == 1 and isinstance(found[0], Ref), placeholder
                assert reference_problem(content, found[0]) is None, (tag, placeholder)
    # The check itself sees broken placeholders: a translated id and a lost brace.
    broken = export(CONTENT, "ja", "po", tmp_path / "broken.po")
    text = revised(CONTENT)
    translate_po(broken, SEGMENT, text.replace(once(text, "place"), "{place:shima}", 1))
    flagged = pofilter_placeholders(broken, tmp_path)[SEGMENT]
    assert "{place:shima}" in flagged
    problems = [reference_problem(content, r) for p in flagged for r in scan(p)]
    assert "unknown place 'shima'" in " ".join(p or "" for p in problems)


XLIFF2 = "{urn:oasis:names:tc:xliff:document:2.0}"


def translate_xliff2(path: Path, segment_id: str, text: str) -> None:
    """As an XLIFF 2 editor does: the target's words replaced, its codes kept."""
    tree = etree.parse(str(path))
    unit = next(u for u in tree.iter(f"{XLIFF2}unit") if u.get("id") == segment_id)
    segment = unit.find(f"{XLIFF2}segment")
    assert segment is not None
    target = segment.find(f"{XLIFF2}target")
    assert target is not None
    codes = {c.get("equiv"): c for c in target}
    assert all(c.tag == f"{XLIFF2}ph" for c in target)  # references only
    for child in list(target):
        target.remove(child)
    parts = re.split(r"(\\{[a-z]+:[a-z0-9_.-]+(?:\\|[a-z]+)?\\})", text)
    target.text = parts[0]
    for code, words in zip(parts[1::2], parts[2::2], strict=True):
        element = copy.deepcopy(codes[code])
        element.tail = words
        target.append(element)
    segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_xliff_2_carries_states_names_and_the_previous_english(
        content_copy: Path, tmp_path: Path) -> None:
    english = segment_text(content_copy, "en", SEGMENT)
    revise_english(content_copy, SEGMENT, "Indeed,")
    path = export(content_copy, "ja", "xliff2", tmp_path / "ja.xlf")
    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "2.1" and root.get("trgLang") == "ja"
    units = {u.get("id"): u for u in root.iter(f"{XLIFF2}unit")}
    content = load_content(content_copy)
    assert list(units) == [*content.segment_ids(),
                           *(TITLES + s for s in title_sources(content, "ja"))]
    stale = units[SEGMENT]
    segment = stale.find(f"{XLIFF2}segment")
    assert segment is not None and segment.get("state") == "initial"
    previous = stale.find(f"{XLIFF2}notes/{XLIFF2}note[@category='previous-source']")
    assert previous is not None and previous.text == english
    current = units["summary.dispute"].find(f"{XLIFF2}segment")
    assert current is not None and current.get("state") == "reviewed"
    # a reference shows, to the translator, what it renders as in Japanese
    names = load_content(content_copy).locales["ja"].names
    shown = {c.get("equiv"): c.get("disp") for c in units["summary.dispute"].iter(
        f"{XLIFF2}ph")}
    assert shown["{place:hokkaido}"] == names["hokkaido"].name
    # every code of a target points at data the unit holds, with the source's ids
    for unit in units.values():
        data = {d.get("id") for d in unit.iter(f"{XLIFF2}data")}
        source_ids = {c.get("id") for c in unit.iter(f"{XLIFF2}ph") if c.getparent().tag ==
                      f"{XLIFF2}source"}
        for code in unit.iter(f"{XLIFF2}ph", f"{XLIFF2}sc", f"{XLIFF2}ec"):
            assert code.get("dataRef") in data
        for code in unit.iterfind(f"{XLIFF2}segment/{XLIFF2}target/{XLIFF2}ph"):
            assert code.get("id") in source_ids or code.get("id", "").startswith("t")
    # a translated unit comes back
    new = revised(content_copy, "ja", "summary.dispute")
    translate_xliff2(path, "summary.dispute", new.strip())
    assert main(["import", "--content", str(content_copy), str(path)]) == 0
    assert segment_text(content_copy, "ja", "summary.dispute") == new
