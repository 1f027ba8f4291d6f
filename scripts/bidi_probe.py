"""Lays out small right-to-left cases with WeasyPrint and prints where each word fell.

    .venv/bin/python scripts/bidi_probe.py

The measurements behind docs/typography.md: re-run after a WeasyPrint or Pango
upgrade and compare. Each case prints its words left to right as `x:text` (poppler
gives right-to-left words in visual order, so Hebrew reads backwards here).
"""

from __future__ import annotations

import io
import logging
import sys

import pdfplumber
from weasyprint import HTML

CSS = """@page { size: 160mm 60mm; margin: 10mm }
body { font-family: 'Noto Sans Hebrew', 'Noto Sans'; font-size: 10pt; }
.box { width: 60mm; }"""

CASES = {
    "one text run: 12 goes right of the name (bidi inside Pango)":
        '<p dir="rtl">המשתמש jcranmer 12 פוסטים</p>',
    "the name in a <span>: 12 goes left of it (each inline box an isolate)":
        '<p dir="rtl">המשתמש <span>jcranmer</span> 12 פוסטים</p>',
    "unicode-bidi: isolate (ignored, with a warning)":
        '<p dir="rtl">המשתמש <span style="unicode-bidi: isolate">jcranmer</span> 12 פוסטים</p>',
    "FSI..PDI inside one text run: isolated by Pango":
        '<p dir="rtl">המשתמש \u2068jcranmer\u2069 12 פוסטים</p>',
    "an LTR passage in two boxes inside RTL: reversed box by box":
        '<p dir="rtl">שלום <span>abc</span> <span>def</span> עולם</p>',
    "the same passage with dir=ltr around it: in order":
        '<p dir="rtl">שלום <span dir="ltr"><span>abc</span> <span>def</span></span> עולם</p>',
    "citation mark and full stop at the end of an RTL sentence":
        '<p dir="rtl">שלום עולם<a>[3]</a>.</p>',
    "a table with dir=rtl: first cell at the right":
        '<table dir="rtl" class="box"><tr><td>אחד</td><td>שתיים</td><td>שלוש</td></tr></table>',
    "text-align: start in an RTL box 60 mm wide (right edge at 198 pt)":
        '<p dir="rtl" class="box" style="text-align: start">שלום</p>',
}


def words(html: str) -> str:
    pdf = HTML(string=f"<html><style>{CSS}</style><body>{html}</body></html>").write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        found = doc.pages[0].extract_words()
    return "  ".join(f"{w['x0']:.0f}:{w['text']}" for w in sorted(found, key=lambda w: w["x0"]))


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="  weasyprint: %(message)s")
    for title, html in CASES.items():
        sys.stdout.write(f"{title}\n  {words(html)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
