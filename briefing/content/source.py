"""Reading content files: YAML with a line number for every value.

Content comes from people, sometimes pasted from elsewhere, so this module is
the wall: size, encoding, syntax, nesting and duplicate keys are all checked
here, and every value leaves with the line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import FileError, Problem
from briefing.files import decode, read_text

MAX_BYTES = 1_000_000
"""Content files are words; anything larger is a mistake (or an attack)."""
MAX_DEPTH = 32
"""Deeper nesting than any content format here uses."""

FieldPath = tuple[str | int, ...]

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml, when PyYAML has it: ten times faster; the pure-Python parser explains errors."""


@dataclass
class Document:
    """A parsed YAML file with the line of every value in it."""

    path: Path
    shown: str
    """The path as shown to the user in messages."""
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    scalar_styles: dict[FieldPath, str] = field(default_factory=dict)
    """The YAML style of each string ('|', '>', '"', "'" or '') to locate lines in text."""
    plain: dict[FieldPath, str] = field(default_factory=dict)
    """Each unquoted value that YAML read as a number, a boolean or a date, as written:
    the words where the content expects words (a hash `64729438`, a title `1956`)."""

    def as_written(self, path: FieldPath) -> str:
        """The unquoted value at `path` as text, as written: from now on it is words."""
        text = self.plain.pop(path)
        node = self.data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = text
        self.scalar_styles[path] = ""
        return text

    def line(self, path: FieldPath) -> int | None:
        """The line of the value at `path`, or of its nearest ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def text_line(self, path: FieldPath, offset: int) -> int | None:
        """The line of character `offset` inside the string at `path`."""
        start = self.line(path)
        if start is None:
            return None
        value = self.get(path)
        newlines = value[:offset].count("\n") if isinstance(value, str) else 0
        block = self.scalar_styles.get(path) in ("|", ">")
        return start + newlines + (1 if block else 0)

    def get(self, path: FieldPath) -> Any:
        node = self.data
        for key in path:
            node = node[key]
        return node

    def problem(self, path: FieldPath, message: str, locale: str = "") -> Problem:
        return Problem(self.shown, self.line(path), dotted(path), message, locale)


def dotted(path: FieldPath) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


class YAMLProblem(Exception):
    """Raised inside this module; turned into a Problem by `read_yaml`."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message


def read_yaml(path: Path, shown: str, root: Path | None = None) -> Document | Problem:
    """Parse one YAML file under the content folder `root` (by default its own folder),
    or say precisely why it cannot be parsed."""
    try:
        text = read_text(path, root or path.parent, limit=MAX_BYTES, kind="content file")
    except FileError as exc:
        return replace(exc.problem, path=shown)
    try:
        return _parse(text, path, shown)
    except YAMLProblem as exc:
        return Problem(shown, exc.line, "", exc.message)


def parse_yaml(raw: bytes, path: Path, shown: str) -> Document | Problem:
    """Parse YAML held in memory (what a tool is about to write) as `read_yaml` would."""
    if len(raw) > MAX_BYTES:
        return Problem(shown, None, "", f"file is {len(raw):,} bytes; a content file may be "
                                        f"at most {MAX_BYTES:,} bytes")
    try:
        return _parse(decode(raw, path), path, shown)
    except FileError as exc:
        return replace(exc.problem, path=shown)
    except YAMLProblem as exc:
        return Problem(shown, exc.line, "", exc.message)


def _parse(text: str, path: Path, shown: str) -> Document:
    if not text.strip():
        raise YAMLProblem(None, "file is empty; expected a YAML mapping")
    try:
        _check_shape(text)
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise YAMLProblem(*_syntax_error(exc)) from None
    except yaml.YAMLError as exc:
        raise YAMLProblem(None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YAMLProblem(None, f"nesting is too deep; content nests at most {MAX_DEPTH} "
                                "levels") from None
    if node is None:
        raise YAMLProblem(None, "file has only comments; expected a YAML mapping")
    doc = Document(path, shown, None)
    doc.data = _convert(node, (), doc, 0)
    return doc


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)  # its messages are clearer


def _syntax_error(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """PyYAML's problem, with where the construct it was parsing began."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = f"invalid YAML: {exc.problem or exc.context}"
    if exc.problem and exc.context and exc.context_mark:
        message += f" ({exc.context}, which began at line {exc.context_mark.line + 1})"
    return line, message


def _check_shape(text: str) -> None:
    """Refuse deep nesting (composing recurses once per level) and aliases (a few lines
    of `*name` can expand to billions of values) before composing."""
    try:
        _walk_events(text, _FAST_LOADER)
    except yaml.YAMLError:
        # libyaml stops at limits of its own; the pure-Python parser says where and why
        _walk_events(text, yaml.SafeLoader)


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _walk_events(text: str, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):  # a flat stream of events
        if isinstance(event, yaml.AliasEvent):
            raise YAMLProblem(_line(event.start_mark), f"alias '*{event.anchor}': anchors "
                                                         "and aliases are not supported; "
                                                         "write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YAMLProblem(_line(event.start_mark), f"nesting is too deep; content "
                                                             f"nests at most {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_constructor = yaml.SafeLoader("")


def _convert(node: yaml.Node, path: FieldPath, doc: Document, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise YAMLProblem(node.start_mark.line + 1,
                          f"nesting is too deep; content nests at most {MAX_DEPTH} levels")
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, doc, depth)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc, depth + 1) for i, item in enumerate(node.value)]
    value = _scalar(node)
    if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
        doc.scalar_styles[path] = node.style or ""
    elif value is not None and isinstance(node, yaml.ScalarNode) and not node.style:
        doc.plain[path] = node.value
    return value


def _scalar(node: yaml.Node) -> Any:
    line = node.start_mark.line + 1
    try:
        value = _constructor.construct_object(node)
    except yaml.MarkedYAMLError as exc:
        raise YAMLProblem(line, f"invalid value: {exc.problem}") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise YAMLProblem(line, f"invalid value: {exc}") from None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a "\ud800" escape makes a lone surrogate
            raise YAMLProblem(line, f"invalid value: {value[exc.start]!r} is half of a UTF-16 "
                                    "pair, not a character") from None
    return value


def _convert_mapping(node: yaml.MappingNode, path: FieldPath, doc: Document,
                     depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise YAMLProblem(line, "a key must be plain text")
        value = _scalar(key_node)  # checked, but a key is text as written: `0123` is not 83
        key = value if isinstance(value, str) else str(key_node.value)
        if key in result:
            where = dotted((*path, key))
            raise YAMLProblem(line, f"duplicate key {where!r} (first at line "
                                    f"{doc.lines[(*path, key)]})")
        result[key] = _convert(value_node, (*path, key), doc, depth + 1)
        doc.lines[(*path, key)] = line  # a nested value is best located by its key
    return result
