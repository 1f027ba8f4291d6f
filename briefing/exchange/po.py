"""A locale's units as a gettext PO file, for Weblate, Crowdin, Transifex and Poedit.

One message per segment (and per source title to translate): `msgctxt` is the unit id,
`msgid` the reference text (a source's published title) and `msgstr` the translation;
`#:` points at the reference text's file and line, `#.` tells what each reference
shows in this locale and the naming policy. A stale segment
is `#, fuzzy` with the reference text it was translated from as `#| msgid`, so that a
platform shows what changed. Written and read by Babel.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel import Locale
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, normalize, write_po

from briefing.errors import ContentError, Problem, display_path
from briefing.exchange.units import Returned, ReturnedFile, Units

WIDTH = 76
"""Lines of the PO file are folded to this width, as gettext's tools fold them."""


def export_po(units: Units, project: str, date: dt.date) -> bytes:
    """The PO file of one locale; `date` stands for every date in the header, so that
    the same content always gives the same file."""
    stamp = dt.datetime.combine(date, dt.time(), dt.UTC)
    catalog = Catalog(
        locale=Locale.parse(units.tag), project=project, version=date.isoformat(),
        header_comment=_header(units), creation_date=stamp, revision_date=stamp,
        fuzzy=False, charset="utf-8")
    for unit in units.units:
        message = catalog.add(
            unit.source, unit.target or "", context=unit.id,
            locations=[(unit.source_file or units.source_file, unit.source_line or 0)],
            flags={"fuzzy"} if unit.state in ("stale", "unreviewed") else set(),
            auto_comments=[*unit.notes, units.naming] if unit.notes and not unit.is_title
            else unit.notes,
            previous_id=unit.previous if unit.previous is not None else ())
        # Babel guesses Python's format syntax from the braces; references are not that
        message.flags.discard("python-brace-format")
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH)
    return _with_previous(out.getvalue().decode("utf-8"), units).encode("utf-8")


def _with_previous(text: str, units: Units) -> str:
    """The `#| msgid` lines of stale messages, one string line per line as gettext's
    msgmerge writes them (Babel folds a previous msgid into one comment paragraph,
    which tools cannot read back)."""
    for unit in units.units:
        if unit.previous is None:
            continue
        lines = normalize(unit.previous, width=WIDTH).splitlines()
        previous = "".join(f"#| {'msgid ' if i == 0 else ''}{line}\n"
                           for i, line in enumerate(lines))
        anchor = f"msgctxt {normalize(unit.id, width=0)}\n"
        text = text.replace(anchor, previous + anchor, 1)
    return text


def _header(units: Units) -> str:
    return (f"# The {units.tag} translation of the briefing, from its {units.reference} text.\n"
            "# Each message is one segment: msgctxt is its id. Write every {kind:id}\n"
            "# reference as it is (a case option such as |loc may be added); never type\n"
            "# a name. The messages source_titles.<id> are the titles of sources in\n"
            "# other languages, as published. Import with `briefing import FILE`.\n#")


def read_po_file(path: Path, data: bytes) -> ReturnedFile:
    """The units of a PO file, or ContentError saying where it cannot be read."""
    shown = display_path(path)
    catalog = _EveryMessage()
    try:  # a byte-order mark, as some editors save one, is not part of the first line
        PoFileParser(catalog, abort_invalid=True).parse(
            io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")))
    except PoFileError as exc:
        # Babel counts this error's lines from 0 (and its messages' from 1)
        line = exc.lineno + 1 if isinstance(exc.lineno, int) else None
        reason = str(exc).rsplit(" on ", 1)[0]
        raise ContentError([Problem(shown, line, "", f"invalid PO file: {reason}")]) from None
    except (UnicodeDecodeError, ValueError, UnknownLocaleError) as exc:
        raise ContentError([Problem(shown, None, "", f"invalid PO file: {exc}")]) from None
    found = ReturnedFile(shown, _language(catalog), None)
    problems = []
    for message in [*catalog, *catalog.again]:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple | list) or isinstance(message.string, tuple | list):
            problems.append(Problem(shown, message.lineno, str(message.context or ""),
                                    "a message with plural forms; expected one text"))
            continue
        if not message.context:
            problems.append(Problem(shown, message.lineno, "", "a message without msgctxt; "
                                    "expected the segment id as its msgctxt"))
            continue
        string = message.string or ""
        found.units.append(Returned(
            id=message.context, source=message.id, target=string,
            done=bool(string.strip()) and not message.fuzzy, line=message.lineno))
    if problems:
        raise ContentError(problems)
    return found


class _EveryMessage(Catalog):
    """A catalog that keeps a message given twice, for it to be reported: Babel's
    merges it into the first, and the second translation would be lost unsaid."""

    def __init__(self) -> None:
        super().__init__()
        self.again: list[Message] = []

    def __setitem__(self, id: str | tuple[str, ...] | list[str], message: Message) -> None:
        if id and self.get(id, message.context) is not None:
            self.again.append(message)
            return
        super().__setitem__(id, message)


def _language(catalog: Catalog) -> str | None:
    if catalog.locale is not None:
        return str(catalog.locale)
    return catalog.locale_identifier or None
