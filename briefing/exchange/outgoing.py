"""`briefing export` and `briefing glossary`: files for translators' tools."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.content.load import load_content
from briefing.errors import ContentError, Problem, UsageError
from briefing.exchange.glossary import FORMATS as GLOSSARY_FORMATS
from briefing.exchange.glossary import termbase, to_csv
from briefing.exchange.history import read_history
from briefing.exchange.po import export_po
from briefing.exchange.tbx import tbx_2008, tbx_2019
from briefing.exchange.units import locale_units
from briefing.exchange.xliff import export_xliff
from briefing.exchange.xliff2 import export_xliff2

FORMATS = ("po", "xliff", "xliff2")


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
    if format == "xliff2":
        return export_xliff2(units, content.briefing.id)
    return export_xliff(units, content.briefing.id)


def glossary(root: Path, format: str, tags: Sequence[str] = ()) -> bytes:
    """The names of the content under `root` as a termbase file."""
    if format not in GLOSSARY_FORMATS:
        raise UsageError(f"unknown format {format!r}; available: "
                         f"{', '.join(GLOSSARY_FORMATS)}")
    content = load_content(root)
    chosen = list(tags) or list(content.locales)
    translated = [t for t in chosen if t != content.briefing.reference_locale]
    if format == "tbx-2008" and len(translated) != 1:
        raise UsageError("--format tbx-2008 is one file per language: give one --locale "
                         f"other than {content.briefing.reference_locale!r}")
    base = termbase(content, chosen)
    if format == "tbx":
        return tbx_2019(base)
    if format == "tbx-2008":
        return tbx_2008(base)
    return to_csv(base)
