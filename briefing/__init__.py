"""briefing: one briefing, written once as facts plus words per language, rendered
to print-ready PDF and embeddable HTML for every locale."""

__version__ = "0.1.0"

from .build import Options, build  # noqa: E402 - after __version__, which jobs imports
from .errors import BriefingError, ContentError, Problem  # noqa: E402

__all__ = ["BriefingError", "ContentError", "Options", "Problem", "build"]
