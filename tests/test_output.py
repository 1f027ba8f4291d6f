"""Writing outputs: whole files only, concurrent builds, progress, incremental builds."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from briefing.cli import main
from briefing.jobs.manifest import Manifest
from briefing.jobs.plan import Job
from briefing.jobs.timings import Timings
from briefing.terminal import Progress

from conftest import ROOT


def test_two_builds_at_once_into_one_folder_both_finish_with_valid_files(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "briefing", "build", "--locale", "en,ru", "--bilingual",
               "none", "--format", "html,pdf", "--out", str(out), "--force", "-q"]
    builds = [subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    for build in builds:
        _, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
    for tag in ("en", "ru"):
        with pikepdf.open(out / tag / "briefing.pdf") as pdf:
            assert len(pdf.pages) > 2
        assert (out / tag / "briefing.html").read_text(encoding="utf-8").rstrip().endswith(
            "</html>")
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")
                 or p.name == ".briefing.lock"]
    assert leftovers == []


def test_an_unchanged_build_writes_nothing_and_a_change_rebuilds_only_its_editions(
        content_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "out"
    args = ["build", "--content", str(content_copy), "--format", "html", "--out", str(out)]
    assert main(args) == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    caplog.clear()
    caplog.set_level(logging.INFO, logger="briefing")
    assert main(args) == 0
    assert "is up to date" in caplog.text
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == stamps
    ja = content_copy / "ja" / "text.yaml"
    ja.write_text(ja.read_text(encoding="utf-8").replace("概要", "要旨", 1), encoding="utf-8")
    assert main(args) == 0
    changed = {p.relative_to(out).as_posix() for p, t in stamps.items()
               if p.stat().st_mtime_ns != t}
    assert changed == {"ja/briefing.html", "ja+ru/briefing.html", "en+ja/briefing.html",
                       "index.html"}
    assert main([*args, "--force"]) == 0
    assert all(p.stat().st_mtime_ns != t for p, t in stamps.items())


@pytest.mark.parametrize("quiet_under", [0.0, 600.0])
def test_long_builds_report_each_edition_as_a_plain_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        quiet_under: float) -> None:
    # Whether a build counts as long is the machine's business: both cases are forced.
    monkeypatch.setattr(Progress, "quiet_under", quiet_under)
    assert main(["build", "--locale", "ja", "--bilingual", "ja+ru", "--format", "pdf",
                 "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("[")]
    if quiet_under:
        assert lines == []
        return
    assert [line.split()[0] for line in lines] == ["[1/2]", "[2/2]"]
    assert {line.split()[1] for line in lines} == {"ja", "ja+ru"}
    assert "\r" not in err  # not a terminal: no rewriting in place


def test_naming_policy_can_lead_with_the_japanese_forms(tmp_path: Path) -> None:
    assert main(["build", "--locale", "en", "--bilingual", "none", "--format", "html",
                 "--naming", "japan", "--out", str(tmp_path), "-q"]) == 0
    html = (tmp_path / "en" / "briefing.html").read_text(encoding="utf-8")
    assert "Etorofu (Iturup)" in html and "Kunashiri (Kunashir)" in html
    assert "Iturup (Etorofu)" not in html


def test_naming_takes_only_a_declared_party_or_usage(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["build", "--locale", "en", "--naming", "japanese", "--out", str(tmp_path),
                   "-q"])
    err = capsys.readouterr().err
    assert status == 2
    assert re.search(r"--naming: undeclared usage 'japanese'; \S*briefing.yaml:\d+ declares "
                     r"japan, russia, international; did you mean 'japan'\?", err), err
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_the_cover_names_the_language_in_itself(dist: Path) -> None:
    for tag, name in (("en", "English"), ("ja", "日本語"), ("ru", "Русский")):
        html = (dist / tag / "briefing.html").read_text(encoding="utf-8")
        assert f'<span class="language">{name}</span>' in html


@pytest.mark.parametrize(("tag", "full", "short"), [
    ("en", "Shinzo Abe", "Abe"), ("ja", "安倍晋三", "安倍"), ("ru", "Синдзо Абэ", "Абэ")])
def test_people_are_named_in_full_once_then_by_surname(dist: Path, tag: str, full: str,
                                                      short: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser((dist / tag / "briefing.html").read_text(encoding="utf-8"))
    # The running text in reading order (a name has no span of its own where nothing
    # could hyphenate it, as in Japanese), without the names table and the sources.
    prose = " ".join(node.text() for node in page.css(".para p, .para li, .event-text"))
    abe = re.findall(f"{full}|{short}", prose)
    assert len(abe) > 2 and abe[0] == full and set(abe[1:]) == {short}


def test_editions_are_started_longest_first_by_their_last_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert main(["build", "--locale", "en,ja", "--bilingual", "en+ja", "--format", "html",
                 "--out", str(out), "-q"]) == 0
    timings = Timings.read(out, tmp_path / "cache" / "briefing")
    assert set(timings.seconds) == {"en", "ja", "en+ja"}
    assert all(isinstance(t, float) and t > 0 for t in timings.seconds.values())
    assert "seconds" not in Manifest.read(out).entries  # the folder stays byte-identical
    timings.seconds = {"en": 0.2, "ja": 0.9, "en+ja": 0.5}
    order = timings.longest_first([Job("en", "ja"), Job("ru"), Job("en"), Job("ja")])
    assert [job.name for job in order] == ["ru", "ja", "en+ja", "en"]  # ru: not timed yet


def test_an_edited_template_shows_in_every_locale_of_a_running_process(tmp_path: Path) -> None:
    """The locales' environments share compiled templates; an edit must still reach all."""
    from briefing.jobs.options import Options
    from briefing.jobs.session import render_job

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    options = Options(templates=templates, out=tmp_path / "out", formats=("html",))

    def page(tag: str) -> str:
        return render_job(Job(tag), options)[f"{tag}/briefing.html"].decode()

    assert "edited-template" not in page("en") + page("ja")
    layout = templates / "layout.html.j2"
    text = layout.read_text(encoding="utf-8")
    assert "</body>" in text
    layout.write_text(text.replace("</body>", "<!-- edited-template --></body>"),
                      encoding="utf-8")
    assert all("<!-- edited-template -->" in page(tag) for tag in ("ru", "ja", "en"))


