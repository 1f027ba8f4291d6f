"""Writing outputs: all or nothing, each file renamed into place, one build at a time."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from briefing.errors import OutputError

LOCK_NAME = ".briefing.lock"


def prepare(out: Path) -> None:
    """Make sure `out` can be written before any work is done."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (out, *out.parents) if p.exists()), None)
        reason = f"{blocker} is a file, not a folder" if blocker and not blocker.is_dir() \
            else exc.strerror
        raise OutputError(f"{out}: cannot create the output folder ({reason}); expected a "
                          "folder that can be created and written") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: the output folder is not writable")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out`, so that concurrent builds take turns.

    A build that fails leaves no trace: the lock file is removed on release, and so
    are the folders this call created when nothing was written into them.
    """
    created = _missing_folders(out)
    prepare(out)
    handle = _acquire(out / LOCK_NAME)
    try:
        yield
    finally:
        (out / LOCK_NAME).unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
        for folder in created:
            try:
                folder.rmdir()  # only succeeds while it is empty
            except OSError:
                break


def _acquire(path: Path) -> BinaryIO:
    # The holder unlinks the file on release, so a waiter may end up holding a lock
    # on a file that is no longer at `path`; it then tries again on the new one.
    while True:
        handle = open(path, "a+b")  # noqa: SIM115 - returned open, as the held lock
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                return handle
        except FileNotFoundError:
            pass
        handle.close()


def _missing_folders(out: Path) -> list[Path]:
    """The folders `prepare` will create for `out`, deepest first."""
    missing = []
    for folder in (out, *out.parents):
        if folder.exists():
            break
        missing.append(folder)
    return missing


def write_all(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file to a temporary name beside its target, then rename them all."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write the output: {exc.strerror}") from None
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]
