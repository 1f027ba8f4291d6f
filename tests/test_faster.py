"""The replacements of `briefing.pdf.faster` are in use, and change no byte of any PDF:
editions in every script and direction (the default briefing with the test locales
added, and the second example) rendered with them and with WeasyPrint's own code,
in turn, in one process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.jobs import plan, session
from briefing.jobs.options import Options, project_root
from briefing.pdf import faster
from briefing.pdf.renderer import import_weasyprint

from conftest import CONTENT

EDITIONS = ["ja", "ru", "en", "ja+ru", "en+ar", "he", "zh_Hans", "ko+en", "de"]
EXAMPLE = ["fr", "da+en"]


def pdf_of(job: plan.Job, options: Options) -> bytes:
    return next(data for name, data in session.render_job(job, options).items()
                if name.endswith(".pdf"))


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
