"""Reading project files (briefing.files): no symlink out of its folder, only regular
files, a size cap, UTF-8 with a line, and files that vanish while a build lists them.

Each case builds (or checks) a copy of the default briefing with one file made
hostile, and requires the clear error, exit status 1, no traceback, and nothing
written; the unit tests hold the helper itself to the same rules.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.errors import FileError, FileGone
from briefing.files import decode, files_under, read_bytes, read_text
from briefing.jobs.manifest import inputs_signature

from conftest import ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working folder
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", templates)
    return content, templates


def _build(content: Path, templates: Path, out: Path, capsys: pytest.CaptureFixture[str],
           *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["build", "--locale", "en", "--bilingual", "none", "--format", "html",
                   "--content", str(content), "--templates", str(templates),
                   "--out", str(out), *extra])
    return status, capsys.readouterr().err


def _refused(status: int, err: str, message: str, out: Path) -> None:
    assert status == 1, err
    assert "Traceback" not in err
    assert message in err, err
    assert not out.exists() or not any(out.iterdir()), sorted(out.rglob("*"))


# --- the helper itself ---------------------------------------------------------------


def test_a_symlink_inside_its_folder_is_read_and_one_out_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "real.txt").write_text("inside\n")
    (root / "link.txt").symlink_to(root / "sub" / "real.txt")
    (tmp_path / "secret.txt").write_text("outside\n")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "up.txt").symlink_to(Path("..") / "secret.txt")
    assert read_text(root / "link.txt", root) == "inside\n"
    for name in ("out.txt", "up.txt"):
        with pytest.raises(FileError, match=rf"{name}: leads out of .*root \(to "
                                             rf".*secret.txt\); expected a file inside it"):
            read_bytes(root / name, root)
    with pytest.raises(FileError, match="leads out of"):
        list(files_under(root))


def test_special_files_are_refused_without_reading_them(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    os.mkfifo(root / "pipe.yaml")  # opening it for reading would wait for a writer
    with pytest.raises(FileError, match=r"pipe.yaml: is a FIFO \(named pipe\); expected a "
                                        "regular file"):
        read_bytes(root / "pipe.yaml", root)
    with pytest.raises(FileError, match="pipe.yaml: is a FIFO"):
        list(files_under(root))
    (root / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(FileError, match=r"zero.yaml: leads out of .* \(to /dev/zero\)"):
        read_bytes(root / "zero.yaml", root)
    # A device inside the folder (a bind mount, a copied tree) is refused as a device.
    with pytest.raises(FileError, match="null: is a character device; expected a regular file"):
        read_bytes(Path("/dev/null"), Path("/dev"))
    with pytest.raises(FileError, match="sub: is a folder"):
        (root / "sub").mkdir()
        read_bytes(root / "sub", root)


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 1001)
    with pytest.raises(FileError, match="big: file is 1,001 bytes; a template may be at most "
                                        "1,000 bytes"):
        read_bytes(tmp_path / "big", tmp_path, limit=1000, kind="template")
    assert read_bytes(tmp_path / "big", tmp_path, limit=1001) == b"x" * 1001


def test_text_that_is_not_utf8_is_located() -> None:
    with pytest.raises(FileError, match=r"x.css:3: not UTF-8: byte 0xe9 at column 3"):
        decode(b"a {}\nb {}\np{\xe9}\n", Path("x.css"))
    with pytest.raises(FileError, match=r"x.css:2: binary data"):
        decode(b"a\n\x00", Path("x.css"))
    assert decode("\ufeffé".encode(), Path("x")) == "é"


def test_listing_skips_what_vanished_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("a")
    (tmp_path / ".#a").symlink_to("user@host.1234:1700000000")  # Emacs' lock file
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b").write_text("b")
    (tmp_path / "d" / "c").write_text("c")
    listing = files_under(tmp_path)
    assert next(listing) == tmp_path / "a"
    (tmp_path / "d" / "b").unlink()  # gone after the folder above was listed
    assert list(listing) == [tmp_path / "d" / "c"]
    with pytest.raises(FileGone, match="file is missing"):
        read_bytes(tmp_path / "d" / "b", tmp_path)


def test_a_folder_linked_inside_is_listed_once_and_a_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f").write_text("f")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "loop").symlink_to(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path)] == ["real/f"] \
        or [p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path)] == ["alias/f"]


def test_a_file_name_that_is_not_utf8_is_signed_and_shown(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.css")
    (tmp_path / name).write_text("p {}")
    first = inputs_signature(tmp_path)
    assert first == inputs_signature(tmp_path)
    (tmp_path / name).write_text("p { color: red }")
    assert inputs_signature(tmp_path) != first
    os.mkfifo(tmp_path / os.fsdecode(b"pipe\xff"))
    with pytest.raises(FileError) as caught:
        inputs_signature(tmp_path)
    assert "pipe\\xff: is a FIFO" in str(caught.value)
    str(caught.value).encode("utf-8")  # printable, JSON-able


# --- builds ----------------------------------------------------------------------------


def test_a_template_including_a_symlink_out_is_refused(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    (tmp_path / "hostname").write_text("secret-host-name\n")
    (templates / "leak.txt").symlink_to(tmp_path / "hostname")
    page = templates / "briefing.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{% include 'leak.txt' %}\n")
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, f"templates/leak.txt: leads out of templates (to {tmp_path}/hostname)",
             tmp_path / "out")


def test_a_template_included_through_a_symlink_inside_is_used(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    (templates / "parts").mkdir()
    (templates / "parts" / "note.txt").write_text("<!-- a note from a linked part -->\n")
    (templates / "note.txt").symlink_to(templates / "parts" / "note.txt")
    page = templates / "briefing.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{% include 'note.txt' %}\n")
    status, err = _build(content, templates, tmp_path / "out", capsys)
    assert status == 0, err
    assert "a note from a linked part" in (tmp_path / "out/en/briefing.html").read_text()


@pytest.mark.parametrize("file", ["en/text.yaml", "briefing.yaml", "en/messages.po",
                                  "gazetteer.yaml"])
def test_a_content_file_linked_out_is_refused_by_build_and_check(
        file: str, project: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    outside = tmp_path / "elsewhere" / Path(file).name
    outside.parent.mkdir()
    shutil.move(content / file, outside)  # the same words, but outside the folder
    (content / file).symlink_to(outside)
    message = f"content/{file}: leads out of content (to {outside})"
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, message, tmp_path / "out")
    assert main(["check", "--content", str(content)]) == 1
    captured = capsys.readouterr()
    assert message in captured.out + captured.err
    assert "Traceback" not in captured.err


def test_a_stylesheet_linked_out_is_refused(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    outside = tmp_path / "base.css"
    shutil.move(templates / "css" / "base.css", outside)
    (templates / "css" / "base.css").symlink_to(outside)
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, "templates/css/base.css: leads out of templates", tmp_path / "out")


def test_dev_zero_and_a_fifo_in_the_content_folder_stop_the_build_at_once(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    (content / "zero.yaml").symlink_to("/dev/zero")
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, "content/zero.yaml: leads out of content (to /dev/zero)",
             tmp_path / "out")
    (content / "zero.yaml").unlink()
    (content / "en" / "text.yaml").unlink()
    os.mkfifo(content / "en" / "text.yaml")  # no writer will ever come
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, "content/en/text.yaml: is a FIFO (named pipe); expected a regular "
                          "file", tmp_path / "out")


def test_a_stylesheet_that_is_not_utf8_is_located(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    css = templates / "css" / "screen.css"
    css.write_bytes(b"/* caf\xe9 */\n" + css.read_bytes())
    status, err = _build(content, templates, tmp_path / "out", capsys)
    _refused(status, err, "templates/css/screen.css:1: not UTF-8: byte 0xe9 at column 7",
             tmp_path / "out")


def test_a_file_name_that_is_not_utf8_does_not_stop_a_build(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    (content / os.fsdecode(b"notes-caf\xe9.txt")).write_bytes(b"not read by anything\n")
    (templates / os.fsdecode(b"old-caf\xe9.css")).write_bytes(b"p {}\n")
    status, err = _build(content, templates, tmp_path / "out", capsys)
    assert status == 0, err
    assert (tmp_path / "out" / "en" / "briefing.html").stat().st_size > 1000


@pytest.fixture
def churn(project: tuple[Path, Path]) -> Iterator[None]:
    """vim's save probe: a file named 4913 created and removed again and again, in the
    content and template folders, while the test runs."""
    content, templates = project
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            for folder in (content, content / "en", templates, templates / "css"):
                probe = folder / "4913"
                probe.write_bytes(b"")
                probe.unlink()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@pytest.mark.usefixtures("churn")
def test_files_that_appear_and_vanish_during_builds_are_not_errors(
        project: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, templates = project
    status, err = _build(content, templates, tmp_path / "out", capsys)
    assert status == 0, err
    for _ in range(40):  # each computes the inputs' signature while files come and go
        status, err = _build(content, templates, tmp_path / "out", capsys)
        assert status == 0, err
        assert "Traceback" not in err


def test_a_file_gone_between_listing_and_reading_is_left_out_of_the_signature(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kept").write_text("kept")
    before = inputs_signature(tmp_path)
    import briefing.jobs.manifest as manifest

    listed = manifest.files_under

    def with_a_ghost(folder: Path, root: Path | None = None) -> Iterator[Path]:
        yield tmp_path / "4913"  # listed, and gone by the time it is read
        yield from listed(folder, root)

    monkeypatch.setattr(manifest, "files_under", with_a_ghost)
    assert inputs_signature(tmp_path) == before


def test_the_preview_serves_while_files_appear_and_vanish(
        project: tuple[Path, Path], churn: None) -> None:
    import http.client

    from briefing.jobs.options import Options
    from briefing.serve import make_server

    content, templates = project
    server = make_server(Options(content=content, templates=templates), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in ["/en/briefing.html"] + ["/__fingerprint"] * 40:
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1],
                                                    timeout=60)
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 200, path
            assert response.read()
            connection.close()
        (content / "leak.yaml").symlink_to("/etc/hostname")  # a page now shows the error
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1],
                                                timeout=60)
        connection.request("GET", "/en/briefing.html")
        response = connection.getresponse()
        assert response.status == 500
        assert "content/leak.yaml: leads out of content" in response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
