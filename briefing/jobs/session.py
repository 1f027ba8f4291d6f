"""What a process keeps between renders, and one job's files rendered with it."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import cachefiles
from briefing.jobs.manifest import inputs_signature
from briefing.jobs.plan import Job

if TYPE_CHECKING:
    from briefing.content.folder import Content
    from briefing.edition.resolve import Edition
    from briefing.jobs.options import Options
    from briefing.pdf.fonts import FontPlan
    from briefing.pdf.renderer import PdfRenderer
    from briefing.render.pages import Renderer
    from briefing.render.typefaces import LanguageFonts


@dataclass
class Session:
    """What a process keeps between renders: content, Jinja environments, parsed CSS."""

    content: Content
    renderer: Renderer
    pdfs: PdfRenderer | None = None
    _languages: dict[tuple[str, ...], list[LanguageFonts]] = field(default_factory=dict)
    _codes: dict[tuple[str, ...], frozenset[int]] = field(
        default_factory=dict)
    _editions: dict[tuple[Any, ...], Edition] = field(default_factory=dict)

    def pdf_renderer(self, options: Options) -> PdfRenderer:
        if self.pdfs is None:
            css = self.renderer.css("base") + self.renderer.css("print")
            css += f"\n@page {{ size: {options.paper.upper()}; }}\n"
            self.pdfs = _pdf_renderer(options.templates, options.content, css,
                                      options.pdf_variant)
        return self.pdfs

    def languages(self, tags: Sequence[str]) -> list[LanguageFonts]:
        """The families of every language the editions of `tags` show, theirs first."""
        from briefing.edition.resolve import shown_languages
        from briefing.render.typefaces import locale_fonts

        key = tuple(tags)
        if key not in self._languages:
            self._languages[key] = locale_fonts(self.content,
                                                shown_languages(self.content, tags))
        return self._languages[key]

    def font_plan(self, tags: Sequence[str]) -> FontPlan:
        """The fonts the PDFs of `tags` share (`briefing.pdf.fonts`): the families of the
        languages they show, cut to the characters of the templates, the neutral
        content, the folders of those languages and the values their formatters write.
        Every edition that shows the same languages gets the same codes, whichever is
        its own, so that a process renders them all with one font configuration. A new
        session comes with any change to a file, so the plan is never stale."""
        from briefing.edition.resolve import font_folders
        from briefing.pdf.fonts import PRINT_CHARACTERS, FontPlan, code_points, folder_characters

        langs = tuple(self.languages(tags))
        key = tuple(font_folders(self.content, tags))
        if key not in self._codes:
            root = self.content.root
            neutral = [p for p in root.iterdir() if p.name not in self.content.locales]
            formatted = " ".join(self.renderer.formatter(tag).samples() for tag in key)
            self._codes[key] = code_points(
                folder_characters([self.renderer.templates, *neutral,
                                   *(root / tag for tag in key)])
                | set(formatted) | set(PRINT_CHARACTERS))
        return FontPlan(langs, self._codes[key])


@cache
def _pdf_renderer(templates: Path, content: Path, css: str, variant: str | None) -> PdfRenderer:
    """One per stylesheet and variant: its parsed CSS and its fonts outlive a content
    edit."""
    from briefing.pdf.renderer import PdfRenderer

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
    pdf = sys.modules.get("briefing.pdf.renderer")
    if pdf is not None:
        pdf.release_fonts()


@cache
def _session(content_dir: Path, templates: Path, signature: str, paper: str,
             variant: str | None, template_seconds: float) -> Session:
    from briefing.terminal import interrupts_held

    with interrupts_held():  # the C libraries' modules, imported here on a first call
        from briefing.content.load import load_content
        from briefing.render.pages import Renderer
    content = load_content(content_dir)
    return Session(content, Renderer(templates, content, time_limit=template_seconds))


def session(options: Options) -> Session:
    """The process's session for these inputs; a new one whenever a file changed."""
    cachefiles.use(options.cache / "prepared" if options.cache else None)
    return _session(options.content, options.templates,
                    inputs_signature(options.content, options.templates), options.paper,
                    options.pdf_variant, options.template_seconds)


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


