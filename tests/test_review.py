"""`briefing review`: recording that translations are up to date, without harming the file."""

from __future__ import annotations

import logging
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.content.load import load_content
from briefing.edition.resolve import segment_hash

from conftest import CONTENT
from textedit import revise_english, set_segment_text

FOUR = ["summary.dispute", "summary.stakes", "islands.geography", "islands.people"]


def drop_sources(path: Path, ids: list[str]) -> str:
    """The locale file with the `source:` lines of these segments removed."""
    text = path.read_text(encoding="utf-8")
    for segment_id in ids:
        text, count = re.subn(rf"(\n  {re.escape(segment_id)}:\n)    source: \w+\n", r"\1",
                              text)
        assert count == 1, segment_id
    path.write_text(text, encoding="utf-8")
    return text


def test_review_of_segments_without_source_lines_corrupts_nothing(
        content_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The corruption once seen: with four `source:` lines gone, review wrote
    `source: <hash>` into paragraph texts (line numbers shifted after the first insert)
    and created a bogus segment `source`."""
    caplog.set_level(logging.INFO, logger="briefing")
    ja = content_copy / "ja" / "text.yaml"
    before = load_content(content_copy).locales["ja"]
    drop_sources(ja, FOUR)
    assert main(["review", "--content", str(content_copy), "--locale", "ja", *FOUR]) == 0
    assert "marked 4 segment(s)" in caplog.text
    after = load_content(content_copy)
    ja_after, en = after.locales["ja"], after.reference
    assert set(ja_after.text.segments) == set(before.text.segments)  # no segment `source`
    for segment_id in before.text.segments:
        old, new = before.segment(segment_id), ja_after.segment(segment_id)
        assert old is not None and new is not None
        assert new.text == old.text, segment_id  # no `source:` inside a paragraph
    for segment_id in FOUR:
        ref = en.segment(segment_id)
        new = ja_after.segment(segment_id)
        assert ref is not None and new is not None
        assert new.source == segment_hash(ref.text)
    # and the file reads as it did, line for line, but for the four restored lines
    assert ja.read_text(encoding="utf-8") == (CONTENT / "ja" / "text.yaml").read_text(
        encoding="utf-8")


def stale(content: Path, tag: str) -> set[str]:
    loaded = load_content(content)
    locale, ref = loaded.locales[tag], loaded.reference
    found = set()
    for segment_id in locale.text.segments:
        segment, source = locale.segment(segment_id), ref.segment(segment_id)
        assert segment is not None and source is not None
        if segment.source != segment_hash(source.text):
            found.add(segment_id)
    return found


def test_review_without_ids_refuses_and_says_how(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    revise_english(content_copy, "summary.stakes")
    before = {p: p.read_bytes() for p in content_copy.rglob("*") if p.is_file()}
    assert main(["review", "--content", str(content_copy), "--locale", "ru"]) == 2
    err = capsys.readouterr().err
    assert "name the segments to mark as reviewed" in err and "--all" in err
    assert main(["review", "--content", str(content_copy), "--locale", "ru", "--force"]) == 2
    assert {p: p.read_bytes() for p in content_copy.rglob("*") if p.is_file()} == before
    assert stale(content_copy, "ru") == {"summary.stakes"}


def test_review_all_leaves_an_untouched_stale_segment_stale(
        content_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="briefing")
    revise_english(content_copy, "summary.stakes")
    revise_english(content_copy, "summary.heading")
    # The Russian translator updates one of the two stale segments, not the other.
    set_segment_text(content_copy, "ru", "summary.heading", "Вкратце")
    args = ["review", "--content", str(content_copy), "--locale", "ru", "--all"]
    assert main(args) == 1
    assert "ru: marked 1 segment(s)" in caplog.text
    assert "1 stale segment(s) left stale" in caplog.text and "summary.stakes" in caplog.text
    assert stale(content_copy, "ru") == {"summary.stakes"}
    assert main(args) == 1  # and again: still stale
    assert stale(content_copy, "ru") == {"summary.stakes"}
    assert main([*args, "--force"]) == 0
    assert stale(content_copy, "ru") == set()


def test_review_by_id_marks_an_unchanged_translation(content_copy: Path) -> None:
    """The reviewer's own call: the meaning did not change, so the translation stands."""
    revise_english(content_copy, "summary.stakes")
    assert main(["review", "--content", str(content_copy), "--locale", "ja",
                 "summary.stakes"]) == 0
    assert stale(content_copy, "ja") == set()
    assert stale(content_copy, "ru") == {"summary.stakes"}


def test_review_of_an_unknown_segment_writes_nothing(
        content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in content_copy.rglob("*") if p.is_file()}
    assert main(["review", "--content", str(content_copy), "--locale", "ja",
                 "summary.stakes", "summary.stake"]) == 1
    assert "no segment 'summary.stake' to mark as reviewed; did you mean 'summary.stakes'?" \
        in capsys.readouterr().err
    assert {p: p.read_bytes() for p in content_copy.rglob("*") if p.is_file()} == before


def test_a_plain_segment_becomes_text_and_source(content_copy: Path) -> None:
    ja = content_copy / "ja" / "text.yaml"
    text = ja.read_text(encoding="utf-8")
    plain = re.sub(r"  summary\.heading:\n    source: \w+\n    text: (.*)\n",
                   r"  summary.heading: \1\n", text)
    ja.write_text(plain, encoding="utf-8")
    assert main(["review", "--content", str(content_copy), "--locale", "ja",
                 "summary.heading"]) == 0
    assert ja.read_text(encoding="utf-8") == text


def test_a_failed_write_leaves_the_file_whole(content_copy: Path) -> None:
    """As on a full disk: a process that may write no file beyond 12 KiB."""
    ru = content_copy / "ru" / "text.yaml"
    drop_sources(ru, FOUR)
    before = ru.read_bytes()
    assert len(before) > 12_288

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (12_288, 12_288))

    command = "from briefing.cli import entry; entry()"
    run = subprocess.run([sys.executable, "-c", command, "review", "--content",
                          str(content_copy), "--locale", "ru", *FOUR],
                         capture_output=True, text=True, preexec_fn=limited, check=False)
    assert run.returncode == 1, run.stderr
    assert "text.yaml: cannot write the file: File too large; nothing was changed" in run.stderr
    assert "Traceback" not in run.stderr
    assert ru.read_bytes() == before
    assert sorted(p.name for p in ru.parent.iterdir()) == sorted(
        p.name for p in (CONTENT / "ru").iterdir())  # no temporary file left
