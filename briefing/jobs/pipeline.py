"""The whole pipeline, top to bottom, in `build`.

load content -> validate -> resolve names and facts per locale (editions)
-> render templates -> PDF -> write, all or nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import ContentError, OutputError, UsageError
from briefing.jobs.manifest import MANIFEST, Manifest, build_key, fingerprints
from briefing.jobs.options import FORMATS, Options, Progress, check_epoch, check_formats
from briefing.jobs.output import foreign_files, locked, write_all
from briefing.jobs.plan import Job
from briefing.jobs.session import session
from briefing.jobs.timings import Timings
from briefing.jobs.workers import Index, run

if TYPE_CHECKING:
    from briefing.content.folder import Content

log = logging.getLogger(__name__)


def select_locales(content: Content, requested: Sequence[str],
                   preferred: Sequence[str] = ()) -> list[str]:
    """The locale folders asked for by name, and the best one for `preferred` (the
    reference locale when none of those is available); every folder when neither."""
    from briefing.edition.l10n import choose, negotiate

    available = list(content.locales)
    if not requested and not preferred:
        return available
    chosen = [choose(r, available) for r in requested]
    if preferred:
        tag = negotiate(preferred, available, fallback=content.briefing.reference_locale)
        log.info("--locale auto: %s (for %s)", tag, ", ".join(preferred))
        chosen.append(tag)
    return list(dict.fromkeys(chosen))


def select_pairs(content: Content, requested: Sequence[str] | None) -> list[tuple[str, str]]:
    """'ja+ru' -> ('ja', 'ru'): two different available locales, primary first."""
    from briefing.edition.l10n import choose

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
    check_epoch(options.source_date_epoch)
    if not options.templates.is_dir():
        raise UsageError(f"{options.templates}: the templates folder does not exist")
    _refuse_out_inside(options)
    with locked(options.out):
        manifest = Manifest.read(options.out)
        _refuse_foreign(options)
        whole = build_key(options)
        if not options.force and manifest.unchanged(whole):
            return []  # not one input changed: nothing to load, render or write
        timings = Timings.read(options.out, options.cache)
        done = _render(options, manifest, timings, progress)
        restricted = bool(options.locales) or options.bilingual is not None \
            or set(options.formats) != set(FORMATS)
        stale = manifest.stale(done.outputs, done.locales, restricted)
        pending = manifest.pending(done.todo, done.outputs)
        manifest.record_build(whole, done.outputs, stale)
        written = write_all(options.out, done.files, first={MANIFEST: pending},
                            last={MANIFEST: manifest.dump()}, remove=stale)
        timings.save()
        return written


def _refuse_out_inside(options: Options) -> None:
    """Outputs inside the content or templates would be read back as inputs."""
    out = options.out.resolve()
    for name, folder in (("content", options.content), ("templates", options.templates)):
        if out.is_relative_to(folder.resolve()):
            raise UsageError(f"--out {options.out}: inside the {name} folder {folder}; "
                             "choose an output folder outside the content and templates")


def _refuse_foreign(options: Options) -> None:
    """A folder that holds someone's files is not overwritten unless asked to."""
    foreign = foreign_files(options.out, MANIFEST)
    if foreign and not options.force:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise OutputError(f"{options.out}: the folder holds files that no build wrote "
                          f"({shown}) and no {MANIFEST}; choose an empty or new folder, "
                          "or give --force to write into it anyway")


@dataclass
class _Done:
    """What rendering gave: the files, the names of every output this build stands for,
    the jobs rendered and the content's locales."""

    files: dict[str, bytes]
    outputs: list[str]
    todo: list[Job]
    locales: list[str]


def _render(options: Options, manifest: Manifest, timings: Timings,
            progress: Progress | None) -> _Done:
    """The outputs whose inputs changed (all of them with --force) and the index."""
    # The session (content, templates, catalogs) is made here, before the workers fork:
    # they inherit it instead of loading the content again.
    content = session(options).content
    from briefing.edition.resolve import check_naming

    check_naming(content, options.naming)
    tags = select_locales(content, options.locales, options.preferred)
    pairs = select_pairs(content, options.bilingual)
    if options.bilingual is None and (options.locales or options.preferred):
        # The content's own pairs follow --locale: only those made of chosen locales.
        pairs = [p for p in pairs if set(p) <= set(tags)]
    if options.strict:
        _refuse_problems(content, tags + [t for pair in pairs for t in pair])
    from briefing.render.figures import ask_fonts

    ask_fonts(content, (session(options).renderer.formatter(tag).lang
                        for tag in [*tags, *(t for pair in pairs for t in pair)]))
    # The longest first (bilingual editions), so that the workers finish together.
    plan = [Job(*pair) for pair in pairs] + [Job(tag) for tag in tags]
    keys = fingerprints(plan, options, content)
    todo = [job for job in plan
            if options.force or not manifest.fresh(job, keys[job], options.formats)]
    rendered = run(timings.longest_first(todo), options, progress, manifest.contents(),
                   Index(tags, pairs))
    timings.record(rendered.seconds)
    manifest.record_contents(rendered.contents)
    for job in todo:
        manifest.record(job, keys[job])
    outputs = ["index.html", *(f for job in plan for f in job.files(options.formats))]
    return _Done(rendered.files, outputs, todo, list(content.locales))


def _refuse_problems(content: Content, tags: Sequence[str]) -> None:
    from briefing.check import locale_problems

    problems = [p for tag in dict.fromkeys(tags) for p in locale_problems(content, tag)]
    if problems:
        raise ContentError(problems)