def _edition(s: Session, tag: str, options: Options, cite_prefix: str | None = None,
             partner: str | None = None) -> Edition:
    """The edition, resolved once per session (the preview's HTML and PDF of an
    edition share it; nothing changes an edition once made)."""
    from briefing.edition.resolve import build_edition

    key = (tag, options.naming, options.strict, cite_prefix, partner)
    if key not in s._editions:
        s._editions[key] = build_edition(s.content, tag, naming=options.naming,
                                         strict=options.strict, cite_prefix=cite_prefix,
                                         partner=partner)
    return s._editions[key]


def _extras(s: Session, editions: list[Edition], options: Options) -> dict[str, Any]:
    from briefing.jobs.options import created_stamp
    from briefing.render.figures import maps

    first = editions[0]
    figures = {"maps": maps(s.content, editions, s.renderer.formatter(first.tag),
                            s.renderer.catalog(first.tag), first.id_prefix, options.map_cache)}
    return {"extras": figures, "created": created_stamp(s.content, options.source_date_epoch)}


def _single(s: Session, job: Job, options: Options) -> dict[str, bytes]:
    edition = _edition(s, job.left, options)
    extras = _extras(s, [edition], options)
    files: dict[str, bytes] = {}
    if "html" in options.formats:
        html = s.renderer.edition_html(edition, "screen", s.languages(job.locales), **extras,
                                       **_switcher(s, job))
        files[f"{job.name}/briefing.html"] = html.encode("utf-8")
    if "fragment" in options.formats:
        html = s.renderer.edition_html(edition, "fragment", s.languages(job.locales),
                                       **extras)
        files[f"{job.name}/fragment.html"] = html.encode("utf-8")
    if "pdf" in options.formats:
        def make_html(toc: bool, toc_pages: Mapping[str, int]) -> str:
            return s.renderer.edition_html(edition, "print", show_toc=toc, toc_pages=toc_pages,
                                           **extras)

        pdf = s.pdf_renderer(options).render(make_html, s.content.root, job.name,
                                             s.font_plan(job.locales))
        files[f"{job.name}/briefing.pdf"] = pdf
    return files


def _bilingual(s: Session, job: Job, options: Options) -> dict[str, bytes]:
    from briefing.render.bilingual import pair_rows
    from briefing.render.pages import BILINGUAL_TEMPLATE

    assert job.right is not None
    left = _edition(s, job.left, options, partner=job.right)
    right = _edition(s, job.right, options, cite_prefix=left.id_prefix,  # one list of sources
                     partner=job.left)
    extras = _extras(s, [left, right], options)
    rows = pair_rows(s.renderer, left, right, extras["extras"])
    files: dict[str, bytes] = {}

    def page(medium: str, toc: bool = False, toc_pages: Mapping[str, int] | None = None) -> str:
        return s.renderer.render(left.tag, BILINGUAL_TEMPLATE, left=left, right=right,
                                 rows=rows, medium=medium, show_toc=toc,
                                 toc_pages=toc_pages or {},
                                 css=s.renderer.medium_css(
                                     medium, s.languages(job.locales)),  # type: ignore[arg-type]
                                 **_switcher(s, job), **extras)

    if "html" in options.formats:
        files[f"{job.name}/briefing.html"] = page("screen").encode("utf-8")
    if "pdf" in options.formats:
        pdf = s.pdf_renderer(options).render(lambda toc, pages: page("print", toc, pages),
                                             s.content.root,
                                             job.name, s.font_plan(job.locales))
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
    from briefing.render.pages import INDEX_TEMPLATE

    renderer, content = s.renderer, s.content
    ref = content.briefing.reference_locale
    editions = []
    for tag in tags:
        fmt = renderer.formatter(tag)
        editions.append({"tag": tag, "lang": fmt.lang, "name": fmt.language_name(),
                         "title": content.words(tag, "title")[0]})
    bilingual = [{"tag": f"{a}+{b}", "name": f"{_own_name(a)} + {_own_name(b)}"}
                 for a, b in pairs]
    html = renderer.render(ref, INDEX_TEMPLATE, lang=renderer.formatter(ref).lang,
                           title=content.locales[ref].text.title, editions=editions,
                           bilingual=bilingual,
                           css=renderer.medium_css("screen", s.languages(tags)))
    return html.encode("utf-8")


def _own_name(tag: str) -> str:
    from babel import Locale

    from briefing.edition.l10n import Formatter

    return Formatter(Locale.parse(tag)).language_name()

