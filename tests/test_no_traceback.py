"""Inputs that used to end in a traceback: each now gives a clear message, with file and
line where there is one, from `check` as from the build (the build's side of most is
a case under tests/bad_inputs/), and the stated limits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.content.validate import MAX_NESTING
from briefing.edition.prose import render_block

from conftest import ROOT

DEEP = "*" * 600


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("en/text.yaml", "formats: en_GB", "formats: xx",
     "content/en/text.yaml:{line}: formats: expected a locale CLDR has data for"),
    ("briefing.yaml", "value: 3.7,", "value: .inf,",
     "content/briefing.yaml:{line}: facts.nosappu_to_kaigara.value: expected a finite "
     "number, got inf"),
    ("en/text.yaml", "  summary.heading: Summary", f"  summary.heading: Summary {DEEP}x{DEEP}",
     "content/en/text.yaml:{line}: segments.summary.heading: markup nested 301 levels "
     "deep"),
])
def test_check_reports_what_the_build_refuses(
        file: str, old: str, new: str, message: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    content = _content(tmp_path)
    text = (content / file).read_text(encoding="utf-8")
    message = message.format(line=text[:text.index(old)].count("\n") + 1)
    _replace(content / file, old, new)
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 1
    captured = capsys.readouterr()
    assert message in captured.out, captured.out + captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("value", ["253402300800", "-1", "1e9", "soon", "١٢٣"])
def test_a_source_date_epoch_out_of_range_is_a_usage_error(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    capsys.readouterr()
    status = main(["build", "--locale", "en", "--format", "html", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"SOURCE_DATE_EPOCH={value}" in err or f"SOURCE_DATE_EPOCH={value!r}" in err, err
    assert not (tmp_path / "o").exists()


def test_the_last_second_of_9999_is_a_valid_date(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert main(["build", "-q", "--locale", "en", "--bilingual", "none", "--format", "pdf",
                 "--out", str(tmp_path / "o")]) == 0
    import pikepdf

    with pikepdf.open(tmp_path / "o" / "en" / "briefing.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:99991231235959")


def test_check_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`briefing check | head`: the reader goes away before the problems are printed."""
    content = _content(tmp_path)
    _replace(content / "ja" / "text.yaml", "source:", "source_: ")  # many problems
    check = subprocess.Popen([sys.executable, "-m", "briefing", "check", "--content",
                              str(content)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert check.stdout is not None and check.stderr is not None
    check.stdout.close()  # as `head` does once it has its lines
    err = check.stderr.read().decode()
    check.wait(timeout=120)
    assert check.returncode == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_long_runs_of_spaces_render_in_linear_time() -> None:
    """A run of spaces not followed by a citation was matched from every one of its
    positions (quadratic: hours for this paragraph); the guard only catches a hang."""
    code = ("from markupsafe import Markup\n"
            "from briefing.edition.prose import render_block\n"
            "html = render_block('a' + ' ' * 300_000 + 'b', lambda ref: Markup(''))\n"
            "assert html.count(' ') == 300_000, len(html)\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_a_citation_mark_still_binds_to_the_word_before_it() -> None:
    from markupsafe import Markup

    from briefing.content.refs import Ref

    def resolve(ref: Ref) -> Markup:
        return Markup('<a class="cite" href="#s">[1]</a>')

    html = render_block("a claim   {cite:x} and more", resolve)
    assert '<span class="cited">m<a class="cite" href="#s">[1]</a></span> and more' in html


def test_prose_at_the_nesting_limit_renders() -> None:
    from markupsafe import Markup

    depth = MAX_NESTING - 2  # the paragraph and its inline content are two levels
    html = render_block("*" * depth + "x" + "*" * depth, lambda ref: Markup(""))
    assert html.count("<strong>") + html.count("<em>") >= depth // 2


def test_a_pdf_over_the_page_limit_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import briefing.pdf.renderer as renderer

    monkeypatch.setattr(renderer, "MAX_PAGES", 3)  # the default edition has more
    capsys.readouterr()
    status = main(["build", "--jobs", "1", "--locale", "en", "--bilingual", "none",
                   "--format", "pdf", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "briefing: error: en: the PDF has " in err
    assert "pages; an edition may have at most 3" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("expression", "message"), [
    ("'ab' * 10**9", "'*' would make a value of 2,000,000,000 characters or items"),
    ("[0] * 10**8", "'*' would make a value of 100,000,000 characters or items"),
    ("2 ** 100000000", "'**' with the exponent 100,000,000"),
    ("lipsum(10**9)", "undefined variable: 'lipsum' is undefined"),
])
def test_templates_cannot_ask_for_unbounded_values(
        expression: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "briefing.html.j2"
    page.write_text("{{ " + expression + " }}\n" + page.read_text(encoding="utf-8"))
    capsys.readouterr()
    status = main(["build", "--locale", "en", "--format", "html", "--templates",
                   str(templates), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "templates/briefing.html.j2:1: " in err and message in err, err
    assert not (tmp_path / "o").exists()


def test_small_products_in_templates_still_work() -> None:
    from briefing.render.environment import Environment

    env = Environment()
    assert env.from_string("{{ '-' * 3 }}{{ 2 ** 10 }}{{ [1] * 2 }}").render() == "---1024[1, 1]"


@pytest.mark.usefixtures("renderer_errors_expected")
def test_a_template_nesting_elements_too_deep_for_the_pdf_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "briefing.html.j2"
    text = page.read_text(encoding="utf-8")
    deep = "<span>" * 3000 + "x" + "</span>" * 3000
    page.write_text(text.replace("<article", deep + "<article", 1), encoding="utf-8")
    capsys.readouterr()
    status = main(["build", "--jobs", "1", "--locale", "en", "--bilingual", "none",
                   "--format", "pdf", "--templates", str(templates),
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "en: the document's elements nest too deep for the PDF renderer" in err, err
    assert not (tmp_path / "o").exists()


@pytest.fixture
def renderer_errors_expected(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    yield
    for record in caplog.records:
        record.expected = True
