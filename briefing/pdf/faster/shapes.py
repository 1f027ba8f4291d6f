"""SVG paths drawn once: the map's coastlines after every edit in the preview.

WeasyPrint draws an SVG path by parsing its `d` attribute and writing each segment
to the stream: for the locator map, thousands of points on every page that shows
it, a twentieth of a Japanese PDF. What a path writes depends only on its `d`, the
font size and the SVG's inner size (against which lengths resolve): the operators
appended to the stream, and the vertices it records on the node for markers. Once
`faster.keep(True)` (`keeping`), each path's are kept by those inputs (the last
`LIMIT` of them) and written again as they were, the same bytes in the same order.
A path whose data stops early (WeasyPrint draws the part before the error) is not
kept.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from briefing.pdf.faster import keeping

LIMIT = 2_000
"""Paths kept at most (then started again): a map has a few dozen."""


def replacements() -> list[tuple[Any, str, Any]]:
    from weasyprint.svg import TAGS

    original = TAGS["path"]
    kept: dict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    keeping.emptied_by_forget(kept.clear)

    def path(svg: Any, node: Any, font_size: Any) -> None:
        if not keeping.on:
            original(svg, node, font_size)
            return
        key = (node.get("d", ""), font_size, svg.inner_width, svg.inner_height)
        drawn = kept.get(key)
        if drawn is not None:
            svg.stream.stream.extend(drawn[0])
            node.vertices.extend(drawn[1])
            return
        operators, vertices = len(svg.stream.stream), len(node.vertices)
        original(svg, node, font_size)  # a path that stops early raises: not kept
        if len(kept) >= LIMIT:
            kept.clear()
        kept[key] = (tuple(svg.stream.stream[operators:]),
                     tuple(islice(node.vertices, vertices, None)))

    # The SVG renderer finds its shapes' functions in this table at each node.
    return [(TAGS, "path", path)]
