"""Files a briefing shows besides its words: images inside the content folder.

They are read only from inside the content folder (symbolic links resolved), only
when they are what their name says (SVG, PNG, JPEG), and never larger than
`MAX_BYTES`; anything else is a problem that names the file.
"""

from __future__ import annotations

import base64
from pathlib import Path

from briefing.errors import display_path

MAX_BYTES = 8_000_000
"""A figure of a handout; anything larger is a mistake (a camera's original)."""

TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg"}


class AssetProblem(Exception):
    """Why a file cannot be shown; the message names the file."""


def asset_path(root: Path, relative: str) -> Path:
    """The file `relative` names inside `root`, or AssetProblem."""
    shown = relative
    base = root.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise AssetProblem(f"{shown!r} is outside the content folder; a briefing shows "
                           "only files inside it")
    if not path.is_file():
        raise AssetProblem(f"no such file {shown!r} in {display_path(root)}")
    if path.suffix.lower() not in TYPES:
        raise AssetProblem(f"{shown!r} is not an SVG, PNG or JPEG image")
    return path


def read_asset(root: Path, relative: str) -> bytes:
    """The bytes of an image inside `root`, checked to be what its name says."""
    path = asset_path(root, relative)
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AssetProblem(f"{relative!r} is larger than {MAX_BYTES:,} bytes")
    kind = TYPES[path.suffix.lower()]
    if not _looks_like(data, kind):
        raise AssetProblem(f"{relative!r} is not the {kind.split('/')[1].upper()} image its "
                           "name says")
    return data


def data_uri(root: Path, relative: str) -> str:
    """The image as a data: URI, so that a page or fragment needs no other file."""
    kind = TYPES[Path(relative).suffix.lower()]
    return f"data:{kind};base64,{base64.b64encode(read_asset(root, relative)).decode()}"


def _looks_like(data: bytes, kind: str) -> bool:
    if kind == "image/png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "image/jpeg":
        return data.startswith(b"\xff\xd8\xff")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"<svg" in data[:65536]
