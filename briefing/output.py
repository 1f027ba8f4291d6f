"""Writing outputs: all or nothing, each file renamed into place, one build at a time."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

LOCK_NAME = ".briefing.lock"


def prepare(out: Path) -> None:
    """Make sure `out` can be written before any work is done."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: the output folder is not writable")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out`, so that concurrent builds take turns."""
    prepare(out)
    with open(out / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_all(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file to a temporary name beside its target, then rename them all."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                       dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write the output: {exc.strerror}") from None
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]
