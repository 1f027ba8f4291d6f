"""HTML to PDF with WeasyPrint: sealed, checked for missing glyphs, compact, reproducible."""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.errors import ContentError, RenderError
from briefing.pdf import deferred, faster, hyphenation, pagerefs, tagging
from briefing.pdf.fonts import (
    FontPlan,
    FontSet,
    code_points,
    font_set,
    require_coverage,
    stacks,
    use_subsets,
)
from briefing.pdf.linebreak import for_print
from briefing.pdf.textscan import characters
from briefing.terminal import interrupts_held

log = logging.getLogger(__name__)

TOC_MIN_PAGES = 3
"""A table of contents helps from three pages on; on one or two it only takes room."""

MAX_PAGES = 300
"""The most pages a PDF may have: a handout, not a book (94 pages take 332 MB to lay out,
see the benchmarks)."""

_IMPORTING = threading.Lock()


def import_weasyprint() -> None:
    """Import WeasyPrint; on Linux, without the twenty subprocesses it would start.

    WeasyPrint opens each C library (GObject, Pango, HarfBuzz, fontconfig) by trying
    its names on every platform in turn, the Linux soname among the last. cffi hands
    each name that is not a file to `ctypes.util.find_library`, which on Linux runs
    ldconfig, gcc and ld: 0.2 s of every cold start. The sonames load directly, so
    find_library is switched off for the import; should that fail (a system where
    only find_library knows the path), the import is done again the ordinary way."""
    with _IMPORTING, interrupts_held():
        if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
            import weasyprint  # noqa: F401
            return
        import ctypes.util

        deferred.install()  # fontTools' subsetter and instancer, imported when used
        find_library = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            # WeasyPrint prints its installation hint before it fails: the ordinary
            # import below prints it, if the libraries are really missing.
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401
        except OSError:
            pass
        finally:
            ctypes.util.find_library = find_library
        import weasyprint  # noqa: F401, F811


MakeHtml = Callable[[bool, Mapping[str, int]], str]
"""Produces the print HTML: with or without a table of contents, and with the page
numbers of the contents' targets where they are known (anchor id -> page)."""


@dataclass
class PdfRenderer:
    """Keeps WeasyPrint's parsed stylesheet and the loaded fonts for the life of a process.

    The PDFs of a briefing that show the same languages share one font set, cut to the
    briefing's characters in those languages (the `FontPlan` its session gives:
    templates, the neutral content, those languages' folders, formatted values), so
    that one WeasyPrint font configuration, with Pango's caches in it, serves them
    all. A document with a character beyond those gets the set plus its own
    characters (and a family for any character its languages' families lack): which
    set a PDF embeds depends only on the document and the briefing's files, so that
    builds stay byte-identical whatever order the workers take the editions in, and
    whatever the process rendered before."""

    roots: Sequence[Path]
    """Folders the document may read from (templates, content)."""
    stylesheet_text: str
    variant: str | None = "pdf/ua-1"
    _stylesheet: Any = None
    _loaded: dict[tuple[frozenset[str], frozenset[int]], _LoadedFonts] = field(
        default_factory=dict)
    _stacks: dict[str, Any] = field(default_factory=dict)
    """The parsed font stacks (`fonts.stacks`), by their text."""
    contents_pages: dict[str, dict[str, int]] = field(default_factory=dict)
    """Where each document's contents pointed in its last layout, by document name, like
    LaTeX's .aux file: printed as they are in the next layout and checked against
    where the headings fall. Saves WeasyPrint two layouts of the contents' page
    (about a tenth of a PDF), and never prints a wrong number."""

    def _base(self) -> Any:
        """The stylesheet, parsed once; its @import rules go through the sealed fetcher,
        as every URL of the document does, relative to the templates' css/ folder."""
        if self._stylesheet is None:
            from weasyprint import CSS  # imported only when a PDF is really wanted
            from weasyprint.urls import FatalURLFetchingError

            from briefing.pdf.fetch import SealedFetcher

            fetcher = SealedFetcher(self.roots)
            base_url = (self.roots[0] / "css").resolve().as_uri() + "/" if self.roots else None
            with contextlib.suppress(FatalURLFetchingError):  # named below, with the URLs
                self._stylesheet = CSS(string=self.stylesheet_text,
                                       base_url=base_url, url_fetcher=fetcher)
            _refuse_fetches(fetcher, "the stylesheet")
        return self._stylesheet

    def _fonts_for(self, chars: Iterable[str], seed: FontPlan, extra: tuple[str, ...]
                   ) -> _LoadedFonts:
        needed = code_points(chars)
        plan = seed if needed <= seed.codes else FontPlan(seed.langs, seed.codes | needed)
        key = (frozenset({*plan.families, *extra}), plan.codes)
        if key not in self._loaded:
            if len(self._loaded) >= 3:  # the latest: a build renders by language set
                self._loaded = dict(list(self._loaded.items())[-2:])
            self._loaded[key] = _LoadedFonts.load(font_set(plan, extra), self.roots)
        text = stacks(plan, extra)
        if text not in self._stacks:  # one per order of the languages
            from weasyprint import CSS

            self._stacks[text] = CSS(string=text)
        return replace(self._loaded[key], stacks=self._stacks[text])

    def render(self, make_html: MakeHtml, base_url: Path, locale: str,
               seed: FontPlan) -> bytes:
        """One PDF; fails on a refused fetch or a missing glyph instead of writing tofu."""
        import_weasyprint()
        from weasyprint.urls import FatalURLFetchingError

        from briefing.pdf.fetch import SealedFetcher

        tagging.install()
        hyphenation.install()
        pagerefs.install()
        faster.install()
        known = self.contents_pages.get(locale, {})
        html = for_print(make_html(True, known))
        chars = characters(html)
        extra = require_coverage(chars, locale, seed.families)
        fetcher = SealedFetcher(self.roots)
        options: dict[str, Any] = {"pdf_variant": self.variant} if self.variant else {}
        # One render at a time in a process: the font configuration is shared.
        with _RENDERING, _weasyprint_problems(locale):
            fonts = self._fonts_for(chars, seed, extra)
            try:
                document, targets = self._layout(html, base_url, fonts, fetcher)
                found = _pages_of(document, targets)
                if known and found != known:  # a heading moved: WeasyPrint finds them itself
                    document, _ = self._layout(for_print(make_html(True, {})),
                                               base_url, fonts, fetcher)
                    found = _pages_of(document, targets)
                self.contents_pages[locale] = found
                if len(document.pages) > MAX_PAGES:
                    raise RenderError(f"{locale}: the PDF has {len(document.pages):,} pages; "
                                      f"an edition may have at most {MAX_PAGES:,}")
                if len(document.pages) < TOC_MIN_PAGES:
                    document, _ = self._layout(for_print(make_html(False, {})),
                                               base_url, fonts, fetcher)
                pdf = document.write_pdf(**options)
            except FatalURLFetchingError:
                pass  # named below, with every URL that was refused
            except RecursionError:
                raise RenderError(f"{locale}: the document's elements nest too deep for the "
                                  "PDF renderer") from None
            _refuse_fetches(fetcher, locale)
        assert isinstance(pdf, bytes)
        return pdf

    def _layout(self, html: str, base_url: Path, fonts: _LoadedFonts,
                fetcher: Any) -> tuple[Any, list[str]]:
        """The laid-out document, and the ids its table of contents links to."""
        from briefing.pdf.html5 import parse

        source = _document(parse(use_subsets(html, fonts.families)), str(base_url), fetcher)
        targets = [link.get("href", "")[1:] for nav in source.etree_element.iter("nav")
                   if "toc" in nav.get("class", "").split() for link in nav.iter("a")]
        document = source.render(stylesheets=[self._base(), fonts.css, fonts.stacks],
                                 font_config=fonts.config)
        return document, targets


