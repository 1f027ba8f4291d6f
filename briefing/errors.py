"""Errors that reach the user: each carries the data that locates it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: str
    """The file, as the user would type it."""
    line: int | None
    """1-based line in that file, when the problem has one."""
    field: str
    """Dotted path of the field inside the file, or '' for the file itself."""
    message: str
    """What was expected and what was found."""
    locale: str = ""
    """The locale the problem belongs to, or '' when it is language-neutral."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class BriefingError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class ContentError(BriefingError):
    """The content has problems; all of them are listed, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        return (type(self), (self.problems,))  # crosses process boundaries intact


class FileError(ContentError):
    """A project file that cannot be read as one: outside its folder, not a regular file,
    too large or not UTF-8 (see `briefing.files`)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem])
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[Problem]]:  # type: ignore[override]
        return (type(self), (self.problem,))


class FileGone(FileError):
    """A file that was listed is no longer there: an editor's probe, a file being
    replaced. Whoever was listing a folder skips it; whoever needed it reports it."""


class UsageError(BriefingError):
    """An option given to the tool is wrong (unknown locale, format, ...)."""

    exit_code = 2


class UnknownLocaleError(UsageError):
    """A requested locale has no content folder."""

    def __init__(self, identifier: str, available: Iterable[str]) -> None:
        self.identifier = identifier
        self.available = sorted(available)
        super().__init__(
            f"unknown locale {identifier!r}; available: {', '.join(self.available)}"
        )

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:
        return (type(self), (self.identifier, self.available))


class TemplateError(BriefingError):
    """A template is broken: syntax error or undefined variable."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line = path, line
        self.message = message
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type, tuple[str, int | None, str]]:
        return (type(self), (self.path, self.line, self.message))


class RenderError(BriefingError):
    """Rendering refused to produce an output (missing glyphs, blocked fetches)."""


class OutputError(BriefingError):
    """The output cannot be written where it was asked to go."""


def _problem_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.path, p.line or 0, p.field, p.message)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as short as it can be while still unambiguous for the user; bytes of a
    name that are not UTF-8 are shown as \\xNN."""
    try:
        shown = str(path.relative_to(root if root is not None else Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working folder is gone
        shown = str(path)
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def suggest(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean X?' when a candidate is close enough, else ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
