"""Results kept between builds: one file per result, named by the hash of its inputs.

A map's land is cut from the world's once per region; later builds (and the other
worker processes of the same build) read the cut back. A file holds a header, the
SHA-256 of its payload and the payload compressed, so that a damaged or foreign file
is recomputed, never used. Files are written to a temporary name and renamed, so a
reader never sees half of one. Anything that goes wrong here only costs the time of
cutting again: it is logged, never raised.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import zlib
from pathlib import Path

from briefing.errors import FileError, FileGone
from briefing.files import read_bytes

log = logging.getLogger(__name__)

HEADER = b"briefing map cache 1\n"
MAX_BYTES = 64 * 1024 * 1024
"""A cut of the whole world is about 10 MB; anything much larger is not ours."""


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:40]


def read(folder: Path | None, name: str) -> bytes | None:
    """The payload stored under `name`, or None when there is none or it is damaged."""
    if folder is None:
        return None
    path = folder / name
    try:
        data = read_bytes(path, folder, limit=MAX_BYTES, kind="map cache file")
    except FileGone:
        return None
    except FileError as exc:
        log.warning("map cache: ignoring %s (%s)", path, exc.problem.message)
        return None
    body = data[len(HEADER) + 32:]
    if not data.startswith(HEADER) or data[len(HEADER):len(HEADER) + 32] != _digest(body):
        log.warning("map cache: %s is damaged; cutting again", path)
        return None
    try:
        return zlib.decompress(body)
    except zlib.error:
        return None


def write(folder: Path | None, name: str, payload: bytes) -> None:
    """Store `payload` under `name`, atomically; a folder that cannot be written is
    left alone (the map is the same either way)."""
    if folder is None:
        return
    body = zlib.compress(payload, 6)
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(HEADER + _digest(body) + body)
        os.replace(temporary, folder / name)
        temporary = None
    except OSError as exc:
        log.debug("map cache: cannot write %s: %s", folder / name, exc)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _digest(body: bytes) -> bytes:
    return hashlib.sha256(body).digest()
