"""`python -m briefing`."""

from briefing.cli import entry

entry()
