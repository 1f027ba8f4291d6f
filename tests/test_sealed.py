"""Sealed rendering: the PDF may read only the project's templates and content, and data: URIs.

Each test builds from a copy of templates/ whose page template asks for one
forbidden resource, and checks that the build refuses by name, writes nothing,
and that a local HTTP server saw no request. Content text cannot inject markup.
"""

from __future__ import annotations

import base64
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pytest

from briefing.cli import main
from briefing.jobs.options import project_root

ROOT = project_root()
PAGE = "briefing.html.j2"


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, made here so no binary file is committed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


class Recorder(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.hits.append(self.path)
        body = tiny_png()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on a free port that records every request it gets."""
    hits: list[str] = []
    handler = type("Handler", (Recorder,), {"hits": hits})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    content, templates = tmp_path / "project" / "content", tmp_path / "project" / "templates"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    return content, templates


def inject(templates: Path, markup: str) -> None:
    """Put `markup` at the start of the edition's <article> in the page template."""
    page = templates / PAGE
    text = page.read_text(encoding="utf-8")
    opening = re.search(r"<article\b[^>]*>\n?", text)
    assert opening, f"no <article> element in {PAGE} to inject into"
    page.write_text(text[:opening.end()] + markup + "\n" + text[opening.end():],
                    encoding="utf-8")


def build_pdf(content: Path, templates: Path, out: Path,
              capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["build", "--format", "pdf", "--locale", "en", "--content", str(content),
                   "--templates", str(templates), "--out", str(out)])
    return status, capsys.readouterr().err


FORBIDDEN = {
    "img-file-url": ('<img src="file:///etc/passwd" alt="">', "file:///etc/passwd"),
    "attachment-file-url": ('<link rel="attachment" href="file:///etc/passwd">',
                            "file:///etc/passwd"),
    "img-climbs-out": ('<img src="../../../../../../../../etc/passwd" alt="">', "/etc/passwd"),
    "img-http": ('<img src="{server}/image.png" alt="">', "{server}/image.png"),
    "stylesheet-http": ('<link rel="stylesheet" href="{server}/style.css">',
                        "{server}/style.css"),
    "css-url-http": ('<p style="background: url({server}/background.png)">x</p>',
                     "{server}/background.png"),
    "font-face-http": ('<style>@font-face {{ font-family: Leak; src: url({server}/font.woff) }}'
                       ' p {{ font-family: Leak }}</style>', "{server}/font.woff"),
    "svg-image-http": ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                       '<image href="{server}/svg.png" width="10" height="10"/></svg>',
                       "{server}/svg.png"),
    "symlink-out-of-content": ('<img src="{content}/leak.png" alt="">', "leak.png"),
}




