"""`python -m briefing`."""

from .cli import entry

entry()
