"""`briefing serve`: a local preview that re-renders what changed and reloads the page.

Pages are rendered on request in this (warm) process and kept until a file under
the content or template folder changes. A small script, added to served pages
only, asks for the inputs' fingerprint twice a second and reloads when it changes.
"""

from __future__ import annotations

import gc
import hashlib
import html
import logging
import re
import threading
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing.content.folder import locale_folders
from briefing.edition.l10n import negotiate
from briefing.errors import BriefingError, FileError
from briefing.jobs.manifest import inputs_signature
from briefing.jobs.options import Options
from briefing.jobs.pipeline import select_pairs
from briefing.jobs.plan import Job
from briefing.jobs.session import index_page, render_job, session

log = logging.getLogger(__name__)

RELOAD_SCRIPT = """<script>
(() => {
  const rendered = "%s";  // the inputs this page was rendered from
  const poll = async () => {
    try {
      const now = await (await fetch("/__fingerprint", {cache: "no-store"})).text();
      if (now !== rendered) { location.reload(); return; }
    } catch (e) {}
    setTimeout(poll, 500);
  };
  poll();
})();
</script>"""
_PATH = re.compile(r"^/(?P<job>[A-Za-z_]+(?:\+[A-Za-z_]+)?)/(?P<file>briefing\.html|"
                   r"briefing\.pdf|fragment\.html)$")
_TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}


class Preview:
    """Renders editions on demand and remembers them until an input changes."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._cache: dict[tuple[str, str], bytes] = {}
        self._fingerprint = ""
        self._lock = threading.Lock()
        self._settled = False

    def fingerprint(self) -> str:
        """The inputs' signature; when a file cannot be read, one of the problem, so that
        the page shows the error (rendering raises it) and reloads once it is fixed."""
        try:
            return inputs_signature(self.options.content, self.options.templates)
        except FileError as error:
            return hashlib.sha256(str(error).encode("utf-8", "replace")).hexdigest()

    def page(self, job: Job, filename: str) -> tuple[bytes, str]:
        """The file's bytes, and the fingerprint of the inputs they were rendered from."""
        fmt = {"briefing.html": "html", "fragment.html": "fragment",
               "briefing.pdf": "pdf"}[filename]
        with self._lock:
            current = self.fingerprint()
            if current != self._fingerprint:
                self._cache.clear()
                self._fingerprint = current
            key = (job.name, fmt)
            if key not in self._cache:
                options = replace(self.options, formats=(fmt,), workers=1)
                self._cache[key] = render_job(job, options)[f"{job.name}/{filename}"]
                self._settle()
            return self._cache[key], current

    def _settle(self) -> None:
        """After the first render, what the process holds for good (modules, WeasyPrint,
        the fonts, compiled templates) is left out of later garbage collections, so that
        a collection during a re-render walks only what that render made."""
        if not self._settled:
            gc.collect()
            gc.freeze()
            self._settled = True

    def index(self) -> bytes:
        s = session(self.options)
        return index_page(s, list(s.content.locales), select_pairs(s.content, None))

    def negotiate(self, accept_language: str) -> str:
        """The edition for a reader's Accept-Language; the reference locale when none of
        the languages asked for (or none at all) is available."""
        available = locale_folders(self.options.content)
        preferred = [part.strip() for part in accept_language.split(",") if part.strip()]
        reference = session(self.options).content.briefing.reference_locale
        return negotiate(preferred, available, fallback=reference)


def _script(fingerprint: str) -> str:
    return RELOAD_SCRIPT % fingerprint  # a hex digest: nothing to escape


def _with_reload(body: bytes, fingerprint: str) -> bytes:
    text = body.decode("utf-8")
    if "</body>" in text:
        return text.replace("</body>", _script(fingerprint) + "\n</body>", 1).encode()
    return (text + _script(fingerprint)).encode()  # a fragment: the preview only


def _error_page(error: BriefingError, fingerprint: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>briefing: '
            f'error</title></head><body><main><h1>The briefing cannot be built</h1>'
            f'<pre class="briefing-error">{html.escape(str(error))}</pre></main>'
            f"{_script(fingerprint)}</body></html>").encode()


def make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefing-preview"

        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            path = self.path.split("?")[0]
            fingerprint = preview.fingerprint()  # taken before rendering: no edit is missed
            try:
                if path == "/__fingerprint":
                    self._send(HTTPStatus.OK, fingerprint.encode(), "text/plain")
                elif path == "/":
                    tag = preview.negotiate(self.headers.get("Accept-Language", ""))
                    self.send_response(HTTPStatus.FOUND)
                    self.send_header("Location", f"/{tag}/briefing.html")
                    self.send_header("Vary", "Accept-Language")
                    self.end_headers()
                elif path == "/index.html":
                    self._send(HTTPStatus.OK, _with_reload(preview.index(), fingerprint),
                               _TYPES[".html"])
                elif match := _PATH.match(path):
                    self._serve(match["job"], match["file"])
                else:
                    self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
            except BriefingError as error:
                log.error("%s", error)
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, _error_page(error, fingerprint),
                           _TYPES[".html"])

        def _serve(self, name: str, filename: str) -> None:
            left, _, right = name.partition("+")
            available = locale_folders(preview.options.content)
            if left not in available or (right and right not in available):
                self._send(HTTPStatus.NOT_FOUND, b"no such edition", "text/plain")
                return
            body, fingerprint = preview.page(Job(left, right or None), filename)
            suffix = Path(filename).suffix
            self._send(HTTPStatus.OK,
                       _with_reload(body, fingerprint) if suffix == ".html" else body,
                       _TYPES[suffix])

        def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.debug("%s - %s", self.address_string(), format % args)

    return Handler


def make_server(options: Options, port: int = 0) -> ThreadingHTTPServer:
    """A preview server on 127.0.0.1 (port 0: the system picks a free one)."""
    return ThreadingHTTPServer(("127.0.0.1", port), make_handler(Preview(options)))
