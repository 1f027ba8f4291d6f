"""HTML to PDF with WeasyPrint: sealed, checked for missing glyphs, reproducible."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RenderError

log = logging.getLogger(__name__)


@dataclass
class PdfRenderer:
    """Keeps WeasyPrint's parsed stylesheets and font configuration for a process."""

    roots: Sequence[Path]
    """Folders the document may read from (templates, content)."""
    stylesheet_text: str
    variant: str | None = "pdf/ua-1"
    _stylesheets: list[Any] = field(default_factory=list)
    _fonts: Any = None

    def _prepare(self) -> None:
        if self._fonts is not None:
            return
        from weasyprint import CSS  # imported only when a PDF is really wanted
        from weasyprint.text.fonts import FontConfiguration

        self._fonts = FontConfiguration()
        self._stylesheets = [CSS(string=self.stylesheet_text, font_config=self._fonts)]

    def render(self, html: str, base_url: Path, lang: str) -> bytes:
        """One PDF; fails on any refused fetch or missing glyph instead of writing tofu."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        from .fetch import SealedFetcher

        self._prepare()
        fetcher = SealedFetcher(self.roots)
        options: dict[str, Any] = {"pdf_variant": self.variant} if self.variant else {}
        with _weasyprint_problems() as problems:
            try:
                document = HTML(string=html, base_url=str(base_url),
                                url_fetcher=fetcher).render(
                    stylesheets=self._stylesheets, font_config=self._fonts)
                pdf = document.write_pdf(**options)
            except FatalURLFetchingError as exc:
                raise RenderError(f"{lang}: {exc}") from None
        if fetcher.refused:
            raise RenderError(f"{lang}: refused to fetch {', '.join(fetcher.refused)}")
        if problems:
            raise RenderError(f"{lang}: " + "; ".join(problems))
        assert isinstance(pdf, bytes)
        return pdf


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_problems() -> Iterator[list[str]]:
    """WeasyPrint only logs what went wrong; collect it so the build can refuse."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
