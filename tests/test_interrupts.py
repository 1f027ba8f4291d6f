"""Builds stopped at random moments, by Ctrl-C (SIGINT) or a kill (SIGKILL), while the
inputs switch between two versions: after the next build the output folder is
exactly what a clean build of the current inputs gives, with no temporary file
left, whatever moment the build was stopped at.

A loop with random delays (seeded, and the seed is in every failure message): the
moments that matter (rendering, staging, the renames) are spread over the whole
build, so the delays are drawn over its whole length.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.jobs.manifest import MANIFEST
from briefing.jobs.output import LOCK_NAME

from conftest import ROOT

ROUNDS = int(os.environ.get("BRIEFING_INTERRUPT_ROUNDS", "8"))
ARGS = ["--locale", "en,ja", "--bilingual", "none", "--format", "html,fragment,pdf"]
EDITED = ("Russia and Japan", "Japan and Russia")
"""A change to the English text: version B of the inputs."""


def _build(content: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", "-q", *ARGS, "--content", str(content),
         "--out", str(out), *extra],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _finish(build: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = build.communicate(timeout=600)
    return build.returncode, err


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def _debris(out: Path) -> list[str]:
    return [p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.name.endswith(".tmp") or p.name == LOCK_NAME]


def _set_version(content: Path, original: str, version: str) -> None:
    text = original if version == "A" else original.replace(*EDITED, 1)
    (content / "en" / "text.yaml").write_text(text, encoding="utf-8")


def test_interrupted_builds_leave_neither_a_mix_nor_temporaries(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    original = (content / "en" / "text.yaml").read_text(encoding="utf-8")
    assert EDITED[0] in original

    references: dict[str, dict[str, bytes]] = {}
    took = 0.0
    for version in ("A", "B"):
        _set_version(content, original, version)
        start = time.monotonic()
        status, err = _finish(_build(content, tmp_path / f"reference-{version}"))
        took = max(took, time.monotonic() - start)
        assert status == 0, err
        references[version] = _outputs(tmp_path / f"reference-{version}")
    assert references["A"] != references["B"]

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    out = tmp_path / "out"
    stopped = {"SIGINT": 0, "SIGKILL": 0}
    round_ = 0
    # ROUNDS rounds, and more until half that many builds were really stopped: a round
    # whose build ended before its delay (one with nothing to do, or on a machine quicker
    # than the reference) checks the next build all the same, but stops nothing.
    while round_ < ROUNDS or (sum(stopped.values()) < ROUNDS // 2 and round_ < 3 * ROUNDS):
        round_ += 1
        version = rng.choice("AB")
        how = rng.choice([signal.SIGINT, signal.SIGKILL])
        delay = rng.uniform(0.0, took * 1.1)
        where = f"seed {seed}, round {round_}: version {version}, {how.name} after {delay:.2f} s"
        _set_version(content, original, version)
        build = _build(content, out, *rng.choice([(), ("--force",)]))
        time.sleep(delay)
        if build.poll() is None:
            os.killpg(build.pid, how)  # the whole command, as a terminal or a crash would
            stopped[how.name] += 1
        status, err = _finish(build)
        assert "Traceback" not in err, f"{where}:\n{err}"
        if how == signal.SIGINT:
            assert status in (0, 130), f"{where}: exit {status}\n{err}"
            assert err in ("", "briefing: interrupted\n"), f"{where}:\n{err}"

        status, err = _finish(_build(content, out))  # the next build, not forced
        assert status == 0, f"{where}: the next build failed\n{err}"
        assert _debris(out) == [], where
        found = _outputs(out)
        assert found.keys() == references[version].keys(), where
        mixed = [name for name, data in found.items() if data != references[version][name]]
        assert mixed == [], f"{where}: not as a clean build of version {version}: {mixed}"
    assert sum(stopped.values()) >= ROUNDS // 2, f"seed {seed}: {round_} rounds stopped {stopped}"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_a_build_stopped_while_it_renames_is_made_whole_by_the_next(
        how: signal.Signals, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The moment a random delay rarely hits: between two renames. The build is stopped
    there from inside (os.replace stops it on its third call)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    original = (content / "en" / "text.yaml").read_text(encoding="utf-8")
    out = tmp_path / "out"
    args = ["--locale", "en,ja", "--bilingual", "none", "--format", "html"]
    base = [sys.executable, "-c", _STOP_AT_THIRD_RENAME, how.name, "build", "-q", *args,
            "--content", str(content), "--out", str(out)]
    assert subprocess.run(base[:3] + ["none"] + base[4:], cwd=ROOT).returncode == 0
    version_a = _outputs(out)
    _set_version(content, original, "B")
    stopped = subprocess.run(base, cwd=ROOT, capture_output=True, text=True)
    if how == signal.SIGINT:  # held back until every rename is done: a whole version B
        assert stopped.returncode == 130, stopped.stderr
        assert stopped.stderr == "briefing: interrupted\n"
        assert _debris(out) == []
    else:
        assert stopped.returncode == -signal.SIGKILL
    _set_version(content, original, "A")  # back to the version the old manifest records
    done = subprocess.run(base[:3] + ["none"] + base[4:], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert _outputs(out) == version_a
    assert _debris(out) == []


_STOP_AT_THIRD_RENAME = """
import os, signal, sys
how = sys.argv.pop(1)
if how != "none":
    real, calls = os.replace, []
    def replace(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            os.kill(os.getpid(), getattr(signal, how))
        return real(*args, **kwargs)
    os.replace = replace
from briefing.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_during_an_extension_import_is_an_interruption(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m briefing` installs its own Ctrl-C handler before its imports. A
    Ctrl-C that comes while a build imports an extension module reaches the command
    as an ImportError (numpy's, importing shapely for the maps): the command still
    says it was interrupted, with status 130, and no traceback."""
    from briefing import cli

    class Interrupted(KeyboardInterrupt):
        """As `briefing.__main__` raises it."""

    def handler(signum: int, frame: object) -> None:
        raise Interrupted

    def build(*args: object, **kwargs: object) -> list[Path]:
        try:  # as an extension module's import turns it
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except KeyboardInterrupt as exc:
            raise ImportError("numpy._core.multiarray failed to import") from exc
        raise AssertionError("no interrupt")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        monkeypatch.setattr(cli, "build", build)
        status = cli.main(["build", "--out", str(tmp_path / "out")])
        assert signal.getsignal(signal.SIGINT) is handler  # the command's, restored
    finally:
        signal.signal(signal.SIGINT, previous)
    assert status == 130
    assert capsys.readouterr().err.strip().endswith("briefing: interrupted")


def test_an_interrupt_during_the_imports_is_held_until_they_end() -> None:
    """Ctrl-C while the C libraries' modules are imported (numpy printed the traceback
    of one that landed inside its import) arrives as soon as they are imported."""
    code = """
import os, signal
from briefing.terminal import interrupts_held
seen = []
try:
    with interrupts_held():
        os.kill(os.getpid(), signal.SIGINT)
        import numpy
        seen.append("imported")
    seen.append("went on")
except KeyboardInterrupt:
    seen.append("interrupted")
print(seen)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "['imported', 'interrupted']"
    assert "Traceback" not in done.stderr
