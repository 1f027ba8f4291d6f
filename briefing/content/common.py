"""The value types every content file shares: ids, words, locale tags."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)]
"""Ids are lowercase ASCII so that a translator can type them anywhere."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]

Words = Annotated[str, StringConstraints(max_length=20_000)]
"""Words a translator may leave empty for now: the reference locale's stand in for them,
marked as not yet translated (`briefing add-locale` writes them so)."""

LocaleTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]+)*$")]
"""A locale as Babel names it and as its folder is named: 'en', 'ja', 'pt_BR'."""


class Strict(BaseModel):
    """A content model: unknown fields are errors, and each field's docstring is its
    description in the JSON Schema (`briefing schema` reads them from the source)."""

    # No .inf or .nan: no locale can format them, and no fact is infinite.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, allow_inf_nan=False)


Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]


class Extent(Strict):
    """A box of longitude and latitude (WGS 84, degrees). A box whose west edge is east of
    its east edge crosses the antimeridian: west 170, east -170."""

    west: Longitude
    east: Longitude
    south: Latitude
    north: Latitude


class Fit(Strict):
    """A map region that holds the given places, with a margin round them."""

    fit: list[Id] = Field(min_length=1)
    """Gazetteer ids of places with coordinates."""
    pad_km: float = Field(default=0.0, ge=0, le=5000)
    """The margin round them, in km."""


def _region_kind(value: object) -> str:
    return "fit" if isinstance(value, dict) and "fit" in value else "box"


Region = Annotated[Annotated[Fit, Tag("fit")] | Annotated[Extent, Tag("box")],
                   Discriminator(_region_kind)]
"""What a map shows: `{fit: [places], pad_km: 30}` or `{west:, east:, south:, north:}`."""
