"""The print HTML parsed in C, into the tree WeasyPrint's own parser would build.

WeasyPrint parses HTML with tinyhtml5, a pure-Python implementation of the
WHATWG parsing algorithm: 25–40 ms of every PDF. Lexbor (through selectolax)
implements the same algorithm in C and parses the same document in under a
millisecond; this module turns its nodes into the ElementTree that tinyhtml5
gives WeasyPrint (`namespace_html_elements=False`): HTML elements without a
namespace, SVG and MathML elements and their foreign attributes (`xml:lang`,
`xlink:href`, `xmlns`) in theirs, text as `text` and `tail`, comments kept.
The tests parse every edition, and thousands of generated documents, both ways and
require the same tree. One difference is left: a <template>'s content, which no
browser or WeasyPrint shows, stays out of the tree, as the algorithm specifies, where
tinyhtml5 makes it the template's children.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser, LexborNode

SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
_XMLNS = "http://www.w3.org/2000/xmlns/"

_FOREIGN_ATTRIBUTES = {
    **{f"xlink:{name}": (_XLINK, name)
       for name in ("actuate", "arcrole", "href", "role", "show", "title", "type")},
    "xml:lang": (_XML, "lang"), "xml:space": (_XML, "space"),
    "xmlns": (_XMLNS, "xmlns"), "xmlns:xlink": (_XMLNS, "xlink"),
}
"""The attributes the parser puts in a namespace on SVG and MathML elements."""

_HTML_INTEGRATION = {(SVG, "foreignObject"), (SVG, "desc"), (SVG, "title")}
_MATHML_TEXT = {"mi", "mo", "mn", "ms", "mtext"}
_HTML_ENCODINGS = {"text/html", "application/xhtml+xml"}


def parse(text: str) -> ElementTree.Element:
    """The document's <html> element, as tinyhtml5 would build it."""
    root = LexborHTMLParser(text).root
    assert root is not None  # the parser makes <html>, <head> and <body> for any text
    return _element(root, None)


def _namespace(tag: str, parent: str | None, parent_node: LexborNode) -> str | None:
    """An element's namespace, from its parent's: the parser's rules for foreign content.

    Inside SVG or MathML an element stays in its parent's namespace, unless the parent
    is one of the points where HTML's rules apply again; under HTML's rules only <svg>
    and <math> open foreign content."""
    if parent is not None:
        parent_tag = parent_node.tag or ""
        if parent == MATHML and parent_tag == "annotation-xml":
            encoding = (parent_node.attributes.get("encoding") or "").lower()
            html_rules = encoding in _HTML_ENCODINGS or tag == "svg"
        elif parent == MATHML and parent_tag in _MATHML_TEXT:
            html_rules = tag not in ("mglyph", "malignmark")
        else:
            html_rules = (parent, parent_tag) in _HTML_INTEGRATION
        if not html_rules:
            return parent
    return {"svg": SVG, "math": MATHML}.get(tag)


def _element(node: LexborNode, namespace: str | None) -> ElementTree.Element:
    tag = node.tag or ""
    attributes = {}
    for name, value in node.attributes.items():
        if namespace is not None and name in _FOREIGN_ATTRIBUTES:
            uri, local = _FOREIGN_ATTRIBUTES[name]
            name = f"{{{uri}}}{local}"
        attributes[name] = value or ""
    element = ElementTree.Element(tag if namespace is None else f"{{{namespace}}}{tag}",
                                  attributes)
    last: ElementTree.Element[Any] | None = None
    child = node.child
    while child is not None:
        kind = child.tag or ""
        if kind == "-text":
            text = child.text_content or ""
            if last is None:
                element.text = (element.text or "") + text
            else:
                last.tail = (last.tail or "") + text
        elif kind == "-comment" or not kind.startswith(("-", "!")):
            last = (ElementTree.Comment((child.html or "<!---->")[4:-3]) if kind == "-comment"
                    else _element(child, _namespace(kind, namespace, node)))
            element.append(last)
        child = child.next
    return element
