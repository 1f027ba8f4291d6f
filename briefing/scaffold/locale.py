"""`briefing add-locale`: a locale folder with every word to translate.

Every segment of the reference locale is there as `{source: <hash>, text: ""}` with
the reference text beside it as a comment, every gazetteer entry has a `name: ""` to
fill, `formats:` is the new locale, and the catalog has the locale's plural rules.
Until a word is filled, the reference locale's stands in for it, marked "not yet
translated"; `briefing check --locale <tag>` lists what is left.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale

from briefing.content.folder import (
    CATALOG_FILE,
    LOCALE_DIR,
    NAMES_FILE,
    TEXT_FILE,
    Content,
    LocaleContent,
)
from briefing.content.load import load_content
from briefing.content.validate import WORDS_FIELDS
from briefing.edition.l10n import normalise_tag
from briefing.edition.naming import full_form
from briefing.edition.resolve import segment_hash
from briefing.errors import UsageError, display_path
from briefing.scaffold.catalog import POT_FILE, catalog_text
from briefing.scaffold.files import commented, digest, scalar, write_folder
from briefing.scaffold.schema import SCHEMA_FOLDER, schema_name


def add_locale(root: Path, tag: str, templates: Path, known: list[Path]) -> Path:
    """Add the locale folder `tag` to the content folder `root`; returns the folder."""
    folder_name = normalise_tag(tag)
    if not LOCALE_DIR.match(folder_name):
        raise UsageError(f"{tag!r} is not a locale a folder can be named by; expected a "
                         "tag such as 'de', 'pt_BR' or 'zh_Hant_TW'")
    content = load_content(root)
    target = root / folder_name
    if target.exists():
        raise UsageError(f"{display_path(target)} exists already")
    files = locale_files(content, folder_name, templates / POT_FILE, known)
    write_folder(target, files)
    return target


def locale_files(content: Content, tag: str, pot: Path, known: list[Path]) -> dict[str, str]:
    """text.yaml, names.yaml and messages.po of a new locale of `content`."""
    schemas = (content.root / SCHEMA_FOLDER).is_dir()
    return {TEXT_FILE: text_file(content.reference, tag, schemas),
            NAMES_FILE: names_file(content, tag, schemas),
            CATALOG_FILE: catalog_text(tag, pot, known)}


def _language(tag: str) -> str:
    return Locale.parse(tag).get_display_name("en") or tag


def _schema_line(file: str, schemas: bool) -> list[str]:
    return [f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/{schema_name(file)}"] \
        if schemas else []


def text_file(reference: LocaleContent, tag: str, schemas: bool) -> str:
    ref = reference.tag
    lines = [*_schema_line(TEXT_FILE, schemas),
             f"# {_language(tag)} words of the briefing, translated from {ref}/text.yaml.",
             f"# Each is empty until it is translated: the {ref} words stand in for it, marked",
             f"# \"not yet translated\", and `briefing check --locale {tag}` lists what is left.",
             "# A segment's `source:` is the hash of the text it translates: leave it as it is.",
             ""]
    for field in WORDS_FIELDS:
        shown = " ".join(getattr(reference.text, field).split())
        lines.append(f"{field}: \"\"  # {ref}: {shown}")
    lines += ["keywords: []", f"formats: {tag}", f"naming: {{style: {reference.text.naming.style}"
              + (f", prefer: {reference.text.naming.prefer}}}" if reference.text.naming.prefer
                 else "}"), "", "segments:"]
    for segment_id in reference.text.segments:
        segment = reference.segment(segment_id)
        if segment is None:
            continue
        lines += commented(segment.text, "  ")
        lines += [f"  {scalar(segment_id)}:", f"    source: {digest(segment_hash(segment.text))}",
                  '    text: ""']
    return "\n".join(lines) + "\n"


def names_file(content: Content, tag: str, schemas: bool) -> str:
    ref = content.reference
    lines = [*_schema_line(NAMES_FILE, schemas),
             f"# {_language(tag)} names of the gazetteer entries (gazetteer.yaml). Fill each",
             f"# `name:`; until then the {ref.tag} name stands in. A name may also give",
             "# `usage:` and `alternates:` (whose form it is), `short:` (a person's surname),",
             "# `article:`, `reading:` and `forms:` (see docs/content-reference.md).", ""]
    for entry_id in content.gazetteer.entries:
        name = ref.names.get(entry_id)
        shown = full_form(name, ref.text.naming.prefer) if name else ""
        lines.append(f"{scalar(entry_id)}: {{name: \"\"}}  # {ref.tag}: {shown}")
    return "\n".join(lines) + "\n"
