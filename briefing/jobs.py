"""Editions as jobs: rendered in parallel processes, skipped when nothing they read changed."""

from __future__ import annotations

import concurrent.futures
import gc
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .build import Options, Progress
    from .content import Content
    from .edition import Edition
    from .pdf import PdfRenderer
    from .render import Renderer

# Rendering modules (Jinja, Markdown, Babel's data, HarfBuzz) are imported inside the
# functions that render, so that a build with nothing to do starts fast.

MANIFEST = ".briefing-manifest.json"


@dataclass(frozen=True)
class Job:
    """One edition: a locale, or a pair of locales side by side."""

    left: str
    right: str | None = None

    @property
    def name(self) -> str:
        return self.left if self.right is None else f"{self.left}+{self.right}"

    def files(self, formats: Sequence[str]) -> list[str]:
        names = {"html": "briefing.html", "pdf": "briefing.pdf", "fragment": "fragment.html"}
        wanted = [f for f in formats if self.right is None or f != "fragment"]
        return [f"{self.name}/{names[f]}" for f in wanted]


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
    if "pdf" in options.formats:
        # Loaded once here and inherited by the forked workers: WeasyPrint, and the fonts.
        from .fonts import warm
        from .pdf import import_weasyprint

        import_weasyprint()
        warm()
    # What the workers inherit is left out of their garbage collections: collecting it
    # would cost time, and touching it would copy every inherited page.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context)
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
        pool.shutdown(wait=False, cancel_futures=True)  # report the first error now
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=False)  # the workers exit while the files are written
    return rendered


def _timed_job(job: Job, options: Options) -> _Outcome:
    start = time.perf_counter()
    s = session(options)
    files = _render_in(s, job, options, tidy=False)
    took = time.perf_counter() - start
    return files, took, s.pdfs.contents_pages.get(job.name) if s.pdfs else None


@dataclass
class Session:
    """What a process keeps between renders: content, Jinja environments, parsed CSS."""

    content: Content
    renderer: Renderer
    pdfs: PdfRenderer | None = None

    def pdf_renderer(self, options: Options) -> PdfRenderer:
        if self.pdfs is None:
            css = self.renderer.css("base") + self.renderer.css("print")
            css += f"\n@page {{ size: {options.paper.upper()}; }}\n"
            self.pdfs = _pdf_renderer(options.templates, options.content, css,
                                      options.pdf_variant)
        return self.pdfs

    @cached_property
    def font_seed(self) -> frozenset[int]:
        """The code points every PDF of this briefing shares: those of its templates and
        content (every locale) and of the values its locales' formatters write. A new
        session comes with any change to a file, so the seed is never stale."""
        from .fonts import code_points, folder_characters

        formatted = " ".join(self.renderer.formatter(tag).samples()
                             for tag in self.content.locales)
        return code_points(folder_characters([self.renderer.templates, self.content.root])
                           | set(formatted))


@cache
def _pdf_renderer(templates: Path, content: Path, css: str, variant: str | None) -> PdfRenderer:
    """One per stylesheet and variant: its parsed CSS and its fonts outlive a content
    edit."""
    from .pdf import PdfRenderer

    return PdfRenderer([templates, content], css, variant)


_release_registered_in: int | None = None


def _release_at_exit() -> None:
    """WeasyPrint keeps a font configuration's fonts in a temporary folder that it
    removes when the configuration is collected; the renderers keep theirs for the
    life of the process, and a worker process exits without collecting. Release them
    at any exit, worker or not (multiprocessing runs these finalizers in both)."""
    global _release_registered_in
    if _release_registered_in != os.getpid():
        from multiprocessing import util

        util.Finalize(None, _release, exitpriority=10)
        _release_registered_in = os.getpid()


def _release() -> None:
    pdf = sys.modules.get(f"{__package__}.pdf")
    if pdf is not None:
        pdf.release_fonts()


@cache
def _session(content_dir: Path, templates: Path, signature: str, paper: str,
             variant: str | None) -> Session:
    from .content import load_content
    from .render import Renderer

    content = load_content(content_dir)
    return Session(content, Renderer(templates, content))


def session(options: Options) -> Session:
    """The process's session for these inputs; a new one whenever a file changed."""
    return _session(options.content, options.templates,
                    inputs_signature(options.content, options.templates), options.paper,
                    options.pdf_variant)


def render_job(job: Job, options: Options, tidy: bool = True) -> dict[str, bytes]:
    """One edition's files. `tidy`: collect the cycles a PDF leaves as it ends, so that
    the next request of a long-lived process does not pay for them (a build's next
    edition collects them anyway)."""
    return _render_in(session(options), job, options, tidy)


def _render_in(s: Session, job: Job, options: Options, tidy: bool) -> dict[str, bytes]:
    _release_at_exit()
    with _rarer_collections(collect_after=tidy and "pdf" in options.formats):
        if job.right is None:
            return _single(s, job, options)
        return _bilingual(s, job, options)


