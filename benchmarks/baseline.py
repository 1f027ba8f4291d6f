"""The default briefing as it was at the baseline commit, in today's content model.

The performance issue compares a warm Japanese PDF with the code of an older commit,
on the same content. The default briefing has grown since (both parties' positions
in full, more of the timeline, more sources), so today's content would make the
comparison unfair to today's code. This writes the baseline's own content (its
words, facts, timeline, sections and sources, read from git) in the form today's
model reads: a section's `paragraphs:` and `include:` become its blocks, the islands
table and the map become today's table and map blocks (their words taken from
today's content), the gazetteer keeps the baseline's entries, and the parties are
today's.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


USAGES = {"japanese": "japan", "russian": "russia"}


def _old(commit: str, path: str) -> Any:
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:content/{path}"],
                           check=True, capture_output=True, text=True)
    return yaml.safe_load(shown.stdout)


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _block(blocks: list[Any], kind: str) -> dict[str, Any]:
    return next(b for b in blocks if isinstance(b, dict) and b.get("kind") == kind)


def baseline_content(commit: str, target: Path) -> Path:
    """`target`: a content folder that today's code reads, with `commit`'s words."""
    shutil.copytree(ROOT / "content", target)
    for reviewed in target.glob("*/reviewed.yaml"):
        reviewed.unlink()
    today = yaml.safe_load((target / "briefing.yaml").read_text(encoding="utf-8"))
    old = _old(commit, "briefing.yaml")
    blocks = [b for s in today["sections"] for b in s.get("blocks", [])]
    included = {"islands": _block(blocks, "table"), "map": _block(blocks, "map")}
    sections = []
    for section in old["sections"]:
        own = list(section.get("paragraphs", []))
        own += [included.get(kind, {"kind": kind}) for kind in section.get("include", [])]
        sections.append({"id": section["id"], "blocks": own})
    for key in ("date", "facts", "lists", "timeline", "sources", "bilingual"):
        today[key] = old[key]
    today["sections"] = sections
    # The names table lists every gazetteer entry: the baseline's entries, as today's
    # gazetteer writes them (with the coordinates today's map reads).
    kept = set(_old(commit, "gazetteer.yaml")["entries"])
    gazetteer = yaml.safe_load((target / "gazetteer.yaml").read_text(encoding="utf-8"))
    gazetteer["entries"] = {k: v for k, v in gazetteer["entries"].items() if k in kept}
    _write(target / "gazetteer.yaml", gazetteer)
    for names in target.glob("*/names.yaml"):
        _write(names, {k: v for k, v in yaml.safe_load(names.read_text(encoding="utf-8")).items()
                       if k in kept})
    _write(target / "briefing.yaml", today)
    for folder in ("en", "ja", "ru"):
        path = target / folder / "text.yaml"
        now = yaml.safe_load(path.read_text(encoding="utf-8"))
        words = _old(commit, f"{folder}/text.yaml")
        words["segments"] = {**{k: v for k, v in now["segments"].items()
                                if k.split(".")[0] in ("areas", "locator", "parties")},
                             **words["segments"]}
        prefer = words.get("naming", {}).get("prefer")
        if prefer:  # the usages were named by language then, by party now
            words["naming"]["prefer"] = USAGES.get(prefer, prefer)
        for key in ("formats", "fonts"):
            if key in now:
                words[key] = now[key]
        _write(path, words)
    return target
