"""Changing a copy of the content the way an author or translator would, for tests that
must not depend on the default briefing's current wording."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from briefing.content.load import load_content


def segment_text(content: Path, tag: str, segment_id: str) -> str:
    segment = load_content(content).locales[tag].segment(segment_id)
    assert segment is not None, (tag, segment_id)
    return segment.text


def set_segment_text(content: Path, tag: str, segment_id: str, text: str) -> None:
    """A segment's words replaced, its `source:` and the rest of the file kept."""
    path = content / tag / "text.yaml"
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 16
    tree = yaml.load(path.read_text(encoding="utf-8"))
    segments = tree["segments"]
    value = LiteralScalarString(text) if text.endswith("\n") else text
    if isinstance(segments[segment_id], str):
        segments[segment_id] = value
    else:
        segments[segment_id]["text"] = value
    out = io.StringIO()
    yaml.dump(tree, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def revise_english(content: Path, segment_id: str, words: str = "Indeed,") -> str:
    """The English segment with `words` put in front: its translations go stale."""
    text = segment_text(content, "en", segment_id)
    revised = f"{words} {text}"
    set_segment_text(content, "en", segment_id, revised)
    return revised
