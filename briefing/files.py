"""Reading the project's files: the one way every stage reads content and templates.

Content and templates come from people and from other tools (an editor, a
translation platform, an unpacked archive), so every read holds to the same rules:

- the file must lie under its folder once every symlink is resolved: a symlink out
  of the content or templates folder is refused, naming where it leads;
- it must be a regular file: a FIFO would hang the build and `/dev/zero` never ends;
- it is read up to a cap, and a larger file is refused without being read whole;
- text is UTF-8; a file that is not is refused with the line and column of the
  first bad byte;
- a file that was listed and is gone when it is read (an editor's save probe, a file
  being replaced) raises `FileGone`, which a caller that was listing a folder skips.

Every refusal is a `FileError` (a `ContentError`), which the command line and the
preview show as `file:line: message`. Use `read_bytes`, `read_text` and
`files_under` for any file under a project folder, never `open` or `Path.read_*`.

Writing goes the other way round, all or nothing: `stage` writes a file's new bytes
to a temporary name beside it, on disk, for the caller to rename into place.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import FileError, FileGone, Problem, display_path

MAX_BYTES = 1_000_000
"""Files of words (YAML, catalogs, templates, stylesheets): anything larger is a mistake."""

MAX_DATA_BYTES = 50_000_000
"""Any other file under a project folder (images, map data): read whole at most this far."""

_SPECIAL = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket",
            stat.S_IFDIR: "a folder"}


def _problem(path: Path, message: str, line: int | None = None) -> Problem:
    return Problem(display_path(path), line, "", message)


def inside(path: Path, root: Path) -> Path:
    """`path` with every symlink resolved, refused unless it stays under `root`."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise FileGone(_problem(path, "file is missing")) from None
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise FileError(_problem(path, f"cannot be resolved: {exc}")) from None
    base = root.resolve()
    if not real.is_relative_to(base):
        raise FileError(_problem(path, f"leads out of {display_path(root)} (to {real}); "
                                       "expected a file inside it"))
    return real


def read_bytes(path: Path, root: Path, *, limit: int = MAX_BYTES,
               kind: str = "project file") -> bytes:
    """The bytes of a regular file under `root`, at most `limit` of them."""
    real = inside(path, root)
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise FileGone(_problem(path, "file is missing")) from None
    except OSError as exc:
        raise FileError(_problem(path, f"cannot read the file: {exc.strerror}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = _SPECIAL.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise FileError(_problem(path, f"is {what}; expected a regular file"))
        if info.st_size > limit:
            raise FileError(_problem(path, f"file is {info.st_size:,} bytes; a {kind} may "
                                           f"be at most {limit:,} bytes"))
        data = _read(fd, limit + 1)
    except OSError as exc:
        raise FileError(_problem(path, f"cannot read the file: {exc.strerror}")) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise FileError(_problem(path, f"file is more than {limit:,} bytes; a {kind} may be "
                                       f"at most {limit:,} bytes"))
    return data


def _read(fd: int, size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_text(path: Path, root: Path, *, limit: int = MAX_BYTES,
              kind: str = "project file") -> str:
    """A UTF-8 text file under `root` (a byte-order mark is dropped)."""
    return decode(read_bytes(path, root, limit=limit, kind=kind), path)


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text, or a `FileError` naming the line and column of the first bad byte."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise FileError(_problem(path, "binary data (a NUL byte); expected UTF-8 text", line))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise FileError(_problem(path, f"not UTF-8: byte 0x{raw[exc.start]:02x} at column "
                                       f"{column}; save the file as UTF-8", line)) from None


def files_under(folder: Path, root: Path | None = None) -> Iterator[Path]:
    """Every file under `folder` (which lies under `root`, by default itself), as a path
    under `folder`, in a stable order.

    Symlinks are followed while they stay inside `root` (each folder once); one that
    leads out, or a special file, is a `FileError`; an entry that vanishes while the
    folder is listed, or a dangling symlink (Emacs' lock files are), is skipped."""
    root = root or folder
    base = root.resolve()
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        folder = stack.pop()
        try:
            real = folder.resolve(strict=True)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise FileError(_problem(folder, f"cannot list the folder: {exc.strerror}")) \
                from None
        if not real.is_relative_to(base):
            raise FileError(_problem(folder, f"leads out of {display_path(root)} (to {real}); "
                                             "expected a folder inside it"))
        if real in seen:
            continue
        seen.add(real)
        folders = []
        for entry in entries:
            path = Path(entry.path)
            try:
                target = path.resolve(strict=True) if entry.is_symlink() else path
                mode = os.stat(target).st_mode
            except (FileNotFoundError, NotADirectoryError):
                continue  # gone, or a dangling symlink
            except (OSError, RuntimeError) as exc:
                raise FileError(_problem(path, f"cannot be resolved: {exc}")) from None
            if entry.is_symlink() and not target.is_relative_to(base):
                raise FileError(_problem(path, f"leads out of {display_path(root)} (to "
                                               f"{target}); expected a file inside it"))
            if stat.S_ISDIR(mode):
                folders.append(path)
            elif stat.S_ISREG(mode):
                yield path
            else:
                what = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
                raise FileError(_problem(path, f"is {what}; expected a regular file"))
        stack.extend(reversed(folders))  # each folder's own files, then its folders in order


def stage(target: Path, data: bytes, mode: int) -> Path:
    """`data` in a temporary file beside `target` (same folder, so that a rename replaces
    it atomically), flushed to disk, with `mode`; nothing left behind on any failure,
    an interrupt included."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # as any new file: mkstemp makes it private
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
