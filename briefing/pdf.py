"""HTML to PDF with WeasyPrint: sealed, checked for missing glyphs, compact, reproducible."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import tagging
from .errors import RenderError
from .fonts import font_face_css, require_coverage, use_subsets
from .textscan import characters

log = logging.getLogger(__name__)

TOC_MIN_PAGES = 3
"""A table of contents helps from three pages on; on one or two it only takes room."""

MakeHtml = Callable[[bool], str]
"""Produces the print HTML, with or without a table of contents."""


@dataclass
class PdfRenderer:
    """Keeps WeasyPrint's parsed stylesheet for the life of a process."""

    roots: Sequence[Path]
    """Folders the document may read from (templates, content)."""
    stylesheet_text: str
    variant: str | None = "pdf/ua-1"
    _stylesheet: Any = None

    def _base(self) -> Any:
        if self._stylesheet is None:
            from weasyprint import CSS  # imported only when a PDF is really wanted

            self._stylesheet = CSS(string=use_subsets(self.stylesheet_text))
        return self._stylesheet

    def render(self, make_html: MakeHtml, base_url: Path, locale: str) -> bytes:
        """One PDF; fails on a refused fetch or a missing glyph instead of writing tofu."""
        from weasyprint.urls import FatalURLFetchingError

        from .fetch import SealedFetcher

        tagging.install()
        html = make_html(True)
        chars = characters(html)
        require_coverage(chars, locale)
        face_css, subsets_by_url = font_face_css(chars)
        fetcher = SealedFetcher(self.roots, subsets_by_url)
        options: dict[str, Any] = {"pdf_variant": self.variant} if self.variant else {}
        with _weasyprint_problems(locale):
            try:
                document = self._layout(html, base_url, face_css, fetcher)
                if len(document.pages) < TOC_MIN_PAGES:
                    html = make_html(False)
                    document = self._layout(html, base_url, face_css, fetcher)
                pdf = document.write_pdf(**options)
            except FatalURLFetchingError:
                pass  # named below, with every URL that was refused
            if fetcher.refused:
                raise RenderError(f"{locale}: refused to fetch {', '.join(fetcher.refused)}: "
                                  "rendering may only read files inside the templates and "
                                  "content folders, or data: URIs")
        assert isinstance(pdf, bytes)
        return pdf

    def _layout(self, html: str, base_url: Path, face_css: str, fetcher: Any) -> Any:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()  # per document: its @font-face subsets are its own
        subsets = CSS(string=face_css, font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=use_subsets(html), base_url=str(base_url), url_fetcher=fetcher)
        return document.render(stylesheets=[self._base(), subsets], font_config=fonts)


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
