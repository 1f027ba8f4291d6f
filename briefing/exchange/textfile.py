"""A locale's `text.yaml` changed in place: comments, key order, quoting and block styles kept.

The file is edited through ruamel.yaml's round trip, not by lines: a segment written as
a plain string, a missing `source:` line or a segment that does not exist yet are all
handled by the same tree. What is dumped is parsed again by the content reader and must
hold exactly the data intended (the original with the edits applied), or nothing is
written.

Every value of a text.yaml is words, so the file is read with no implicit types but
null: an unquoted `source: 64729438` or `2e311579` is the hash as written, as the
content reader takes it, and stays as it was written. A new value that a YAML reader
would take for a number, a boolean or a date is written quoted.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from briefing.content.folder import LocaleContent
from briefing.content.source import Document, FieldPath, parse_yaml
from briefing.errors import BriefingError, ContentError, Problem
from briefing.files import read_bytes

BOM = b"\xef\xbb\xbf"


class TextFile:
    """The segments of one locale's text.yaml, ready to be changed and written back."""

    def __init__(self, locale: LocaleContent, order: list[str]) -> None:
        """`order`: every segment id in reading order, to place a new segment among them."""
        self.doc = locale.text_doc
        self.order = order
        self.changed: list[str] = []
        raw = read_bytes(self.doc.path, locale.folder.parent, kind="content file")
        self.bom = raw.startswith(BOM)
        self.newline = "\r\n" if raw.count(b"\r\n") * 2 > raw.count(b"\n") else "\n"
        """The file's own line ends and byte-order mark, written back as they were."""
        self.yaml = YAML()
        self.yaml.Resolver = _WordsResolver
        self.yaml.preserve_quotes = True
        try:
            tree, indent, block_indent = load_yaml_guess_indent(raw.decode("utf-8-sig"),
                                                                yaml=self.yaml)
        except YAMLError as exc:  # it was read by the content reader just before
            raise ContentError([Problem(self.doc.shown, None, "",
                                        f"cannot be edited: {exc}")]) from None
        self.yaml.width = 1 << 16  # never fold a long line that was not folded
        self.yaml.indent(mapping=indent or 2, sequence=(indent or 2) + (block_indent or 0),
                         offset=block_indent or 0)
        self.tree: CommentedMap = tree
        self.expected: Any = copy.deepcopy(self.doc.data)
        """The data the written file must hold: what was read, with every edit made."""

    def _segments(self) -> CommentedMap:
        segments: CommentedMap = self.tree["segments"]
        return segments

    def set_source(self, segment_id: str, digest: str) -> bool:
        """Record the reference hash a segment translates; False when it was already that."""
        segments = self._segments()
        value = segments[segment_id]
        expected = self.expected["segments"]
        if isinstance(value, str):  # `id: text` becomes `id: {source, text}`, as a block
            segments[segment_id] = CommentedMap([("source", as_text(digest)), ("text", value)])
            expected[segment_id] = {"source": digest, "text": expected[segment_id]}
        elif value.get("source") == digest:
            return False
        elif "source" in value:
            value["source"] = as_text(digest)
            expected[segment_id]["source"] = digest
        else:
            value.insert(0, "source", as_text(digest))
            expected[segment_id] = {"source": digest, **expected[segment_id]}
        self._note(segment_id)
        return True

    def set_text(self, segment_id: str, text: str, digest: str | None,
                 block: bool = False) -> None:
        """Give a segment new words (and the hash of what they translate, when done); a
        new segment is a `|` block when `block` (as the reference text is)."""
        segments = self._segments()
        expected = self.expected["segments"]
        value = segments.get(segment_id)
        like = value["text"] if isinstance(value, CommentedMap) else value
        styled = _styled(text, like if value is not None else (
            LiteralScalarString("") if block else ""))
        if value is None:
            entry = CommentedMap([("source", as_text(digest))] if digest else [])
            entry["text"] = styled
            position = self._position(segment_id)
            segments.insert(position, segment_id, entry)
            if position:
                _move_trailing_blank(segments[list(segments)[position - 1]], entry)
            expected[segment_id] = {"source": digest, "text": str(styled)} if digest else {
                "text": str(styled)}
        elif isinstance(value, str):
            segments[segment_id] = CommentedMap([("source", as_text(digest)),
                                                 ("text", styled)]) if digest else styled
            expected[segment_id] = {"source": digest, "text": str(styled)} if digest else str(
                styled)
        else:
            value["text"] = styled
            expected[segment_id]["text"] = str(styled)
            if digest:
                self.set_source(segment_id, digest)
        self._note(segment_id)

    def set_title(self, source_id: str, text: str, order: list[str]) -> None:
        """Give a source its translated title under `source_titles:`, made (before
        `segments:`) when the file has none; a new title goes after the last title of a
        source before it in `order`, the briefing's sources."""
        titles = self.tree.get("source_titles")
        if not isinstance(titles, CommentedMap):  # absent, or `source_titles:` with nothing
            titles = CommentedMap()
            if "source_titles" in self.tree:
                self.tree["source_titles"] = titles
            else:
                self.tree.insert(list(self.tree).index("segments"), "source_titles", titles)
            self.expected["source_titles"] = {}
        title = as_text(" ".join(text.split()))
        if source_id in titles:
            titles[source_id] = title
        else:
            keys = list(titles)
            before = order[: order.index(source_id)] if source_id in order else []
            found = [keys.index(s) for s in before if s in titles]
            position = max(found) + 1 if found else len(keys)
            titles.insert(position, source_id, title)
            if len(titles) == 1:  # a new block: what ended the key before it ends the block
                keys = list(self.tree)
                _end_with(titles, source_id, _trailing(self.tree, keys[keys.index(
                    "source_titles") - 1]) if keys[0] != "source_titles" else None, True)
            elif position == len(keys):
                _end_with(titles, source_id, titles.ca.items.get(keys[-1]))
        self.expected["source_titles"][source_id] = str(title)
        self._note(f"source_titles.{source_id}")

    def _position(self, segment_id: str) -> int:
        """Where a new segment goes: after the last one before it in reading order."""
        segments = self._segments()
        before = self.order[: self.order.index(segment_id)] if segment_id in self.order else []
        keys = list(segments)
        found = [keys.index(s) for s in before if s in segments]
        return max(found) + 1 if found else len(keys)

    def _note(self, segment_id: str) -> None:
        if segment_id not in self.changed:
            self.changed.append(segment_id)

    def render(self) -> bytes:
        """The new file's bytes, checked to parse back into exactly the data intended."""
        out = io.StringIO()
        self.yaml.dump(self.tree, out)
        text = out.getvalue().replace("\r\n", "\n").replace("\n", self.newline)
        data = (BOM if self.bom else b"") + text.encode("utf-8")
        self.verify(self.doc.path, data)
        return data

    def verify(self, path: Path, data: bytes) -> None:
        """Raise unless `data`, this file's new bytes, hold what was intended (another
        file's bytes pass: `replace_files` verifies every file it writes with this)."""
        if path != self.doc.path:
            return
        parsed = parse_yaml(data, path, self.doc.shown)
        if isinstance(parsed, Problem):
            raise BriefingError(f"{self.doc.shown}: the edited file would not parse "
                                f"({parsed.message}); nothing was written")
        for where in [p for p, text in parsed.plain.items() if _get(self.expected, p) == text]:
            parsed.as_written(where)  # words left unquoted as they were: `source: 64729438`
        if parsed.data != self.expected:
            raise BriefingError(f"{self.doc.shown}: the edited file would not hold what was "
                                f"intended ({_first_difference(parsed, self.expected)}); "
                                "nothing was written")