RARE_COLLECTIONS = (20_000, 20, 20)
"""Garbage collection thresholds for work that allocates millions of objects and
makes few cycles: rendering, and a command's start (see `cli.entry`)."""


@contextmanager
def _rarer_collections(collect_after: bool) -> Iterator[None]:
    """Fewer garbage collections while an edition renders, the caller's setting restored.

    A render allocates millions of small objects and frees nearly all of them by
    reference counting; with Python's default (a collection every 700 allocations)
    the collector took 15 % of a bilingual PDF, walking the same live boxes again and
    again. Cycles are still collected, every 20,000 allocations. A PDF's layout
    leaves cycles in the young generations: they are collected as it ends, as part of
    its own time, or the next render (in the preview, an HTML page) paid for them."""
    before = gc.get_threshold()
    gc.set_threshold(*RARE_COLLECTIONS)
    try:
        yield
    finally:
        if collect_after:
            gc.collect(1)
        gc.set_threshold(*before)


def _edition(s: Session, tag: str, options: Options, cite_prefix: str | None = None) -> Edition:
    from .edition import build_edition

    return build_edition(s.content, tag, naming=options.naming, strict=options.strict,
                         cite_prefix=cite_prefix)


def _extras(s: Session, editions: list[Edition], options: Options) -> dict[str, Any]:
    from .build import created_stamp
    from .figures import locator_map

    first = editions[0]
    figure = locator_map(s.content, editions, s.renderer.formatter(first.tag),
                         s.renderer.catalog(first.tag), first.id_prefix)
    figures = {"map_svg": figure.svg, "map_caption": figure.caption} if figure else {}
    return {"extras": figures, "created": created_stamp(s.content, options.source_date_epoch)}


def _single(s: Session, job: Job, options: Options) -> dict[str, bytes]:
    edition = _edition(s, job.left, options)
    extras = _extras(s, [edition], options)
    files: dict[str, bytes] = {}
    if "html" in options.formats:
        html = s.renderer.edition_html(edition, "screen", **extras, **_switcher(s, job))
        files[f"{job.name}/briefing.html"] = html.encode("utf-8")
    if "fragment" in options.formats:
        html = s.renderer.edition_html(edition, "fragment", **extras)
        files[f"{job.name}/fragment.html"] = html.encode("utf-8")
    if "pdf" in options.formats:
        def make_html(toc: bool, toc_pages: Mapping[str, int]) -> str:
            return s.renderer.edition_html(edition, "print", show_toc=toc, toc_pages=toc_pages,
                                           **extras)

        pdf = s.pdf_renderer(options).render(make_html, s.content.root, job.name,
                                             s.font_seed)
        files[f"{job.name}/briefing.pdf"] = pdf
    return files


def _bilingual(s: Session, job: Job, options: Options) -> dict[str, bytes]:
    from .bilingual import pair_rows
    from .render import BILINGUAL_TEMPLATE

    assert job.right is not None
    left = _edition(s, job.left, options)
    right = _edition(s, job.right, options, cite_prefix=left.id_prefix)  # one list of sources
    extras = _extras(s, [left, right], options)
    rows = pair_rows(s.renderer, left, right, extras["extras"])
    files: dict[str, bytes] = {}

    def page(medium: str, toc: bool = False, toc_pages: Mapping[str, int] | None = None) -> str:
        return s.renderer.render(left.tag, BILINGUAL_TEMPLATE, left=left, right=right,
                                 rows=rows, medium=medium, show_toc=toc,
                                 toc_pages=toc_pages or {},
                                 css=s.renderer.medium_css(medium),  # type: ignore[arg-type]
                                 **_switcher(s, job), **extras)

    if "html" in options.formats:
        files[f"{job.name}/briefing.html"] = page("screen").encode("utf-8")
    if "pdf" in options.formats:
        pdf = s.pdf_renderer(options).render(lambda toc, pages: page("print", toc, pages),
                                             s.content.root,
                                             job.name, s.font_seed)
        files[f"{job.name}/briefing.pdf"] = pdf
    return files


def _switcher(s: Session, job: Job) -> dict[str, object]:
    editions = []
    for tag in s.content.locales:
        fmt = s.renderer.formatter(tag)
        editions.append({"lang": fmt.lang, "name": fmt.language_name(),
                         "href": f"../{tag}/briefing.html",
                         "current": job.right is None and tag == job.left})
    return {"editions": editions, "alternates": [e for e in editions if not e["current"]]}