@pytest.fixture
def renderer_errors_expected(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A refused fetch may make WeasyPrint log an error too; the build fails either way."""
    yield
    for record in caplog.records:
        record.expected = True


@pytest.mark.parametrize("name", [
    n for n in FORBIDDEN])
@pytest.mark.usefixtures("renderer_errors_expected")
def test_forbidden_fetch_fails_the_build_by_name(
        name: str, project: tuple[Path, Path], server: tuple[str, list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    base, hits = server
    outside = tmp_path / "outside.png"  # a real image, but outside the content folder
    outside.write_bytes(tiny_png())
    if name == "symlink-out-of-content":
        (content / "leak.png").symlink_to(outside)
    markup, url = (s.format(server=base, content=content.as_uri()) for s in FORBIDDEN[name])
    inject(templates, markup)
    out = tmp_path / "out"

    try:
        status, err = build_pdf(content, templates, out, capsys)
    except BaseException as exc:  # noqa: BLE001 - what escapes main() is the bug shown
        status, err = -1, f"Traceback: {type(exc).__name__}: {exc}"

    assert hits == []
    assert not out.exists() or not any(out.iterdir())
    assert status != 0, err
    assert "Traceback" not in err
    if name == "symlink-out-of-content":  # refused before anything is rendered, as any file
        assert f"leak.png: leads out of {content} (to {outside})" in err, err
    else:
        assert "refused to fetch" in err and url in err, err


def test_data_uri_image_renders(project: tuple[Path, Path], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    data = base64.b64encode(tiny_png()).decode("ascii")
    inject(templates, f'<img src="data:image/png;base64,{data}" alt="a grey dot">')
    out = tmp_path / "out"
    status, err = build_pdf(content, templates, out, capsys)
    assert status == 0, err
    assert (out / "en" / "briefing.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("markup", [
    '<img src="figures/dot.png" alt="a grey dot">',
    '<base href="figures/"><img src="dot.png" alt="a grey dot">',
], ids=["relative", "under-base"])
def test_an_image_of_the_content_folder_renders_by_its_relative_url(
        markup: str, project: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Relative URLs resolve against the content folder (as a file: URL), or against
    the page's <base>."""
    content, templates = project
    (content / "figures").mkdir()
    (content / "figures" / "dot.png").write_bytes(tiny_png())
    inject(templates, markup)
    out = tmp_path / "out"
    status, err = build_pdf(content, templates, out, capsys)
    assert status == 0, err
    with pikepdf.open(out / "en" / "briefing.pdf") as pdf:
        images = {image.objgen: (int(image.Width), int(image.Height))  # pages share them
                  for page in pdf.pages for image in page.get_images().values()}
    assert list(images.values()) == [(1, 1)]  # tiny_png's one grey pixel


INJECTED = ("<script>alert(1)</script> <img src=x onerror=alert(1)> "
            "[link](javascript:alert(1)) {{ 7*7 }}")


class Inspector(HTMLParser):
    """Collects elements, attributes and text as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_content_text_cannot_inject_markup(content_copy: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text = content_copy / "en" / "text.yaml"
    original = text.read_text(encoding="utf-8")
    injected = INJECTED.replace("'", "''")
    source = original.replace("title: Four islands off Hokkaido", f"title: '{injected}'", 1)
    # Raw HTML and a script link in prose are refused, with their line, before anything
    # is written; in a title (plain words) they are words.
    in_prose = source.replace("  summary.dispute: |\n", f"  summary.dispute: |\n    {INJECTED}\n"
                              "    [link](javascript:alert(1))\n", 1)
    assert in_prose.count("alert(1)") == 7, "the content changed: update where text is injected"
    text.write_text(in_prose, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", "--format", "html,pdf", "--locale", "en",
                   "--content", str(content_copy), "--out", str(out)])
    err = capsys.readouterr().err
    line = next(n for n, t in enumerate(in_prose.splitlines(), 1) if t.startswith("    <script>"))
    assert status == 1
    assert re.search(rf"en/text\.yaml:{line}: segments\.summary\.dispute: unsupported Markdown "
                     r"'<script>alert\(1\)</script>.*': raw HTML", err), err
    assert re.search(rf"en/text\.yaml:{line + 1}: segments\.summary\.dispute: link to "
                     r"'javascript:alert\(1\)'; links may go to https, http or mailto", err), err
    assert not out.exists()

    source = source.replace("  summary.dispute: |\n", "  summary.dispute: |\n    {{ 7*7 }}\n", 1)
    text.write_text(source, encoding="utf-8")
    status = main(["build", "--format", "html,pdf", "--locale", "en",
                   "--content", str(content_copy), "--out", str(out)])
    assert status == 0, capsys.readouterr().err

    page = Inspector()
    page.feed((out / "en" / "briefing.html").read_text(encoding="utf-8"))
    assert "script" not in page.tags
    assert not [k for k, _ in page.attrs if k.startswith("on")]
    assert not [v for k, v in page.attrs if v.strip().lower().startswith("javascript:")]
    shown = "".join(page.text)
    assert shown.count("{{ 7*7 }}") >= 2 and shown.count("<script>alert(1)</script>") >= 1
    assert "<img src=x onerror=alert(1)>" in shown

    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / "en" / "briefing.pdf"), "-"],
                         check=True, capture_output=True, text=True).stdout
    assert "{{ 7*7 }}" in pdf
    assert not re.search(r"(?<![\d{])49(?!\d)", pdf)  # 1949 is in the text; 49 alone is not


@pytest.mark.parametrize("rule", ['@import url("{server}/x.css");', '@import "file:///etc/passwd";',
                                  '@import "../../../../../../../etc/passwd";'])
@pytest.mark.usefixtures("renderer_errors_expected")
def test_an_import_in_the_stylesheet_goes_through_the_seal(
        rule: str, project: tuple[Path, Path], server: tuple[str, list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    base, hits = server
    css = templates / "css" / "base.css"
    css.write_text(rule.format(server=base) + "\n" + css.read_text(encoding="utf-8"),
                   encoding="utf-8")
    out = tmp_path / "out"
    status, err = build_pdf(content, templates, out, capsys)
    assert hits == []
    assert status == 1 and "Traceback" not in err, err
    assert re.search(r"the stylesheet: refused to fetch \S*(x\.css|/etc/passwd)", err), err
    assert not out.exists() or not any(out.iterdir())


def test_an_import_of_a_stylesheet_beside_it_is_read(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pdfplumber

    content, templates = project
    (templates / "css" / "extra.css").write_text("h1 { color: rgb(255, 0, 0) }\n")
    css = templates / "css" / "base.css"
    css.write_text('@import "extra.css";\n' + css.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    status, err = build_pdf(content, templates, out, capsys)
    assert status == 0, err
    with pdfplumber.open(out / "en" / "briefing.pdf") as pdf:
        colours = {tuple(c["non_stroking_color"] or ()) for c in pdf.pages[0].chars
                   if c["size"] > 20}  # the title
    assert colours == {(1, 0, 0)}
