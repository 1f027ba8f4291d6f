"""Figures drawn at build time from content: the maps, in an edition's language (or two)."""

from __future__ import annotations

import gettext
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from briefing import cachefiles
from briefing.content.folder import Content
from briefing.content.model import MapBlock
from briefing.content.places import coordinates, extent_box, map_blocks, map_region
from briefing.edition.l10n import Formatter
from briefing.edition.resolve import Block, Edition
from briefing.map import textwidth
from briefing.map.code import map_code
from briefing.map.data import MapLabel, MapSpec, MapText, Place
from briefing.map.textwidth import font_files, right_to_left
from briefing.terminal import interrupts_held


@dataclass(frozen=True)
class Figure:
    svg: Markup
    credit: str
    """Where the map's data comes from, and its projection, in the edition's language."""
    print_svg: Markup | None = None
    """The same map for the PDF, when it has right-to-left text: WeasyPrint needs that
    text in display order (see briefing.map.textwidth.visual), a browser in logical."""


def map_spec(content: Content, block: MapBlock) -> MapSpec:
    """What a map block shows, in the map stage's terms."""
    places = []
    for place in dict.fromkeys([*block.label, *block.highlight]):
        if place in block.mark and place not in block.highlight:
            continue
        lon, lat = coordinates(content, place)
        extent = content.gazetteer.entries[place].extent
        places.append(Place(place, lon, lat, extent_box(extent) if extent else None))
    return MapSpec(map_region(content, block), block.projection, block.inset,
                   tuple(places), frozenset(block.highlight))


def prepare_maps(content: Content, cache: Path | None) -> None:
    """Cut every map's land now (or read it from the cache), before processes fork."""
    with interrupts_held():  # numpy prints an interrupt that lands in its import
        from briefing.map.draw import prepare

    for block in map_blocks(content):
        prepare(map_spec(content, block), cache)


def ask_fonts(content: Content, langs: Iterable[str]) -> None:
    """Have fontconfig look for the fonts of the maps' languages now, in processes of
    their own (`textwidth.ask`): a build asks as it starts, so that the answers are
    there when it draws a map or names one it kept."""
    if any(True for _ in map_blocks(content)):
        textwidth.ask(f"sans-serif:lang={lang}" for lang in dict.fromkeys(langs))


def maps(content: Content, editions: Sequence[Edition], fmt: Formatter,
         catalog: gettext.NullTranslations, id_prefix: str,
         cache: Path | None) -> dict[str, Figure]:
    """Every map of an edition (or of two side by side: labels then read
    'Grønland / Kalaallit Nunaat'), by block id."""
    _ = catalog.gettext
    blocks = {b.id: b for section in editions[0].sections for b in section}
    figures = {}
    for block in map_blocks(content):
        spec = map_spec(content, block)
        labels = _labels(content, block, editions)
        text = _text(blocks[block.id], editions, fmt, catalog)
        key = (spec, tuple(labels), text.title, text.description, text.lang, text.langs,
               text.north, _samples(text), f"{id_prefix}{block.id}-", cache)
        svg = _drawn(key, spec, labels, text)
        printed = None
        if right_to_left(" ".join([*(label.text for label in labels), *_samples(text),
                                   text.north])):
            printed = _drawn((*key[:-2], f"{id_prefix}{block.id}-print-", cache), spec,
                             labels, replace(text, for_print=True))
        figures[block.id] = Figure(svg, _credit(spec, _), printed)
    return figures


def _labels(content: Content, block: MapBlock, editions: Sequence[Edition]) -> list[MapLabel]:
    labels = []
    for place in dict.fromkeys([*block.label, *block.mark]):
        lon, lat = coordinates(content, place)
        text = " / ".join(e.map_labels[place] for e in editions)
        labels.append(MapLabel(place, text, lon, lat, editions[0].lang,
                               marker=place in block.mark))
    return labels


def _text(block: Block, editions: Sequence[Edition], fmt: Formatter,
          catalog: gettext.NullTranslations) -> MapText:
    _ = catalog.gettext
    patterns = {"N": _("%(degrees)s°N"), "S": _("%(degrees)s°S"), "E": _("%(degrees)s°E"),
                "W": _("%(degrees)s°W"), "": _("%(degrees)s°")}

    def degrees(value: float, hemisphere: str) -> str:
        return patterns[hemisphere] % {"degrees": fmt.number(value)}

    return MapText(title=block.alt, description=block.html.striptags(),
                   degree_label=degrees, length_label=fmt.length, lang=editions[0].lang,
                   langs=tuple(e.lang for e in editions),
                   north=catalog.pgettext("north arrow", "N"))


