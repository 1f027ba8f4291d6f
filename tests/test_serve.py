"""`briefing serve` under misuse: other host names, idle and abandoned connections,
editions that do not exist, and templates that never finish.

The preview runs as the command a user starts (`python -m briefing serve`), its
output read from a file, except where a test needs a setting the command does not
take (a shorter idle time, a shorter time limit per template).
"""

from __future__ import annotations

import http.client
import re
import resource
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.errors import TemplateError
from briefing.jobs.options import Options
from briefing.jobs.pipeline import build
from briefing.jobs.plan import Job
from briefing.jobs.session import render_job
from briefing.render.deadline import TimeLimitExceeded, time_limit
from briefing.serve import Preview, make_server

from conftest import CONTENT, TEMPLATES

HALF_OPEN = 1000
THREAD_BOUND = 12
"""Threads the preview may run however many connections are open: its workers, the
loop that accepts, the process's own."""


@dataclass
class Served:
    """A preview started as the command, and what it printed."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": host} if host is not None else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, body

    def threads(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"^Threads:\s+(\d+)", status, re.M)[1])  # type: ignore[index]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(content: Path, log: Path) -> Iterator[Served]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", "--port", "0", "--content",
             str(content)], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not (found := re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        port = int(found[1])
        yield Served(f"http://127.0.0.1:{port}", port, process, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def served(content_copy: Path, tmp_path: Path) -> Iterator[Served]:
    """A preview of its own, for a test that looks at the process."""
    yield from start(content_copy, tmp_path / "serve.log")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One preview for the tests that only ask it questions."""
    folder = tmp_path_factory.mktemp("shared")
    shutil.copytree(CONTENT, folder / "content")
    yield from start(folder / "content", folder / "serve.log")


# --- the Host header: DNS rebinding --------------------------------------------------

@pytest.mark.parametrize("host", ["attacker.example:{port}", "attacker.example",
                                  "127.0.0.1.nip.example:{port}", "localhost:1{port}",
                                  ""])
def test_a_page_asked_for_under_another_name_is_refused(shared: Served, host: str) -> None:
    # A page of attacker.example whose name is made to resolve to 127.0.0.1 reaches
    # the preview with its own name in the Host header: it must not read the edition.
    status, body = shared.get("/__fingerprint", host=host.format(port=shared.port))
    assert status == 403
    assert "localhost" in body and not re.fullmatch(r"[0-9a-f]{16,}", body)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "[::1]:{port}", "localhost"])
def test_the_local_names_are_served(shared: Served, host: str) -> None:
    status, body = shared.get("/__fingerprint", host=host.format(port=shared.port))
    assert status == 200 and re.fullmatch(r"[0-9a-f]+", body)


# --- editions that do not exist --------------------------------------------------------

@pytest.mark.parametrize(("path", "message"), [
    ("/en+en/briefing.html", "the two locales are the same"),
    ("/ja+ja/briefing.pdf", "the two locales are the same"),
    ("/ja+ru/fragment.html", "no fragment"),
    ("/xx/briefing.html", "unknown locale 'xx'"),
    ("/en+xx/briefing.html", "unknown locale 'xx'"),
])
def test_an_edition_build_refuses_is_not_served(shared: Served, path: str, message: str) -> None:
    status, body = shared.get(path)
    assert (status, message in body) == (404, True), body
    assert "Traceback" not in shared.output()


# --- connections: abandoned, idle, many ------------------------------------------------

def hang_up(port: int, path: str) -> None:
    """Ask for a page and close at once, with a reset, before the answer comes."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_client_that_hangs_up_leaves_no_traceback(served: Served) -> None:
    for path in ["/en/briefing.html", "/en/briefing.pdf", "/en/briefing.pdf",
                 "/index.html"]:
        hang_up(served.port, path)
        time.sleep(0.2)
    assert served.get("/en/briefing.pdf")[0] == 200  # rendered by now, and still serving
    for _ in range(3):
        hang_up(served.port, "/en/briefing.pdf")
    time.sleep(1)
    assert served.get("/__fingerprint")[0] == 200
    assert "Traceback" not in served.output(), served.output()
    assert "Error" not in served.output(), served.output()


def open_connections(port: int, count: int) -> list[socket.socket]:
    socks = []
    for _ in range(count):
        sock = socket.socket()
        sock.settimeout(10)
        sock.connect(("127.0.0.1", port))
        socks.append(sock)
    return socks


@pytest.fixture
def many_files() -> Iterator[None]:
    """Room for a thousand connections at both ends in this process's limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * HALF_OPEN))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_half_open_connections_hold_no_threads(served: Served, many_files: None) -> None:
    before = served.threads()
    socks = open_connections(served.port, HALF_OPEN)
    try:
        time.sleep(1)
        during = served.threads()
        started = time.monotonic()
        status, _ = served.get("/__fingerprint")
        answered = time.monotonic() - started
    finally:
        for sock in socks:
            sock.close()
    assert during <= THREAD_BOUND, (before, during)
    assert status == 200 and answered < 5, answered


