"""`briefing review`: record that translations are up to date with the reference text.

With segment ids, each named segment gets the current reference hash. `all_segments`
marks every segment instead, but one that went stale and whose translation nobody has
changed since (or whose last review is not recorded) stays stale unless `force`: one
careless command must not erase the stale state of a whole locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.content.folder import LocaleContent
from briefing.content.load import load_content
from briefing.edition.resolve import segment_hash
from briefing.errors import ContentError, UsageError, suggest
from briefing.exchange.files import replace_files
from briefing.exchange.history import History, read_history
from briefing.exchange.textfile import TextFile
from briefing.exchange.units import TITLES, title_sources


@dataclass
class Reviewed:
    """What a review did."""

    marked: list[str] = field(default_factory=list)
    """Segments that now record the current reference text."""
    held: list[str] = field(default_factory=list)
    """Stale segments left stale: their translation is unchanged since they went stale."""


def review(root: Path, tag: str, segment_ids: Sequence[str], *, all_segments: bool = False,
           force: bool = False) -> Reviewed:
    """Mark the named segments of `tag` (or all of them) as translating the current text."""
    content = load_content(root)
    if tag == content.briefing.reference_locale:  # its words are the source, not a translation
        raise UsageError(f"{tag!r} is the reference locale: the others are translated from "
                         "it, and their translations are what is reviewed")
    locale, reference = content.locales[tag], content.reference
    history = _history(locale)
    order = content.segment_ids()
    titles = [TITLES + s for s in title_sources(content, locale.tag)]  # import's records
    unknown = [s for s in segment_ids if locale.segment(s) is None
               or reference.segment(s) is None]
    if unknown:
        raise ContentError([locale.text_doc.problem(
            ("segments",), f"no segment {s!r} to mark as reviewed"
            + suggest(s, locale.text.segments), tag) for s in unknown])
    text_file = TextFile(locale, order)
    outcome = Reviewed()
    for segment_id in segment_ids if not all_segments else list(locale.text.segments):
        segment, ref = locale.segment(segment_id), reference.segment(segment_id)
        if segment is None or ref is None:
            continue  # --all: an extra segment is `check`'s to report
        digest = segment_hash(ref.text)
        if segment.source == digest:
            if segment_id not in history.records:
                history.record(segment_id, ref.text, segment.text)
            continue
        if all_segments and not force and segment.source is not None and not _edited(
                history, segment_id, segment.source, segment.text):
            outcome.held.append(segment_id)
            continue
        text_file.set_source(segment_id, digest)
        history.record(segment_id, ref.text, segment.text)
        outcome.marked.append(segment_id)
    files = {history.path: history.render(reference.tag, [*order, *locale.text.segments,
                                                         *titles])}
    if outcome.marked:
        files[locale.text_doc.path] = text_file.render()
    replace_files(unchanged_left_out(files), text_file.verify)
    return outcome


def unchanged_left_out(files: dict[Path, bytes]) -> dict[Path, bytes]:
    """Only the files whose bytes change: a review that changes nothing writes nothing."""
    return {path: data for path, data in files.items()
            if not path.is_file() or path.read_bytes() != data}


def _edited(history: History, segment_id: str, source: str, translation: str) -> bool:
    """Whether a stale translation was changed since its last review; unknown is no."""
    record = history.records.get(segment_id)
    return record is not None and record.matches(source) and not history.untouched(
        segment_id, source, translation)


def _history(locale: LocaleContent) -> History:
    found = read_history(locale)
    if not isinstance(found, History):
        raise ContentError([found])
    return found
