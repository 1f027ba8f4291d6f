"""The whole pipeline, top to bottom, in `build`.

load content -> validate -> resolve names and facts per locale (editions)
-> render templates -> PDF -> write, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import jobs
from .errors import ContentError, UsageError
from .output import locked, write_all

if TYPE_CHECKING:
    from .content import Content
    from .model import Usage

log = logging.getLogger(__name__)

Format = Literal["html", "pdf", "fragment"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "fragment")


def project_root() -> Path:
    """Where the built-in content and templates are: the source tree, or the installed wheel."""
    source_tree = Path(__file__).resolve().parent.parent
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
    """Requested locales as typed; empty means every locale folder."""
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


Progress = Callable[[str, int, int], None]
"""Called with (edition, done, total) as each edition is finished."""


def check_formats(formats: Sequence[str]) -> tuple[Format, ...]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; available: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats)


def select_locales(content: Content, requested: Sequence[str]) -> list[str]:
    from .l10n import choose

    available = list(content.locales)
    if not requested:
        return available
    return list(dict.fromkeys(choose(r, available) for r in requested))


def select_pairs(content: Content, requested: Sequence[str] | None) -> list[tuple[str, str]]:
    """'ja+ru' -> ('ja', 'ru'): two different available locales, primary first."""
    from .l10n import choose

    values = content.briefing.bilingual if requested is None else requested
    pairs = []
    for value in values:
        parts = value.split("+")
        if len(parts) != 2 or not all(parts):
            raise UsageError(f"invalid --bilingual {value!r}; expected two locales joined "
                             "by '+', such as 'ja+ru'")
        left, right = (choose(p, list(content.locales)) for p in parts)
        if left == right:
            raise UsageError(f"invalid --bilingual {value!r}: the two locales are the same")
        pairs.append((left, right))
    return list(dict.fromkeys(pairs))


def build(options: Options, progress: Progress | None = None) -> list[Path]:
    """Load, validate, resolve, format, render and write; nothing is written on failure."""
    options = replace(options, formats=check_formats(options.formats))
    if not options.templates.is_dir():
        raise UsageError(f"{options.templates}: the templates folder does not exist")
    with locked(options.out):
        manifest = jobs.Manifest.read(options.out)
        whole = jobs.build_key(options)
        if not options.force and manifest.unchanged(whole):
            return []  # not one input changed: nothing to load, render or write
        files, outputs = _render(options, manifest, progress)
        manifest.record_build(whole, outputs)
        files[jobs.MANIFEST] = manifest.dump()
        return write_all(options.out, files)


def _render(options: Options, manifest: jobs.Manifest,
            progress: Progress | None) -> tuple[dict[str, bytes], list[str]]:
    """The outputs whose inputs changed (all of them with --force) and the index; and
    the names of every output this build stands for."""
    # The session (content, templates, catalogs) is made here, before the workers fork:
    # they inherit it instead of loading the content again.
    content = jobs.session(options).content
    tags = select_locales(content, options.locales)
    pairs = select_pairs(content, options.bilingual)
    if options.bilingual is None and options.locales:
        # The content's own pairs follow --locale: only those made of chosen locales.
        pairs = [p for p in pairs if set(p) <= set(tags)]
    if options.strict:
        _refuse_problems(content, tags + [t for pair in pairs for t in pair])
    # The longest first (bilingual editions), so that the workers finish together.
    plan = [jobs.Job(*pair) for pair in pairs] + [jobs.Job(tag) for tag in tags]
    keys = jobs.fingerprints(plan, options, content)
    todo = [job for job in plan
            if options.force or not manifest.fresh(job, keys[job], options.formats)]
    rendered = jobs.run(manifest.longest_first(todo), options, progress, manifest.contents(),
                        jobs.Index(tags, pairs))
    manifest.record_seconds(rendered.seconds)
    manifest.record_contents(rendered.contents)
    files = rendered.files
    for job in todo:
        manifest.record(job, keys[job])
    return files, ["index.html", *(f for job in plan for f in job.files(options.formats))]


def _refuse_problems(content: Content, tags: Sequence[str]) -> None:
    from .check import locale_problems

    problems = [p for tag in dict.fromkeys(tags) for p in locale_problems(content, tag)]
    if problems:
        raise ContentError(problems)


def created_stamp(content: Content, epoch: int | None) -> str:
    """The document date: SOURCE_DATE_EPOCH when given, else the briefing's own date."""
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return content.briefing.date.isoformat()


__all__ = ["FORMATS", "Options", "build", "created_stamp", "project_root"]
