"""`briefing export`: one locale's segments as a file for translators' tools."""

from __future__ import annotations

from pathlib import Path

from briefing.content.load import load_content
from briefing.errors import ContentError, Problem, UsageError
from briefing.exchange.history import read_history
from briefing.exchange.po import export_po
from briefing.exchange.units import locale_units
from briefing.exchange.xliff import export_xliff

FORMATS = ("po", "xliff")


def export(root: Path, tag: str, format: str) -> bytes:
    """The PO or XLIFF 1.2 file of `tag`'s segments, from the content under `root`."""
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; available: {', '.join(FORMATS)}")
    content = load_content(root)
    if tag == content.briefing.reference_locale:
        raise UsageError(f"{tag!r} is the reference locale: the others are translated from it")
    history = read_history(content.locales[tag])
    if isinstance(history, Problem):
        raise ContentError([history])
    units = locale_units(content, tag, history)
    if format == "po":
        return export_po(units, content.briefing.id, content.briefing.date)
    return export_xliff(units, content.briefing.id)
