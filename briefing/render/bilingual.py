"""Bilingual editions: two editions paired block by block, by their shared ids."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from briefing.edition.resolve import Block, Edition
from briefing.render.pages import Renderer


@dataclass(frozen=True)
class Row:
    """One row of the bilingual table: two cells that start at the same height."""

    id: str
    kind: str
    left: Markup
    right: Markup | None
    """None for a block that spans both columns."""


def pair_rows(renderer: Renderer, left: Edition, right: Edition,
              extras: dict[str, object]) -> list[Row]:
    """Pair every block of `left` with the block of `right` that has the same id."""
    right_blocks = {b.id: b for section in right.sections for b in section}
    rows = [Row("cover", "cover", renderer.macro(left.tag, "cover", left),
                renderer.macro(right.tag, "cover", right))]
    for section in left.sections:
        for block in section:
            rows.append(_row(renderer, block, right_blocks[block.id], left, right, extras))
    return rows


def _row(renderer: Renderer, block: Block, partner: Block, left: Edition, right: Edition,
         extras: dict[str, object]) -> Row:
    if block.spans:
        # Shown once across both columns, in the primary locale: the same facts in
        # either language (the names table already has every language).
        both = _both_readers(left, right)
        if block.kind == "map":  # its caption in both languages, each marked as such
            block = replace(block, html=Markup('{}<br><span lang="{}">{}</span>').format(
                block.html, partner.lang, partner.html))
        return Row(block.id, block.kind,
                   renderer.macro(left.tag, "render_block", block, both, left.id_prefix,
                                  extras), None)
    cell_left = renderer.macro(left.tag, "render_block", block, left, left.id_prefix, extras)
    cell_right = renderer.macro(right.tag, "render_block", partner, right, right.id_prefix,
                                extras)
    return Row(block.id, block.kind, cell_left, cell_right)


def _both_readers(left: Edition, right: Edition) -> Edition:
    """The primary edition, with the names table's column headings in both languages
    ("英語 / Английский"), since a spanning block is read by both delegations."""
    headings = [(lang, f"{name} / {other}") for (lang, name), (_, other)
                in zip(left.name_langs, right.name_langs, strict=True)]
    return replace(left, name_langs=headings)
