"""`briefing serve`: a local preview that re-renders what changed and reloads the page.

Pages are rendered on request in this (warm) process and kept until a file under
the content or template folder changes. A small script, added to served pages
only, asks for the inputs' fingerprint twice a second and reloads when it changes.
Between renders the process keeps what PDFs of the same words share
(`faster.keep`): each line's measurement and drawing, compressed streams, font
cuts; after an edit, Pango lays out only the lines that changed.

The server is Waitress: one loop holds every connection and hands a request to one
of a few threads only once it has fully arrived, so connections that send nothing
cost no thread, and one that stays idle is closed. A client that hangs up is
Waitress's to notice, quietly. The preview answers only to the names of this
machine (`localhost`, `127.0.0.1`, `[::1]`): a page of another site whose name is
made to resolve here (DNS rebinding) sends its own name and is refused.
"""

from __future__ import annotations

import gc
import hashlib
import html
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from http import HTTPStatus
from pathlib import Path
from typing import Any

from briefing.content.folder import locale_folders
from briefing.edition.l10n import negotiate
from briefing.errors import BriefingError, FileError, UnknownLocaleError, UsageError
from briefing.jobs.manifest import inputs_signature
from briefing.jobs.options import Options
from briefing.jobs.pipeline import select_pairs
from briefing.jobs.plan import Job
from briefing.jobs.session import index_page, render_job, session

log = logging.getLogger(__name__)

THREADS = 4
"""Threads that answer requests; renders take turns anyway, polls are quick."""
IDLE_SECONDS = 20.0
"""A connection that sends nothing for this long is closed."""
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
"""The host names the preview answers to."""

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
_FORMATS = {"briefing.html": "html", "fragment.html": "fragment", "briefing.pdf": "pdf"}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class NotFound(BriefingError):
    """A path that names no edition the build would make."""


class Preview:
    """Renders editions on demand and remembers them until an input changes."""

    def __init__(self, options: Options) -> None:
        from briefing.pdf import faster

        # The same lines again after each edit: their measurements and drawings kept.
        faster.keep(True)
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

    def job(self, name: str, filename: str) -> Job:
        """The edition a path names, refused as `build` would refuse it."""
        left, plus, right = name.partition("+")
        available = locale_folders(self.options.content)
        for tag in (left, right) if plus else (left,):
            if tag not in available:
                raise NotFound(str(UnknownLocaleError(tag, available)))
        if not plus:
            return Job(left)
        if filename == "fragment.html":
            raise NotFound(f"no fragment for a bilingual edition ({name!r}): "
                           "fragments are made per locale")
        try:
            select_pairs(session(self.options).content, [name])
        except UsageError as exc:
            raise NotFound(str(exc)) from None
        return Job(left, right)

    def page(self, job: Job, filename: str) -> tuple[bytes, str]:
        """The file's bytes, and the fingerprint of the inputs they were rendered from."""
        fmt = _FORMATS[filename]
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


def local_host(host: str, port: int) -> bool:
    """True when a Host header names this machine (and the preview's port, if any)."""
    name, colon, given = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not colon:
        name = given
        given = ""
    return name.lower() in LOCAL_NAMES and given in ("", str(port))


class App:
    """The preview as a WSGI application."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.port = 0

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        if not local_host(environ.get("HTTP_HOST", ""), self.port):
            return _answer(start, HTTPStatus.FORBIDDEN, b"this preview answers to localhost "
                           b"only (http://localhost:PORT/, http://127.0.0.1:PORT/)")
        if environ["REQUEST_METHOD"] != "GET":
            return _answer(start, HTTPStatus.METHOD_NOT_ALLOWED, b"only GET",
                           [("Allow", "GET")])
        fingerprint = self.preview.fingerprint()  # taken before rendering: no edit is missed
        try:
            return self._route(environ, start, fingerprint)
        except NotFound as exc:
            return _answer(start, HTTPStatus.NOT_FOUND, f"no such edition: {exc}".encode())
        except BriefingError as error:
            log.error("%s", error)
            return _answer(start, HTTPStatus.INTERNAL_SERVER_ERROR,
                           _error_page(error, fingerprint), type=_TYPES[".html"])

    def _route(self, environ: dict[str, Any], start: StartResponse,
               fingerprint: str) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/__fingerprint":
            return _answer(start, HTTPStatus.OK, fingerprint.encode())
        if path == "/":
            tag = self.preview.negotiate(environ.get("HTTP_ACCEPT_LANGUAGE", ""))
            return _answer(start, HTTPStatus.FOUND, b"",
                           [("Location", f"/{tag}/briefing.html"), ("Vary", "Accept-Language")])
        if path == "/index.html":
            return _answer(start, HTTPStatus.OK, _with_reload(self.preview.index(), fingerprint),
                           type=_TYPES[".html"])
        if not (match := _PATH.match(path)):
            return _answer(start, HTTPStatus.NOT_FOUND, b"not found")
        job = self.preview.job(match["job"], match["file"])
        body, rendered = self.preview.page(job, match["file"])
        suffix = Path(match["file"]).suffix
        return _answer(start, HTTPStatus.OK,
                       _with_reload(body, rendered) if suffix == ".html" else body,
                       type=_TYPES[suffix])


def _answer(start: StartResponse, status: HTTPStatus, body: bytes,
            headers: list[tuple[str, str]] | None = None,
            type: str = "text/plain; charset=utf-8") -> list[bytes]:  # noqa: A002
    start(f"{status.value} {status.phrase}",
          [("Content-Type", type), ("Content-Length", str(len(body))),
           ("Cache-Control", "no-store"), *(headers or [])])
    return [body]


class PreviewServer:
    """The preview listening on 127.0.0.1, driven as `socketserver` servers are:
    `serve_forever` in one thread, `shutdown` from another, then `server_close`."""

    def __init__(self, options: Options, port: int = 0, idle_seconds: float = IDLE_SECONDS,
                 ) -> None:
        from waitress.server import TcpWSGIServer, create_server

        app = App(Preview(options))
        self._map: dict[int, Any] = {}  # every socket the loop watches
        server = create_server(
            app, map=self._map, host="127.0.0.1", port=port, threads=THREADS,
            ident="briefing-preview", channel_timeout=max(1, round(idle_seconds)),
            cleanup_interval=max(1, round(idle_seconds / 4)),
            connection_limit=_connection_limit(), log_socket_errors=False)
        assert isinstance(server, TcpWSGIServer) and server.socket  # one address, bound
        self._server = server
        self.server_address: tuple[str, int] = ("127.0.0.1", server.socket.getsockname()[1])
        self.port = app.port = self.server_address[1]
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def serve_forever(self) -> None:
        """Answer requests until `shutdown` (or until this thread is interrupted)."""
        from waitress import wasyncore

        self._stopped.clear()
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=0.5, map=self._map, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Make `serve_forever` return, and wait until it has."""
        self._stop.set()
        with self._lock:
            if self._map:
                self._server.pull_trigger()  # wakes the loop
        self._stopped.wait()

    def server_close(self) -> None:
        """Close every connection and the listening socket; finish the requests running."""
        from waitress import wasyncore

        with self._lock:
            self._server.task_dispatcher.shutdown()
            wasyncore.close_all(self._map)


def _connection_limit() -> int:
    """As many connections as the process's open-file limit leaves room for."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(100, min(4000, soft // 2))


def make_server(options: Options, port: int = 0, idle_seconds: float = IDLE_SECONDS,
                ) -> PreviewServer:
    """A preview server on 127.0.0.1 (port 0: the system picks a free one)."""
    return PreviewServer(options, port, idle_seconds)
