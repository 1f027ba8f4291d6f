"""Bad input, one case per mistake: each kept as data under tests/bad_inputs/<case>/case.yaml.

A case names the file it changes (relative to a copy of content/, or of templates/
with `root: templates`), the change (`replace`, `prepend`, `content` or `generate`), extra CLI
arguments, the exit status and the message (a regex) that stderr must contain.
Big and binary inputs are generated here, never committed.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing.cli import main
from briefing.jobs.manifest import MANIFEST
from briefing.jobs.options import project_root

CASES = Path(__file__).parent / "bad_inputs"
ROOT = project_root()
MARKER = b"<!-- from a previous, good build -->\n"


@dataclass
class Case:
    name: str
    message: str
    exit: int = 1
    file: str = ""
    root: str = "content"
    replace: dict[str, str] | None = None
    prepend: str | None = None
    content: str | None = None
    generate: str | None = None
    args: list[str] = field(default_factory=lambda: ["build"])
    out: str | None = None


def _cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*/case.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(name=path.parent.name, **data))
    return cases


def _generate(kind: str, target: Path) -> None:
    if kind == "empty":
        target.write_bytes(b"")
    elif kind == "not-utf8":
        text = target.read_text(encoding="utf-8").splitlines(keepends=True)
        text[3] = "title: Caf\u00e9 of four islands\n"  # line 4: 'é' at column 11
        target.write_bytes("".join(text).encode("latin-1", errors="replace"))
    elif kind == "binary":
        target.write_bytes(random.Random(1).randbytes(4096) + b"\x00")
    elif kind == "20MB":
        line = b"# " + b"x" * 1021 + b"\n"
        target.write_bytes(line * (20 * 1024))
    elif kind == "nesting-10000":
        target.write_bytes(b"title: " + b"[" * 10_000 + b"]" * 10_000 + b"\n")
    elif kind == "alias-bomb":
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "segments-60000":
        lines = "".join(f"  w{i}: w\n" for i in range(60_000))
        target.write_text(target.read_text(encoding="utf-8").replace(
            "segments:\n", "segments:\n" + lines, 1), encoding="utf-8")
    elif kind == "empty-locale-dir":
        target.mkdir()
    elif kind == "remove-reference-locale":
        shutil.rmtree(target)
    else:
        raise AssertionError(f"unknown generator {kind!r}")


def _mutate(case: Case, content: Path, templates: Path) -> None:
    if not case.file:
        return
    target = (templates if case.root == "templates" else content) / case.file
    if case.generate:
        _generate(case.generate, target)
    elif case.content is not None:
        target.write_text(case.content, encoding="utf-8")
    elif case.prepend is not None:
        target.write_text(case.prepend + target.read_text(encoding="utf-8"), encoding="utf-8")
    elif case.replace:
        text = target.read_text(encoding="utf-8")
        assert case.replace["old"] in text, f"{case.name}: text to replace is not in {case.file}"
        target.write_text(text.replace(case.replace["old"], case.replace["new"], 1),
                          encoding="utf-8")


def _out(case: Case, tmp_path: Path) -> tuple[Path, bool]:
    """The --out folder, and whether the case may also run against a previous build's folder."""
    if case.out is None:
        return tmp_path / "out", True
    if case.out == "under-file":
        (tmp_path / "somefile").write_text("a regular file\n")
        return tmp_path / "somefile" / "x", False
    return Path(case.out), False


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(case: Case, content: Path, templates: Path, out: Path,
         capsys: pytest.CaptureFixture[str]) -> str:
    args = [*case.args, "--content", str(content), "--out", str(out)]
    if case.root == "templates":
        args += ["--templates", str(templates)]
    capsys.readouterr()
    status = main(args)
    err = capsys.readouterr().err
    assert status == case.exit, err
    assert "Traceback" not in err
    assert case.message in err or re.search(case.message, err), \
        f"expected {case.message!r} in:\n{err}"
    return err


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_bad_input_fails_with_its_message_and_writes_nothing(
        case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # file names are shown relative to the working directory
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    _mutate(case, content, templates)
    out, reusable = _out(case, tmp_path)

    _run(case, content, templates, out, capsys)
    assert not out.exists() or not any(out.iterdir()), f"{case.name} wrote into {out}"

    if reusable:  # a folder holding a previous build is left exactly as it was
        (out / "en").mkdir(parents=True, exist_ok=True)
        (out / "en" / "briefing.html").write_bytes(MARKER)
        (out / MANIFEST).write_text('{"outputs": "en/briefing.html"}\n')
        before = _snapshot(out)
        _run(case, content, templates, out, capsys)
        assert _snapshot(out) == before


def test_every_case_is_a_different_mistake() -> None:
    cases = _cases()
    assert len(cases) >= 20
    assert len({(c.file, c.generate, str(c.replace), c.prepend, c.content, tuple(c.args), c.out)
                for c in cases}) == len(cases)
