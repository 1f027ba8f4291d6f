"""A source in another language than the edition's is listed with its title as written
and, where the locale gives one (`source_titles:` in its text.yaml), the title
translated for the edition's readers, in the brackets its catalog writes."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import etree
from selectolax.lexbor import LexborHTMLParser
from translate.storage import factory

from briefing.cli import main
from briefing.content.load import load_content

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


# Exchange: a locale's source titles go out with its segments and come back.

XLIFF1 = "{urn:oasis:names:tc:xliff:document:1.2}"
XLIFF2 = "{urn:oasis:names:tc:xliff:document:2.0}"
RU_HEADER = "# Русские слова справки"
NEW = "Данные о «Северных территориях» (новый перевод)"


def export(content: Path, tag: str, fmt: str, out: Path) -> Path:
    assert main(["export", "--content", str(content), "--locale", tag, "--format", fmt,
                 "--out", str(out)]) == 0
    return out


def fill(path: Path, unit_id: str, text: str, fmt: str) -> None:
    """As a translator's tool does: the unit's target written and marked finished."""
    if fmt == "po":
        store = factory.getobject(str(path))
        unit = next(u for u in store.units if u.getcontext() == unit_id)
        unit.target = text
        unit.markfuzzy(False)
        store.save()
        return
    tree = etree.parse(str(path))
    if fmt == "xliff":
        element = next(u for u in tree.iter(f"{XLIFF1}trans-unit") if u.get("id") == unit_id)
        target = element.find(f"{XLIFF1}target")
        assert target is not None
        target.text = text
        target.set("state", "translated")
    else:
        element = next(u for u in tree.iter(f"{XLIFF2}unit") if u.get("id") == unit_id)
        segment = element.find(f"{XLIFF2}segment")
        assert segment is not None
        target = segment.find(f"{XLIFF2}target")
        if target is None:
            target = etree.SubElement(segment, f"{XLIFF2}target")
        target.text = text
        segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def units_of(path: Path) -> dict[str, tuple[str, str, bool]]:
    """Unit id -> (source, target, needs work), as translate-toolkit reads the file."""
    store = factory.getobject(str(path))
    return {u.getcontext(): (str(u.source), str(u.target or ""), bool(u.isfuzzy()))
            for u in store.units if u.getcontext()}


def shown_title(content: Path, tmp_path: Path, tag: str, source_id: str) -> str:
    out = tmp_path / "dist"
    assert main(["build", "-q", "--content", str(content), "--out", str(out), "--locale", tag,
                 "--bilingual", "none", "--format", "html"]) == 0
    page = LexborHTMLParser((out / tag / "briefing.html").read_text(encoding="utf-8"))
    item = page.css_first(f"li#briefing-{tag}-src-{source_id}")
    assert item is not None
    return item.text()


def test_every_source_in_another_language_goes_out_with_its_translation(
        content_copy: Path, tmp_path: Path) -> None:
    content = load_content(content_copy)
    ru = content.locales["ru"].text.source_titles
    units = units_of(export(content_copy, "ru", "po", tmp_path / "ru.po"))
    titles = {k.removeprefix("source_titles."): v for k, v in units.items()
              if k.startswith("source_titles.")}
    others = {s.id: s.title for s in content.briefing.sources if s.lang != "ru"}
    assert set(titles) == set(others) and others
    for source_id, (source, target, _) in titles.items():
        assert source == others[source_id]
        assert target == ru.get(source_id, "")
    text = (tmp_path / "ru.po").read_text(encoding="utf-8")
    assert "#. The title of a source in Japanese (ja), as published: translate it" in text
    assert "#: briefing.yaml:" in text


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2"])
def test_a_translated_title_comes_back_into_a_new_block_and_the_edition(
        content_copy: Path, tmp_path: Path, fmt: str) -> None:
    path = content_copy / "ru" / "text.yaml"
    # No source_titles yet: the import makes the block, before segments.
    text = re.sub(r"\n# Переводы заглавий.*?\n(?=segments:)", "\n",
                  path.read_text(encoding="utf-8"), flags=re.S)
    path.write_text(text, encoding="utf-8")
    assert "source_titles" not in text
    exported = export(content_copy, "ru", fmt, tmp_path / f"ru.{fmt}")
    fill(exported, "source_titles.mofa_data", NEW, fmt)
    assert main(["import", "--content", str(content_copy), str(exported)]) == 0
    after = path.read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in after.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys[-2:] == ["source_titles", "segments"]
    assert load_content(content_copy).locales["ru"].text.source_titles == {"mofa_data": NEW}
    # Only the block was added: every comment and every other line is as it was.
    changed = [line for line in difflib.ndiff(text.splitlines(), after.splitlines())
               if line.startswith(("-", "+"))]
    assert [line[0] for line in changed] == ["+"] * 3, changed
    assert RU_HEADER in after and "\n\nsource_titles:\n" in after
    assert f"[{NEW}]" in shown_title(content_copy, tmp_path, "ru", "mofa_data")


def test_titles_come_back_among_the_others_in_the_sources_order(
        content_copy: Path, tmp_path: Path) -> None:
    ja = content_copy / "ja" / "text.yaml"
    original = ja.read_text(encoding="utf-8")
    given = load_content(content_copy).locales["ja"].text.source_titles
    gone = [list(given)[1], list(given)[-1]]  # one among the others, and the last
    lines = [line for line in original.splitlines(keepends=True)
             if not any(line.startswith(f"  {k}: ") for k in gone)]
    ja.write_text("".join(lines), encoding="utf-8")
    exported = export(content_copy, "ja", "xliff2", tmp_path / "ja.xlf")
    for source_id in gone:
        fill(exported, f"source_titles.{source_id}", given[source_id], "xliff2")
    assert main(["import", "--content", str(content_copy), str(exported)]) == 0
    # Each in its place, the blank line before segments kept: the file is as it was.
    assert ja.read_text(encoding="utf-8") == original
    assert f"［{given[gone[-1]]}］" in shown_title(content_copy, tmp_path, "ja", gone[-1])


def test_a_changed_original_title_makes_the_unit_stale(content_copy: Path,
                                                      tmp_path: Path) -> None:
    exported = export(content_copy, "ru", "po", tmp_path / "ru.po")
    fill(exported, "source_titles.mofa_data", NEW, "po")
    assert main(["import", "--content", str(content_copy), str(exported)]) == 0
    assert units_of(export(content_copy, "ru", "po", tmp_path / "again.po"))[
        "source_titles.mofa_data"] == ("北方領土データ", NEW, False)
    briefing = content_copy / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace(
        "title: 北方領土データ\n", "title: 北方領土データ2026\n", 1), encoding="utf-8")
    stale = export(content_copy, "ru", "po", tmp_path / "stale.po")
    assert units_of(stale)["source_titles.mofa_data"] == ("北方領土データ2026", NEW, True)
    text = stale.read_text(encoding="utf-8")
    assert '#| msgid "北方領土データ"\nmsgctxt "source_titles.mofa_data"' in text
    xliff = etree.parse(str(export(content_copy, "ru", "xliff", tmp_path / "ru.xlf")))
    unit = next(u for u in xliff.iter(f"{XLIFF1}trans-unit")
                if u.get("id") == "source_titles.mofa_data")
    target = unit.find(f"{XLIFF1}target")
    assert target is not None and target.get("state") == "needs-translation"
    assert unit.findtext(f"{XLIFF1}alt-trans/{XLIFF1}source") == "北方領土データ"


@pytest.mark.parametrize(("unit_id", "text", "message"), [
    ("source_titles.mofa_dta", NEW,
     r"source_titles\.mofa_dta: unknown source 'mofa_dta'; did you mean 'mofa_data'\?"),
    ("source_titles.yalta_text", "Крымское соглашение",
     r"source_titles\.yalta_text: source 'yalta_text' is in this locale's language \(ru\)"),
    ("source_titles.mofa_data", "Данные о {place:hokkaido}",
     r"source_titles\.mofa_data: a source title is plain words; expected no \{kind:id\}"),
])
def test_a_bad_title_says_where_and_writes_nothing(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        unit_id: str, text: str, message: str) -> None:
    exported = export(content_copy, "ru", "po", tmp_path / "ru.po")
    fill(exported, "source_titles.mofa_data", text, "po")
    exported.write_text(exported.read_text(encoding="utf-8").replace(
        'msgctxt "source_titles.mofa_data"', f'msgctxt "{unit_id}"'), encoding="utf-8")
    before = {p: p.read_bytes() for p in sorted(content_copy.rglob("*")) if p.is_file()}
    assert main(["import", "--content", str(content_copy), str(exported)]) == 1
    err = capsys.readouterr().err
    found = re.search(r"ru\.po:(\d+): " + message, err)
    assert found, err
    assert "Traceback" not in err
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[int(found[1]) - 1].startswith(("msgctxt", "msgid", "#"))
    assert {p: p.read_bytes() for p in sorted(content_copy.rglob("*")) if p.is_file()} == before
