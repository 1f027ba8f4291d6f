"""Replacing content files all or nothing: staged beside their targets, read back, renamed.

A content file is someone's work. A tool that rewrites one writes a temporary file
beside it, flushes it to disk, reads it back and checks it, and only then renames it
over the original; on any failure, an interrupt included, every temporary file goes and
every original stays as it was.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from briefing.errors import OutputError, display_path
from briefing.files import stage

Verify = Callable[[Path, bytes], None]
"""Checks what was read back from a staged file; raises to stop the replacement."""


def replace_files(files: Mapping[Path, bytes], verify: Verify | None = None) -> None:
    """Write every file to a temporary name beside it, read each back (and `verify` it),
    then rename them all into place, in the order given."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for tmp, target in staged:
            back = tmp.read_bytes()
            if back != files[target]:
                raise OutputError(f"{display_path(target)}: the file read back differs from "
                                  "what was written; nothing was changed")
            if verify is not None:
                verify(target, back)
        for tmp, target in staged:
            os.replace(tmp, target)
        for folder in {target.parent for target in files}:
            _sync_folder(folder)
    except OSError as exc:
        where = exc.filename or next(iter(files), "")
        raise OutputError(f"{display_path(Path(where))}: cannot write the file: "
                          f"{exc.strerror}; nothing was changed") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)  # gone already once renamed


def _stage(target: Path, data: bytes) -> Path:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    return stage(target, data, mode)


def _sync_folder(folder: Path) -> None:
    """The renames themselves reach the disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