def _samples(text: MapText) -> tuple[str, ...]:
    """What the map's callables write, for the key of a drawn map: degrees whole and
    in part, lengths short and long (with the locale's grouping)."""
    return (*(text.degree_label(degrees, h) for h in ("N", "S", "E", "W", "")
              for degrees in (12.5, 45.0, 180.0)),
            *(text.length_label(km) for km in (12.5, 50.0, 2500.0, 25000.0)))


def _credit(spec: MapSpec, _: Callable[[str], str]) -> str:
    from briefing.map.choice import projection_for
    from briefing.map.data import LICENCE, SOURCE

    definition, kind, _centre = projection_for(spec.region, spec.projection)
    named = {"conic": _("Lambert conformal conic projection"),
             "polar": _("Polar stereographic projection"),
             "mercator": _("Mercator projection"),
             "equal-earth": _("Equal Earth projection")}.get(kind)
    if named is None:
        named = _("Projection: %(definition)s") % {"definition": definition}
    return _("Map data: %(source)s (%(licence)s). %(projection)s.") % {
        "source": SOURCE, "licence": _licence(LICENCE, _), "projection": named}


def _licence(licence: str, _: Callable[[str], str]) -> str:
    """The data's licence in the edition's language, where it is one the catalogs know."""
    known = {"public domain": _("public domain")}
    return next((words for key, words in known.items() if licence.lower().startswith(key)),
                licence)


_DRAWN: dict[tuple[object, ...], Markup] = {}


def _drawn(key: tuple[object, ...], spec: MapSpec, labels: list[MapLabel],
           text: MapText) -> Markup:
    """Placing labels is the slow part: a map already drawn in this process is reused,
    and one drawn by an earlier build is read from the map cache folder, by the hash
    of everything it is drawn from (`_kept_name`)."""
    if key not in _DRAWN:
        prefix, cache = key[-2], key[-1]
        assert isinstance(prefix, str) and (cache is None or isinstance(cache, Path))
        name = _kept_name(spec, labels, text, prefix) if cache is not None else ""

        def make() -> tuple[str, list[tuple[str, str]]]:
            with interrupts_held():  # numpy prints an interrupt that lands in its import
                from briefing.map.draw import draw_map

            with _warnings_of("briefing.map") as warnings:
                svg = draw_map(spec, labels, text, id_prefix=prefix + "map", cache=cache)
            return svg, warnings

        svg, _ = cachefiles.remembered(
            cache, name, make,
            lambda made: json.dumps({"svg": made[0], "warnings": made[1]},
                                    ensure_ascii=False).encode("utf-8"), _read_back)
        _DRAWN[key] = Markup(svg)  # noqa: S704 - draw_map escapes every text
    return _DRAWN[key]


def _read_back(kept: bytes) -> tuple[str, list[tuple[str, str]]] | None:
    """A kept map's SVG and the warnings drawing it gave, said again."""
    found = json.loads(kept)
    svg, warnings = found["svg"], [(str(a), str(b)) for a, b in found["warnings"]]
    if not isinstance(svg, str):
        return None
    for logger, message in warnings:
        logging.getLogger(logger).warning("%s", message)
    return svg, warnings


@contextmanager
def _warnings_of(name: str) -> Iterator[list[tuple[str, str]]]:
    """The warnings logged under `name` while in force (logged as ever, and listed)."""
    found: list[tuple[str, str]] = []

    class Listed(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append((record.name, record.getMessage()))

    handler = Listed(logging.WARNING)
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def _kept_name(spec: MapSpec, labels: Sequence[MapLabel], text: MapText, prefix: str) -> str:
    """A drawn map's name in the cache folder: the hash of what it shows and says, of
    the fonts its words are measured and drawn in, and of the code and data that draw
    it (`map_code`). Written out field by field, sets in order, so that every process
    names the same map alike."""
    shown = (spec.region, spec.projection, spec.inset, spec.places, sorted(spec.highlight),
             tuple(labels), text.title, text.description, text.lang, text.langs,
             text.north, text.scale_km, text.for_print, _samples(text), prefix)
    langs = text.langs or (text.lang,)
    words = [label.text for label in labels] + [*_samples(text), text.north]
    fonts = [f"{family}|{cachefiles.file_key(Path(file)) if file else ''}|{index}"
             for family, file, index in font_files(words, langs)]
    return cachefiles.key("map figure", map_code(), repr(shown), *fonts)
