"""The benchmark's own contents (`make bench`) stay valid as the content model moves:
a benchmark that no longer runs measures nothing. Its figures are never tested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT))

from benchmarks.baseline import baseline_content  # noqa: E402
from benchmarks.run import BASELINE, scaled_content, without_maps  # noqa: E402


def _check(content: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "briefing", "check", "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_the_baseline_commits_briefing_reads_in_todays_model(tmp_path: Path) -> None:
    content = baseline_content(BASELINE, tmp_path / "baseline")
    assert "clean" in _check(content)
    old = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE}:content/ja/text.yaml"],
                         capture_output=True, text=True, check=True).stdout
    written = (content / "ja" / "text.yaml").read_text(encoding="utf-8")
    title = next(line for line in old.splitlines() if line.startswith("title:"))
    assert title in written  # its words, not today's
    neutral = yaml.safe_load((content / "briefing.yaml").read_text(encoding="utf-8"))
    kinds = [b.get("kind") for b in neutral["sections"][1]["blocks"] if isinstance(b, dict)]
    assert kinds == ["table", "map"]


def test_the_long_and_the_mapless_contents_are_valid(tmp_path: Path) -> None:
    long = scaled_content(tmp_path, 20)
    assert "clean" in _check(long)
    assert "kind: map" not in (without_maps(tmp_path) / "briefing.yaml").read_text()
    assert "clean" in _check(without_maps(tmp_path))
