"""The JSON Schema of every content file, generated from the pydantic models, so that
it cannot drift from what a build accepts; and a field reference in Markdown from it.

Editors with the YAML language server complete and check fields as an author types,
given the `# yaml-language-server: $schema=...` line that `briefing new` writes.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from briefing.content.folder import BRIEFING_FILE, GAZETTEER_FILE, NAMES_FILE, TEXT_FILE
from briefing.content.model import Briefing, Gazetteer, LocaleText, Name

MODELS: dict[str, Any] = {BRIEFING_FILE: Briefing, GAZETTEER_FILE: Gazetteer,
                          TEXT_FILE: LocaleText, NAMES_FILE: dict[str, Name]}
"""Each content file and the model it is validated into."""

SCHEMA_FOLDER = "schema"
"""Where `briefing new` puts the schemas, inside the new content folder."""

_TITLES = {BRIEFING_FILE: "The language-neutral half: facts, structure, sources",
           GAZETTEER_FILE: "Every place, person and organisation prose may name",
           TEXT_FILE: "Every word of the briefing in one locale",
           NAMES_FILE: "How one locale names each gazetteer entry"}


def schema_name(file: str) -> str:
    return file.replace(".yaml", ".schema.json")


def json_schema(file: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one content file."""
    schema = TypeAdapter(MODELS[file]).json_schema()
    models = _content_models()
    root = MODELS[file]
    parts = [(root, schema)] if isinstance(root, type) else []
    parts += [(models[name], part) for name, part in schema.get("$defs", {}).items()
              if name in models]
    for model, part in parts:
        docs = _field_docstrings(model)
        for field, property_schema in part.get("properties", {}).items():
            if "description" not in property_schema and field in docs:
                property_schema["description"] = docs[field]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{file}: {_TITLES[file]}", **schema}


def _content_models() -> dict[str, type[BaseModel]]:
    """Every content model, by name (as the schema's definitions name them)."""
    found: dict[str, type[BaseModel]] = {}
    todo = list(BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if model.__module__.startswith("briefing.content."):
            found[model.__name__] = model
    return found


def _field_docstrings(model: type) -> dict[str, str]:
    """The docstring under each field of a model and of the models it extends: a
    field's description in the schema. Read from the source here, when a schema is
    asked for, rather than by pydantic as every command imports the models
    (`use_attribute_docstrings`, a tenth of a second of every build's start)."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) \
            else []
        for node, after in zip(body, [*body[1:], None], strict=True):
            if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
                continue
            docs.pop(node.target.id, None)  # declared again: its own docstring, or none
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) \
                    and isinstance(after.value.value, str):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def schema_text(file: str) -> str:
    return json.dumps(json_schema(file), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file in MODELS:
        path = folder / schema_name(file)
        path.write_text(schema_text(file), encoding="utf-8")
        written.append(path)
    return written


def reference() -> str:
    """Every field of every content file, as Markdown: docs/content-reference.md."""
    lines = ["# Content reference", "",
             "Every field of every content file, generated from the models a build validates",
             "content with (`briefing schema --reference` writes this file; a test checks that",
             "it is current). `briefing schema FILE` prints a file's JSON Schema.", ""]
    defined: dict[str, dict[str, Any]] = {}
    for file in MODELS:
        schema = json_schema(file)
        defined.update(schema.get("$defs", {}))
        lines += [f"## `{file}`", "", _TITLES[file] + ".", ""]
        if "properties" in schema:
            lines += _fields(schema)
        else:
            lines += [f"Each key is a gazetteer id; each value: {_type(schema)}.", ""]
    lines += ["## Parts", ""]
    for name in sorted(defined):
        definition = defined[name]
        lines += [f"### {name}", "", " ".join(definition.get("description", "").split()), ""]
        if "properties" in definition:
            lines += _fields(definition)
        else:
            lines += [f"One of: {_type(definition)}.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _fields(schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| field | value | |", "|---|---|---|"]
    for name, prop in schema["properties"].items():
        need = "required" if name in required else (
            f"default `{json.dumps(prop['default'], ensure_ascii=False)}`"
            if "default" in prop else "optional")
        about = " ".join(prop.get("description", "").split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {_type(prop)} ({need}) | {about} |")
    return [*rows, ""]


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return " or ".join(f"`{v}`" for v in prop["enum"])
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " or ".join(dict.fromkeys(_type(p) for p in prop[key]))
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        values = prop.get("additionalProperties")
        if not isinstance(values, dict):
            values = next(iter(prop.get("patternProperties", {}).values()), None)
        if isinstance(values, dict):
            keyed = "id" if "patternProperties" in prop else "key"
            return f"mapping of {keyed} to {_type(values)}"
        return "mapping"
    if kind == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and "pattern" in prop:
        return f"text matching `{prop['pattern']}`"
    return {"string": "text", "integer": "whole number", "number": "number",
            "boolean": "true or false", "null": "nothing"}.get(str(kind), "any value")
