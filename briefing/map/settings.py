"""Constants of the locator map: projection, page geometry, fonts, colours, placement."""

from __future__ import annotations

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in SVG points, y down

EARTH_RADIUS_KM = 6371.0088
STANDARD_PARALLELS = (43.5, 45.5)
CENTRAL_MERIDIAN = 146.75
ORIGIN_LATITUDE = 44.5
FRAME_GEO = (144.5, 149.0, 43.0, 45.62)  # west, east, south, north

VIEW_WIDTH = 480.0
MARGIN_TOP = 5.0
MIN_MARGIN_LEFT = 34.0  # room for the latitude labels
MARGIN_RIGHT = 5.0
MARGIN_BOTTOM = 13.0
GRATICULE_FONT = 7.0
LABEL_FONT = 8.5
MARKER_FONT = 7.5
MARKER_RADIUS = 2.0
# Vertical extent of a line of text relative to the font size: covers
# accented capitals (Й), descenders and the CJK ideographic face.
ASCENT = 0.9
DESCENT = 0.24
FONT_FAMILY = "'Noto Sans','Noto Sans CJK JP',sans-serif"
"""No spaces after the commas: WeasyPrint's SVG text splits on ',' and strips only quotes."""
LATIN_FAMILY = "Noto Sans"
CJK_FAMILY = "Noto Sans CJK JP"

SEA = "#e8f1f8"
LAND = "#e5e3dc"
DISPUTED = "#f2d39b"
COAST = "#6b6b6b"
GRATICULE = "#a9bccb"
INK = "#1e1e1e"
DISPUTED_IDS = ("iturup", "kunashir", "shikotan", "habomai")

LABEL_GAP = 1.0  # half the clear space kept between a label and anything else
DISTANCES = (2.0, 4.0, 7.0, 10.0, 14.0, 18.0, 23.0, 29.0, 36.0, 44.0, 53.0, 63.0, 75.0)
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
# Soft costs, in the same unit as the offset distance (points). A label that
# straddles a coastline reads worst; island names belong on the sea, while a
# town or cape name may sit on land.
CROSS_PENALTY = 30.0  # per feature (other than the named one) whose coast the box touches
LAND_PENALTY = 5.0  # per sampled point of a place-name box that falls on land
MARKER_LAND_PENALTY = 1.0  # the same for a point marker's label
LEADER_MIN = 5.0  # draw a leader line when the label is further than this
SEARCH_LIMIT = 40000
KEEP_CANDIDATES = 12  # per label: enough for the search to resolve collisions
SVG_NS = "http://www.w3.org/2000/svg"
