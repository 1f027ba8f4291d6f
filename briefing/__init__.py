"""briefing: one briefing, written once as facts plus words per language, rendered
to print-ready PDF and embeddable HTML for every locale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from briefing.api import render_fragment, render_html, render_pdf
    from briefing.errors import BriefingError, ContentError, Problem
    from briefing.jobs.options import Options
    from briefing.jobs.pipeline import build

_EXPORTS = {"render_fragment": "api", "render_html": "api", "render_pdf": "api",
            "Options": "jobs.options", "build": "jobs.pipeline", "BriefingError": "errors",
            "ContentError": "errors", "Problem": "errors"}
__all__ = ["BriefingError", "ContentError", "Options", "Problem", "build", "render_fragment",
           "render_html", "render_pdf"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `briefing build` with nothing to do should start fast.
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
