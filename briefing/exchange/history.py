"""What each translation was last reviewed against: `<locale>/reviewed.yaml`.

`text.yaml` records only a short hash of the reference text a translation was made
from. So that a stale segment can show what changed (in `check`, and as `#| msgid` in a
PO export), `review` and `import` also keep, per segment, the reference text itself and
a hash of the translation as it was reviewed; the latter tells `review --all` which
stale translations nobody has touched since their source changed. The tool writes this
file; nobody needs to edit it, and a missing or outdated record only means that less can
be shown.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from briefing.content.folder import LocaleContent
from briefing.content.model import Strict, Text
from briefing.content.source import read_yaml
from briefing.edition.resolve import segment_hash
from briefing.errors import Problem, display_path

REVIEWED_FILE = "reviewed.yaml"

HEADER = """\
# Written by `briefing review` and `briefing import`; no need to edit it.
# Per segment: the {ref} text the translation was last reviewed against (so that a
# stale segment can show what changed) and a hash of the translation as reviewed.
"""


class Record(Strict):
    """One segment's last review."""

    source: Text
    """The reference text the translation was reviewed against."""
    translation: str
    """`segment_hash` of the translation as it was then."""

    def matches(self, digest: str | None) -> bool:
        """Whether this is the reference text behind `digest`, a segment's `source:`."""
        return digest is not None and segment_hash(self.source) == digest


_RECORDS = TypeAdapter(dict[str, Record])


@dataclass
class History:
    """The records of one locale, read from and written back to its folder."""

    path: Path
    records: dict[str, Record]

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def previous(self, segment_id: str, digest: str | None) -> str | None:
        """The reference text behind a segment's `source:` hash, when it was recorded."""
        record = self.records.get(segment_id)
        return record.source if record is not None and record.matches(digest) else None

    def untouched(self, segment_id: str, digest: str | None, translation: str) -> bool:
        """Whether the translation is word for word what was reviewed against `digest`."""
        record = self.records.get(segment_id)
        return record is not None and record.matches(digest) and \
            record.translation == segment_hash(translation)

    def record(self, segment_id: str, source: str, translation: str) -> None:
        self.records[segment_id] = Record(source=source, translation=segment_hash(translation))

    def render(self, reference_tag: str, keep: list[str]) -> bytes:
        """The file, with records in the order of `keep` (segments not listed are dropped)."""
        tree = CommentedMap()
        for segment_id in keep:
            record = self.records.get(segment_id)
            if record is None:
                continue
            source = record.source
            tree[segment_id] = CommentedMap([
                ("source", LiteralScalarString(source) if "\n" in source else source),
                ("translation", record.translation)])
        yaml = YAML()
        yaml.width = 1 << 16
        out = io.StringIO(HEADER.format(ref=reference_tag))
        out.seek(0, io.SEEK_END)
        if tree:
            yaml.dump(tree, out)
        return out.getvalue().encode("utf-8")


def history_path(locale: LocaleContent) -> Path:
    return locale.folder / REVIEWED_FILE


def read_history(locale: LocaleContent) -> History | Problem:
    """The locale's records (none when the file does not exist), or why they cannot be read."""
    path = history_path(locale)
    if not path.exists():
        return History(path, {})
    doc = read_yaml(path, display_path(path), locale.folder.parent)
    if isinstance(doc, Problem):
        if "only comments" in doc.message:
            return History(path, {})
        return Problem(doc.path, doc.line, doc.field, doc.message, locale.tag)
    try:
        return History(path, _RECORDS.validate_python(doc.data))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = tuple(p for p in error["loc"] if isinstance(p, str | int))
        return doc.problem(where, f"{error['msg']}; this file is written by `briefing "
                                  "review`: restore it or delete it", locale.tag)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 6
"""Tokens (words, spaces, punctuation) shown on each side of a change."""


def word_diff(old: str, new: str) -> str:
    """What changed from `old` to `new`, word by word, as `[-removed-]{+added+}` with a
    little context around each change and "…" for what is left out."""
    a, b = _TOKEN.findall(" ".join(old.split())), _TOKEN.findall(" ".join(new.split()))
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = a[i1:i2]
            head = same[:CONTEXT] if n else []
            tail = same[-CONTEXT:] if n < len(opcodes) - 1 else []
            if len(same) > len(head) + len(tail):
                parts.append("".join(head) + "…" + "".join(tail))
            else:
                parts.append("".join(same))
            continue
        if i2 > i1:
            parts.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(parts)
