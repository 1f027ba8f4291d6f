"""`briefing new`: a minimal briefing that builds at once, every file commented, with a
sample of each kind of block, in the locales asked for.

The first locale is the reference: its words are placeholders to replace. Every other
locale is added as `briefing add-locale` adds one: every word empty, to translate.
The schemas of the content files go into `schema/`, and each YAML file names its
schema, so that an editor with the YAML language server completes and checks fields.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from briefing.content.folder import (
    BRIEFING_FILE,
    CATALOG_FILE,
    GAZETTEER_FILE,
    LOCALE_DIR,
    NAMES_FILE,
    TEXT_FILE,
)
from briefing.content.load import load_content
from briefing.edition.l10n import normalise_tag
from briefing.errors import UsageError
from briefing.scaffold.catalog import POT_FILE, catalog_text
from briefing.scaffold.files import write_folder
from briefing.scaffold.locale import locale_files
from briefing.scaffold.schema import SCHEMA_FOLDER, schema_name, schema_text

BRIEFING = """\
# yaml-language-server: $schema={schemas}/briefing.schema.json
# The language-neutral half of the briefing: facts, structure and sources. Words
# are in <locale>/text.yaml, names in <locale>/names.yaml. `briefing schema
# --reference` describes every field; `briefing check` says what is wrong or missing.
id: {id}
date: {date}          # the date the briefing speaks as of
reference_locale: {ref}   # the locale every other one translates

# Every date and number the briefing shows, once. Prose writes {{date:signed}},
# {{count:residents}}, {{percent:share}}, {{money:budget}}, {{area:area}}...; each
# locale formats them its own way. `source:` names the source it was checked in.
facts:
  signed:    {{kind: date, value: 2024-06-14, source: example}}
  residents: {{kind: count, value: 18692, source: example}}
  share:     {{kind: percent, value: 40.5, source: example}}
  budget:    {{kind: money, value: 1500000, currency: EUR, source: example}}
  area:      {{kind: area, value: 118, source: example}}

# Named lists of gazetteer ids: {{list:places}} writes them with the locale's "and".
lists:
  places: [capital, harbour]

# The sides whose usage a name may follow (`usage:` in names.yaml), each with the
# languages it speaks for; its name in each locale is the segment parties.<id>.
# parties:
#   north: {{languages: [en]}}
#   south: {{languages: [fr]}}

# The events a timeline block lists; the words of each are the segment timeline.<id>.
timeline:
  - {{id: signed, date: signed}}

# The sections in reading order; a section's heading is the segment <id>.heading. A
# block is a paragraph (its segment's id) or a mapping with its `kind:`: table,
# figure, callout, map, timeline, names or sources.
sections:
  - id: summary
    blocks:
      - summary.text
      - {{kind: callout, id: key_facts, style: key-facts}}   # words: key_facts.title, .text
  - id: background
    blocks:
      - background.text
      # A table: rows of gazetteer entries (or labels of their own), a column per kind
      # of fact; its words are the segments figures.label, figures.<column>, .total.
      - kind: table
        id: figures
        columns: [{{id: residents, kind: count}}, {{id: share, kind: percent}}]
        rows:
          - {{entry: capital, cells: {{residents: residents, share: share}}}}
          - {{entry: harbour, cells: {{residents: 1203, share: 59.5}}}}
        total: {{cells: {{residents: sum, share: sum}}}}
      # A figure from this folder (SVG, PNG or JPEG); words: chart.alt, chart.caption.
      # `per_locale: {{fr: figures/chart-fr.svg}}` gives a locale a chart of its own.
      - {{kind: figure, id: chart, src: figures/chart.svg}}
      - {{kind: callout, id: aside, title: false}}
      # A locator map of places with coordinates; words: where.caption, where.alt.
      - {{kind: map, id: where, region: {{fit: [capital], pad_km: 150}}, label: [capital]}}
  - id: timeline
    blocks: [{{kind: timeline}}]
  - id: names
    blocks: [names.note, {{kind: names}}]
  - id: sources
    blocks: [{{kind: sources}}]

# The publications the facts were checked against; {{cite:example}} cites one.
sources:
  - id: example
    title: The title of a publication the facts were checked against
    publisher: Its publisher
    url: https://example.org/
    lang: en

# Branding: its words are the segments theme.organisation, theme.classification and
# theme.draft of each locale.
# theme:
#   organisation: true
#   logo: figures/logo.svg
#   accent: "#8a1c2b"
#   classification: true
#   draft: true
#   document_number: BRF-2024-001

# Bilingual editions a plain `briefing build` makes: primary (left) + secondary.
bilingual: [{pairs}]
"""

GAZETTEER = """\
# yaml-language-server: $schema={schemas}/gazetteer.schema.json
# Every place, person and organisation prose may name, by id: prose writes
# {{place:capital}}, {{person:minister}}, {{org:ministry}}, never the name itself. Each
# locale names them in its names.yaml. Coordinates (WGS 84) are for maps.
entries:
  capital:  {{kind: place, lat: 64.18, lon: -51.72}}
  harbour:  {{kind: place}}
  ministry: {{kind: org}}
  minister: {{kind: person}}
