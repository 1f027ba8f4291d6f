"""The map's inputs: coastline rings read from JSON, labels and per-edition text."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field, ValidationError

from briefing.errors import ContentError, Problem, display_path
from briefing.files import MAX_DATA_BYTES, read_text


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


_Point = tuple[Annotated[float, Field(allow_inf_nan=False)],
               Annotated[float, Field(allow_inf_nan=False)]]


class _Bounds(BaseModel, extra="forbid"):
    west: Annotated[float, Field(allow_inf_nan=False)]
    east: Annotated[float, Field(allow_inf_nan=False)]
    south: Annotated[float, Field(allow_inf_nan=False)]
    north: Annotated[float, Field(allow_inf_nan=False)]


class _Feature(BaseModel):
    id: str | int
    rings: list[list[_Point]]


class _CoastlinesFile(BaseModel):
    """The file's shape, checked before any of it is used."""

    source: str
    licence: str
    extracted: str
    bounds: _Bounds
    features: list[_Feature]


def load_coastlines(path: pathlib.Path, root: pathlib.Path | None = None) -> Coastlines:
    """Read the JSON written by scripts/make_coastlines.py, as a file under `root` (the
    content folder); a file that is not that JSON is a ContentError naming where."""
    shown = display_path(path)
    text = read_text(path, root or path.parent, limit=MAX_DATA_BYTES, kind="map data file")
    try:
        data = _CoastlinesFile.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ContentError([Problem(shown, exc.lineno, "", f"invalid JSON: {exc.msg} at "
                                                            f"column {exc.colno}")]) from None
    except ValidationError as exc:
        raise ContentError([Problem(shown, None, _where(e["loc"]), f"expected "
                                    f"{_EXPECTED.get(str(e['loc'][-1]), 'a value')}: {e['msg']}")
                            for e in exc.errors(include_url=False)]) from None
    except RecursionError:
        raise ContentError([Problem(shown, None, "", "invalid JSON: nested too deep")]) \
            from None
    return Coastlines(
        source=data.source, licence=data.licence, extracted=data.extracted,
        west=data.bounds.west, east=data.bounds.east, south=data.bounds.south,
        north=data.bounds.north,
        features={str(f.id): tuple(tuple(ring) for ring in f.rings) for f in data.features})


_EXPECTED = {"rings": "a list of rings, each a list of [longitude, latitude] pairs",
             "bounds": "west, east, south and north in degrees"}


def _where(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


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
