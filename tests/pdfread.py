"""Reading PDFs back: structure tree, outline, fonts, metadata."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element, in reading order."""
    def walk(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from walk(kid)
    yield from walk(pdf.Root.StructTreeRoot)


def langs(path: Path) -> set[str]:
    """The /Lang values set on structure elements (not the document's)."""
    with pikepdf.open(path) as pdf:
        return {str(e.Lang) for e in struct_elements(pdf) if "/Lang" in e}


def outline_titles(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [item.title for item in outline.root]


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