def _refuse_fetches(fetcher: Any, what: str) -> None:
    """Stop with every URL the fetcher refused, and why a file inside could not be read."""
    if fetcher.problems:
        raise ContentError(fetcher.problems)
    if fetcher.refused:
        raise RenderError(f"{what}: refused to fetch {', '.join(fetcher.refused)}: "
                          "rendering may only read files inside the templates and "
                          "content folders, or data: URIs")


def _pages_of(document: Any, anchors: Sequence[str]) -> dict[str, int]:
    """The page number (from 1) each anchor fell on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return {anchor: pages[anchor] for anchor in anchors if anchor in pages}


@dataclass(frozen=True)
class _LoadedFonts:
    """A font set loaded into a WeasyPrint font configuration, and one document's stacks
    over it."""

    config: Any
    css: Any
    """The parsed @font-face rules, which loaded the subsets into `config`."""
    families: tuple[str, ...]
    stacks: Any = None
    """The parsed font stacks of one order of the languages (`fonts.stacks`)."""

    @classmethod
    def load(cls, fonts: FontSet, roots: Sequence[Path]) -> _LoadedFonts:
        from weasyprint import CSS

        from briefing.pdf.fetch import SealedFetcher

        config = _font_configuration_class()()
        css = CSS(string=fonts.css, font_config=config,
                  url_fetcher=SealedFetcher(roots, fonts.fonts))
        return cls(config, css, fonts.families)


def _document(root: Any, base_url: str, url_fetcher: Any) -> Any:
    """WeasyPrint's HTML document for a tree parsed already (`html5.parse`).

    WeasyPrint's constructor sets up the document from a string that parses in a
    fraction of a millisecond (the base URL as a file: URL, the fetcher, the media
    type, whatever a later release adds), then its tree is replaced by ours."""
    from urllib.parse import urljoin

    import cssselect2  # type: ignore[import-untyped]  # WeasyPrint's own dependency
    from weasyprint import HTML

    document = HTML(string="<html>", base_url=base_url, url_fetcher=url_fetcher)
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(
        root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    base = next(root.iter("base"), None)  # the first <base href> wins, as in HTML
    href = base.get("href", "").strip() if base is not None else ""
    if href:
        document.base_url = urljoin(document.base_url, href)
    return document


@functools.cache
def _font_configuration_class() -> type:
    from weasyprint.text.fonts import FontConfiguration

    class OwnFontConfiguration(FontConfiguration):  # type: ignore[misc]
        """Removes its temporary folder of fonts only in the process that made it: a
        forked worker inherits the parent's, and must leave the parent's files alone
        when it lets go of them."""

        def __init__(self) -> None:
            super().__init__()
            self.owner = os.getpid()
            self.released = False
            _FONT_CONFIGURATIONS.add(self)

        def release(self) -> None:
            if not self.released and os.getpid() == self.owner:
                self.released = True
                super().__del__()  # WeasyPrint's own clean-up: removes the folder

        def __del__(self) -> None:
            self.release()

    return OwnFontConfiguration


_FONT_CONFIGURATIONS: weakref.WeakSet[Any] = weakref.WeakSet()


def release_fonts() -> None:
    """Remove the font folders of this process's font configurations now: they live as
    long as the process, and a worker process exits without collecting them."""
    for config in list(_FONT_CONFIGURATIONS):
        config.release()


_RENDERING = threading.Lock()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_problems(locale: str) -> Iterator[None]:
    """WeasyPrint only logs what went wrong; a build refuses instead."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise RenderError(f"{locale}: " + "; ".join(dict.fromkeys(handler.messages)))
