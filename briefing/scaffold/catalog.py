"""A locale's interface catalog: the templates' words, with the locale's `Language` and
`Plural-Forms` from CLDR (through Babel), and the translations a catalog of the same
locale that ships with briefing already has."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from briefing.content.folder import CATALOG_FILE, locale_folders

POT_FILE = "messages.pot"


def shipped_folders() -> list[Path]:
    """The content folders that ship with briefing: their catalogs' translations fill a
    new catalog of the same locale."""
    from briefing.jobs.options import project_root

    root = project_root()
    examples = root / "examples"
    return [root / "content", *(sorted(p for p in examples.iterdir() if p.is_dir())
                                if examples.is_dir() else [])]


def catalog_text(tag: str, pot: Path, known: Iterable[Path] = ()) -> str:
    """The .po file of `tag`: every message of `pot`, translated where a catalog of the
    same locale among the folders `known` (content folders) has it."""
    with pot.open("rb") as handle:
        template = read_po(handle)
    locale = Locale.parse(tag)
    catalog = Catalog(
        locale=locale, project="briefing", version="", header_comment=(
            f"# Interface words of briefing's templates, {locale.get_display_name('en')}.\n"
            "# Update with `make messages`; translate every msgstr."),
        last_translator="briefing translators", language_team=tag,
        creation_date=template.creation_date, revision_date=template.creation_date,
        fuzzy=False)
    translated = _translations(tag, known)
    for message in template:
        if not message.id:
            continue
        found = translated.get(message.id)
        empty = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(message.id, string=found if found is not None else empty,
                    flags=message.flags - {"fuzzy"})
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, sort_output=True)
    return buffer.getvalue().decode("utf-8")


def _translations(tag: str, folders: Iterable[Path]
                  ) -> dict[object, str | tuple[str, ...] | list[str]]:
    for folder in folders:
        if tag in locale_folders(folder) and (folder / tag / CATALOG_FILE).is_file():
            with (folder / tag / CATALOG_FILE).open("rb") as handle:
                catalog = read_po(handle, locale=tag)
            return {m.id: m.string for m in catalog if m.id and not m.fuzzy and m.string}
    return {}
