"""Stage 1, content: a content folder read and validated into a typed model.

Takes the files of a content folder (YAML with line numbers, catalogs); gives a
`Content` (the briefing's facts, structure, gazetteer and every locale's words), or
a `ContentError` that lists every problem with its file, line and field. It knows
nothing of locales' formatting, templates or output.
"""
