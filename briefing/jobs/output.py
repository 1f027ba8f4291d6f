"""Writing outputs: all or nothing, each file renamed into place, one build at a time.

A build writes every file to a temporary name beside its target, checks every
target, and only then renames them all, with interrupts held back, so that the
folder never holds a mix of two builds. A build that dies before that (a kill, a
power cut) leaves temporary files; the next build into the folder removes them,
under the lock, before anything else.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import stat
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO

from briefing.errors import OutputError
from briefing.files import stage

LOCK_NAME = ".briefing.lock"

_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""A temporary file of `write_all`: `.<name>.<8 random characters>.tmp`."""

_HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
"""Signals held back while the renames run: they take milliseconds, and a build
stopped half-way through them would leave two builds' files side by side."""


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
    """Hold an exclusive lock on `out`, so that concurrent builds take turns; the
    temporary files of a build that was killed are removed first.

    A build that fails leaves no trace: the lock file is removed on release, and so
    are the folders this call created when nothing was written into them.
    """
    created = _missing_folders(out)
    prepare(out)
    handle = _acquire(out / LOCK_NAME)
    try:
        sweep(out)
        yield
    finally:
        (out / LOCK_NAME).unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
        _remove_empty(created)


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


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove the folders, deepest first, as long as they are empty."""
    for folder in folders:
        try:
            folder.rmdir()  # only succeeds while it is empty
        except OSError:
            break


def sweep(out: Path) -> list[Path]:
    """Remove the temporary files that killed builds left in `out` and its folders (the
    caller holds the lock: no build is writing them)."""
    removed = []
    for folder in (out, *(p for p in _subfolders(out))):
        for entry in _entries(folder):
            if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return removed


def _subfolders(out: Path) -> list[Path]:
    return [Path(e.path) for e in _entries(out) if e.is_dir(follow_symlinks=False)]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except OSError:
        return []


def foreign_files(out: Path, ours: str) -> list[str]:
    """What `out` holds although no build wrote it: anything, when `ours` (the manifest
    builds leave) is not there."""
    if (out / ours).exists():
        return []
    return sorted(e.name for e in _entries(out) if e.name != LOCK_NAME)


def write_all(out: Path, files: Mapping[str, bytes], first: Mapping[str, bytes] | None = None,
              last: Mapping[str, bytes] | None = None,
              remove: Sequence[str] = ()) -> list[Path]:
    """Write every file to a temporary name beside its target, check every target, then
    rename them all: `first`, then `files`, then remove the outputs in `remove`, then
    `last`. Nothing changes in `out` unless every file could be staged and every target
    taken; a failure or an interrupt before the renames leaves no temporary file and
    no folder it created."""
    ordered = [*(first or {}).items(), *files.items(), *(last or {}).items()]
    mode = 0o666 & ~_umask()
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for name, data in ordered:
            staged.append((_stage(out, out / name, data, mode, created), out / name))
        for _, target in staged:
            _check_target(out, target)
    except BaseException as exc:  # an interrupt too: nothing may stay behind
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        _remove_empty(created[::-1])
        if isinstance(exc, OSError):
            raise OutputError(f"{out}: cannot write the output: {exc.strerror}") from None
        raise
    done = len(first or {}) + len(files)
    with _signals_held():
        for tmp, target in staged[:done]:
            os.replace(tmp, target)
        _remove_outputs(out, remove)
        for tmp, target in staged[done:]:
            os.replace(tmp, target)
    return list(dict.fromkeys(target for _, target in staged))


def _stage(out: Path, target: Path, data: bytes, mode: int, created: list[Path]) -> Path:
    for folder in reversed(target.relative_to(out).parents[:-1]):
        if not (out / folder).exists():
            (out / folder).mkdir()
            created.append(out / folder)
    return stage(target, data, mode)


def _check_target(out: Path, target: Path) -> None:
    """Refuse a target that a rename cannot take, or that leads out of `out`."""
    if not target.parent.resolve().is_relative_to(out.resolve()):
        raise OutputError(f"{target}: the folder leads out of {out} (a symlink); expected "
                          "a folder inside it")
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise OutputError(f"{target}: a folder is in the way of an output file; move it "
                          "away or choose another --out")


def _remove_outputs(out: Path, names: Sequence[str]) -> None:
    """Remove outputs of earlier builds that this one no longer makes, and their folders
    once empty."""
    folders = set()
    for name in names:
        path = out / name
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
        if path.parent != out:
            folders.add(path.parent)
    _remove_empty_each(sorted(folders, key=lambda p: -len(p.parts)))


def _remove_empty_each(folders: Sequence[Path]) -> None:
    for folder in folders:
        with suppress(OSError):  # not empty: the user's files are in it
            folder.rmdir()


def _umask() -> int:
    """The process's umask, which new files and folders follow: read from /proc where
    there is one, since reading it otherwise means setting it for every thread."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP, and deliver them once the block ends.

    Python runs signal handlers in the main thread whichever thread the signal reached
    (a pool's threads too), so a handler that only takes note holds them back where
    blocking the signal in one thread would not."""
    received: list[int] = []

    def take_note(signum: int, frame: object) -> None:
        received.append(signum)

    previous: dict[int, Any] = {}
    try:
        for sig in _HELD:
            previous[sig] = signal.signal(sig, take_note)
    except ValueError:  # not the main thread: nothing can be held back
        pass
    try:
        yield
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)  # as it would have been delivered
