"""Loading a content folder: every file read, validated and cross-checked at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from briefing.content import blocks, model
from briefing.content.folder import (
    BRIEFING_FILE,
    CATALOG_FILE,
    GAZETTEER_FILE,
    NAMES_FILE,
    TEXT_FILE,
    Content,
    LocaleContent,
    locale_folders,
)
from briefing.content.model import Briefing, Gazetteer, LocaleText, Name
from briefing.content.source import Document, FieldPath, read_yaml
from briefing.errors import ContentError, FileError, Problem, display_path, suggest
from briefing.files import files_under

M = TypeVar("M", bound=BaseModel)


def load_content(root: Path) -> Content:
    """Read and validate everything under `root`, or raise ContentError listing every problem."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), None, "", "content folder does not exist")])
    try:  # a symlink out or a special file anywhere in the folder stops the build
        for _ in files_under(root):
            pass
    except FileError as exc:
        problems.append(exc.problem)
    briefing_doc, briefing = _load(root / BRIEFING_FILE, Briefing, problems, root=root)
    _, gazetteer = _load(root / GAZETTEER_FILE, Gazetteer, problems, root=root)
    locales: dict[str, LocaleContent] = {}
    for tag in locale_folders(root):
        loaded = _load_locale(root, tag, problems)
        if loaded is not None:
            locales[tag] = loaded
    if briefing is None or gazetteer is None or briefing_doc is None:
        raise ContentError(problems)
    content = Content(root, briefing, gazetteer, locales, briefing_doc)
    problems.extend(_check_reference_locale(content))
    if problems:
        raise ContentError(problems)
    from briefing.content.validate import validate  # the cross-file rules need a complete model

    problems.extend(validate(content))
    if problems:
        raise ContentError(problems)
    return content


def _load_locale(root: Path, tag: str, problems: list[Problem]) -> LocaleContent | None:
    folder = root / tag
    try:
        files = [p for p in folder.iterdir() if not p.name.startswith(".")]
    except OSError:  # gone since it was listed
        files = []
    if not files:
        problems.append(Problem(display_path(folder), None, "",
                                f"locale folder is empty; expected {TEXT_FILE}, {NAMES_FILE} "
                                f"and {CATALOG_FILE}", tag))
        return None
    text_doc, text = _load(folder / TEXT_FILE, LocaleText, problems, tag, root)
    names_doc, names = _load(folder / NAMES_FILE, TypeAdapter(dict[str, Name]), problems,
                             tag, root)
    if text is None or names is None or text_doc is None or names_doc is None:
        return None
    # A name left empty is one to translate: the reference locale's stands in for it.
    names = {entry: name for entry, name in names.items() if name.name.strip()}
    return LocaleContent(tag, folder, text, names, text_doc, names_doc)


def _load(path: Path, model: Any, problems: list[Problem], locale: str = "",
          root: Path | None = None) -> tuple[Document | None, Any]:
    """One file under the content folder `root` (by default its own folder), validated."""
    doc = read_yaml(path, display_path(path), root)
    if isinstance(doc, Problem):
        problems.append(replace(doc, locale=locale))
        return None, None
    return doc, validated(doc, model, problems, locale)


def validated(doc: Document, model: Any, problems: list[Problem], locale: str = "") -> Any:
    """A parsed document validated into `model`, or None with its problems added."""
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    while True:
        try:
            return adapter.validate_python(doc.data)
        except ValidationError as exc:
            if not _words_as_written(exc, doc):
                problems.extend(_problems_from(exc, doc, locale))
                return None


def _words_as_written(exc: ValidationError, doc: Document) -> bool:
    """Where text is expected, an unquoted value that YAML read as a number, a boolean or
    a date is the text as written (a hash `64729438`, `2e311579`, a title `1956`): put
    back into the data as such; False when there was none, so the problems are real."""
    paths = {_data_path(e["loc"], doc.data, e["type"]) for e in exc.errors(include_url=False)
             if e["type"] == "string_type"}
    found = [path for path in paths if path in doc.plain]
    for path in found:
        doc.as_written(path)
    return bool(found)


def _problems_from(exc: ValidationError, doc: Document, locale: str) -> Iterable[Problem]:
    located = [(_data_path(e["loc"], doc.data, e["type"]), e)
               for e in exc.errors(include_url=False)]
    infinite = {path for path, e in located if e["type"] == "finite_number"}
    paths = [path for path, _ in located]
    shapes: dict[FieldPath, list[str]] = {}
    for path, error in located:
        if path in infinite and error["type"] != "finite_number":
            continue  # .inf is a number: what the union's other branches say is noise
        if error["type"] in _SHAPES:
            if any(len(p) > len(path) and p[: len(path)] == path for p in paths):
                continue  # a union's branch fitted the value's shape: its own errors say more
            shapes.setdefault(path, []).append(_message(error, path))
            continue
        yield doc.problem(path, _message(error, path), locale)
    for path, messages in shapes.items():  # text or a mapping: one problem, not one a branch
        expected = [m.split(", got ")[0].removeprefix("expected ") for m in messages]
        got = messages[0].rsplit(", got ", 1)[-1]
        yield doc.problem(path, f"expected {' or '.join(dict.fromkeys(expected))}, got {got}",
                          locale)


_SHAPES = {"string_type", "dict_type", "model_type", "list_type"}
"""Errors that say only that a value has the wrong shape."""


def _data_path(loc: tuple[Any, ...], data: Any, kind: str) -> FieldPath:
    """The part of pydantic's error location that is in the data.

    Pydantic also names the union branch or validator it tried ("str", "Segment",
    "function-after[...]", "[key]"); those are not in the file. A branch name can equal
    a field name ("date"), so the data, not the name, decides.
    """
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif i == len(loc) - 1 and kind == "missing" and isinstance(part, str):
            node = None
        else:
            continue
        path.append(part)
    return tuple(path)


_FIELD_NAMES = sorted({name for module in (model, blocks) for cls in vars(module).values()
                       if isinstance(cls, type) and issubclass(cls, BaseModel)
                       for name in cls.model_fields})
"""Every field name of the model: the candidates for a misspelt field."""


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "dict_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list",
    "model_type": "expected a mapping (key: value lines)",
    "missing": "required field is missing",
    "string_too_short": "expected non-empty text",
    "string_pattern_mismatch": "expected {pattern}",
}


_PATTERN_NAMES = {
    r"^[a-z0-9][a-z0-9_.-]*$": "an id (lowercase letters, digits, '_', '.', '-')",
    r"^https?://\S+$": "an http(s) URL",
    r"^[0-9a-f]{8}$": "an 8-digit hex hash of the reference text",
}


def _message(error: Any, path: FieldPath) -> str:
    kind = error["type"]
    got = error.get("input")
    if kind == "extra_forbidden":
        return f"unknown field {path[-1]!r}" + suggest(str(path[-1]), _FIELD_NAMES)
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}, got {_short(got)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _EXPECTED.get(kind)
    if template is None:
        return f"{error['msg']}, got {_short(got)}"
    if kind == "missing":
        return template
    pattern = str(error.get("ctx", {}).get("pattern", ""))
    return template.format(pattern=_PATTERN_NAMES.get(pattern, pattern)) + f", got {_short(got)}"


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_reference_locale(content: Content) -> list[Problem]:
    ref = content.briefing.reference_locale
    if ref in content.locales:
        return []
    if (content.root / ref).is_dir():
        return []  # its own problems were already reported
    return [content.briefing_doc.problem(("reference_locale",),
                                         f"reference locale {ref!r} has no folder under "
                                         f"{display_path(content.root)}"
                                         + suggest(ref, content.locales))]

