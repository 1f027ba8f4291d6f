"""A termbase as TBX: TBX-Basic in the current standard (TBX 2019, ISO 30042:2019) and the
older TBX (ISO 30042:2008, `<martif>`) that translate-toolkit and Weblate's glossaries
read, one target language per file. Written with lxml."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from briefing.exchange.glossary import Term, Termbase

TBX_2019 = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
          "deprecated": "deprecatedTerm-admn-sts"}
"""TBX's administrativeStatus values."""


def tbx_2019(base: Termbase) -> bytes:
    """TBX-Basic, dialect of TBX 2019, in its DCA style: conceptEntry, langSec, termSec."""
    def q(tag: str) -> str:
        return f"{{{TBX_2019}}}{tag}"

    root = etree.Element(q("tbx"), nsmap={None: TBX_2019}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, base.source_language)
    _header(root, base.title, q)
    body = etree.SubElement(etree.SubElement(root, q("text")), q("body"))
    for concept in base.concepts:
        entry = etree.SubElement(body, q("conceptEntry"), id=concept.id)
        etree.SubElement(entry, q("note")).text = f"{concept.kind} (gazetteer id {concept.id})"
        for language, terms in concept.languages.items():
            section = etree.SubElement(entry, q("langSec"))
            section.set(XML_LANG, language)
            for term in terms:
                _term(etree.SubElement(section, q("termSec")), term, q)
    return _bytes(root)


def tbx_2008(base: Termbase) -> bytes:
    """The older TBX: martif, termEntry, langSet, tig (the reference language and one
    other, as a glossary of one language pair)."""
    def q(tag: str) -> str:
        return tag

    root = etree.Element("martif", type="TBX")
    root.set(XML_LANG, base.source_language)
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(description, "p").text = base.title
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in base.concepts:
        entry = etree.SubElement(body, "termEntry", id=concept.id)
        etree.SubElement(entry, "note").text = f"{concept.kind} (gazetteer id {concept.id})"
        for language, terms in concept.languages.items():
            section = etree.SubElement(entry, "langSet")
            section.set(XML_LANG, language)
            for term in terms:
                _term(etree.SubElement(section, "tig"), term, q)
    return _bytes(root)


def _header(root: etree._Element, title: str, q: Callable[[str], str]) -> None:
    header = etree.SubElement(root, q("tbxHeader"))
    file_desc = etree.SubElement(header, q("fileDesc"))
    etree.SubElement(etree.SubElement(file_desc, q("titleStmt")), q("title")).text = (
        title)
    etree.SubElement(etree.SubElement(file_desc, q("sourceDesc")), q("p")).text = (
        "The gazetteer of a briefing, exported by `briefing glossary`.")


def _term(element: etree._Element, term: Term, q: Callable[[str], str]) -> None:
    etree.SubElement(element, q("term")).text = term.text
    etree.SubElement(element, q("termNote"), type="termType").text = term.type
    etree.SubElement(element, q("termNote"), type="administrativeStatus").text = \
        STATUS[term.status]
    for note in term.notes:
        etree.SubElement(element, q("note")).text = note


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
