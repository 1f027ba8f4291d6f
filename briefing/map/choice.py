"""Which projection a map gets (see `projection`), without loading PROJ: a drawn map
kept in the cache names its projection without loading the map's libraries."""

from __future__ import annotations

from .region import GeoBox

KINDS = {"lcc": "conic", "stere": "polar", "merc": "mercator", "eqearth": "equal-earth"}


def projection_for(region: GeoBox, definition: str = "auto"
                   ) -> tuple[str, str, tuple[float, float]]:
    """The PROJ definition, kind and centre (longitude, latitude) of the content's
    projection, or of the one `auto` picks for the region."""
    lon, lat = region.centre
    lon = (lon + 180) % 360 - 180
    if definition != "auto":
        return definition, "custom", (lon, lat)
    south, north = region.south, region.north
    if north >= 84 or south <= -84 or abs(lat) >= 70:
        pole = 90 if lat > 0 else -90
        proj = f"+proj=stere +lat_0={pole} +lat_ts={_deg(lat)} +lon_0={_deg(lon)}"
    elif region.east - region.west > 150:
        proj = f"+proj=eqearth +lon_0={_deg(lon)}"
    elif abs(lat) <= 15 or south < 0 < north:
        proj = f"+proj=merc +lat_ts={_deg(lat)} +lon_0={_deg(lon)}"
    else:
        inset = (north - south) / 6
        proj = (f"+proj=lcc +lat_1={_deg(south + inset)} +lat_2={_deg(north - inset)} "
                f"+lat_0={_deg(lat)} +lon_0={_deg(lon)}")
    proj += " +datum=WGS84 +units=m +no_defs"
    return proj, KINDS[proj.split()[0].removeprefix("+proj=")], (lon, lat)


def _deg(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
