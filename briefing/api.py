"""The Python API for other sites' code: one edition as a string or as PDF bytes.

    import briefing
    html = briefing.render_fragment("ja")
    html = briefing.render_html(preferred=["de-DE", "ru;q=0.8"])   # -> the Russian page
    html = briefing.render_html(preferred=["fr-FR"])   # none available: the reference locale
    pdf = briefing.render_pdf("en", content=Path("my-content"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from briefing.content.folder import locale_folders
from briefing.edition.l10n import choose, negotiate
from briefing.errors import UsageError
from briefing.jobs.options import Options, project_root
from briefing.jobs.plan import Job
from briefing.jobs.session import render_job, session


def _options(content: Path | None, templates: Path | None, fmt: str) -> Options:
    root = project_root()
    return replace(Options(), content=content or root / "content",
                   templates=templates or root / "templates", formats=(fmt,), workers=1)


def _locale(locale: str | None, preferred: Sequence[str] | None, options: Options) -> str:
    """The locale asked for by name, or the best for a reader's preferences: the
    reference locale when none of them is available."""
    if not options.content.is_dir():
        raise UsageError(f"{options.content}: the content folder does not exist")
    available = locale_folders(options.content)
    if locale is not None:
        return choose(locale, available)
    if preferred is not None:
        reference = session(options).content.briefing.reference_locale
        return negotiate(preferred, available, fallback=reference)
    raise UsageError("give a locale, or a list of preferred languages")


def _render(fmt: str, name: str, locale: str | None, preferred: Sequence[str] | None,
            content: Path | None, templates: Path | None) -> bytes:
    options = _options(content, templates, fmt)
    tag = _locale(locale, preferred, options)
    return render_job(Job(tag), options)[f"{tag}/{name}"]


def render_html(locale: str | None = None, *, preferred: Sequence[str] | None = None,
                content: Path | None = None, templates: Path | None = None) -> str:
    """The standalone page of one edition."""
    return _render("html", "briefing.html", locale, preferred, content, templates).decode()


def render_fragment(locale: str | None = None, *, preferred: Sequence[str] | None = None,
                    content: Path | None = None, templates: Path | None = None) -> str:
    """One element, with its own scoped style, to paste into another page."""
    return _render("fragment", "fragment.html", locale, preferred, content,
                   templates).decode()


def render_pdf(locale: str | None = None, *, preferred: Sequence[str] | None = None,
               content: Path | None = None, templates: Path | None = None) -> bytes:
    """The PDF handout of one edition."""
    return _render("pdf", "briefing.pdf", locale, preferred, content, templates)
