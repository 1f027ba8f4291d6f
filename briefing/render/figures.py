"""Figures drawn at build time from content: the locator map."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from briefing.content.folder import Content
from briefing.edition.l10n import Formatter
from briefing.edition.resolve import Edition
from briefing.errors import FileGone
from briefing.map.data import Coastlines, MapLabel, MapText, load_coastlines
from briefing.map.svg import draw_map

COASTLINES = Path("map") / "coastlines.json"
ISLAND_LABELS = ("iturup", "kunashir", "shikotan", "habomai", "hokkaido")
MARKERS = ("cape_nosappu", "rausu")
SCALE_KM = 50


@dataclass(frozen=True)
class Figure:
    svg: Markup
    caption: str


@functools.cache
def _coastlines(path: Path, root: Path, mtime: float) -> Coastlines:
    return load_coastlines(path, root)


def locator_map(content: Content, editions: Sequence[Edition], fmt: Formatter,
                catalog: gettext.NullTranslations, id_prefix: str) -> Figure | None:
    """The map for one edition (or two, side by side: labels then read '択捉島 / Итуруп')."""
    path = content.root / COASTLINES
    try:
        mtime = path.stat().st_mtime
        coast = _coastlines(path, content.root, mtime)
    except (OSError, FileGone):  # no map data, or gone since
        return None
    _ = catalog.gettext
    labels = []
    for entry_id in (*ISLAND_LABELS, *MARKERS):
        entry = content.gazetteer.entries.get(entry_id)
        if entry is None or entry.lat is None or entry.lon is None:
            continue
        text = " / ".join(e.map_labels[entry_id] for e in editions)
        labels.append(MapLabel(entry_id if entry_id in ISLAND_LABELS else "", text,
                               entry.lon, entry.lat, editions[0].lang,
                               marker=entry_id in MARKERS))
    first = editions[0]
    islands = fmt.list([first.map_labels[i] for i in ISLAND_LABELS[:4]])
    map_text = MapText(
        title=_("Locator map: %(islands)s") % {"islands": islands},
        description=_("The four islands lie off the north-east of %(hokkaido)s; "
                      "%(cape)s and %(town)s are marked on its coast.") % {
            "hokkaido": first.map_labels["hokkaido"], "cape": first.map_labels["cape_nosappu"],
            "town": first.map_labels["rausu"]},
        scale_label=fmt.length(SCALE_KM), scale_km=SCALE_KM,
        degree_label=lambda value, axis: (_("%(degrees)s°N") if axis == "N"
                                          else _("%(degrees)s°E")) % {
            "degrees": fmt.number(value)},
        lang=first.lang)
    caption = _("Map data: %(source)s (%(licence)s). Lambert conformal conic projection.") % {
        "source": coast.source, "licence": _licence(coast.licence, _)}
    degrees = tuple(map_text.degree_label(float(v), axis) for axis, values in
                    (("N", range(43, 47)), ("E", range(144, 150))) for v in values)
    key = (path, mtime, tuple(labels), map_text.title, map_text.description,
           map_text.scale_label, degrees, map_text.lang, id_prefix)
    svg = _drawn(key, coast, labels, map_text)
    return Figure(Markup(svg), caption)  # noqa: S704 - draw_map escapes every text


def _licence(licence: str, _: Callable[[str], str]) -> str:
    """The data's licence in the edition's language, where it is one the catalogs know."""
    known = {"public domain": _("public domain")}
    return next((words for key, words in known.items() if licence.lower().startswith(key)),
                licence)


_DRAWN: dict[tuple[object, ...], str] = {}


def _drawn(key: tuple[object, ...], coast: Coastlines, labels: list[MapLabel],
           text: MapText) -> str:
    """Placing labels is the slow part: a map already drawn in this process is reused."""
    if key not in _DRAWN:
        _DRAWN[key] = draw_map(coast, labels, text, id_prefix=str(key[-1]) + "map")
    return _DRAWN[key]
