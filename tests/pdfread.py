"""Reading PDFs back: structure tree, outline, fonts, metadata."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

from briefing.content.folder import Content

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element, in reading order."""
    def walk(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from walk(kid)
    yield from walk(pdf.Root.StructTreeRoot)


def spoken(path: Path) -> list[tuple[str, str]]:
    """The text of every structure element that holds text, in reading order, with the
    language a screen reader would speak it in: the nearest /Lang up the tree, or the
    document's. The text is decoded from the page content through the ToUnicode maps.
    A figure is left out: a reader speaks its /Alt, not the labels drawn in it."""
    found: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        texts: dict[int, dict[int, str]] = {}

        def text(page: int, mcid: int) -> str:
            if page not in texts:
                texts[page] = _marked_content(pdf.pages[page])
            return texts[page].get(mcid, "")

        def walk(node: pikepdf.Dictionary, lang: str, page: int | None) -> None:
            if node.get("/S") == "/Figure":
                return
            lang = str(node.Lang) if "/Lang" in node else lang
            if "/Pg" in node:
                page = pages[node.Pg.objgen]
            kids = node.get("/K")
            own = ""
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, lang, page)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    own += text(pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID))
                elif isinstance(kid, int | pikepdf.Object) and page is not None:
                    with contextlib.suppress(TypeError, ValueError):  # an annotation
                        own += text(page, int(kid))
            if own.strip():
                found.append((own, lang))

        walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang), None)
    return found


def _marked_content(page: pikepdf.Page) -> dict[int, str]:
    """The text shown inside each marked-content sequence of a page, by MCID."""
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps = {str(name): _to_unicode(font) for name, font in fonts.items()}
    by_mcid: dict[int, str] = {}
    mcids: list[int | None] = []
    current: dict[bytes, str] = {}
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
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
            shown = "".join(current.get(bytes(s)[i:i + 2], "")
                            for s in strings if isinstance(s, pikepdf.String)
                            for i in range(0, len(bytes(s)) - 1, 2))
            by_mcid[mcids[-1]] = by_mcid.get(mcids[-1], "") + shown
    return by_mcid


def _to_unicode(font: pikepdf.Object) -> dict[bytes, str]:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    return {bytes.fromhex(code.decode()): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in _BFCHAR.findall(cmap.read_bytes())}


def outline_titles(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [item.title for item in outline.root]


def contents_entries(path: Path) -> list[tuple[str, Any, Any]]:
    """The table of contents on page 1, as pdfplumber reads it: each entry's heading,
    its line, and the word its page number is."""
    titles = outline_titles(path)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        entries = []
        for line in page.extract_text_lines():
            for title in titles:
                if "".join(line["text"].split()).startswith("".join(title.split())):
                    number = max((w for w in words if abs(w["top"] - line["top"]) < 2),
                                 key=lambda w: w["x1"])
                    entries.append((title, line, number))
    return entries[:len(titles)]  # the headings themselves may come later on the page


def outline_pages(path: Path) -> list[int]:
    """The page number (from 1) each bookmark leads to."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        pages = [page.objgen for page in pdf.pages]
        return [pages.index(item.destination[0].objgen) + 1 for item in outline.root]


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) for every font the pages use."""
    found: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
                for desc in font.get("/DescendantFonts", [font]):
                    descriptor = desc.get("/FontDescriptor", {})
                    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                    found[str(desc.BaseFont)] = embedded
    return sorted(found.items())


def first_heading(content: Content, tag: str) -> str:
    """The first section heading of a locale: short enough to sit on one line."""
    segments = content.locales[tag].text.segments
    segment = next(s for k, s in segments.items() if k.endswith(".heading"))
    return (segment if isinstance(segment, str) else segment.text).strip()


def format_characters(folder: Path) -> dict[str, list[str]]:
    """Invisible format characters (Unicode category Cf: word joiners, zero-width spaces,
    bidi marks) in what names each edition under a build folder: its PDF's document
    information and XMP metadata, its pages' <title> and <h1>. Where -> the characters."""
    from selectolax.lexbor import LexborHTMLParser

    def found(text: str) -> list[str]:
        return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})

    where: dict[str, list[str]] = {}
    for pdf_path in sorted(folder.glob("*/briefing.pdf")):
        with pikepdf.open(pdf_path) as pdf:
            fields = {f"info {key}": str(value) for key, value in pdf.docinfo.items()}
            with pdf.open_metadata() as xmp:
                fields |= {f"XMP {key}": str(value) for key, value in xmp.items()}
        for name, text in fields.items():
            if found(text):
                where[f"{pdf_path.relative_to(folder)}: {name}"] = found(text)
    for page in sorted(folder.glob("**/*.html")):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("title, h1"):
            if found(node.text()):
                where[f"{page.relative_to(folder)}: <{node.tag}>"] = found(node.text())
    return where
