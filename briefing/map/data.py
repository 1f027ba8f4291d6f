"""What a map is asked to show: its region, places, labels, and its words in a language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .region import GeoBox

SOURCE = "Natural Earth 1:10m land 4.1.0 (world-atlas 2.0.2)"
"""Where the shipped land comes from (`land.LAND_FILE`), as maps credit it."""
LICENCE = "public domain"


@dataclass(frozen=True)
class MapLabel:
    """One place name (or point marker) to put on the map."""

    feature_id: str
    """The place it names: a label names the land at its point; '' for none."""
    text: str
    lon: float
    lat: float
    lang: str
    marker: bool = False
    """A point with a dot (a town, a cape), rather than land."""


@dataclass(frozen=True)
class Place:
    """A place whose land the map needs to know: to tint it, or to keep its label off
    its coast."""

    id: str
    lon: float
    lat: float
    extent: GeoBox | None = None
    """For a place of many pieces of land: a box round them, so that every piece in it is
    counted as the place's land, not only the one at its point."""


@dataclass(frozen=True)
class MapSpec:
    """The map's region and what it shows besides labels."""

    region: GeoBox
    projection: str = "auto"
    """'auto', a PROJ string or an EPSG code (EPSG:3413)."""
    inset: bool = True
    """A small overview of the wider area with the region's frame on it."""
    places: tuple[Place, ...] = ()
    highlight: frozenset[str] = frozenset()
    """Ids of places whose land is tinted."""


@dataclass(frozen=True)
class MapText:
    """The words of a map in one edition's language."""

    title: str
    description: str
    degree_label: Callable[[float, str], str]
    """(degrees, hemisphere) -> '45°N'; degrees are never negative, and the hemisphere is
    N, S, E, W, or '' for the equator, the prime meridian and 180°."""
    length_label: Callable[[float], str]
    """A length in km as the scale bar writes it: '50 km', '50km', '50 км'."""
    lang: str
    langs: tuple[str, ...] = ()
    """Every language the labels are in (two in a bilingual edition), for their fonts."""
    north: str = "N"
    """The north arrow's letter."""
    scale_km: float | None = None
    """The scale bar's length; None: a round length about a fifth of the map's width."""
    for_print: bool = False
    """Drawn for WeasyPrint: right-to-left text in display order (see textwidth.visual)."""
