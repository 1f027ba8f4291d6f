"""The output folder: someone's files are not overwritten, outputs no longer built are
removed, a failed or interrupted build leaves no temporary file and no empty folder,
modes follow the umask, and the folder is the same byte for byte from build to build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.jobs.manifest import MANIFEST, Manifest
from briefing.jobs.output import LOCK_NAME

from conftest import ROOT

HTML_ONLY = ["--format", "html", "--bilingual", "none"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.name.endswith(".tmp") or p.name == LOCK_NAME]


def _build(out: Path, *args: str, content: Path | None = None) -> int:
    extra = ["--content", str(content)] if content else []
    return main(["build", "-q", "--out", str(out), *extra, *args])


def test_a_folder_of_someone_elses_files_is_refused_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    (out / "en").mkdir(parents=True)
    (out / "index.html").write_text("<p>the site's own home page</p>\n")
    (out / "en" / "briefing.html").write_text("<p>someone's page</p>\n")
    os.chmod(out / "en" / "briefing.html", 0o600)
    before = _files(out)
    capsys.readouterr()
    assert _build(out, "--locale", "en", *HTML_ONLY) == 1
    err = capsys.readouterr().err
    assert (f"{out}: the folder holds files that no build wrote (en, index.html) and no "
            f"{MANIFEST}; choose an empty or new folder, or give --force") in err, err
    assert _files(out) == before
    assert (out / "en" / "briefing.html").stat().st_mode & 0o777 == 0o600
    assert _leftovers(out) == []
    assert _build(out, "--locale", "en", *HTML_ONLY, "--force") == 0
    assert b"someone's page" not in (out / "en" / "briefing.html").read_bytes()


def test_an_empty_folder_and_one_a_build_wrote_are_written(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert _build(tmp_path / "empty", "--locale", "en", *HTML_ONLY) == 0
    assert _build(tmp_path / "empty", "--locale", "ja", *HTML_ONLY) == 0
    assert (tmp_path / "empty" / "ja" / "briefing.html").is_file()


@pytest.mark.parametrize("inside", ["content", "templates"])
def test_out_inside_the_content_or_templates_is_refused(
        inside: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    out = tmp_path / inside / "dist"
    capsys.readouterr()
    status = main(["build", "--content", str(content), "--templates", str(templates),
                   "--out", str(out), *HTML_ONLY])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"--out {out}: inside the {inside} folder {tmp_path / inside}" in err
    assert not out.exists()


def test_outputs_of_a_locale_that_is_gone_are_removed(
        content_copy: Path, tmp_path: Path) -> None:
    assert main(["add-locale", "de", "--content", str(content_copy), "-q"]) == 0  # to remove
    out = tmp_path / "out"
    assert _build(out, *HTML_ONLY, "--format", "html,fragment", content=content_copy) == 0
    assert (out / "de" / "fragment.html").is_file()
    (out / "notes.txt").write_text("the user's own file, never listed\n")
    shutil.rmtree(content_copy / "de")
    assert _build(out, "--locale", "en", *HTML_ONLY, content=content_copy) == 0
    assert not (out / "de").exists()
    assert (out / "ja" / "fragment.html").is_file()  # a restricted build keeps the others
    assert (out / "notes.txt").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "de/briefing.html" not in index
    assert not any(n.startswith("de/") for n in Manifest.read(out).outputs())


def test_an_unrestricted_build_removes_every_output_it_no_longer_makes(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path / MANIFEST, {"outputs": "\n".join([
        "index.html", "en/briefing.html", "en/briefing.pdf", "en+ja/briefing.html",
        "../outside.html", "/etc/passwd", "a/b/c.html"])})
    built = ["index.html", "en/briefing.html"]
    assert manifest.stale(built, ["en", "ja"], restricted=False) == [
        "en/briefing.pdf", "en+ja/briefing.html"]  # never a name no build writes
    assert manifest.stale(built, ["en", "ja"], restricted=True) == []
    assert manifest.stale(built, ["en"], restricted=True) == ["en+ja/briefing.html"]


def test_a_target_in_the_way_fails_before_any_file_is_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _build(out, "--locale", "en", *HTML_ONLY) == 0
    (out / "en" / "briefing.html").unlink()
    (out / "en" / "briefing.html").mkdir()  # a rename cannot replace a folder
    (out / "en" / "briefing.html" / "keep").write_text("x")
    before = _files(out)
    capsys.readouterr()
    assert _build(out, "--locale", "en,ja", *HTML_ONLY, "--force") == 1
    err = capsys.readouterr().err
    assert f"{out}/en/briefing.html: a folder is in the way of an output file" in err, err
    assert "Traceback" not in err
    assert _files(out) == before  # index.html was not replaced either
    assert not (out / "ja").exists()  # the folder made for ja/ is gone again
    assert _leftovers(out) == []


@pytest.mark.parametrize("at", ["staging", "checking"])
def test_an_interrupt_before_the_renames_leaves_nothing_behind(
        at: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import briefing.jobs.output as output

    out = tmp_path / "out"
    assert _build(out, "--locale", "en", *HTML_ONLY) == 0
    before = _files(out)
    calls = {"n": 0}
    real = output._stage if at == "staging" else output._check_target

    def interrupted(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[operator]

    monkeypatch.setattr(output, "_stage" if at == "staging" else "_check_target", interrupted)
    capsys.readouterr()
    assert _build(out, "--locale", "en,ja", *HTML_ONLY, "--force") == 130
    assert capsys.readouterr().err == "briefing: interrupted\n"
    assert _files(out) == before
    assert _leftovers(out) == [] and not (out / "ja").exists()


def test_temporaries_of_a_killed_build_are_swept_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(out, "--locale", "en", *HTML_ONLY) == 0
    stale = [out / ".index.html.k3j_x9a0.tmp", out / "en" / ".briefing.html.abcdefgh.tmp"]
    for path in stale:
        path.write_bytes(b"half a file")
    (out / ".notes.tmp").write_text("not ours: kept")
    assert _build(out, "--locale", "en", *HTML_ONLY) == 0  # up to date, and swept
    assert not any(p.exists() for p in stale)
    assert (out / ".notes.tmp").is_file()


def _run_build(out: Path, umask: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", "-q", "--out", str(out), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        preexec_fn=lambda: os.umask(umask))  # noqa: PLW1509 - the child's umask only


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"),
                         [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700), (0o002, 0o664, 0o775)])
def test_modes_follow_the_umask_for_files_and_folders_alike(
        umask: int, file_mode: int, folder_mode: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _run_build(out, umask, "--locale", "en,ja", "--format", "html,fragment")
    assert done.returncode == 0, done.stderr
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*")}
    assert {m for n, m in modes.items() if (out / n).is_file()} == {file_mode}, modes
    assert {m for n, m in modes.items() if (out / n).is_dir()} == {folder_mode}, modes


def test_two_builds_of_the_same_inputs_are_the_same_byte_for_byte(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        done = _run_build(out, 0o022, "--locale", "en,ja", "--bilingual", "en+ja",
                          "--format", "html,fragment")
        assert done.returncode == 0, done.stderr
    assert _files(first) == _files(second)
    manifest = json.loads((first / MANIFEST).read_text(encoding="utf-8"))
    assert "seconds" not in manifest
    again = _run_build(first, 0o022, "--locale", "en,ja", "--bilingual", "en+ja",
                       "--format", "html,fragment", "--force")
    assert again.returncode == 0, again.stderr
    assert _files(first) == _files(second)


def test_ctrl_c_while_editions_render_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", "-q", "--force", "--out", str(out)],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not _workers_of(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _workers_of(build.pid)
    assert workers, "the build never started its worker processes"
    time.sleep(0.5)  # into the editions
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: every process of the command
    _, err = build.communicate(timeout=120)
    assert build.returncode == 130, err
    assert err == "briefing: interrupted\n"
    assert not out.exists() or _leftovers(out) == []
    for pid in workers:  # no worker lives on
        assert not Path(f"/proc/{pid}").exists() or \
            Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def _workers_of(pid: int) -> list[int]:
    """The forked worker processes of a build (not its fc-match runs)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        own = Path(f"/proc/{pid}/cmdline").read_bytes()
        return [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == own]
    except OSError:
        return []


def test_a_failing_edition_stops_the_others_and_the_command_ends(tmp_path: Path) -> None:
    """One edition fails while the other worker is still laying out a PDF: the command
    stops that worker and exits with the error, instead of waiting on it."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "briefing.html.j2"
    page.write_text("{% if edition.tag == 'ja' %}{{ 1 // 0 }}{% endif %}\n"
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-m", "briefing", "build", "-q", "--locale", "en,ja,ru",
             "--bilingual", "en+ru", "--templates", str(templates),
             "--out", str(tmp_path / "out")],
            cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr
        assert "briefing.html.j2:1: template failed: ZeroDivisionError" in done.stderr
        assert "Traceback" not in done.stderr


def test_workers_of_a_failed_build_do_not_linger(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A worker stopped while its job's result was on its way used to wait for ever on a
    pipe no one read (and the process with it, at exit)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    po = content / "ja" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "目次"', 'msgstr "目次<b>"'),
                  encoding="utf-8")
    for _ in range(2):
        assert main(["build", "--content", str(content), "--out", str(tmp_path / "out")]) == 1
        assert "markup '<b>'" in capsys.readouterr().err
    deadline = time.monotonic() + 60
    while _workers_of(os.getpid()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _workers_of(os.getpid()) == []
