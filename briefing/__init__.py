"""briefing: one briefing, written once as facts plus words per language, rendered
to print-ready PDF and embeddable HTML for every locale."""

from .build import Options, build
from .errors import BriefingError, ContentError, Problem

__all__ = ["BriefingError", "ContentError", "Options", "Problem", "build"]
__version__ = "0.1.0"
