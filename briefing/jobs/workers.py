"""Editions rendered in parallel processes, the index page queued last."""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.jobs.plan import Job
from briefing.jobs.session import _release, _render_in, index_page, session
from briefing.terminal import interrupts_held

if TYPE_CHECKING:
    from briefing.jobs.options import Options, Progress


_Outcome = tuple[dict[str, bytes], float, dict[str, int] | None]
"""One job's files, the seconds it took, and where its PDF's contents pointed."""


@dataclass
class Rendered:
    """What rendering the jobs gave: their files, the seconds each job took, and where
    each PDF's table of contents pointed (for the next build to print as they are)."""

    files: dict[str, bytes] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    contents: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, job: Job, outcome: _Outcome) -> None:
        files, self.seconds[job.name], contents = outcome
        self.files.update(files)
        if contents is not None:
            self.contents[job.name] = contents


@dataclass(frozen=True)
class Index:
    """dist/index.html: the locales and pairs it lists."""

    tags: Sequence[str]
    pairs: Sequence[tuple[str, str]]

    def render(self, options: Options) -> bytes:
        return index_page(session(options), self.tags, self.pairs)


def run(todo: Sequence[Job], options: Options, progress: Progress | None,
        contents: Mapping[str, dict[str, int]], index: Index) -> Rendered:
    """Render every job and the index, in worker processes when there is more than one
    job. `contents`: where each edition's table of contents pointed last time, by
    edition."""
    rendered = Rendered()
    workers = min(options.workers, len(todo))
    if "pdf" in options.formats:
        session(options).pdf_renderer(options).contents_pages.update(contents)
    if workers <= 1:
        for done, job in enumerate(todo, start=1):
            rendered.add(job, _timed_job(job, options))
            if progress:
                progress(job.name, done, len(todo))
        rendered.files["index.html"] = index.render(options)
        return rendered
    with interrupts_held():  # numpy prints an interrupt that lands in its import
        if "pdf" in options.formats:
            # Loaded once here and inherited by the forked workers: WeasyPrint, the fonts.
            from briefing.pdf.fonts import warm
            from briefing.pdf.renderer import import_weasyprint

            import_weasyprint()
            s = session(options)
            warm(sorted({family for job in todo for lang in s.languages(job.locales)
                         for family in lang.families}))
        if options.map_cache is None:
            # With no cache folder, the maps' land is cut here, once, for every worker.
            # With one, a worker reads each map (or its land) from it, and no process
            # loads the map's libraries unless a map must be drawn.
            from briefing.render.figures import prepare_maps

            prepare_maps(session(options).content, None)
    from briefing.map import textwidth

    textwidth.collect()  # the maps' fonts, asked as the build began: not the workers' to read
    # What the workers inherit is left out of their garbage collections: collecting it
    # would cost time, and touching it would copy every inherited page.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context,
                                                  initializer=_worker_signals,
                                                  initargs=(os.getpid(),))
    try:
        futures = {pool.submit(_timed_job, job, options): job for job in todo}
        # Queued last, the index goes to the first worker that is free, while the
        # other finishes its last edition.
        index_page = pool.submit(index.render, options)
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            rendered.add(futures[future], future.result())
            if progress:
                progress(futures[future].name, done, len(todo))
        rendered.files["index.html"] = index_page.result()
    except BaseException:
        _stop(pool)  # report the first error (or the interrupt) now
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=False)  # the workers exit while the files are written
    return rendered


def _worker_signals(parent: int) -> None:
    """A worker ignores Ctrl-C (a terminal sends it to every process of the command):
    the parent decides, and stops the workers with SIGTERM, which ends a worker at
    once, its temporary font folders removed. A worker whose parent is killed gets
    SIGTERM too (Linux), instead of waiting for work for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # killed before the line above
        os._exit(128 + signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _exit_on_terminate(signum: int, frame: object) -> None:
    """Stopped: remove this worker's font folders and end at once. Not by raising: the
    pool would send that back as the job's result, into a pipe no one reads any more,
    and the worker would wait there for ever."""
    with contextlib.suppress(Exception):
        _release()
    os._exit(128 + signum)


def _stop(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Cancel the jobs not started and end those under way."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()


def _timed_job(job: Job, options: Options) -> _Outcome:
    start = time.perf_counter()
    s = session(options)
    files = _render_in(s, job, options, tidy=False)
    took = time.perf_counter() - start
    return files, took, s.pdfs.contents_pages.get(job.name) if s.pdfs else None

