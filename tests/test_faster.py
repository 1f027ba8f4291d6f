"""The replacements of `briefing.pdf.faster` are in use, and change no byte of any PDF:
editions in every script and direction (the default briefing with the test locales
added, and the second example) rendered with them and with WeasyPrint's own code,
in turn, in one process."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.jobs import plan, session
from briefing.jobs.options import Options, project_root
from briefing.pdf import faster
from briefing.pdf.faster import writing
from briefing.pdf.renderer import import_weasyprint

from conftest import CONTENT

EDITIONS = ["ja", "ru", "en", "ja+ru", "en+ar", "he", "zh_Hans", "ko+en", "de"]
EXAMPLE = ["fr", "da+en"]


def pdf_of(job: plan.Job, options: Options) -> bytes:
    return next(data for name, data in session.render_job(job, options).items()
                if name.endswith(".pdf"))


@pytest.fixture(autouse=True)
def pydyf_level() -> Iterator[None]:
    """Streams compressed at pydyf's own level, with the replacements too, so that the
    bytes can be compared (test_pdf checks that the faster level changes no data)."""
    with writing.same_level():
        yield


def both_ways(job: plan.Job, options: Options) -> tuple[bytes, bytes]:
    try:
        faster.use(False)
        own = pdf_of(job, options)
    finally:
        faster.use(True)
    return pdf_of(job, options), own


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = shutil.copytree(CONTENT, tmp_path_factory.mktemp("faster") / "content")
    for tag in ("ar", "he", "zh_Hans", "ko", "de"):
        shutil.copytree(Path(__file__).parent / "locales" / tag, content / tag)
    return content


def test_in_use() -> None:
    import_weasyprint()
    assert faster.matching_releases(), f"the project pins {faster.RELEASES}"
    assert faster.install()


@pytest.mark.parametrize("edition", EDITIONS)
def test_same_bytes(edition: str, world: Path, tmp_path: Path) -> None:
    assert faster.install()
    job = plan.Job(*edition.split("+"))
    ours, own = both_ways(job, Options(content=world, out=tmp_path, formats=("pdf",)))
    assert ours == own


@pytest.mark.parametrize("edition", EXAMPLE)
def test_same_bytes_example(edition: str, tmp_path: Path) -> None:
    assert faster.install()
    content = project_root() / "examples" / "tartupaluk"
    ours, own = both_ways(plan.Job(*edition.split("+")),
                          Options(content=content, out=tmp_path, formats=("pdf",)))
    assert ours == own


def test_as_is_leaves_weasyprint_alone() -> None:
    """With BRIEFING_WEASYPRINT_AS_IS set, no replacement is installed."""
    code = ("from briefing.pdf import faster; from briefing.pdf.renderer import "
            "import_weasyprint; import_weasyprint(); print(faster.install())")
    env = {"BRIEFING_WEASYPRINT_AS_IS": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False"


def test_measurements_kept_across_renders(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview renders an edition again after each edit: the lines it measured
    and drew before are not laid out again by Pango, and the PDF is byte for byte the
    one WeasyPrint's own code makes of the edited words."""
    from weasyprint.text import line_break

    svg_path = importlib.import_module("weasyprint.svg.path")  # `path` is its function

    assert faster.install()
    faster.keep(True)  # as the preview does (conftest turns it off again)
    content = shutil.copytree(CONTENT, tmp_path / "content")
    options = Options(content=content, out=tmp_path / "out", formats=("pdf",))
    job = plan.Job("ja")
    pdf_of(job, options)
    text = content / "ja" / "text.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace("概要", "概要2", 1),
                    encoding="utf-8")
    drafts: list[str] = []
    create_layout = line_break.create_layout
    monkeypatch.setattr(line_break, "create_layout",
                        lambda *args: drafts.append(args[0]) or create_layout(*args))
    try:
        faster.use(False)
        own = pdf_of(job, options)
    finally:
        faster.use(True)
    measured_own = len(drafts)
    drafts.clear()
    assert pdf_of(job, options) == own
    assert any("概要2" in draft for draft in drafts)  # the edited heading, measured anew
    assert len(drafts) < measured_own / 50, (len(drafts), measured_own)
    # Rendered again, no line is shaped by Pango again: neither to measure it nor to
    # draw it (a Pango layout is made for each line drawn, otherwise).
    # Nor is any SVG path of the map parsed again.
    layouts, paths = [], []
    setup = line_break.Layout.setup
    monkeypatch.setattr(line_break.Layout, "setup",
                        lambda *args: layouts.append(args[1]) or setup(*args))
    normalize = svg_path.normalize
    monkeypatch.setattr(svg_path, "normalize",
                        lambda data: paths.append(data) or normalize(data))
    assert pdf_of(job, options) == own
    assert layouts == []
    assert paths == []
    # Not kept (a build's way: each edition is rendered once), they are laid out
    # again at every render, to the same bytes.
    faster.keep(False)
    for _ in range(2):
        layouts.clear()
        paths.clear()
        assert pdf_of(job, options) == own
        assert len(layouts) > measured_own / 2, (len(layouts), measured_own)
        assert paths


@pytest.mark.parametrize("edition", ["ja", "en+ar"])
def test_lines_drawn_with_the_layouts_they_were_measured_with(
        edition: str, world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing a line asks Pango for no layout of its own: it uses the one the line was
    measured with (every line of these editions), to the bytes WeasyPrint's own code
    makes with a layout made anew."""
    from weasyprint.text import line_break

    assert faster.install()
    job = plan.Job(*edition.split("+"))
    options = Options(content=world, out=tmp_path, formats=("pdf",))
    ours, own = both_ways(job, options)
    assert ours == own
    made, set_up = [], []
    init, setup = line_break.Layout.__init__, line_break.Layout.setup
    monkeypatch.setattr(line_break.Layout, "__init__",
                        lambda self, *args: made.append(self) or init(self, *args))
    monkeypatch.setattr(line_break.Layout, "setup",
                        lambda self, style: set_up.append(self) or setup(self, style))
    assert pdf_of(job, options) == own
    assert made
    assert len(set_up) == len(made), (len(set_up), len(made))
