"""The command line, run in-process (and once as a process of its own)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import main

from conftest import pdf_text


def test_build_one_locale_html_and_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--locale", "ru", "--format", "html,pdf", "--out", str(out)]) == 0
    assert sorted(p.name for p in (out / "ru").iterdir()) == ["briefing.html", "briefing.pdf"]
    assert "Итуруп" in pdf_text(out / "ru" / "briefing.pdf")
    assert not (out / "en").exists()


def test_locale_spellings_all_find_the_japanese_folder(tmp_path: Path) -> None:
    for spelling in ("ja", "ja_JP", "ja-JP", "JA"):
        out = tmp_path / spelling
        assert main(["build", "--locale", spelling, "--format", "html", "--out", str(out)]) == 0
        assert (out / "ja" / "briefing.html").is_file()


def test_locale_auto_reads_the_environment(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert main(["build", "--locale", "auto", "--format", "html", "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["ru"]


@pytest.mark.parametrize(("args", "message"), [
    (["--locale", "fr"], "unknown locale 'fr'; available: en, ja, ru"),
    (["--format", "docx"], "unknown format 'docx'; available: html, pdf, fragment"),
    (["--locale", "../x"], "invalid locale '../x'"),
    (["--locale", "en\n"], "invalid locale 'en\\n'"),
    (["--locale", ""], "--locale needs a value"),
])
def test_bad_options_exit_2_with_one_line_and_write_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    out = tmp_path / "out"
    assert main(["build", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_unknown_reference_names_file_line_and_a_suggestion(
        content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = content_copy / "ru" / "text.yaml"
    source = text.read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "{place:iturup}" in text)
    text.write_text(source.replace("{place:iturup}", "{place:iturupp}", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"ru/text\.yaml:{line}: segments\.[a-z_.]+: unknown place 'iturupp'; "
                     r"did you mean 'iturup'\?", err), err
    assert not out.exists()


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_serve_refuses_a_port_out_of_range(port: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "expected a port from 0 (any free one) to 65535" in capsys.readouterr().err


def test_a_parallel_build_leaves_no_temporary_files(tmp_path: Path) -> None:
    # WeasyPrint writes loaded fonts to a temporary folder; the worker processes and
    # the main one must remove theirs when they exit.
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "briefing", "build", "--locale", "en",
                           "--locale", "ru", "--bilingual", "ru+en", "--format", "pdf",
                           "--jobs", "2", "--out", str(out), "-q"],
                          env={**os.environ, "TMPDIR": str(temp)}, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Итуруп" in pdf_text(out / "ru+en" / "briefing.pdf")
    assert list(temp.iterdir()) == []


def test_an_interrupt_that_became_another_error_is_still_an_interrupt(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Ctrl-C while an extension module is being imported comes up as an ImportError
    # ("numpy._core.multiarray failed to import"): a traceback, where the user asked to stop.
    from briefing import cli

    def importing(args: object) -> int:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        except KeyboardInterrupt:
            raise ImportError("numpy._core.multiarray failed to import") from None
        return 0

    monkeypatch.setattr(cli, "_run", importing)
    assert cli.main(["check"]) == 130
    assert capsys.readouterr().err == "briefing: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

    def failing(args: object) -> int:
        raise ImportError("a real one")

    monkeypatch.setattr(cli, "_run", failing)
    with pytest.raises(ImportError):  # no interrupt: a bug stays a bug
        cli.main(["check"])
