"""Shared fixtures: the default briefing built once per test session."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.content.folder import locale_folders
from briefing.jobs.options import Options, project_root
from briefing.jobs.pipeline import build
from briefing.pdf import faster

ROOT = project_root()
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
LOCALES = locale_folders(CONTENT)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one for the whole session (Playwright's
    sync API runs one at a time)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def map_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' builds keep the land their maps cut in a folder of their own, not in
    the user's cache (XDG_CACHE_HOME is where a build looks by default)."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder / "briefing" / "map"
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every locale of the default briefing, in every format."""
    out = tmp_path_factory.mktemp("dist")
    build(Options(out=out))
    return out


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may change."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


@pytest.fixture(autouse=True)
def no_unexpected_renderer_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like WeasyPrint's own tests: any warning from the renderer fails the test."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    unexpected = [r for r in caplog.records
                  if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
                  and not getattr(r, "expected", False)]
    assert not unexpected, [r.getMessage() for r in unexpected]


@pytest.fixture(autouse=True)
def renders_not_kept() -> Iterator[None]:
    """A test that starts a preview (which keeps lines between renders, `faster.keep`)
    leaves the next test a process that does not, as a build's."""
    yield
    faster.keep(False)


def pdf_text(path: Path, *pages: int) -> str:
    """The text of a PDF (or of some pages), read back with poppler's pdftotext."""
    args = ["pdftotext", "-enc", "UTF-8", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
