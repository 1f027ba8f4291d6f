"""A locale's units as XLIFF 1.2, the format CAT tools (OmegaT, memoQ, Trados) read most widely.

References and list markers are protected inline codes (`<ph ctype="x-place">
{place:nuuk}</ph>`), emphasis and links paired codes (`<bpt ctype="italic">*</bpt>
...<ept>*</ept>`), so that a tool lets the translator move them but not change them.
`state` says what the unit needs (new, needs-translation, translated) and
`approved="yes"` marks a reviewed translation; a stale unit carries the reference text
it was translated from, with its translation, as an `<alt-trans>` of the previous
version. Written and read with lxml.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from briefing.errors import ContentError, Problem, display_path
from briefing.exchange.markdown import Code, pieces
from briefing.exchange.units import Returned, ReturnedFile, Unit, Units

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STATES = {"missing": "new", "unreviewed": "needs-translation", "stale": "needs-translation",
          "current": "translated"}
"""The XLIFF state of each unit state."""
DONE = {"translated", "final", "signed-off"}
"""States that mark a translation finished (as `approved="yes"` does)."""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export_xliff(units: Units, project: str) -> bytes:
    """The XLIFF 1.2 file of one locale."""
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _q("file"), {
        "original": units.source_file, "source-language": _bcp47(units.reference),
        "target-language": _bcp47(units.tag), "datatype": "x-markdown",
        "product-name": project})
    header = etree.SubElement(file, _q("header"))
    etree.SubElement(header, _q("note"), {"from": "briefing"}).text = (
        "Each unit is one segment of the briefing, or the title of a source in another "
        "language (source_titles.<id>). Inline codes are references "
        "({kind:id}) and Markdown: keep them all; never type a name. " + units.naming)
    body = etree.SubElement(file, _q("body"))
    for unit in units.units:
        body.append(_unit(unit, units))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(unit: Unit, units: Units) -> etree._Element:
    element = etree.Element(_q("trans-unit"), {"id": unit.id, "resname": unit.id})
    element.set(XML_SPACE, "preserve")
    if unit.state == "current":
        element.set("approved", "yes")
    _fill(etree.SubElement(element, _q("source")), unit.source)
    target = etree.SubElement(element, _q("target"), {"state": STATES[unit.state]})
    if unit.target is not None:
        _fill(target, unit.target, unit.source)
    if unit.previous is not None and unit.target is not None:
        alt = etree.SubElement(element, _q("alt-trans"), {"alttranstype": "previous-version"})
        _fill(etree.SubElement(alt, _q("source")), unit.previous)
        _fill(etree.SubElement(alt, _q("target")), unit.target, unit.previous)
    if unit.notes:
        note = etree.SubElement(element, _q("note"), {"from": "briefing"})
        note.text = "\n".join(unit.notes if unit.is_title else [*unit.notes, units.naming])
    context = etree.SubElement(element, _q("context-group"), {"purpose": "location"})
    etree.SubElement(context, _q("context"), {"context-type": "sourcefile"}).text = \
        unit.source_file or units.source_file
    etree.SubElement(context, _q("context"), {"context-type": "linenumber"}).text = str(
        unit.source_line or 0)
    return element


def _fill(element: etree._Element, text: str, source: str | None = None) -> None:
    """Words as text, codes as inline elements carrying their markup. A target's codes
    take the ids of the same codes in its `source`, as tools match them by id."""
    last: etree._Element | None = None
    ids = aligned(pieces(text), pieces(source)) if source is not None else {}
    for piece in pieces(text):
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        attributes = {"id": ids.get(piece.id, piece.id)}
        if piece.role != "ept":
            attributes["ctype"] = piece.ctype
        last = etree.SubElement(element, _q(piece.role), attributes)
        last.text = piece.text


def aligned(target: list[str | Code], source: list[str | Code]) -> dict[str, str]:
    """Target code id -> the id of the same code (same markup, in order) in the source;
    a code the source lacks gets an id no source code has."""
    free: dict[tuple[str, str, str], list[str]] = {}
    for code in source:
        if isinstance(code, Code) and code.role != "ept":
            free.setdefault(_key(code), []).append(code.id)
    ids: dict[str, str] = {}
    for code in target:
        if isinstance(code, Code) and code.role != "ept" and code.id not in ids:
            match = free.get(_key(code))
            ids[code.id] = match.pop(0) if match else f"t{code.id}"
    return ids


def _key(code: Code) -> tuple[str, str, str]:
    """A code as matched across languages: a reference by kind and id, not its option."""
    return code.role, code.ctype, code.text.split("|")[0].removesuffix("}")


def _bcp47(tag: str) -> str:
    return tag.replace("_", "-")


def parse_xml(path: Path, data: bytes) -> etree._Element:
    """An XML file's root, parsed without entities, DTDs or network, or ContentError."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ContentError([Problem(display_path(path), exc.lineno, "",
                                    f"invalid XML: {exc.msg}")]) from None


def read_xliff(path: Path, root: etree._Element) -> ReturnedFile:
    """The units of an XLIFF 1.2 file, or ContentError saying where it cannot be read."""
    shown = display_path(path)
    if root.tag != _q("xliff"):
        name = etree.QName(root)
        raise ContentError([Problem(shown, root.sourceline, "", f"expected an XLIFF 1.2 or 2 "
                                    f"file (<xliff xmlns=\"{NS}\"> or that of 2.0), got "
                                    f"<{name.localname}> in {name.namespace or 'no namespace'}")])
    files = root.findall(_q("file"))
    if len(files) != 1:
        raise ContentError([Problem(shown, root.sourceline, "", f"expected one <file>, got "
                                    f"{len(files)}")])
    file = files[0]
    found = ReturnedFile(shown, file.get("target-language"), file.get("source-language"))
    problems = []
    for element in file.iter(_q("trans-unit")):
        unit_id = element.get("resname") or element.get("id")
        source, target = element.find(_q("source")), element.find(_q("target"))
        if not unit_id or source is None:
            problems.append(Problem(shown, element.sourceline, unit_id or "",
                                    "a trans-unit needs an id and a <source>"))
            continue
        codes = {c.get("id", ""): c.text or "" for c in source.iter(
            _q("ph"), _q("bpt"), _q("ept"), _q("it")) if c is not source}
        text = _flatten(target, codes) if target is not None else ""
        state = target.get("state", "") if target is not None else ""
        done = bool(text.strip()) and (element.get("approved") == "yes" or state in DONE or (
            not state))
        found.units.append(Returned(unit_id, _flatten(source, codes), text, done,
                                    element.sourceline))
    if problems:
        raise ContentError(problems)
    return found


def _flatten(element: etree._Element, codes: dict[str, str]) -> str:
    """The text of a <source> or <target>: its words with each code's markup. A code a
    tool left empty (or wrote as <x/>, <bx/>, <ex/>) takes the markup of the source's
    code of the same id."""
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in ("ph", "bpt", "ept", "it"):
            parts.append(child.text or codes.get(child.get("id", ""), ""))
        elif name in ("x", "bx", "ex"):
            parts.append(codes.get(child.get("id", ""), ""))
        elif name in ("g", "mrk", "sub"):
            parts.append(_flatten(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)


__all__ = ["Code", "export_xliff", "read_xliff"]
