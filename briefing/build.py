"""The whole pipeline, top to bottom, in `build`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from .content import Content, load_content, locale_folders
from .edition import Edition, build_edition
from .errors import ContentError, UsageError
from .figures import locator_map
from .l10n import Formatter, choose
from .model import Usage
from .output import locked, write_all
from .render import Renderer

log = logging.getLogger(__name__)

Format = Literal["html", "pdf", "fragment"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "fragment")
DEFAULT_FORMATS: tuple[Format, ...] = ("html", "pdf", "fragment")


def project_root() -> Path:
    """Where the built-in content and templates are: the source tree, or the installed wheel."""
    source_tree = Path(__file__).resolve().parent.parent
    if (source_tree / "content").is_dir() and (source_tree / "templates").is_dir():
        return source_tree
    return Path(str(resources.files("briefing") / "data"))


@dataclass(frozen=True)
class Options:
    """What to build and how; every field has the default a plain `briefing build` uses."""

    content: Path = field(default_factory=lambda: project_root() / "content")
    templates: Path = field(default_factory=lambda: project_root() / "templates")
    out: Path = Path("dist")
    locales: Sequence[str] = ()
    """Requested locales as typed; empty means every locale folder."""
    formats: Sequence[str] = DEFAULT_FORMATS
    naming: Usage | None = None
    strict: bool = False
    pdf_variant: str | None = "pdf/ua-1"
    source_date_epoch: int | None = None
    """Seconds since 1970 to stamp as the documents' date instead of the briefing's date."""


def check_formats(formats: Sequence[str]) -> tuple[Format, ...]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; available: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats)


def select_locales(content: Content, requested: Sequence[str]) -> list[str]:
    available = list(content.locales)
    if not requested:
        return available
    chosen = [choose(r, available) for r in requested]
    return list(dict.fromkeys(chosen))


def build(options: Options) -> list[Path]:
    """Load, validate, resolve, format, render and write; nothing is written on failure."""
    formats = check_formats(options.formats)
    content = load_content(options.content)
    tags = select_locales(content, options.locales)
    if options.strict:
        _refuse_problems(content, tags)
    renderer = Renderer(options.templates, content)
    files: dict[str, bytes] = {}
    pdfs = _pdf_renderer(options, renderer) if "pdf" in formats else None
    for tag in tags:
        edition = build_edition(content, tag, naming=options.naming, strict=options.strict)
        files.update(_render_edition(renderer, content, edition, formats, pdfs, options))
    with locked(options.out):
        return write_all(options.out, files)


def _refuse_problems(content: Content, tags: Sequence[str]) -> None:
    from .check import locale_problems

    problems = [p for tag in tags for p in locale_problems(content, tag)]
    if problems:
        raise ContentError(problems)


def _pdf_renderer(options: Options, renderer: Renderer):  # type: ignore[no-untyped-def]
    from .pdf import PdfRenderer

    css = renderer.css("base") + renderer.css("print")
    return PdfRenderer([options.templates, options.content], css, options.pdf_variant)


def _render_edition(renderer: Renderer, content: Content, edition: Edition,
                    formats: Sequence[Format], pdfs: object,
                    options: Options) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    figure = locator_map(content, [edition], renderer.formatter(edition.tag),
                         renderer.catalog(edition.tag), edition.id_prefix)
    figures = {"map_svg": figure.svg, "map_caption": figure.caption} if figure else {}
    extras = {"extras": figures, "created": created_stamp(content, options.source_date_epoch)}
    if "html" in formats:
        html = renderer.edition_html(edition, "screen", **extras,
                                     **_switcher(content, edition))
        files[f"{edition.tag}/briefing.html"] = html.encode("utf-8")
    if "fragment" in formats:
        html = renderer.edition_html(edition, "fragment", **extras)
        files[f"{edition.tag}/fragment.html"] = html.encode("utf-8")
    if "pdf" in formats:
        from .pdf import PdfRenderer

        assert isinstance(pdfs, PdfRenderer)
        def make_html(toc: bool) -> str:
            return renderer.edition_html(edition, "print", toc=toc, **extras)

        files[f"{edition.tag}/briefing.pdf"] = pdfs.render(make_html, content.root, edition.tag)
    return files


def _switcher(content: Content, edition: Edition) -> dict[str, object]:
    editions = []
    for tag in content.locales:
        fmt = Formatter(_babel_locale(tag))
        editions.append({"lang": fmt.lang, "name": fmt.language_name(),
                         "href": f"../{tag}/briefing.html", "current": tag == edition.tag})
    alternates = [e for e in editions if not e["current"]]
    return {"editions": editions, "alternates": alternates}


def _babel_locale(tag: str):  # type: ignore[no-untyped-def]
    from babel import Locale

    return Locale.parse(tag)


def created_stamp(content: Content, epoch: int | None) -> str:
    """The document date: SOURCE_DATE_EPOCH when given, else the briefing's own date."""
    if epoch is not None:
        moment = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return content.briefing.date.isoformat()


__all__ = ["FORMATS", "Options", "build", "locale_folders"]
