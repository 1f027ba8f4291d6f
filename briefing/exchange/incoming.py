"""`briefing import`: a translator's PO or XLIFF file back into `text.yaml`, all or nothing.

Every unit is checked against the reference text it translates: the file must be for
this locale, every id a segment, every reference well formed and known, the same
references as the source (a case option such as `|loc` may be added), the same
Markdown (paragraphs, lists, emphasis, links). The edited file is then validated as a
build and `check` would validate it. One problem anywhere and nothing is written.
A unit marked done gets the hash of the source text it translates; fuzzy, unfinished
and empty units leave their segment as it was.

A source title's unit (`source_titles.<source id>`) goes into the locale's
`source_titles:`, made before `segments:` when the file has none; it must name a source
the briefing lists in another language than the locale's, and be plain words. The
title it was translated from is kept in the review records, for a later export to show
the unit stale when the title changes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.check import prose_problems
from briefing.content.folder import Content, LocaleContent
from briefing.content.load import load_content, validated
from briefing.content.model import LocaleText
from briefing.content.refs import Malformed, Ref, scan
from briefing.content.source import parse_yaml
from briefing.content.validate import reference_problem, validate
from briefing.edition.resolve import segment_hash
from briefing.errors import ContentError, Problem, UnknownLocaleError, display_path, suggest
from briefing.exchange.files import replace_files
from briefing.exchange.history import History, read_history
from briefing.exchange.markdown import structure
from briefing.exchange.po import read_po_file
from briefing.exchange.textfile import TextFile
from briefing.exchange.units import TITLES, Returned, ReturnedFile, language, title_sources
from briefing.exchange.xliff import parse_xml, read_xliff
from briefing.exchange.xliff2 import NS as XLIFF2
from briefing.exchange.xliff2 import read_xliff2
from briefing.files import read_bytes

MAX_BYTES = 5_000_000
"""A translation file is words; anything larger is a mistake."""


@dataclass
class Imported:
    """What an import did."""

    tag: str
    changed: list[str] = field(default_factory=list)
    """Segments whose words or recorded source changed."""
    left: list[str] = field(default_factory=list)
    """Units not marked done (fuzzy, unfinished, empty): their segments are untouched."""


def import_file(root: Path, path: Path, tag: str | None = None) -> Imported:
    """Bring the translations of a PO or XLIFF file into the content under `root`."""
    content = load_content(root)
    returned = read_returned(path)
    tag = _locale(content, returned, tag)
    locale, reference = content.locales[tag], content.reference
    history = read_history(locale)
    if isinstance(history, Problem):
        raise ContentError([history])
    text_file = TextFile(locale, content.segment_ids())
    outcome, problems, lines = Imported(tag), [], {}
    seen: Counter[str] = Counter()
    recorded = False
    for unit in returned.units:
        # Line ends as a Windows tool may give them (\r\n, \r): a line end is "\n" in YAML
        unit = replace(unit, target=unit.target.replace("\r\n", "\n").replace("\r", "\n"))
        seen[unit.id] += 1
        lines[unit.id] = unit.line
        if unit.id.startswith(TITLES):
            problem = _title_problem(content, returned, unit, seen[unit.id], tag)
            if problem is not None:
                problems.append(problem)
            elif not unit.done:
                outcome.left.append(unit.id)
            else:
                recorded |= _import_title(content, locale, unit, text_file, history)
            continue
        problem = _id_problem(content, returned, unit, seen[unit.id], tag)
        if problem is None and not unit.done:
            outcome.left.append(unit.id)
            continue
        segment = locale.segment(unit.id)
        digest = segment_hash(unit.source)
        same_text = segment is not None and segment.text.strip() == unit.target.strip()
        if problem is None and same_text and segment is not None and segment.source == digest:
            continue  # nothing to import: the segment holds this already
        problem = problem or _unit_problem(content, returned, unit, tag,
                                           _accepted(history, locale, unit.id))
        if problem is not None:
            problems.append(problem)
        elif same_text:
            text_file.set_source(unit.id, digest)
            history.record(unit.id, unit.source, unit.target.strip())
        else:
            text_file.set_text(unit.id, unit.target, digest, block=unit.source.endswith("\n"))
            history.record(unit.id, unit.source, unit.target.strip())
    if problems:
        raise ContentError(problems)
    keep = [*content.segment_ids(), *(TITLES + s for s in title_sources(content, tag))]
    if not text_file.changed:
        if recorded:  # titles already as translated: only what they translate is new
            replace_files({history.path: history.render(reference.tag, keep)})
        return outcome
    data = text_file.render()
    _validate_edited(content, locale, text_file, data, returned, lines)
    outcome.changed = list(text_file.changed)
    replace_files({history.path: history.render(reference.tag, keep),
                   locale.text_doc.path: data}, text_file.verify)
    return outcome


def read_returned(path: Path) -> ReturnedFile:
    """A PO or XLIFF file, by its contents rather than its name."""
    # a regular file, read up to the cap (the file comes from outside: not a FIFO, not
    # /dev/zero); the rules of project files, in the folder the file really is in
    data = read_bytes(path, path.resolve().parent, limit=MAX_BYTES, kind="translation file")
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise ContentError([Problem(display_path(path), None, "", "file is empty; expected "
                                    "a PO or XLIFF file that `briefing export` wrote")])
    if not start.startswith(b"<") and path.suffix.lower() in (".xlf", ".xliff", ".xml"):
        raise ContentError([Problem(display_path(path), 1, "", "expected an XLIFF file "
                                    "(XML, starting with '<'), got text")])
    if start.startswith(b"<"):
        root = parse_xml(path, data)
        if root.tag == f"{{{XLIFF2}}}xliff":
            return read_xliff2(path, root)
        return read_xliff(path, root)
    return read_po_file(path, data)


def _locale(content: Content, returned: ReturnedFile, asked: str | None) -> str:
    found = _folder_for(returned.locale, content) if returned.locale else None
    if asked is not None and returned.locale and found != asked:
        raise ContentError([Problem(returned.shown, None, "", f"the file is a translation "
                                    f"into {returned.locale!r}, not into {asked!r}")])
    tag = asked or found
    if tag is None:
        if returned.locale:
            raise UnknownLocaleError(returned.locale, content.locales)
        raise ContentError([Problem(returned.shown, None, "", "the file names no language "
                                    "it translates into; give --locale")])
    if tag == content.briefing.reference_locale:
        raise ContentError([Problem(returned.shown, None, "", f"{tag!r} is the reference "
                                    "locale: its text is written in text.yaml, not imported")])
    if returned.source_locale and _folder_for(returned.source_locale, content) != \
            content.briefing.reference_locale:
        raise ContentError([Problem(returned.shown, None, "", f"the file translates from "
                                    f"{returned.source_locale!r}; expected "
                                    f"{content.briefing.reference_locale!r}")])
    return tag


def _folder_for(identifier: str, content: Content) -> str | None:
    """The locale folder a file's language names (ja, ja_JP, ja-JP all name 'ja')."""
    wanted = identifier.replace("-", "_").lower()
    for tag in content.locales:
        if wanted == tag.lower() or wanted.split("_")[0] == tag.lower():
            return tag
    return None


