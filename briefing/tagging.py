"""Per-passage /Lang in the PDF's structure tree.

WeasyPrint tags the PDF but writes only the document's /Lang. Here the
structure tree is walked with pikepdf, the text of every structure element is
decoded from the page content (through each font's ToUnicode map), and each
passage the HTML marks with another `lang` gets that language on the structure
element whose text it is, so that a screen reader switches voice there.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pikepdf

SPLIT_MIN = 20
"""Shortest text taken as the first part of a passage that a page break split."""
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_IGNORED = re.compile(r"[\s\u00ad\-\u2010\u2011]")
"""Whitespace and hyphens differ between the HTML and the laid-out lines."""


def _norm(text: str) -> str:
    # Case too: text-transform changes it on the page.
    return _IGNORED.sub("", text).casefold()


@dataclass
class Passage:
    lang: str
    text: str = ""


class _Passages(HTMLParser):
    """Elements whose `lang` differs from their parent's, with their text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.passages: list[Passage] = []
        self._open: list[tuple[str, Passage | None, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        parent_lang = self._open[-1][2] if self._open else ""
        passage = None
        if tag == "html":
            lang = lang or ""
        elif lang and _primary(lang) != _primary(parent_lang):
            passage = Passage(lang)
            self.passages.append(passage)
        self._open.append((tag, passage, lang or parent_lang))
        self._hidden += tag in ("rp", "style", "title", "desc", "head")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, _, _ = self._open.pop()
            self._hidden -= open_tag in ("rp", "style", "title", "desc", "head")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        for _, passage, _ in self._open:
            if passage is not None:
                passage.text += data


def _primary(lang: str) -> str:
    return lang.split("-")[0].lower()


def foreign_passages(html: str) -> list[Passage]:
    parser = _Passages()
    parser.feed(html)
    parser.close()
    return [p for p in parser.passages if _norm(p.text)]


@dataclass
class _PageText:
    by_mcid: dict[int, str] = field(default_factory=dict)


def _to_unicode(font: pikepdf.Object) -> dict[bytes, str]:
    mapping: dict[bytes, str] = {}
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return mapping
    for code, text in _BFCHAR.findall(cmap.read_bytes()):
        mapping[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode(
            "utf-16-be", "replace")
    return mapping


def _page_text(page: pikepdf.Page) -> _PageText:
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    maps = {str(name): _to_unicode(font) for name, font in (fonts or {}).items()}
    result = _PageText()
    mcids: list[int | None] = []
    current: dict[bytes, str] = {}
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image: no text
        operands, op = instruction.operands, str(instruction.operator)
        if op == "BDC":
            props = operands[1] if len(operands) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            mcids.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            mcids.append(None)
        elif op == "EMC" and mcids:
            mcids.pop()
        elif op == "Tf":
            current = maps.get(str(operands[0]), {})
        elif op in ("Tj", "TJ") and mcids and mcids[-1] is not None:
            strings = operands[0] if op == "TJ" else [operands[0]]
            text = "".join(_decode(bytes(s), current) for s in strings
                           if isinstance(s, pikepdf.String))
            result.by_mcid[mcids[-1]] = result.by_mcid.get(mcids[-1], "") + text
    return result


def _decode(raw: bytes, mapping: dict[bytes, str]) -> str:
    return "".join(mapping.get(raw[i:i + 2], "") for i in range(0, len(raw) - 1, 2))


@dataclass
class _Element:
    obj: pikepdf.Dictionary
    text: str


def _elements(pdf: pikepdf.Pdf) -> Iterator[_Element]:
    """Structure elements in reading order (pre-order), each with its text."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    texts: dict[int, _PageText] = {}

    def text_of(page_index: int, mcid: int) -> str:
        if page_index not in texts:
            texts[page_index] = _page_text(pdf.pages[page_index])
        return texts[page_index].by_mcid.get(mcid, "")

    def walk(node: pikepdf.Dictionary, page: int | None) -> Iterator[tuple[_Element, str]]:
        if "/Pg" in node:
            page = pages.get(node.Pg.objgen, page)
        kids = node.get("/K")
        kid_list = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        own = _Element(node, "")
        collected: list[tuple[_Element, str]] = []
        for kid in kid_list:
            if isinstance(kid, int | pikepdf.Object) and not isinstance(kid, pikepdf.Dictionary):
                try:
                    mcid = int(kid)
                except (TypeError, ValueError):
                    continue
                if page is not None:
                    own.text += text_of(page, mcid)
            elif isinstance(kid, pikepdf.Dictionary):
                if kid.get("/Type") == "/MCR":
                    kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    if kid_page is not None:
                        own.text += text_of(kid_page, int(kid.MCID))
                elif "/S" in kid:
                    child_items = list(walk(kid, page))
                    if child_items:
                        own.text += child_items[0][0].text
                    collected.extend(child_items)
        yield own, ""
        yield from collected

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    kids = root.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            for element, _ in walk(kid, None):
                yield element


def mark_languages(pdf_bytes: bytes, html: str) -> bytes:
    """Add /Lang to the structure elements of every passage in another language."""
    passages = foreign_passages(html)
    if not passages:
        return pdf_bytes
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return pdf_bytes  # an untagged variant: nothing to mark
        elements = [(e, _norm(e.text)) for e in _elements(pdf)]
        start = 0
        for passage in passages:
            found = _match(elements, start, _norm(passage.text))
            if found is None:
                continue  # not drawn (hidden), or drawn too differently to tell
            for index in found:
                elements[index][0].obj.Lang = pikepdf.String(passage.lang)
            start = found[-1] + 1
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def _match(elements: list[tuple[_Element, str]], start: int, wanted: str) -> list[int] | None:
    """The elements, from `start` on in reading order, whose text is the passage's: one
    with the same characters in any order (ruby draws its reading first), or several
    consecutive parts of a long passage that page breaks split."""
    wanted_sorted = sorted(wanted)
    for index in range(start, len(elements)):
        text = elements[index][1]
        if not text:
            continue
        if sorted(text) == wanted_sorted:
            return [index]
        if len(text) >= SPLIT_MIN and wanted.startswith(text):
            parts, rest = [index], wanted[len(text):]
            for later in range(index + 1, len(elements)):
                piece = elements[later][1]
                if piece and rest.startswith(piece) and len(piece) >= min(SPLIT_MIN,
                                                                        len(rest)):
                    parts.append(later)
                    rest = rest[len(piece):]
                    if not rest:
                        return parts
    return None
