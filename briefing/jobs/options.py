"""What a build is asked to do (`Options`) and where the built-in briefing lives."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing.errors import UsageError

if TYPE_CHECKING:
    from briefing.content.folder import Content
    from briefing.content.model import Usage


log = logging.getLogger(__name__)


Format = Literal["html", "pdf", "fragment"]


FORMATS: tuple[Format, ...] = ("html", "pdf", "fragment")


def project_root() -> Path:
    """Where the built-in content and templates are: the source tree, or the installed wheel."""
    source_tree = Path(__file__).resolve().parents[2]
    if (source_tree / "content").is_dir() and (source_tree / "templates").is_dir():
        return source_tree
    return Path(str(resources.files("briefing") / "data"))


@dataclass(frozen=True)
class Options:
    """What to build and how; every field has the default a plain `briefing build` uses."""

    content: Path = field(default_factory=lambda: project_root() / "content")
    templates: Path = field(default_factory=lambda: project_root() / "templates")
    out: Path = Path("dist")
    locales: Sequence[str] = ()
    """Requested locales as typed; empty means every locale folder (unless `preferred`)."""
    preferred: Sequence[str] = ()
    """Languages a reader prefers (`--locale auto`: the one LANG names): the best locale
    folder for them is built, or the reference locale when none matches."""
    formats: Sequence[str] = FORMATS
    bilingual: Sequence[str] | None = None
    """Pairs such as 'ja+ru'; None means the pairs the content names, () means none."""
    naming: Usage | None = None
    strict: bool = False
    pdf_variant: str | None = "pdf/ua-1"
    paper: Literal["a4", "letter"] = "a4"
    source_date_epoch: int | None = None
    """Seconds since 1970 to stamp as the documents' date instead of the briefing's date."""
    force: bool = False
    """Rebuild every output even when its inputs have not changed."""
    workers: int = 2
    """Processes that render editions in parallel (1: all in this process)."""
    cache: Path | None = None
    """A folder for what a build keeps for the next (how long each edition took, which
    orders the next; in `prepared/`, the compiled templates, parsed hyphenation
    patterns and cut fonts, see `cachefiles`); None keeps nothing. The command line
    gives the user's cache folder."""
    template_seconds: float = 60.0
    """Seconds one template render may take before it is stopped with an error that
    names the template's line (a user's template that loops for ever)."""
    map_cache: Path | None = field(default_factory=lambda: default_map_cache())
    """Where the land each map shows is kept between builds (None: nowhere)."""


def default_map_cache() -> Path:
    """The user's cache folder for maps (~/.cache/briefing/map on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path("briefing") / "map"


Progress = Callable[[str, int, int], None]
"""Called with (edition, done, total) as each edition is finished."""


def check_formats(formats: Sequence[str]) -> tuple[Format, ...]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; available: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats)


MAX_EPOCH = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a document's date can name."""


def check_epoch(epoch: int | None) -> None:
    if epoch is not None and not 0 <= epoch <= MAX_EPOCH:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch}: expected seconds since 1970, from 0 "
                         f"to {MAX_EPOCH} (9999-12-31)")


def created_stamp(content: Content, epoch: int | None) -> str:
    """The document date: SOURCE_DATE_EPOCH when given, else the briefing's own date."""
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return content.briefing.date.isoformat()