def _id_problem(content: Content, returned: ReturnedFile, unit: Returned, seen: int,
                tag: str) -> Problem | None:
    ids = content.segment_ids()
    if unit.id not in ids:
        return Problem(returned.shown, unit.line, unit.id,
                       f"unknown segment {unit.id!r}" + suggest(unit.id, ids), tag)
    if seen > 1:
        return Problem(returned.shown, unit.line, unit.id,
                       f"segment {unit.id!r} is in the file {seen} times; expected once", tag)
    return None


def _title_problem(content: Content, returned: ReturnedFile, unit: Returned, seen: int,
                   tag: str) -> Problem | None:
    """Why a source title's unit cannot be imported, or None."""
    def problem(message: str) -> Problem:
        return Problem(returned.shown, unit.line, unit.id, message, tag)

    source_id = unit.id.removeprefix(TITLES)
    sources = {s.id: s for s in content.briefing.sources}
    source = sources.get(source_id)
    if source is None:
        return problem(f"unknown source {source_id!r}" + suggest(source_id, sources))
    if language(source.lang) == language(tag):
        return problem(f"source {source_id!r} is in this locale's language ({source.lang}): "
                       "its own title is shown; expected no translation")
    if seen > 1:
        return problem(f"source title {source_id!r} is in the file {seen} times; "
                       "expected once")
    if unit.done and any(isinstance(r, Ref | Malformed) for r in scan(unit.target)):
        return problem("a source title is plain words; expected no {kind:id} reference")
    return None