def test_a_pdf_is_rebuilt_for_a_new_character_in_a_language_it_shows(
        content_copy: Path, tmp_path: Path) -> None:
    """The English edition shows Japanese names, and its fonts are cut to every character
    of the Japanese folder, so that every edition of the briefing shares one font set.
    An edit there that brings no new character leaves the English PDF alone; one
    that brings a new character rebuilds it."""
    out = tmp_path / "out"
    args = ["build", "--content", str(content_copy), "--locale", "en,ja", "--bilingual",
            "none", "--format", "pdf", "--out", str(out)]
    assert main(args) == 0
    pdfs = {tag: out / tag / "briefing.pdf" for tag in ("en", "ja")}
    ja = content_copy / "ja" / "text.yaml"
    text = ja.read_text(encoding="utf-8")
    assert set("と要旨") <= set(text)
    before = {tag: p.stat().st_mtime_ns for tag, p in pdfs.items()}
    ja.write_text(text.replace("概要", "概要と要旨", 1), encoding="utf-8")
    assert main(args) == 0
    after = {tag: p.stat().st_mtime_ns for tag, p in pdfs.items()}
    assert after["ja"] != before["ja"] and after["en"] == before["en"]
    assert "鰐" not in text
    ja.write_text(text.replace("概要", "概要と鰐", 1), encoding="utf-8")
    assert main(args) == 0
    assert all(p.stat().st_mtime_ns != after[tag] for tag, p in pdfs.items())