@pytest.fixture
def preview_server(content_copy: Path) -> Iterator[str]:
    server = make_server(Options(content=content_copy, templates=TEMPLATES), 0,
                         idle_seconds=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)
        assert not thread.is_alive()


def test_an_idle_connection_is_closed(preview_server: str) -> None:
    host, port = preview_server.split(":")
    sock = socket.create_connection((host, int(port)))
    sock.settimeout(15)
    started = time.monotonic()
    assert sock.recv(100) == b""  # closed by the server: end of stream
    assert time.monotonic() - started < 10
    sock.close()


# --- templates that never end -------------------------------------------------------

ENDLESS = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n"


def endless(tmp_path: Path, template: str, before: str) -> tuple[Path, int]:
    """A copy of the templates in which `template` loops for ever at a known line."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    page = copy / template
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(before))
    lines.insert(at, ENDLESS)
    page.write_text("".join(lines), encoding="utf-8")
    return copy, at + 1


@pytest.fixture
def endless_templates(tmp_path: Path) -> tuple[Path, int]:
    """A template tree whose page template loops for ever at a known line."""
    return endless(tmp_path, "briefing.html.j2", "{{ cover(edition) }}")


def test_a_template_that_never_ends_stops_the_build_at_its_line(
        endless_templates: tuple[Path, int], tmp_path: Path) -> None:
    templates, line = endless_templates
    out = tmp_path / "out"
    # Two editions: rendered in two worker processes, each with its own watchdog.
    options = Options(templates=templates, out=out, locales=["en", "ja"], bilingual=[],
                      formats=["html"], template_seconds=2)
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        build(options)
    assert time.monotonic() - started < 20
    assert (caught.value.path.endswith("briefing.html.j2"), caught.value.line) == (True, line)
    assert "took longer than 2 s" in str(caught.value)
    assert not out.exists() or not any(out.rglob("*.html"))


def test_a_macro_that_never_ends_in_a_bilingual_cell_is_stopped_at_its_line(
        tmp_path: Path) -> None:
    # A bilingual edition calls the blocks' macro for each cell from Python, outside
    # a template render: the line is the template's all the same.
    templates, line = endless(tmp_path, "blocks.html.j2", '<div class="para')
    options = Options(templates=templates, formats=["html"], template_seconds=2)
    with pytest.raises(TemplateError) as caught:
        render_job(Job("en", "ja"), options)
    assert (Path(caught.value.path).name, caught.value.line) == ("blocks.html.j2", line)


def test_a_template_that_never_ends_is_an_error_page_in_the_preview(
        endless_templates: tuple[Path, int], content_copy: Path) -> None:
    templates, line = endless_templates
    server = make_server(Options(content=content_copy, templates=templates,
                                 template_seconds=2), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request("GET", "/en/briefing.html")
        response = conn.getresponse()
        body = response.read().decode("utf-8")
        conn.request("GET", "/__fingerprint")  # the preview still answers
        assert conn.getresponse().status == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)
    assert response.status == 500
    assert f"briefing.html.j2:{line}: " in body and "took longer than 2 s" in body


def spin(seconds: float) -> int:
    """Pure Python work for about `seconds`, as a template's loops are."""
    end, turns = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        turns += 1
    return turns


@pytest.mark.parametrize("in_thread", [False, True])
def test_the_limit_stops_work_in_any_thread_and_spares_work_done_in_time(
        in_thread: bool) -> None:
    outcome: list[str] = []

    def work() -> None:
        started = time.monotonic()
        try:
            with time_limit(0.3):
                spin(10)
        except TimeLimitExceeded:
            outcome.append(f"stopped after {time.monotonic() - started:.1f} s")
        with time_limit(0.3):
            spin(0.05)
        spin(0.6)  # an exception sent late would arrive here
        outcome.append("spared")

    if in_thread:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=20)
    else:
        work()
    assert outcome in (["stopped after 0.3 s", "spared"], ["stopped after 0.4 s", "spared"])


# --- the preview shows what the build writes ---------------------------------------------

@pytest.mark.parametrize(("edition", "filename"), [
    ("en", "briefing.html"), ("en", "fragment.html"), ("ja", "briefing.pdf"),
    ("ja+ru", "briefing.html")])
def test_the_preview_serves_the_bytes_the_build_writes(dist: Path, edition: str,
                                                       filename: str) -> None:
    left, _, right = edition.partition("+")
    body, _ = Preview(Options()).page(Job(left, right or None), filename)
    assert body == (dist / edition / filename).read_bytes()