def _import_title(content: Content, locale: LocaleContent, unit: Returned,
                  text_file: TextFile, history: History) -> bool:
    """Put a finished title into the text file; whether the review records changed."""
    source_id = unit.id.removeprefix(TITLES)
    title = " ".join(unit.target.split())
    record = history.records.get(unit.id)
    if locale.text.source_titles.get(source_id) != title:
        text_file.set_title(source_id, title, [s.id for s in content.briefing.sources])
    elif record is None or record.source == unit.source:
        return False  # already so; a title confirmed after its original changed is recorded
    history.record(unit.id, unit.source, title)
    return True


def _unit_problem(content: Content, returned: ReturnedFile, unit: Returned, tag: str,
                  accepted: tuple[set[str], set[str]]) -> Problem | None:
    """Why a finished unit cannot be imported, or None. `accepted`: references the
    reviewed translation already left out of its source, or added."""
    def problem(message: str) -> Problem:
        return Problem(returned.shown, unit.line, unit.id, message, tag)

    messages = [m for found in scan(unit.target) if (m := reference_problem(content, found))]
    if messages:
        return problem("; ".join(messages))
    wanted, got = _references(unit.source), _references(unit.target)
    dropped, added = (wanted - got) - accepted[0], (got - wanted) - accepted[1]
    if dropped or added:
        return problem(_reference_difference(wanted, dropped, added,
                                             content.briefing.reference_locale))
    difference = structure(unit.source).differs(structure(unit.target))
    if difference:
        return problem(f"the Markdown is not that of the {content.briefing.reference_locale} "
                       f"text: {difference}")
    return None


def _accepted(history: History, locale: LocaleContent, segment_id: str
              ) -> tuple[set[str], set[str]]:
    """The references a reviewed translation left out of its source, and those it added:
    a reviewer's choice (a name written as part of a title, a country named where the
    source says "Soviet forces"), which a new translation of the segment may keep."""
    segment = locale.segment(segment_id)
    reviewed = history.previous(segment_id, segment.source) if segment is not None else None
    if segment is None or reviewed is None or not history.untouched(
            segment_id, segment.source, segment.text):
        return set(), set()
    was, translated = _references(reviewed), _references(segment.text)
    return was - translated, translated - was


def _references(text: str) -> set[str]:
    """The references of a text by kind and id: an option (`|loc`) may differ."""
    return {f"{{{r.kind}:{r.id}}}" for r in scan(text) if isinstance(r, Ref)} | {
        r.snippet for r in scan(text) if isinstance(r, Malformed)}


def _reference_difference(wanted: set[str], dropped: set[str], added: set[str],
                          reference: str) -> str:
    parts = []
    if dropped:
        parts.append(f"drops {', '.join(sorted(dropped))}")
    if added:
        parts.append(f"adds {', '.join(sorted(added))}")
    return (f"the translation {' and '.join(parts)}; expected the references of the "
            f"{reference} text: {', '.join(sorted(wanted)) or 'none'}")


def _validate_edited(content: Content, locale: LocaleContent, text_file: TextFile,
                     data: bytes, returned: ReturnedFile, lines: dict[str, int | None]) -> None:
    """The edited locale, checked as a build and `check` would check it; its problems are
    reported at the units that caused them."""
    doc = parse_yaml(data, locale.text_doc.path, locale.text_doc.shown)
    problems: list[Problem] = []
    if isinstance(doc, Problem):
        problems.append(doc)
    else:
        text = validated(doc, LocaleText, problems, locale.tag)
        if text is not None:
            edited = dataclasses.replace(locale, text=text, text_doc=doc)
            whole = dataclasses.replace(content, locales={**content.locales,
                                                          locale.tag: edited})
            # check's rules on the segments this import changes; the build's on everything
            problems = [*validate(whole), *(p for p in prose_problems(whole, edited)
                                            if _segment_of(p, text_file.changed))]
    found = []
    for p in problems:
        segment_id = _segment_of(p, text_file.changed)
        found.append(p if segment_id is None else dataclasses.replace(
            p, path=returned.shown, line=lines.get(segment_id), field=segment_id))
    if found:
        raise ContentError(found)



def _segment_of(problem: Problem, segment_ids: list[str]) -> str | None:
    """The changed unit a problem is about: a segment, or a source title (whose field is
    its unit's id)."""
    return next((s for s in segment_ids if problem.field in (
        f"segments.{s}", f"segments.{s}.text", f"segments.{s}.source") or (
        s.startswith(TITLES) and problem.field == s)), None)
