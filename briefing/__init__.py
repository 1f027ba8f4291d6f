"""briefing: one briefing, written once as facts plus words per language, rendered
to print-ready PDF and embeddable HTML for every locale."""

__version__ = "0.1.0"

# After __version__, which the job manifest records.
from .api import render_fragment, render_html, render_pdf  # noqa: E402
from .build import Options, build  # noqa: E402
from .errors import BriefingError, ContentError, Problem  # noqa: E402

__all__ = ["BriefingError", "ContentError", "Options", "Problem", "build", "render_fragment",
           "render_html", "render_pdf"]
