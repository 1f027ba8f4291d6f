"""Writing new content files: YAML scalars written so that they read back as written, and
folders written all or nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from briefing.errors import OutputError, display_path


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain where it reads back as the same string, else
    double-quoted (JSON's string syntax is YAML's)."""
    plain = re.fullmatch(r"[A-Za-z_][\w .,'()/-]*", text) is not None and not text.endswith(
        " ") and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "y",
                                      "n", "~")
    return text if plain else json.dumps(text, ensure_ascii=False)


def digest(value: str) -> str:
    """A segment's `source:` hash, quoted where YAML would read it as a number."""
    return f"'{value}'" if value.isdigit() or re.fullmatch(r"\d+e\d+", value) else value


def commented(text: str, indent: str) -> list[str]:
    """Text as YAML comment lines, for a translator to read beside what they write."""
    return [f"{indent}# {line}".rstrip() for line in text.strip().splitlines()]


def write_folder(target: Path, files: Mapping[str, str | bytes]) -> None:
    """Write `files` (relative path -> text or bytes) as the new folder `target`, all or
    nothing: into a temporary folder beside it, renamed into place at the end."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(f"{display_path(target)} exists already; choose a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    work.chmod(0o755)  # mkdtemp's folder is private; the content folder is not
    try:
        for name, data in files.items():
            path = work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        if target.is_dir():
            target.rmdir()  # empty: checked above
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
