"""Results kept between builds: one file per result, named by the hash of its inputs.

What is kept is work whose result depends only on inputs the key names, and that
every process of every build would otherwise do again:
- a map's land, cut from the world once per region (`map.land`), put on the page
  (`map.draw`), and the map drawn whole (`render.figures`), keyed by its words,
  the fonts they are measured in, and the map code;
- the templates compiled to Python code (`render.pages`);
- a language's hyphenation patterns, parsed (`pdf.hyphenation`);
- the fonts cut to a briefing's characters (`pdf.fonts`).
No edition, page or PDF is kept: a build with `--force` renders every edition again.

A file holds a header, the SHA-256 of its payload and the payload compressed, so
that a damaged or foreign file is made again, never used. Files are written to a
temporary name and renamed, so a reader never sees half of one. A folder past
`FOLDER_LIMIT` loses the files used longest ago. Anything that goes wrong here only
costs the time of making the result again: it is logged, never raised.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from briefing.errors import FileError, FileGone
from briefing.files import read_bytes

log = logging.getLogger(__name__)

T = TypeVar("T")

HEADER = b"briefing cache 2\n"
MAX_BYTES = 64 * 1024 * 1024
"""A cut of the whole world is about 10 MB; anything much larger is not ours."""
FOLDER_LIMIT = 256 * 1024 * 1024
"""The most a cache folder holds: past it, the files used longest ago are removed
(each edit that brings a new character into a briefing cuts its fonts anew, and the
preview runs for hours)."""

folder: Path | None = None
"""Where this process keeps compiled templates, hyphenation patterns and cut fonts
(`Options.cache`, set by the session); None keeps them in memory only."""


def use(where: Path | None) -> None:
    """Keep this process's compiled templates, patterns and fonts in `where`."""
    global folder
    folder = where


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:40]


def file_key(path: Path) -> str:
    """A file's identity for a key: its path, size and time of change (a tool's data
    file is replaced, not edited in place, when the tool is upgraded)."""
    try:
        found = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{found.st_size}:{found.st_mtime_ns}"


def read(where: Path | None, name: str) -> bytes | None:
    """The payload stored under `name`, or None when there is none or it is damaged."""
    if where is None:
        return None
    path = where / name
    try:
        data = read_bytes(path, where, limit=MAX_BYTES, kind="cache file")
    except FileGone:
        return None
    except FileError as exc:
        log.warning("cache: ignoring %s (%s)", path, exc.problem.message)
        return None
    if not data.startswith(HEADER):  # an earlier version's: made again, silently
        log.debug("cache: %s is of another version", path)
        return None
    body = data[len(HEADER) + 32:]
    if data[len(HEADER):len(HEADER) + 32] != _digest(body):
        log.warning("cache: %s is damaged; making it again", path)
        return None
    try:
        payload = zlib.decompress(body)
    except zlib.error:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to go when the folder is trimmed
    return payload


def remembered(where: Path | None, name: str, make: Callable[[], T],
               dump: Callable[[T], bytes], load: Callable[[bytes], T | None]) -> T:
    """`make()`, or what an earlier process stored under `name` for it: `load` turns
    the payload back into the result (None, or an error, for one it cannot use), and
    `dump` into a payload (ValueError for a result that cannot be kept)."""
    payload = read(where, name)
    if payload is not None:
        try:
            found = load(payload)
        except (ValueError, TypeError, KeyError, EOFError):
            found = None
        if found is not None:
            return found
    result = make()
    if where is not None:
        with contextlib.suppress(ValueError):
            write(where, name, dump(result))
    return result


def write(where: Path | None, name: str, payload: bytes) -> None:
    """Store `payload` under `name`, atomically; a folder that cannot be written is
    left alone (the result is the same either way)."""
    if where is None:
        return
    body = zlib.compress(payload, 6)
    temporary = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)  # the user's alone
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        with os.fdopen(handle, "wb") as out:
            out.write(HEADER + _digest(body) + body)
        os.replace(temporary, where / name)
        temporary = None
    except OSError as exc:
        log.debug("cache: cannot write %s: %s", where / name, exc)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    if where not in _trimmed:
        _trimmed.add(where)
        trim(where)


_trimmed: set[Path] = set()
"""The folders this process has trimmed (once each, at its first write there)."""


def trim(where: Path, limit: int = FOLDER_LIMIT) -> None:
    """Remove the files of `where` used longest ago until it holds at most three
    quarters of `limit`, if it holds more than `limit`."""
    try:
        found = []
        for entry in os.scandir(where):
            if entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                found.append((info.st_mtime_ns, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in found)
    if total <= limit:
        return
    for _, size, path in sorted(found):
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size
        if total <= limit * 3 // 4:
            break


def _digest(body: bytes) -> bytes:
    return hashlib.sha256(body).digest()
