"""Exchange with translators' tools: a locale's segments out as PO or XLIFF and back in,
the names as a termbase, and the review of translations.

Takes a validated `Content` and files that translators' tools (Weblate, Crowdin,
Transifex, OmegaT, memoQ, Trados, Poedit) read and write; gives those files, and
changes to a locale's `text.yaml` (with its `reviewed.yaml` beside it) made all or
nothing, with comments and layout kept. `text.yaml` stays the source of truth: an import
re-validates everything a build would, and writes nothing unless the whole file imports.
It renders nothing and knows nothing of templates or outputs.
"""
