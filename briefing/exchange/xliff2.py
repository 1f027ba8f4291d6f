"""A locale's units as XLIFF 2.1, for tools that read the current version of the standard.

Each reference or piece of Markdown is kept once in the unit's `<originalData>`; the
text points at it with `<ph>` (a reference, with `disp` the name or value it shows in
this language and `equiv` the reference as written) or `<sc>`/`<ec>` (emphasis, links).
A segment's `state` is `initial` (missing or stale), `translated` or `reviewed`; a stale
unit's previous English is a note. Written and read with lxml.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from briefing.errors import ContentError, Problem, display_path
from briefing.exchange.markdown import Code, pieces
from briefing.exchange.units import Returned, ReturnedFile, Unit, Units
from briefing.exchange.xliff import aligned

NS = "urn:oasis:names:tc:xliff:document:2.0"
"""XLIFF 2.1 keeps the namespace of 2.0 and says `version="2.1"`."""
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = {"missing": "initial", "unreviewed": "initial", "stale": "initial",
          "current": "reviewed"}
DONE = {"translated", "reviewed", "final"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export_xliff2(units: Units, project: str) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.1",
                         srcLang=units.reference.replace("_", "-"),
                         trgLang=units.tag.replace("_", "-"))
    file = etree.SubElement(root, _q("file"), id="f1", original=units.source_file)
    notes = etree.SubElement(file, _q("notes"))
    etree.SubElement(notes, _q("note"), category="instructions").text = (
        f"{project}: each unit is one segment, or the title of a source in another language "
        "(source_titles.<id>). Keep every inline code (references "
        "{kind:id} and Markdown); never type a name. " + units.naming)
    for unit in units.units:
        file.append(_unit(unit))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(unit: Unit) -> etree._Element:
    element = etree.Element(_q("unit"), id=unit.id, name=unit.id)
    if unit.notes or unit.previous is not None:
        notes = etree.SubElement(element, _q("notes"))
        if unit.notes:
            etree.SubElement(notes, _q("note"), category="description" if unit.is_title
                             else "references").text = "\n".join(unit.notes)
        if unit.previous is not None:
            etree.SubElement(notes, _q("note"), category="previous-source").text = \
                unit.previous
    data: dict[str, str] = {}
    original = etree.SubElement(element, _q("originalData"))
    segment = etree.SubElement(element, _q("segment"), state=STATES[unit.state])
    _fill(etree.SubElement(segment, _q("source")), unit.source, data, unit.renders, {})
    if unit.target is not None:
        ids = aligned(pieces(unit.target), pieces(unit.source))
        _fill(etree.SubElement(segment, _q("target")), unit.target, data, unit.renders, ids)
    for data_id, text in data.items():
        item = etree.SubElement(original, _q("data"), id=data_id)
        item.set(XML_SPACE, "preserve")
        item.text = text
    if not data:
        element.remove(original)
    return element


def _fill(element: etree._Element, text: str, data: dict[str, str],
          renders: dict[str, str], ids: dict[str, str]) -> None:
    """Words as text; each code points at its markup in `data` (shared by source and
    target: the same markup is one data item). A target's codes take the ids of the
    source's (`ids`), as tools match them by id."""
    element.set(XML_SPACE, "preserve")
    by_text = {v: k for k, v in data.items()}
    last: etree._Element | None = None
    for piece in pieces(text):
        if isinstance(piece, str):
            if last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        ref = by_text.get(piece.text)
        if ref is None:
            ref = f"d{len(data) + 1}"
            data[ref] = piece.text
            by_text[piece.text] = ref
        last = _code(element, piece, ids.get(piece.id, piece.id), ref, renders)


def _code(element: etree._Element, piece: Code, code_id: str, ref: str,
          renders: dict[str, str]) -> etree._Element:
    if piece.role == "ph":
        code = etree.SubElement(element, _q("ph"), id=code_id, dataRef=ref,
                                equiv=piece.text)
        if piece.text in renders:
            code.set("disp", renders[piece.text])
        return code
    if piece.role == "bpt":
        return etree.SubElement(element, _q("sc"), id=code_id, dataRef=ref)
    return etree.SubElement(element, _q("ec"), startRef=code_id, dataRef=ref)


def read_xliff2(path: Path, root: etree._Element) -> ReturnedFile:
    shown = display_path(path)
    file = root.find(_q("file"))
    if file is None:
        raise ContentError([Problem(shown, root.sourceline, "", "expected a <file>")])
    found = ReturnedFile(shown, root.get("trgLang"), root.get("srcLang"))
    for unit in file.iter(_q("unit")):
        data = {d.get("id", ""): d.text or "" for d in unit.iter(_q("data"))}
        segments = unit.findall(_q("segment"))
        if len(segments) != 1 or segments[0].find(_q("source")) is None:
            raise ContentError([Problem(shown, unit.sourceline, unit.get("id", ""),
                                        "expected one <segment> with a <source>")])
        segment = segments[0]
        source, target = segment.find(_q("source")), segment.find(_q("target"))
        assert source is not None
        text = _flatten(target, data) if target is not None else ""
        state = segment.get("state", "initial")
        found.units.append(Returned(unit.get("name") or unit.get("id") or "",
                                    _flatten(source, data), text,
                                    bool(text.strip()) and state in DONE, unit.sourceline))
    return found


def _flatten(element: etree._Element, data: dict[str, str]) -> str:
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in ("ph", "sc", "ec"):
            parts.append(data.get(child.get("dataRef", ""), child.get("equiv", "")))
        elif name == "pc":
            parts.append(data.get(child.get("dataRefStart", ""), ""))
            parts.append(_flatten(child, data))
            parts.append(data.get(child.get("dataRefEnd", ""), ""))
        elif name == "mrk":
            parts.append(_flatten(child, data))
        parts.append(child.tail or "")
    return "".join(parts)
