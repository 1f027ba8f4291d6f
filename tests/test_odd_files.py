"""Files as editors save them and as hostile users make them: a byte-order mark, CRLF
line ends, a message given twice. Each is read as meant or refused with its line, and
what a command writes back keeps the file's own conventions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.content.load import load_content

BOM = b"\xef\xbb\xbf"


def _stale(content: Path, segment_id: str) -> None:
    """A Japanese translation marked as made from another text: `review` has work."""
    path = content / "ja" / "text.yaml"
    data = path.read_bytes()
    new, count = re.subn(rb"(\n  " + re.escape(segment_id.encode()) + rb":\r?\n    source: )"
                         rb"[0-9a-f']+", rb"\g<1>0000000f", data, count=1)
    assert count == 1
    path.write_bytes(new)


@pytest.mark.parametrize("kind", ["crlf", "bom", "crlf+bom"])
def test_review_writes_back_the_line_ends_and_mark_the_file_had(
        content_copy: Path, kind: str) -> None:
    path = content_copy / "ja" / "text.yaml"
    data = path.read_bytes()
    if "crlf" in kind:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in kind:
        data = BOM + data
    path.write_bytes(data)
    _stale(content_copy, "summary.heading")
    assert main(["review", "--content", str(content_copy), "--locale", "ja",
                 "summary.heading", "-q"]) == 0
    assert path.read_bytes() == data  # the hash back, every other byte as it was
    assert main(["check", "--content", str(content_copy), "--locale", "ja"]) == 0


def _export(content: Path, out: Path) -> Path:
    assert main(["export", "--content", str(content), "--locale", "ja", "--format", "po",
                 "--out", str(out)]) == 0
    return out


def test_a_po_file_saved_with_a_byte_order_mark_is_read(content_copy: Path,
                                                         tmp_path: Path) -> None:
    _stale(content_copy, "summary.heading")
    po = _export(content_copy, tmp_path / "ja.po")
    text = po.read_text(encoding="utf-8")
    # The translator confirms the stale heading, in an editor that adds a BOM.
    confirmed = re.sub(r'#, fuzzy\n((?:#.*\n)*msgctxt "summary\.heading")', r"\1", text)
    assert confirmed != text
    po.write_bytes(BOM + confirmed.replace("\n", "\r\n").encode("utf-8"))
    assert main(["import", "--content", str(content_copy), str(po), "-q"]) == 0
    assert main(["check", "--content", str(content_copy), "--locale", "ja"]) == 0


def test_a_segment_given_twice_in_a_po_file_is_refused(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = _export(content_copy, tmp_path / "ja.po")
    text = po.read_text(encoding="utf-8")
    entry = re.search(r'msgctxt "summary\.heading"\nmsgid .*\nmsgstr "(.*)"\n', text)
    assert entry is not None
    again = entry[0].replace(f'msgstr "{entry[1]}"', 'msgstr "別の訳"')
    po.write_text(text + "\n" + again, encoding="utf-8")
    before = (content_copy / "ja" / "text.yaml").read_bytes()
    capsys.readouterr()
    assert main(["import", "--content", str(content_copy), str(po)]) == 1
    second = text.count("\n") + 3  # its msgid line
    assert f"ja.po:{second}: summary.heading: segment 'summary.heading' is in the file 2 " \
           "times; expected once" in capsys.readouterr().err
    assert (content_copy / "ja" / "text.yaml").read_bytes() == before


def test_review_of_the_reference_locale_is_refused_and_writes_nothing(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted((p, p.read_bytes()) for p in (content_copy / "en").iterdir())
    for args in (["summary.heading"], ["--all"]):
        assert main(["review", "--content", str(content_copy), "--locale", "en", *args]) == 2
        assert "'en' is the reference locale" in capsys.readouterr().err
    # Before, its plain segments became {source, text} and a reviewed.yaml appeared.
    assert sorted((p, p.read_bytes()) for p in (content_copy / "en").iterdir()) == before


@pytest.mark.parametrize(("name", "data", "message"), [
    ("ja.po", b"", "ja.po: file is empty; expected a PO or XLIFF file"),
    ("ja.po", BOM + b"\r\n\n", "ja.po: file is empty; expected a PO or XLIFF file"),
    ("ja.xlf", b"msgid \"\"\n", "ja.xlf:1: expected an XLIFF file (XML, starting with '<')"),
])
def test_an_empty_or_mislabelled_translation_file_is_refused(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
        data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = (content_copy / "ja" / "text.yaml").read_bytes()
    assert main(["import", "--content", str(content_copy), "--locale", "ja", str(path)]) == 1
    assert message in capsys.readouterr().err
    assert (content_copy / "ja" / "text.yaml").read_bytes() == before


def test_carriage_returns_in_a_translation_come_in_as_line_ends(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = _export(content_copy, tmp_path / "ja.po")
    text = po.read_text(encoding="utf-8")
    entry = re.search(r'msgctxt "summary\.stakes"\n(?:.*\n)*?msgstr ""\n((?:".*"\n)+)', text)
    assert entry is not None and "。" in entry[1]
    # A Windows tool's line end inside the translation, as PO escapes it.
    po.write_text(text.replace(entry[1], entry[1].replace("。", "。\\r\\n", 1), 1),
                  encoding="utf-8")
    assert main(["import", "--content", str(content_copy), str(po), "-q"]) == 0
    capsys.readouterr()
    assert main(["check", "--content", str(content_copy), "--locale", "ja"]) == 0
    data = (content_copy / "ja" / "text.yaml").read_bytes()
    assert b"\r" not in data and b"\\r" not in data
    segment = load_content(content_copy).locales["ja"].segment("summary.stakes")
    assert segment is not None and "。\n" in segment.text and "\r" not in segment.text
