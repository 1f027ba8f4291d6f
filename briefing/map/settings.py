"""Constants of the map: page geometry, type sizes, colours, label placement."""

from __future__ import annotations

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in SVG points, y down

VIEW_WIDTH = 480.0
"""The map's width in points: it fits an A4 text column."""
MARGIN_TOP = 5.0
MIN_MARGIN_LEFT = 34.0  # room for the latitude labels
MARGIN_RIGHT = 5.0
MARGIN_BOTTOM = 13.0
ASPECT = (0.5, 1.2)
"""Height / width of the frame: a region outside these shows more on its short side."""

GRATICULE_FONT = 7.0
LABEL_FONT = 8.5
MARKER_FONT = 7.5
MARKER_RADIUS = 2.0
# Vertical extent of a line of text relative to the font size: covers
# accented capitals (Й), descenders and the CJK ideographic face.
ASCENT = 0.9
DESCENT = 0.24

SEA = "#e8f1f8"
LAND = "#e5e3dc"
HIGHLIGHT = "#f2d39b"
COAST = "#6b6b6b"
GRATICULE = "#a9bccb"
GRATICULE_INK = "#4d5b66"
INK = "#1e1e1e"
FRAME_INK = "#555555"
REGION_INK = "#c0392b"

SIMPLIFY = 0.2
"""Largest distance (points) a simplified coastline strays from the data."""
MIN_AREA = 0.4
"""Land smaller than this (square points) cannot be seen, and is left out."""
SATELLITE = 4.0
"""A small piece of land this close (points) to a named place's land counts as part of
it."""

INSET_WIDTH = 0.27
"""The overview inset's width, as a share of the frame's."""
INSET_SPAN = 8.0
"""The inset shows this many times the region's extent ..."""
INSET_MIN_DEGREES = 18.0
"""... and at least this many degrees of latitude ..."""
INSET_MAX_DEGREES = 50.0
"""... and at most this many."""

LABEL_GAP = 1.0  # half the clear space kept between a label and anything else
DISTANCES = (2.0, 4.0, 7.0, 10.0, 14.0, 18.0, 23.0, 29.0, 36.0, 44.0, 53.0, 63.0, 75.0, 90.0,
             110.0)
# (dx, dy, penalty): right first, as in conventional cartographic placement
DIRECTIONS = (
    (1, 0, 0.0),
    (-1, 0, 2.0),
    (0, -1, 4.0),
    (0, 1, 4.0),
    (1, -1, 5.0),
    (1, 1, 5.0),
    (-1, -1, 6.0),
    (-1, 1, 6.0),
)
SLIDES = (0.0, -1.0, 1.0)
"""A box beside its place may also stand half its height higher or lower, one above or
below it half its width to the left or right."""
SLIDE_PENALTY = 1.5
INTERIOR = 3.0
"""The score of a name set well inside the land it names (where it fits)."""
# Soft costs, in the same unit as the offset distance (points). The name of land in the
# sea belongs on the sea, while a town or cape name may sit on land.
LAND_PENALTY = 5.0  # per sampled point of a place-name box that falls on other land
MARKER_LAND_PENALTY = 1.0  # the same for a point marker's label
CROSS_PENALTY = 60.0
"""A label across a coastline: only when nothing else is possible, with a warning."""
LEADER_MIN = 5.0  # draw a leader line when the label is further than this
SEARCH_LIMIT = 40000
KEEP_CANDIDATES = 12  # per label: enough for the search to resolve collisions
SVG_NS = "http://www.w3.org/2000/svg"
