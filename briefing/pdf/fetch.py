"""The sealed URL fetcher: WeasyPrint may read only our own files and data: URIs."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from briefing.errors import FileError, Problem
from briefing.files import MAX_DATA_BYTES, read_bytes

log = logging.getLogger(__name__)


class SealedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under the allowed roots and data: URIs; refuses everything else.

    A refusal is fatal, so that a document that asks for something outside the
    project fails loudly instead of rendering without it.
    """

    def __init__(self, roots: Sequence[Path], memory: Mapping[str, bytes] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.memory = dict(memory or {})
        """Resources made for this render (font subsets), served under `memory:` URLs."""
        self.refused: list[str] = []
        self.problems: list[Problem] = []
        """Why files inside the roots could not be read."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url in self.memory:
            return URLFetcherResponse(url, body=self.memory[url])
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path))
            root = next((r for r in self.roots if path.resolve().is_relative_to(r)), None)
            if root is not None:
                try:  # the rules of every project file: no special file, a size cap
                    return URLFetcherResponse(url, body=read_bytes(path, root,
                                                                   limit=MAX_DATA_BYTES))
                except FileError as exc:
                    self.problems.append(exc.problem)
        self.refused.append(url)
        raise FatalURLFetchingError(f"refused to fetch {url!r}: rendering may only read files "
                                    "inside the templates and content folders, or data: URIs")
