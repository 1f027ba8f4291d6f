"""A translation's `source:` hash is text, whatever it looks like.

Eight hex digits can look like a number: `64729438` is an integer to any YAML reader,
`01234567` an octal one to YAML 1.1, `2e311579` a float to YAML 1.2. A translator who
types the hash without quotes must get the same hash back from every command, and a
command that writes one must write it so that it reads back as text.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML
from translate.storage import factory

from briefing.cli import main
from briefing.content.load import load_content
from briefing.edition.resolve import segment_hash

from textedit import segment_text, set_segment_text

LOOKS_LIKE = {
    "digits": r"[1-9][0-9]{7}",  # an integer to YAML 1.1 and 1.2
    "octal": r"0[0-7]{7}",  # an octal integer to YAML 1.1: 01234567 is 342391
    "exponent": r"[0-9]+e[0-9]+",  # a float to YAML 1.2 (infinite, even)
}


def _words_hashing_like(base: str, pattern: str) -> tuple[str, str]:
    """`base` with a number after it, chosen so that its hash matches `pattern`."""
    for n in range(1, 200_000):
        words = f"{base} ({n})"
        digest = segment_hash(words)
        if re.fullmatch(pattern, digest):
            return words, digest
    raise AssertionError(f"no hash like {pattern} found")


def _headings(content: Path, count: int) -> list[str]:
    """Section headings translated into Japanese with a recorded `source:` hash."""
    ja = load_content(content).locales["ja"].text.segments
    found = [s for s, v in ja.items() if s.endswith(".heading") and not isinstance(v, str)]
    assert len(found) >= count
    return found[:count]


def _set_source(content: Path, segment_id: str, digest: str) -> None:
    """The Japanese segment's `source:` line typed by hand, without quotes."""
    path = content / "ja" / "text.yaml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^(  {re.escape(segment_id)}:\n    source: ).*$", rf"\g<1>{digest}",
                         text, count=1, flags=re.MULTILINE)
    assert count == 1, segment_id
    path.write_text(new, encoding="utf-8")


@pytest.fixture
def unquoted(content_copy: Path) -> dict[str, tuple[str, str]]:
    """English headings reworded so that their hashes look like numbers, each Japanese
    translation recording its hash unquoted: kind -> (segment id, hash)."""
    chosen = {}
    for kind, segment_id in zip(LOOKS_LIKE, _headings(content_copy, len(LOOKS_LIKE)),
                                strict=True):
        words, digest = _words_hashing_like(segment_text(content_copy, "en", segment_id),
                                            LOOKS_LIKE[kind])
        set_segment_text(content_copy, "en", segment_id, words)
        _set_source(content_copy, segment_id, digest)
        chosen[kind] = (segment_id, digest)
    return chosen


def _check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", "--content", str(content), "--locale", "ja"])
    return status, capsys.readouterr().out


def _sources(path: Path) -> dict[str, object]:
    """Every segment's `source:` as a plain YAML 1.1 reader (PyYAML) and a YAML 1.2 reader
    (ruamel.yaml) take it."""
    text = path.read_text(encoding="utf-8")
    found: dict[str, object] = {}
    for name, data in (("1.1", yaml.safe_load(text)), ("1.2", YAML(typ="safe").load(text))):
        for segment_id, value in data["segments"].items():
            if isinstance(value, dict) and "source" in value:
                found[f"{name} {segment_id}"] = value["source"]
    return found


def test_check_reads_an_unquoted_hash_as_the_hash(
        content_copy: Path, unquoted: dict[str, tuple[str, str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    text = (content_copy / "ja" / "text.yaml").read_text(encoding="utf-8")
    for segment_id, digest in unquoted.values():
        assert f"  {segment_id}:\n    source: {digest}\n" in text
    assert _check(content_copy, capsys) == (0, "")
    ja = load_content(content_copy).locales["ja"]
    for segment_id, digest in unquoted.values():
        segment = ja.segment(segment_id)
        assert segment is not None and segment.source == digest


def test_check_reports_a_stale_unquoted_hash_as_written(
        content_copy: Path, unquoted: dict[str, tuple[str, str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    segment_id, digest = unquoted["octal"]
    set_segment_text(content_copy, "en", segment_id, "Reworded")
    status, out = _check(content_copy, capsys)
    assert status == 1
    assert f"stale: the en text changed since this was translated (was {digest}, now " \
           f"{segment_hash('Reworded')})" in out, out


def test_review_keeps_unquoted_hashes_and_writes_a_new_one_as_text(
        content_copy: Path, unquoted: dict[str, tuple[str, str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    path = content_copy / "ja" / "text.yaml"
    before = path.read_bytes()
    # Nothing to mark: every hash is current, so nothing is written, not even quotes.
    assert main(["review", "--content", str(content_copy), "--locale", "ja", "--all"]) == 0
    assert path.read_bytes() == before
    # One translation goes stale by hand; its review writes its hash back, quoted.
    segment_id, digest = unquoted["exponent"]
    _set_source(content_copy, segment_id, "0000000f")
    stale = path.read_text(encoding="utf-8")
    assert main(["review", "--content", str(content_copy), "--locale", "ja", segment_id]) == 0
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(stale.splitlines(), after.splitlines())
               if line.startswith(("- ", "+ "))]
    assert changed == ["-     source: 0000000f", f"+     source: '{digest}'"]
    assert _check(content_copy, capsys) == (0, "")
    sources = _sources(path)  # the hash written reads as text to other readers too
    assert sources[f"1.1 {segment_id}"] == sources[f"1.2 {segment_id}"] == digest


def test_import_keeps_unquoted_hashes_and_adds_a_segment_with_its_hash_as_text(
        content_copy: Path, tmp_path: Path, unquoted: dict[str, tuple[str, str]],
        capsys: pytest.CaptureFixture[str]) -> None:
    path = content_copy / "ja" / "text.yaml"
    before = path.read_bytes()
    po = tmp_path / "ja.po"
    assert main(["export", "--content", str(content_copy), "--locale", "ja", "--format", "po",
                 "--out", str(po)]) == 0
    assert main(["import", "--content", str(content_copy), str(po)]) == 0
    assert path.read_bytes() == before  # an unchanged file comes back byte for byte
    # New words for one segment with an unquoted hash, and a segment the file lacked.
    changed_id, digest = unquoted["digits"]
    added_id, added_digest = unquoted["octal"]
    text = path.read_text(encoding="utf-8")
    words = segment_text(content_copy, "ja", added_id)
    entry = re.search(rf"  {re.escape(added_id)}:\n(    .*\n)+", text)
    assert entry is not None
    path.write_text(text.replace(entry[0], ""), encoding="utf-8")
    assert main(["export", "--content", str(content_copy), "--locale", "ja", "--format", "po",
                 "--out", str(po)]) == 0
    store = factory.getobject(str(po))
    for unit in store.units:
        if unit.getcontext() == changed_id:
            unit.target = "改訂された見出し"
        elif unit.getcontext() == added_id:
            unit.target = words.strip()
        unit.markfuzzy(False)
    store.save()
    assert main(["import", "--content", str(content_copy), str(po)]) == 0
    after = path.read_text(encoding="utf-8")
    assert f"  {changed_id}:\n    source: {digest}\n    text: 改訂された見出し\n" in after
    assert f"  {added_id}:\n    source: '{added_digest}'\n" in after
    assert _check(content_copy, capsys) == (0, "")
    sources = _sources(path)  # the hash written reads as text to other readers too
    assert sources[f"1.1 {added_id}"] == sources[f"1.2 {added_id}"] == added_digest
