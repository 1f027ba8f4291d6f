"""The map's inputs: coastline rings read from JSON, labels and per-edition text."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Coastlines:
    """Coastline rings of the map region, as stored in coastlines.json."""

    source: str
    licence: str
    extracted: str
    west: float
    east: float
    south: float
    north: float
    features: dict[str, tuple[tuple[tuple[float, float], ...], ...]]


def load_coastlines(path: pathlib.Path) -> Coastlines:
    """Read the JSON written by scripts/make_coastlines.py."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bounds = data["bounds"]
    features = {
        str(f["id"]): tuple(tuple((float(x), float(y)) for x, y in ring) for ring in f["rings"])
        for f in data["features"]
    }
    return Coastlines(
        source=str(data["source"]),
        licence=str(data["licence"]),
        extracted=str(data["extracted"]),
        west=float(bounds["west"]),
        east=float(bounds["east"]),
        south=float(bounds["south"]),
        north=float(bounds["north"]),
        features=features,
    )


@dataclass(frozen=True)
class MapLabel:
    """One place name (or point marker) to put on the map."""

    feature_id: str
    text: str
    lon: float
    lat: float
    lang: str
    marker: bool = False


@dataclass(frozen=True)
class MapText:
    """Edition-specific strings for the map."""

    title: str
    description: str
    scale_label: str
    scale_km: float
    degree_label: Callable[[float, str], str]
    lang: str
