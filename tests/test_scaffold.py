"""Starting and growing a briefing: `briefing new`, `briefing add-locale`, `briefing
schema`, and the field reference that cannot drift from the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from selectolax.lexbor import LexborHTMLParser

from briefing.cli import main
from briefing.content.folder import locale_folders
from briefing.jobs.options import project_root
from briefing.scaffold.schema import MODELS, reference

from conftest import pdf_text

ROOT = project_root()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A briefing made by `briefing new` in three locales, a fourth added, and built."""
    root = tmp_path_factory.mktemp("new")
    assert main(["new", str(root / "mine"), "--locales", "en,fr,da", "-q"]) == 0
    assert main(["build", "--content", str(root / "mine"), "--out", str(root / "three"),
                 "-q"]) == 0
    assert main(["add-locale", "de", "--content", str(root / "mine"), "-q"]) == 0
    german = root / "mine" / "de" / "text.yaml"
    text = german.read_text(encoding="utf-8")
    text = text.replace('title: ""', "title: Eine neue Lagebeurteilung", 1)
    text = re.sub(r'(  summary\.heading:\n    source: \S+\n    text: )""',
                  r"\1Zusammenfassung", text)
    german.write_text(text, encoding="utf-8")
    assert main(["build", "--content", str(root / "mine"), "--out", str(root / "four"),
                 "--bilingual", "de+en,da+en", "-q"]) == 0
    return root


def test_new_writes_every_file_commented_with_its_schema(started: Path) -> None:
    mine = started / "mine"
    assert locale_folders(mine) == ["da", "de", "en", "fr"]
    for path in [mine / "briefing.yaml", mine / "gazetteer.yaml",
                 *mine.glob("*/text.yaml"), *mine.glob("*/names.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert schema, path
        assert (path.parent / schema[1]).resolve().is_file(), path
        assert sum(line.lstrip().startswith("#") for line in
                   path.read_text(encoding="utf-8").splitlines()) >= 3, path
    kinds = set(re.findall(r"kind: (\w+)", (mine / "briefing.yaml").read_text(
        encoding="utf-8")))
    assert {"table", "figure", "callout", "map", "timeline", "names", "sources"} <= kinds


@pytest.mark.parametrize("tag", ["en", "fr", "da", "de"])
def test_each_catalog_has_the_locales_plural_rules_from_cldr(started: Path, tag: str) -> None:
    path = started / "mine" / tag / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == tag
    assert catalog.num_plurals == get_plural(tag).num_plurals
    header = path.read_text(encoding="utf-8")
    assert f'"Language: {tag}\\n"' in header
    assert "Plural-Forms: nplurals=" in header


def test_the_new_briefing_builds_in_its_three_locales(started: Path) -> None:
    three = started / "three"
    english = " ".join(pdf_text(three / "en" / "briefing.pdf").split())
    assert "A new briefing" in english and "18,692" in english and "June 14, 2024" in english
    assert "€1,500,000" in english and "Capital City" in english
    french = html(three / "fr" / "briefing.html")
    assert french.css_first("html").attributes["lang"] == "fr"
    table = french.css_first("table.data")
    assert [c.text().replace("\u202f", " ").replace("\u00a0", " ") for c in
            table.css("tbody tr")[0].css("td")] == ["18 692", "40,5 %"]
    # Every French word is to translate: the English stands in, marked so.
    assert french.css(".fallback-note")
    assert french.css_first(".para.fallback").attributes["lang"] == "en"
    danish = " ".join(pdf_text(three / "da" / "briefing.pdf").split())
    assert "18.692" in danish and "40,5 %" in danish
    assert (three / "en+fr" / "briefing.pdf").read_bytes().startswith(b"%PDF")


def test_an_added_locale_formats_as_itself_and_shows_what_is_translated(
        started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    four = started / "four"
    german = html(four / "de" / "briefing.html")
    assert german.css_first("html").attributes["lang"] == "de"
    assert german.css_first("h1").text() == "Eine neue Lagebeurteilung"
    assert german.css_first("h2").text().strip() == "Zusammenfassung"
    text = " ".join(pdf_text(four / "de" / "briefing.pdf").split())
    assert "14. Juni 2024" in text and "18.692" in text  # German formats, from CLDR
    assert "Zusammenfassung" in text
    # The English that stands in for the rest is marked as such.
    assert german.css_first(".para.fallback").attributes["lang"] == "en"
    for pair in ("de+en", "da+en"):
        page = html(four / pair / "briefing.html")
        ids = [n.attributes["id"] for n in page.css("[id]")]
        assert len(ids) == len(set(ids)), pair
        assert (four / pair / "briefing.pdf").read_bytes().startswith(b"%PDF")
    status, out, _ = run(capsys, "check", "--content", str(started / "mine"), "--locale", "de")
    assert status == 1
    lines = out.splitlines()
    assert any(re.match(r"\S*de/text\.yaml:\d+: segments\.summary\.text: not yet translated",
                        line) for line in lines), out
    assert any(re.match(r"\S*de/names\.yaml:\d+: capital: name not yet translated", line)
               for line in lines), out
    assert not any("title" in line and "title:" in line.split(": ")[0] for line in lines)
    assert all(re.match(r"\S+:\d+: ", line) for line in lines), out


def test_new_and_add_locale_refuse_what_exists(started: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", str(started / "mine"), "--locales", "en")
    assert status == 1 and "exists already" in err and "Traceback" not in err
    status, _, err = run(capsys, "add-locale", "fr", "--content", str(started / "mine"))
    assert status == 2 and "exists already" in err
    status, _, err = run(capsys, "add-locale", "xx-nowhere", "--content",
                         str(started / "mine"))
    assert status == 2 and "locale" in err and "Traceback" not in err


@pytest.mark.parametrize("file", list(MODELS))
def test_the_schema_accepts_every_shipped_file_and_refuses_a_wrong_one(
        file: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", file)
    assert status == 0
    schema = json.loads(out)
    validator = jsonschema.Draft202012Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    shipped = [*ROOT.glob(f"content/{file}"), *ROOT.glob(f"content/*/{file}"),
               *ROOT.glob(f"examples/*/{file}"), *ROOT.glob(f"examples/*/*/{file}")]
    assert len(shipped) >= 2
    for path in shipped:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")),
                                     default=str))  # dates as the strings YAML 1.2 reads
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (path, errors[:3])
    wrong = {"briefing.yaml": {"id": "x", "date": "2024-01-01", "reference_locale": "en",
                               "facts": {}, "sections": [{"id": "a", "blocks": [
                                   {"kind": "tabel"}]}], "sources": []},
             "gazetteer.yaml": {"entries": {"a": {"kind": "river"}}},
             "text.yaml": {"title": "T", "segments": {}, "titel": "T"},
             "names.yaml": {"a": {"nmae": "A"}}}[file]
    assert list(validator.iter_errors(wrong))


def test_the_field_reference_is_generated_and_current(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--reference")
    assert status == 0 and out == reference()
    assert (ROOT / "docs" / "content-reference.md").read_text(encoding="utf-8") == out, \
        "regenerate it: briefing schema --reference > docs/content-reference.md"
    for name in ("Table", "Figure", "Callout", "Theme", "Party"):
        assert f"### {name}" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/content-reference.md" in readme and "briefing new" in readme
