"""Where the content puts things on a map: a map block's region and its places."""

from __future__ import annotations

from briefing.content.folder import Content
from briefing.content.model import Extent, Fit, MapBlock
from briefing.map.region import GeoBox, box_region, fit_region


def map_region(content: Content, block: MapBlock) -> GeoBox:
    """The region a map block shows: its box, or the box round the places it fits."""
    region = block.region
    if isinstance(region, Fit):
        return fit_region([coordinates(content, place) for place in region.fit],
                          region.pad_km)
    return extent_box(region)


def extent_box(extent: Extent) -> GeoBox:
    return box_region(extent.west, extent.east, extent.south, extent.north)


def coordinates(content: Content, place: str) -> tuple[float, float]:
    """A place's longitude and latitude (validation has checked it has both)."""
    entry = content.gazetteer.entries[place]
    assert entry.lon is not None and entry.lat is not None
    return entry.lon, entry.lat


def map_blocks(content: Content) -> list[MapBlock]:
    """Every map of the briefing, in reading order."""
    return [block for section in content.briefing.sections for block in section.maps]