"""

NAMES = """\
# yaml-language-server: $schema=../{schemas}/names.schema.json
# The names of the gazetteer entries in this locale: `name:`, and where it helps
# `short:` (a person's surname after the first mention), `usage:` and `alternates:`
# (whose form a name is), `article:`, `reading:`, `forms:` (grammatical cases).
capital: {{name: Capital City}}
harbour: {{name: Harbour Town}}
ministry: {{name: Ministry of Examples, article: the}}
minister: {{name: Alex Example, short: Example}}
"""

TEXT = """\
# yaml-language-server: $schema=../{schemas}/text.schema.json
# The words of the briefing in the reference locale ({ref}): placeholders, to be
# replaced with yours. Every other locale translates these segments.
title: A new briefing
short_title: A new briefing       # the running head
subtitle: Replace these words with your own
author: Your organisation
description: A briefing made with `briefing new`.
keywords: [briefing]
naming: {{style: plain}}

segments:
  summary.heading: Summary
  summary.text: |
    Prose is Markdown. A place, a person or an organisation is a reference:
    {{place:capital}}, {{person:minister}}, the {{org:ministry}}. So are dates and
    numbers: on {{date:signed}}, {{count:residents}} people, {{percent:share}},
    {{money:budget}}, {{area:area}}, and a citation {{cite:example}}.
  key_facts.title: Key facts
  key_facts.text: |
    - The first fact a reader should take away
    - The second, with its date: {{date:signed}}
  background.heading: Background
  background.text: |
    A paragraph may hold lists, quotations, tables and notes:

    > A quotation, attributed to whoever said it.

    | Item | Value |
    | --- | ---: |
    | First | 1 |

    A note is numbered in the text.[^1]

    [^1]: The note's text, shown under the paragraph.
  figures.label: Place
  figures.residents: Residents
  figures.share: Share
  figures.total: Total
  chart.alt: A bar chart with two bars
  chart.caption: A chart from the content folder
  aside.text: A note in a box, without a title.
  where.caption: Where {{place:capital}} lies; the inset shows the wider region.
  where.alt: A map of the coast around {{place:capital}}, which is marked and named.
  timeline.heading: Timeline
  timeline.signed: The agreement is signed in {{place:capital}} {{cite:example}}.
  names.heading: Names used in this briefing
  names.note: Every place, person and organisation, named in the briefing's languages.
  sources.heading: Sources
"""

CHART = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">
  <rect x="20" y="50" width="120" height="60" fill="#123c69"/>
  <rect x="180" y="20" width="120" height="90" fill="#8a1c2b"/>
</svg>
"""


def new_briefing(target: Path, locales: Sequence[str], templates: Path, known: list[Path],
                 today: dt.date) -> list[str]:
    """Write a new briefing into the folder `target` (which must not exist or be empty),
    in `locales` (the first is the reference); returns the locale folders written."""
    tags = [normalise_tag(tag) for tag in locales]
    if not tags:
        raise UsageError("--locales needs at least one locale, such as 'en' or 'en,fr,da'")
    for tag, asked in zip(tags, locales, strict=True):
        if not LOCALE_DIR.match(tag):
            raise UsageError(f"{asked!r} is not a locale a folder can be named by; expected "
                             "a tag such as 'de', 'pt_BR' or 'zh_Hant_TW'")
    tags = list(dict.fromkeys(tags))
    ref = tags[0]
    values = {"schemas": SCHEMA_FOLDER, "id": target.resolve().name.lower() or "briefing",
              "date": today.isoformat(), "ref": ref,
              "pairs": ", ".join(f"{ref}+{t}" for t in tags[1:2])}
    # Staged first without its bilingual pairs: their other locales are not written yet.
    files: dict[str, str | bytes] = {
        BRIEFING_FILE: BRIEFING.format(**{**values, "pairs": ""}),
        GAZETTEER_FILE: GAZETTEER.format(**values),
        f"{ref}/{TEXT_FILE}": TEXT.format(**values),
        f"{ref}/{NAMES_FILE}": NAMES.format(**values),
        f"{ref}/{CATALOG_FILE}": catalog_text(ref, templates / POT_FILE, known),
        "figures/chart.svg": CHART}
    for file in (BRIEFING_FILE, GAZETTEER_FILE, TEXT_FILE, NAMES_FILE):
        files[f"{SCHEMA_FOLDER}/{schema_name(file)}"] = schema_text(file)
    # The other locales translate the reference one as it is written: it is loaded (and
    # so validated) from a staging copy first.
    staging = Path(tempfile.mkdtemp(prefix=".briefing-new."))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(data, encoding="utf-8") if isinstance(data, str) else \
                path.write_bytes(data)
        content = load_content(staging)
        for tag in tags[1:]:
            for name, data in locale_files(content, tag, templates / POT_FILE, known).items():
                files[f"{tag}/{name}"] = data
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files[BRIEFING_FILE] = BRIEFING.format(**values)
    write_folder(target, files)
    return tags