def index_page(s: Session, tags: Sequence[str], pairs: Sequence[tuple[str, str]]) -> bytes:
    """dist/index.html, in the reference locale, naming each edition in its own language."""
    from .render import INDEX_TEMPLATE

    renderer, content = s.renderer, s.content
    ref = content.briefing.reference_locale
    editions = []
    for tag in tags:
        fmt = renderer.formatter(tag)
        editions.append({"tag": tag, "lang": fmt.lang, "name": fmt.language_name(),
                         "title": content.locales[tag].text.title})
    bilingual = [{"tag": f"{a}+{b}", "name": f"{_own_name(a)} + {_own_name(b)}"}
                 for a, b in pairs]
    html = renderer.render(ref, INDEX_TEMPLATE, lang=renderer.formatter(ref).lang,
                           title=content.locales[ref].text.title, editions=editions,
                           bilingual=bilingual, css=renderer.medium_css("screen"))
    return html.encode("utf-8")


def _own_name(tag: str) -> str:
    from babel import Locale

    from .l10n import Formatter

    return Formatter(Locale.parse(tag)).language_name()


def inputs_signature(*folders: Path) -> str:
    """A hash of every file under the folders: names and bytes."""
    digest = hashlib.sha256(__version__.encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _settings(options: Options, *leave_out: str) -> bytes:
    settings = {k: v for k, v in asdict(options).items()
                if k not in ("out", "force", "workers", *leave_out)}
    return json.dumps(settings, default=str, sort_keys=True).encode()


def build_key(options: Options) -> str:
    """Every input of a whole build, read without parsing any of it: the settings (what
    was asked for included), the package version and every file's name and bytes."""
    digest = hashlib.sha256(_settings(options))
    digest.update(inputs_signature(options.content, options.templates).encode())
    return digest.hexdigest()


def fingerprints(plan: Sequence[Job], options: Options, content: Content) -> dict[Job, str]:
    """Everything each job's outputs depend on: settings, templates, the neutral content,
    its own locale folders and the reference locale (which fills any gap). Each file is
    read once, whatever the number of jobs."""
    root = options.content
    locales = set(content.locales)
    signed: dict[Path, bytes] = {}

    def sign(path: Path) -> bytes:
        if path not in signed:
            signed[path] = (inputs_signature(path).encode() if path.is_dir()
                            else path.name.encode() + path.read_bytes())
        return signed[path]

    common = hashlib.sha256(_settings(options, "locales", "bilingual"))
    common.update(" ".join(sorted(locales)).encode())  # the language switcher lists them
    for path in [options.templates, *sorted(p for p in root.iterdir() if p.name not in locales)]:
        common.update(sign(path))
    keys = {}
    for job in plan:
        digest = common.copy()
        for tag in sorted({job.left, job.right or job.left, content.briefing.reference_locale}):
            digest.update(sign(root / tag))
        keys[job] = digest.hexdigest()
    return keys


@dataclass
class Manifest:
    """What each edition was last built from, so that an unchanged one is skipped."""

    path: Path
    entries: dict[str, Any]

    @classmethod
    def read(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def unchanged(self, key: str) -> bool:
        """The whole build was made from exactly these inputs, and its files are there."""
        outputs = self.entries.get("outputs", "")
        return self.entries.get("build") == key and bool(outputs) and all(
            (self.path.parent / name).is_file() for name in outputs.split("\n"))

    def record_build(self, key: str, outputs: Sequence[str]) -> None:
        self.entries["build"] = key
        self.entries["outputs"] = "\n".join(sorted(outputs))

    def fresh(self, job: Job, key: str, formats: Sequence[str]) -> bool:
        return self.entries.get(job.name) == key and all(
            (self.path.parent / f).is_file() for f in job.files(formats))

    def record(self, job: Job, key: str) -> None:
        self.entries[job.name] = key

    def longest_first(self, jobs: Sequence[Job]) -> list[Job]:
        """The jobs ordered by the time each took last, longest first, so that the
        workers finish together; a job not timed yet keeps its place at the front."""
        took = self.entries.get("seconds")
        took = took if isinstance(took, dict) else {}
        known = [j for j in jobs if isinstance(took.get(j.name), int | float)]
        return ([j for j in jobs if j not in known]
                + sorted(known, key=lambda j: -float(took[j.name])))

    def contents(self) -> dict[str, dict[str, int]]:
        """Where each edition's table of contents pointed in the last build."""
        found = self.entries.get("contents")
        if not isinstance(found, dict):
            return {}
        return {name: pages for name, pages in found.items() if isinstance(pages, dict)
                and all(isinstance(v, int) for v in pages.values())}

    def record_contents(self, contents: dict[str, dict[str, int]]) -> None:
        self.entries["contents"] = {**self.contents(), **contents}

    def record_seconds(self, seconds: dict[str, float]) -> None:
        took = self.entries.get("seconds")
        took = dict(took) if isinstance(took, dict) else {}
        took.update({name: round(value, 2) for name, value in seconds.items()})
        self.entries["seconds"] = took

    def dump(self) -> bytes:
        return json.dumps(self.entries, indent=1, sort_keys=True).encode()


__all__ = ["Job", "Manifest", "fingerprints", "inputs_signature", "render_job", "run"]
