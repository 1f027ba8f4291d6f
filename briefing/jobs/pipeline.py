"""The whole pipeline, top to bottom, in `build`.

load content -> validate -> resolve names and facts per locale (editions)
-> render templates -> PDF -> write, all or nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import ContentError, UsageError
from briefing.jobs.manifest import MANIFEST, Manifest, build_key, fingerprints
from briefing.jobs.options import Options, Progress, check_formats
from briefing.jobs.output import locked, write_all
from briefing.jobs.plan import Job
from briefing.jobs.session import session
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
    if not options.templates.is_dir():
        raise UsageError(f"{options.templates}: the templates folder does not exist")
    with locked(options.out):
        manifest = Manifest.read(options.out)
        whole = build_key(options)
        if not options.force and manifest.unchanged(whole):
            return []  # not one input changed: nothing to load, render or write
        files, outputs = _render(options, manifest, progress)
        manifest.record_build(whole, outputs)
        files[MANIFEST] = manifest.dump()
        return write_all(options.out, files)


def _render(options: Options, manifest: Manifest,
            progress: Progress | None) -> tuple[dict[str, bytes], list[str]]:
    """The outputs whose inputs changed (all of them with --force) and the index; and
    the names of every output this build stands for."""
    # The session (content, templates, catalogs) is made here, before the workers fork:
    # they inherit it instead of loading the content again.
    content = session(options).content
    tags = select_locales(content, options.locales, options.preferred)
    pairs = select_pairs(content, options.bilingual)
    if options.bilingual is None and (options.locales or options.preferred):
        # The content's own pairs follow --locale: only those made of chosen locales.
        pairs = [p for p in pairs if set(p) <= set(tags)]
    if options.strict:
        _refuse_problems(content, tags + [t for pair in pairs for t in pair])
    # The longest first (bilingual editions), so that the workers finish together.
    plan = [Job(*pair) for pair in pairs] + [Job(tag) for tag in tags]
    keys = fingerprints(plan, options, content)
    todo = [job for job in plan
            if options.force or not manifest.fresh(job, keys[job], options.formats)]
    rendered = run(manifest.longest_first(todo), options, progress, manifest.contents(),
                        Index(tags, pairs))
    manifest.record_seconds(rendered.seconds)
    manifest.record_contents(rendered.contents)
    files = rendered.files
    for job in todo:
        manifest.record(job, keys[job])
    return files, ["index.html", *(f for job in plan for f in job.files(options.formats))]


def _refuse_problems(content: Content, tags: Sequence[str]) -> None:
    from briefing.check import locale_problems

    problems = [p for tag in dict.fromkeys(tags) for p in locale_problems(content, tag)]
    if problems:
        raise ContentError(problems)