class _WordsResolver(VersionedResolver):
    """No implicit types but null: every other unquoted value is text as written."""

    @property
    def versioned_resolver(self) -> Any:
        return _NULL_ONLY


_NULL_ONLY: dict[str, list[tuple[str, Any]]] = {
    first: [(tag, regexp)] for versions, tag, regexp, firsts in implicit_resolvers
    if tag.endswith(":null") for first in firsts}


_READERS = (VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1)))


def as_text(value: str) -> str:
    """`value`, quoted when a YAML 1.2 or 1.1 reader would not take it as text written
    plain (a hash `64729438` is a number to both, `2e311579` to YAML 1.2)."""
    if all(reader.resolve(ScalarNode, value, (True, False)) == _STR for reader in _READERS):
        return value
    quoted: str = SingleQuotedScalarString(value)
    return quoted


_STR = "tag:yaml.org,2002:str"


def _get(data: Any, path: FieldPath) -> Any:
    """The value at `path`, or None where there is none."""
    try:
        for key in path:
            data = data[key]
    except (KeyError, IndexError, TypeError):
        return None
    return data


def _move_trailing_blank(before: object, entry: CommentedMap) -> None:
    """The blank lines that ended the segment before a new one now end the new one, so
    that a group of segments stays together."""
    if not isinstance(before, CommentedMap) or not before:
        return
    last, new_last = list(before)[-1], list(entry)[-1]
    same_style = isinstance(before[last], LiteralScalarString) == isinstance(
        entry[new_last], LiteralScalarString)
    comment = before.ca.items.get(last)
    if same_style and comment and len(comment) > 2 and comment[2] is not None:
        entry.ca.items[new_last] = [None, None, comment[2], None]
        comment[2] = None


def _trailing(tree: CommentedMap, key: object) -> list[Any] | None:
    """The comment entry holding what follows the value of `key` (its blank lines, and
    comments before the next key): that of its innermost last key in a block mapping."""
    value = tree[key]
    while isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        tree, key = value, list(value)[-1]
        value = tree[key]
    found: list[Any] | None = tree.ca.items.get(key)
    return found


def _end_with(items: CommentedMap, key: str, comment: list[Any] | None,
              blank: bool = False) -> None:
    """What followed `comment`'s key (blank lines, comments before the next key) now
    follows `key`, the last of `items`; with `blank`, the old key keeps one blank line
    (a new block set apart from the one before it)."""
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    token = comment[2]
    items.ca.items[key] = [None, None, copy.copy(token), None]
    if blank:
        token.value = "\n\n"
    else:
        comment[2] = None


def _styled(text: str, like: object) -> str:
    """The new words in the style of the value they replace: a `|` block stays a block
    ending in one newline, a one-line value stays one line; several lines make a block."""
    block = isinstance(like, LiteralScalarString) or "\n" in text.strip()
    if block:
        literal: str = LiteralScalarString(text.strip("\n") + "\n")
        return literal
    return as_text(text.strip())


def _first_difference(parsed: Document, expected: Any) -> str:
    got = parsed.data.get("segments", {}) if isinstance(parsed.data, dict) else {}
    want = expected.get("segments", {})
    for key in sorted(set(got) | set(want)):
        if got.get(key) != want.get(key):
            return f"segment {key!r}"
    got_titles = parsed.data.get("source_titles") if isinstance(parsed.data, dict) else None
    if got_titles != expected.get("source_titles"):
        return "source_titles"
    return "outside the segments"
